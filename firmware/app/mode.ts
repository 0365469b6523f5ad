/** The mode gate of commands that need a certificate (spec §3.4). */
import { Status } from '../../protocol/status.js';
import type { Ctx } from './context.js';
import { failure } from './errors.js';

/** Throws NOT_PROVISIONED (no certificate) or WRONG_MODE {mode} unless the reader is in `mode`. */
export function requireMode(ctx: Ctx, mode: number): void {
  const m = ctx.identity.mode();
  if (m === 0) throw failure(Status.NOT_PROVISIONED);
  if (m !== mode) throw failure(Status.WRONG_MODE, { mode: m });
}
