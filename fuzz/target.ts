/**
 * What a fuzz target is, and the oracle's vocabulary: a target runs one
 * input and throws a {@link FuzzFailure} when the code under test breaks its
 * contract (an exception that is not a typed error, a status outside the
 * allowed range, an output larger than the input can justify, a broken
 * invariant). Typed errors with an allowed status are the expected outcome
 * for bad input and are not failures.
 */
import { isCodedError } from '../protocol/errors.js';
import type { Rng } from './rng.js';
import type { LengthHint } from './mutate.js';

/** The kinds of oracle violation. */
export type FailureKind = 'exception' | 'status' | 'allocation' | 'invariant' | 'hang';

/** An oracle violation. */
export class FuzzFailure extends Error {
  constructor(readonly kind: FailureKind, message: string) {
    super(message);
  }
}

/** Counters a target may raise while running a case (largest output ratio seen, outcomes). */
export interface CaseStats {
  /** Largest (output size / input size) observed, for the allocation oracle. */
  maxRatio: number;
  /** Largest allocation observed, bytes (decoded output size, reassembly buffer...). */
  maxAlloc: number;
  /** Outcome counts by label ('ok', 'BAD_REQUEST', 'FRAME_CRC', 'sw 6985'...). */
  outcomes: Record<string, number>;
}

/** A fuzz target. */
export interface FuzzTarget {
  name: string;
  /** One line: what runs and what the oracle demands. */
  description: string;
  /** Valid inputs to mutate. */
  corpus: Uint8Array[];
  /** Offsets of length fields in an input, for the length-field mutator. */
  lengthHint?: LengthHint;
  /** A purely random input (default: random bytes of a biased length up to `maxRandom`). */
  random?(rng: Rng): Uint8Array;
  /** Largest random input, bytes (default 300). */
  maxRandom?: number;
  /** A structure-aware mutation of a corpus entry (used for `structuredShare` of the mutated cases). */
  mutate?(rng: Rng): Uint8Array;
  /** Share of mutated cases that use `mutate` rather than the byte-level mutators (default 0.7 when `mutate` is set). */
  structuredShare?: number;
  /** Share of cases that are random rather than mutated (default 0.2). */
  randomShare?: number;
  /** Run one input; throw FuzzFailure on a violation. */
  run(input: Uint8Array, stats: CaseStats): void;
}

/** Count an outcome label. */
export function count(stats: CaseStats, label: string): void {
  stats.outcomes[label] = (stats.outcomes[label] ?? 0) + 1;
}

/**
 * Check that `e` is a typed error whose status is in `allowed`; anything
 * else is a failure. Returns the status.
 */
export function expectTyped(e: unknown, allowed: readonly number[], what: string): number {
  if (e instanceof FuzzFailure) throw e;
  if (!isCodedError(e)) {
    const m = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    throw new FuzzFailure('exception', `${what} threw an untyped error: ${m}`);
  }
  if (!allowed.includes(e.code)) {
    throw new FuzzFailure('status', `${what} threw status 0x${e.code.toString(16)} (${e.message}), allowed: ${allowed.map((s) => '0x' + s.toString(16)).join(', ')}`);
  }
  return e.code;
}

/** Record an allocation size and fail beyond `limit` bytes. */
export function checkAlloc(stats: CaseStats, bytes: number, limit: number, what: string): void {
  if (bytes > stats.maxAlloc) stats.maxAlloc = bytes;
  if (bytes > limit) throw new FuzzFailure('allocation', `${what}: ${bytes} bytes (limit ${limit})`);
}

/** Throw an invariant failure unless `ok`. */
export function check(ok: boolean, message: string): void {
  if (!ok) throw new FuzzFailure('invariant', message);
}

/** Record a ratio and fail beyond `limit`. */
export function checkRatio(stats: CaseStats, out: number, input: number, limit: number, what: string): void {
  const r = out / Math.max(1, input);
  if (r > stats.maxRatio) stats.maxRatio = r;
  if (out > stats.maxAlloc) stats.maxAlloc = out;
  if (r > limit) throw new FuzzFailure('allocation', `${what}: output ${out} for ${input} input bytes (limit ${limit}x)`);
}
