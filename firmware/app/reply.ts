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
import type { Schema } from '../../protocol/messages/schema.js';
import type { MessageObject } from '../../protocol/messages/wire.js';

/**
 * A message {1: code, `key`: value on the wire}: the value is checked against
 * `schema` and left out when empty (or when there is no schema).
 */
function message(code: number, key: number, schema: Schema | undefined, value: object | undefined): Uint8Array {
  const env: CborMap = {};
  env[EnvelopeKey.CODE] = code;
  if (schema !== undefined) {
    const w = toWire(schema, value === undefined ? {} : value);
    if (hasKeys(w)) env[key] = w;
  }
  return encode(env);
}

/**
 * The response {1: status, 2: result | 3: details} to `command`. A failing
 * status without a details schema carries none; empty maps are omitted. A
 * status whose details have required fields must be given them.
 * Throws a coded BAD_REQUEST when a result or details break their schema (a
 * firmware bug: the caller answers INTERNAL instead).
 */
export function encodeReply(command: number, status: number, result?: MessageObject, details?: MessageObject): Uint8Array {
  return status === Status.OK
    ? message(status, EnvelopeKey.BODY, resultSchema(command) || {}, result)
    : message(status, EnvelopeKey.DETAILS, detailsSchema(status), details);
}

/** The response refusing a request that decodeRequest rejected (details {field} for a faulty argument). */
export function encodeRejection(r: DecodedRequest): Uint8Array {
  const details = r.status === Status.BAD_REQUEST && r.key >= 0 && r.key <= 0xff ? { field: r.key } : undefined;
  return encodeReply(r.command, r.status, undefined, details);
}

/** An event {1: code, 2: data}. */
export function encodeEvent(event: number, data: MessageObject): Uint8Array {
  return message(event, EnvelopeKey.BODY, eventSchema(event) || {}, data);
}
