/**
 * Encoding of the reader's messages (spec §3.2): responses and events. Built
 * on the message schemas (toWire checks every field) and the CBOR encoder.
 */
import { Status } from '../../protocol/status.js';
import { encode } from '../../protocol/cbor/encode.js';
import type { CborMap } from '../../protocol/cbor/types.js';
import { resultSchema } from '../../protocol/messages/commands.js';
import { detailsSchema } from '../../protocol/messages/details.js';
import { eventSchema } from '../../protocol/messages/events.js';
import { toWire, hasKeys } from '../../protocol/messages/wire.js';
import { EnvelopeKey } from '../../protocol/messages/envelope.js';
import type { DecodedRequest } from '../../protocol/messages/envelope.js';

/**
 * The response {1: status, 2: result | 3: details} to `command`. A failing
 * status without a details schema carries none; empty maps are omitted. A
 * status whose details have required fields must be given them.
 * Throws a coded BAD_REQUEST when a result or details break their schema (a
 * firmware bug: the caller answers INTERNAL instead).
 */
export function encodeReply(command: number, status: number, result?: object, details?: object): Uint8Array {
  const env: CborMap = {};
  env[EnvelopeKey.CODE] = status;
  if (status === Status.OK) {
    const schema = resultSchema(command);
    const w = toWire(schema === undefined ? {} : schema, result === undefined ? {} : result);
    if (hasKeys(w)) env[EnvelopeKey.BODY] = w;
  } else {
    const schema = detailsSchema(status);
    if (schema !== undefined) {
      const w = toWire(schema, details === undefined ? {} : details);
      if (hasKeys(w)) env[EnvelopeKey.DETAILS] = w;
    }
  }
  return encode(env);
}

/** The response refusing a request that decodeRequest rejected (details {field} for a faulty argument). */
export function encodeRejection(r: DecodedRequest): Uint8Array {
  const details = r.status === Status.BAD_REQUEST && r.key >= 0 && r.key <= 0xff ? { field: r.key } : undefined;
  return encodeReply(r.command, r.status, undefined, details);
}

/** An event {1: code, 2: data}. */
export function encodeEvent(event: number, data: object): Uint8Array {
  const env: CborMap = {};
  env[EnvelopeKey.CODE] = event;
  const schema = eventSchema(event);
  const w = toWire(schema === undefined ? {} : schema, data);
  if (hasKeys(w)) env[EnvelopeKey.BODY] = w;
  return encode(env);
}
