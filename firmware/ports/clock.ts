/**
 * The clock port. `monotonic` drives timeouts and never jumps; the wall clock
 * (unix milliseconds, from a battery-backed RTC) is what the host sets with
 * SET_TIME and what receipts record (in seconds).
 */
export interface Clock {
  /** Milliseconds since an arbitrary origin; never decreases. */
  monotonic(): number;
  /** Wall-clock unix time in milliseconds, or 0 when never set. */
  now(): number;
  /** Set the wall clock (unix milliseconds). */
  set(unixMs: number): void;
}
