/**
 * Fault injection for the card applet: a plan decides, at every numbered
 * step of every command, whether the card is pulled from the field there.
 */

/** One step of one command, as the applet reports it to the fault plan. */
export interface TearPoint {
  /** INS byte of the command being processed (0 when the APDU was too short to have one). */
  ins: number;
  /** Step number within this command, from 1, in execution order. */
  step: number;
  /**
   * What happens next: 'received', 'parsed', 'checked', 'signed', 'journal:<key>',
   * 'commit-flag', 'apply:<key>', 'journal-clear', 'responding'.
   */
  name: string;
}

/** Decides where the card is torn. `tear` returning true cuts the card off before that step. */
export interface FaultPlan {
  tear(point: TearPoint): boolean;
}

/** A plan that never tears. */
export const NO_FAULTS: FaultPlan = { tear: () => false };

/**
 * Tear once, before step `step` of the next command whose INS is `ins`
 * (any command when `ins` is omitted); never again afterwards.
 */
export function tearAt(step: number, ins?: number): FaultPlan {
  let done = false;
  return {
    tear(p) {
      if (done || p.step !== step || (ins !== undefined && p.ins !== ins)) return false;
      done = true;
      return true;
    },
  };
}

/** A plan that never tears and records every step it sees (to count a command's steps). */
export function stepRecorder(): FaultPlan & { points: TearPoint[] } {
  const points: TearPoint[] = [];
  return { points, tear: (p) => (points.push({ ...p }), false) };
}
