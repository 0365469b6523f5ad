/**
 * A test clock for the firmware's clock port: monotonic milliseconds that move
 * only when the simulation says so, and a wall clock (unix ms, 0 until set)
 * that moves with it, as a battery-backed RTC does.
 */
import type { Clock } from '../../firmware/ports/clock.js';

export class TestClock implements Clock {
  private mono = 0;
  private wall = 0;

  /** Start with a wall clock already set (unix ms), or not set (0). */
  constructor(wallMs = 0) {
    this.wall = wallMs;
  }

  monotonic(): number {
    return this.mono;
  }

  now(): number {
    return this.wall;
  }

  set(unixMs: number): void {
    this.wall = unixMs;
  }

  /** Move time forward (both clocks; the wall clock only once set). */
  advance(ms: number): void {
    this.mono += ms;
    if (this.wall > 0) this.wall += ms;
  }

  /** The RTC lost its time (no backup cell): now() reads 0 until set again. */
  loseWallTime(): void {
    this.wall = 0;
  }
}
