/**
 * Timers the link uses, behind a small interface so tests can drive time by hand
 * (a fake clock) instead of waiting for real seconds.
 */

/** setTimeout / clearTimeout, as the link needs them. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The platform's timers. */
export const realTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

/** A random source: `n` fresh random bytes. */
export type RandomSource = (n: number) => Uint8Array;

/** The platform's cryptographic random source (Web Crypto, present in browsers and Node 20). */
export const platformRandom: RandomSource = (n) => globalThis.crypto.getRandomValues(new Uint8Array(n));
