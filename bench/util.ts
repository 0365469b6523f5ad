/**
 * Shared helpers of the benchmarks: run options, a median-of-runs timer,
 * aligned text tables. Timings are reported, never asserted: the machine is
 * shared (2 cores) and numbers move from run to run.
 */
import { performance } from 'node:perf_hooks';

/** Options every table module receives. */
export interface BenchOptions {
  /** Fewer, shorter runs (`npm run bench -- --quick`). */
  quick: boolean;
  /** Timed runs per measurement; the median is reported. */
  runs: number;
  /** Target duration of one timed run, in milliseconds. */
  runMs: number;
  /** Log progress to stderr. */
  verbose: boolean;
}

/** Options for a full or a quick run. */
export function benchOptions(quick: boolean, verbose = true): BenchOptions {
  return quick ? { quick, runs: 3, runMs: 40, verbose } : { quick, runs: 5, runMs: 150, verbose };
}

/** One measurement: median rate over several runs. */
export interface Rate {
  /** Operations per second (median of the runs). */
  opsPerSec: number;
  /** Milliseconds per operation (1000 / opsPerSec). */
  msPerOp: number;
  /** Operations per timed run. */
  batch: number;
  /** Rate of every run, ops/s. */
  runs: number[];
}

/** The median of a list of numbers (mean of the middle two for an even count). */
export function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Measure `fn` (called with the iteration index): calibrate a batch size that
 * lasts about `o.runMs`, warm up once, then time `o.runs` batches and report
 * the median rate. `unitsPerCall` scales the rate (e.g. 100 receipts per chain).
 */
export function measure(fn: (i: number) => unknown, o: BenchOptions, unitsPerCall = 1): Rate {
  let sink: unknown = null;
  let batch = 1;
  // Calibrate: grow the batch until one batch takes at least a quarter of runMs.
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < batch; i++) sink = fn(i);
    const dt = performance.now() - t0;
    if (dt >= o.runMs / 4 || batch >= 1 << 24) {
      batch = Math.max(1, Math.round((batch * o.runMs) / Math.max(dt, 0.001)));
      break;
    }
    batch *= dt < 1 ? 8 : 2;
  }
  const rates: number[] = [];
  for (let r = 0; r < o.runs; r++) {
    const t0 = performance.now();
    for (let i = 0; i < batch; i++) sink = fn(i);
    const dt = performance.now() - t0;
    rates.push((batch * unitsPerCall * 1000) / Math.max(dt, 0.001));
  }
  keep(sink);
  const opsPerSec = median(rates);
  return { opsPerSec, msPerOp: 1000 / opsPerSec, batch, runs: rates };
}

let kept: unknown = null;
/** Keep a value alive so the optimiser cannot drop the work that made it. */
export function keep(v: unknown): void {
  kept = v;
  if (kept === Symbol.for('never')) console.log(kept);
}

/** Time one call of `fn` in milliseconds (for costs too large to repeat). */
export function timeOnce<T>(fn: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = fn();
  return { ms: performance.now() - t0, value };
}

/** A printed table: title, column headers, rows of cells, optional notes under it. */
export interface Table {
  id: string;
  title: string;
  columns: string[];
  rows: (string | number)[][];
  notes?: string[];
}

/** A number for a table cell: thousands separated, `digits` decimals below 100. */
export function fmt(n: number, digits = 1): string {
  if (!Number.isFinite(n)) return '-';
  const abs = Math.abs(n);
  if (Number.isInteger(n) || abs >= 100) return Math.round(n).toLocaleString('en-US');
  if (abs >= 10) return n.toFixed(Math.min(digits, 1));
  return n.toFixed(abs >= 1 ? digits : Math.max(digits, 3));
}

/** Render a table as aligned text (numbers right-aligned, text left-aligned). */
export function renderTable(t: Table): string {
  const cells = t.rows.map((r) => r.map((c) => (typeof c === 'number' ? fmt(c) : c)));
  const numeric = t.columns.map((_, j) => t.rows.length > 0 && t.rows.every((r) => typeof r[j] === 'number' || /^[-\d.,%x ]+$/.test(String(r[j]))));
  const width = t.columns.map((h, j) => Math.max(h.length, ...cells.map((r) => (r[j] ?? '').length)));
  const line = (r: string[]) => r.map((c, j) => (numeric[j] ? c.padStart(width[j]) : c.padEnd(width[j]))).join('  ').trimEnd();
  const out = [t.title, '='.repeat(Math.min(100, t.title.length)), line(t.columns), width.map((w) => '-'.repeat(w)).join('  ')];
  for (const r of cells) out.push(line(r));
  for (const n of t.notes ?? []) out.push('  ' + n);
  return out.join('\n');
}

/** Render a table as GitHub markdown (for docs/benchmarks.md). */
export function markdownTable(t: Table): string {
  const cells = t.rows.map((r) => r.map((c) => (typeof c === 'number' ? fmt(c) : c)));
  const out = [`| ${t.columns.join(' | ')} |`, `|${t.columns.map(() => '---').join('|')}|`];
  for (const r of cells) out.push(`| ${r.join(' | ')} |`);
  return out.join('\n');
}

/** Progress line on stderr when verbose. */
export function progress(o: BenchOptions, msg: string): void {
  if (o.verbose) process.stderr.write(`  .. ${msg}\n`);
}
