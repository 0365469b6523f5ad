/**
 * Request decoding and dispatch (spec §3.3): canonical CBOR, envelope, known
 * command, arguments against the command's table; then its handler.
 */
import { Status } from '../../protocol/status.js';
import { decodeRequest } from '../../protocol/messages/envelope.js';
import type { Named } from '../../protocol/messages/wire.js';
import type { Ctx } from './context.js';
import { encodeRejection } from './reply.js';
import { HANDLERS } from './handlers.js';

/** Decode a request and run its handler; a request refused by the decoder is answered here. */
export function dispatch(ctx: Ctx, payload: Uint8Array, now: number): void {
  const d = decodeRequest(payload);
  ctx.command = d.command;
  if (d.status !== Status.OK) {
    ctx.link.respond(encodeRejection(d));
    return;
  }
  HANDLERS[d.command](ctx, d.args as Named, now);
}
