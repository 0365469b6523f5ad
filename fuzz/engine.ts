/**
 * The fuzz loop: case i of a run seeded s is fully determined by (s, i);
 * each case is random or a mutated corpus entry, is timed (a case over
 * HANG_MS is run again, and flagged when it is slow twice), and any failure
 * is recorded with its input, deduplicated by kind and message.
 */
import { performance } from 'node:perf_hooks';
import { caseRng } from './rng.js';
import type { Rng } from './rng.js';
import { mutate } from './mutate.js';
import { FuzzFailure, type CaseStats, type FuzzTarget } from './target.js';

/** A case slower than this (twice in a row) is a failure. */
export const HANG_MS = 100;
/** Distinct failures kept per target. */
const MAX_FAILURES = 20;

/** One recorded failure. */
export interface Failure {
  kind: string;
  message: string;
  caseIndex: number;
  input: Uint8Array;
}

/** Options of one run. */
export interface RunOptions {
  cases: number;
  seed: number;
  /** Stop early after this many milliseconds (0: never). */
  timeLimitMs?: number;
  /** Called every ~2 s with the cases done. */
  onProgress?: (done: number, ms: number) => void;
}

/** What a run did. */
export interface RunResult {
  target: string;
  cases: number;
  ms: number;
  casesPerSec: number;
  /** Total failing cases (failures lists the distinct ones). */
  failing: number;
  failures: Failure[];
  slowestMs: number;
  /** Cases over HANG_MS once but not on the rerun (GC pauses, a busy machine). */
  slowOnce: number;
  maxRatio: number;
  maxAlloc: number;
  outcomes: Record<string, number>;
}

/** The input of case `index` (random or mutated), reproducible. */
export function caseInput(t: FuzzTarget, seed: number, index: number): Uint8Array {
  const rng: Rng = caseRng(seed, index);
  if (rng.chance(t.randomShare ?? 0.2) || t.corpus.length === 0) {
    return t.random ? t.random(rng) : rng.bytes(rng.length(t.maxRandom ?? 300));
  }
  if (t.mutate && rng.chance(t.structuredShare ?? 0.7)) return t.mutate(rng);
  return mutate(t.corpus, rng, t.lengthHint);
}

/** Run one input through the target: the failure it raised, or null. */
export function runCase(t: FuzzTarget, input: Uint8Array, stats: CaseStats): FuzzFailure | null {
  try {
    t.run(input, stats);
    return null;
  } catch (e) {
    if (e instanceof FuzzFailure) return e;
    const m = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    return new FuzzFailure('exception', `harness caught: ${m}`);
  }
}

/**
 * Fuzz `t` for `o.cases` cases. Stack traces are switched off meanwhile
 * (Error.stackTraceLimit = 0): capturing one costs more than most cases, and
 * the oracle reads only codes and messages.
 */
export function fuzz(t: FuzzTarget, o: RunOptions): RunResult {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return fuzzLoop(t, o);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

function fuzzLoop(t: FuzzTarget, o: RunOptions): RunResult {
  const stats: CaseStats = { maxRatio: 0, maxAlloc: 0, outcomes: {} };
  const failures: Failure[] = [];
  const seen = new Set<string>();
  let failing = 0;
  let slowest = 0;
  let slowOnce = 0;
  const t0 = performance.now();
  let lastReport = t0;
  let done = 0;
  for (let i = 0; i < o.cases; i++) {
    const input = caseInput(t, o.seed, i);
    const c0 = performance.now();
    let f = runCase(t, input, stats);
    let dt = performance.now() - c0;
    if (dt > HANG_MS && !f) {
      const c1 = performance.now();
      f = runCase(t, input, stats);
      const again = performance.now() - c1;
      if (again > HANG_MS && !f) f = new FuzzFailure('hang', `case took ${dt.toFixed(0)} ms and ${again.toFixed(0)} ms again (limit ${HANG_MS} ms)`);
      else if (!f) slowOnce++;
      dt = Math.min(dt, again);
    }
    if (dt > slowest) slowest = dt;
    if (f) {
      failing++;
      const key = f.kind + ':' + f.message.replace(/\d+/g, '#').slice(0, 120);
      if (!seen.has(key) && failures.length < MAX_FAILURES) {
        seen.add(key);
        failures.push({ kind: f.kind, message: f.message, caseIndex: i, input });
      }
    }
    done = i + 1;
    if ((i & 1023) === 0) {
      const now = performance.now();
      if (o.onProgress && now - lastReport > 2000) {
        lastReport = now;
        o.onProgress(done, now - t0);
      }
      if (o.timeLimitMs && now - t0 > o.timeLimitMs) break;
    }
  }
  const ms = performance.now() - t0;
  return {
    target: t.name,
    cases: done,
    ms,
    casesPerSec: (done * 1000) / Math.max(ms, 0.001),
    failing,
    failures,
    slowestMs: slowest,
    slowOnce,
    maxRatio: stats.maxRatio,
    maxAlloc: stats.maxAlloc,
    outcomes: stats.outcomes,
  };
}
