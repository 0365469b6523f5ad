/**
 * Fuzz runner.
 *
 *   node --import tsx fuzz/run.ts [--target NAME[,NAME]] [--cases N] [--seed S] [--time-limit SEC]
 *   node --import tsx fuzz/run.ts --replay fuzz/crashes/<file>.hex
 *   node --import tsx fuzz/run.ts --list
 *
 * Default: every target, 1,000,000 cases each, seed 1. Prints a table of
 * cases/s and failures; each distinct failing input is saved to
 * fuzz/crashes/<target>-<hash>.hex (hex on the first line, the failure after
 * `#`). Exit code 1 when any target failed.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fuzz, runCase, type RunResult } from './engine.js';
import { TARGETS } from './targets/index.js';
import type { FuzzTarget } from './target.js';

const here = dirname(fileURLToPath(import.meta.url));
const CRASH_DIR = join(here, 'crashes');

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

async function load(name: string): Promise<FuzzTarget | null> {
  const f = TARGETS[name];
  if (!f) throw new Error(`unknown target ${name}; known: ${Object.keys(TARGETS).join(', ')}`);
  return f();
}

function save(target: string, input: Uint8Array, kind: string, message: string): string {
  mkdirSync(CRASH_DIR, { recursive: true });
  const hex = Buffer.from(input).toString('hex');
  const file = join(CRASH_DIR, `${target}-${createHash('sha256').update(hex).digest('hex').slice(0, 12)}.hex`);
  writeFileSync(file, `${hex}\n# target: ${target}\n# ${kind}: ${message.replace(/\n/g, ' ')}\n`);
  return file;
}

async function replay(file: string): Promise<number> {
  const text = readFileSync(file, 'utf8');
  const hex = text.split('\n')[0].trim();
  const m = /# target: (\S+)/.exec(text);
  const name = m ? m[1] : (file.split('/').pop() as string).replace(/-[0-9a-f]{12}\.hex$/, '');
  const t = await load(name);
  if (!t) {
    console.log(`target ${name} is not available`);
    return 2;
  }
  const f = runCase(t, Uint8Array.from(Buffer.from(hex, 'hex')), { maxRatio: 0, maxAlloc: 0, outcomes: {} });
  console.log(f ? `${name}: ${f.kind}: ${f.message}` : `${name}: passes now`);
  return f ? 1 : 0;
}

async function main(): Promise<number> {
  if (process.argv.includes('--list')) {
    for (const name of Object.keys(TARGETS)) {
      const t = await load(name);
      console.log(`${name.padEnd(20)} ${t ? t.description : '(not available yet)'}`);
    }
    return 0;
  }
  const rp = arg('--replay');
  if (rp) return replay(rp);
  const names = (arg('--target') ?? Object.keys(TARGETS).join(',')).split(',').filter(Boolean);
  const cases = Number(arg('--cases') ?? 1_000_000);
  const seed = Number(arg('--seed') ?? 1);
  const timeLimit = Number(arg('--time-limit') ?? 0) * 1000;
  const results: RunResult[] = [];
  const missing: string[] = [];
  for (const name of names) {
    const t = await load(name);
    if (!t) {
      missing.push(name);
      continue;
    }
    process.stderr.write(`${name}: ${fmt(cases)} cases, seed ${seed}, corpus ${t.corpus.length}\n`);
    const r = fuzz(t, {
      cases,
      seed,
      timeLimitMs: timeLimit,
      onProgress: (done, ms) => process.stderr.write(`  ${name}: ${fmt(done)} cases, ${(ms / 1000).toFixed(0)} s\r`),
    });
    process.stderr.write('\n');
    for (const f of r.failures) {
      const file = save(name, f.input, f.kind, f.message);
      process.stderr.write(`  FAIL ${f.kind} at case ${f.caseIndex}: ${f.message}\n    -> ${file}\n`);
    }
    results.push(r);
  }
  const head = ['target', 'cases', 'seconds', 'cases/s', 'failing', 'distinct', 'slowest ms', 'slow once', 'max out/in', 'max alloc B'];
  const rows = results.map((r) => [
    r.target, fmt(r.cases), (r.ms / 1000).toFixed(1), fmt(r.casesPerSec), String(r.failing), String(r.failures.length),
    r.slowestMs.toFixed(1), String(r.slowOnce), r.maxRatio.toFixed(2), fmt(r.maxAlloc),
  ]);
  const w = head.map((h, j) => Math.max(h.length, ...rows.map((x) => x[j].length)));
  console.log(`Fuzz run, seed ${seed}`);
  console.log(head.map((h, j) => (j === 0 ? h.padEnd(w[j]) : h.padStart(w[j]))).join('  '));
  for (const x of rows) console.log(x.map((c, j) => (j === 0 ? c.padEnd(w[j]) : c.padStart(w[j]))).join('  '));
  for (const r of results) {
    const top = Object.entries(r.outcomes).sort((a, b) => b[1] - a[1]).slice(0, 14).map(([k, v]) => `${k} ${fmt(v)}`).join(', ');
    console.log(`  ${r.target}: ${top}`);
  }
  if (missing.length) console.log(`not available yet: ${missing.join(', ')}`);
  return results.some((r) => r.failing > 0) ? 1 : 0;
}

process.exitCode = await main();
