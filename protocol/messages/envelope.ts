/**
 * Envelopes of protocol v1 (spec §3.1-3.3) on top of protocol/cbor:
 *   request  {1: command, 2: args (omitted when empty)}            MSG frame, host -> reader
 *   response {1: status, 2: result (OK only), 3: details (not OK)}  MSG frame, reader -> host
 *   event    {1: event code, 2: data (omitted when empty)}         EVENT frame, reader -> host
 * Reader-side reading (decodeRequest) never throws; host-side reading
 * (decodeResponse, decodeEvent) and every encoder throw coded errors.
 */
import { Status } from '../status.js';
import { codedError, isCodedError } from '../errors.js';
import { encode } from '../cbor/encode.js';
import { decode } from '../cbor/decode.js';
import type { CborMap, CborValue } from '../cbor/types.js';
import type { Schema } from './schema.js';
import { argsSchema, resultSchema } from './commands.js';
import { detailsSchema } from './details.js';
import { eventSchema } from './events.js';
import { commandName, eventName } from './codes.js';
import { Limit } from './limits.js';
import { checkValue, fromWire, toWire, isMap, hasKeys, REASON_MISSING, REASON_TYPE, REASON_UNKNOWN } from './wire.js';
import { FieldType as T, FieldBits as B } from './schema.js';
import type { Named, Decoded } from './wire.js';

/** Envelope keys. */
export const enum EnvelopeKey {
  /** Request: command code. Response: status. Event: event code. */
  CODE = 1,
  /** Request: args. Response: result. Event: data. */
  BODY = 2,
  /** Response: details. */
  DETAILS = 3,
}

/**
 * A request as read by the reader. `status` OK: `command` and `args` (named)
 * are set. Otherwise `status` is the answer to send (BAD_REQUEST,
 * NON_CANONICAL, UNKNOWN_COMMAND); `command` is the command code when it could
 * be read (else -1), and for BAD_REQUEST `key` / `field` / `reason` locate the
 * fault (`key` -1 when the envelope itself is at fault).
 */
export interface DecodedRequest {
  status: number;
  command: number;
  args: Named | undefined;
  key: number;
  field: string;
  reason: string;
}

/** A response as read by the host: `result` when status is OK, `details` when the response carried them. */
export interface Response {
  status: number;
  result?: Named;
  details?: Named;
}

/** An event as read by the host. `data` is undefined for an event code this version does not know. */
export interface ReaderEvent {
  event: number;
  data?: Named;
}

/** True for a one-byte code (a uint 0..255): command, status, event. */
function isCode(v: unknown): v is number {
  return checkValue(T.UINT | Limit.CODE * B.LIMIT, v) === '';
}

function requestFault(status: number, command: number, key: number, field: string, reason: string): DecodedRequest {
  return { status: status, command: command, args: undefined, key: key, field: field, reason: reason };
}

/** Encode a request. Throws UNKNOWN_COMMAND for an unknown code, BAD_REQUEST for invalid args. */
export function encodeRequest(command: number, args?: object): Uint8Array {
  const schema = argsSchema(command);
  if (schema === undefined) throw codedError(Status.UNKNOWN_COMMAND, 'unknown command', command);
  const body = toWire(schema, args === undefined ? {} : args);
  const env: CborMap = {};
  env[EnvelopeKey.CODE] = command;
  if (hasKeys(body)) env[EnvelopeKey.BODY] = body;
  return encode(env);
}

/**
 * Read a request (the payload of a MSG frame) on the reader. Never throws.
 * Checks, in order: canonical CBOR (NON_CANONICAL / BAD_REQUEST), a map with
 * a one-byte command (BAD_REQUEST), no unknown envelope key below 16
 * (BAD_REQUEST), a known command (UNKNOWN_COMMAND), then the args against the
 * command's schema, unknown args keys below 16 rejected (BAD_REQUEST).
 */
export function decodeRequest(bytes: Uint8Array): DecodedRequest {
  let m: CborValue;
  try {
    m = decode(bytes);
  } catch (e) {
    return requestFault(isCodedError(e) ? e.code : Status.BAD_REQUEST, -1, -1, '', 'cbor');
  }
  if (!isMap(m)) return requestFault(Status.BAD_REQUEST, -1, -1, '', REASON_TYPE);
  const command = m[EnvelopeKey.CODE];
  if (!isCode(command)) {
    return requestFault(Status.BAD_REQUEST, -1, -1, 'command', command === undefined ? REASON_MISSING : REASON_TYPE);
  }
  for (const k in m) {
    const n = +k;
    if (n !== EnvelopeKey.CODE && n !== EnvelopeKey.BODY && n < Limit.EXTENSION_KEY_MIN) {
      return requestFault(Status.BAD_REQUEST, command, -1, k, REASON_UNKNOWN);
    }
  }
  const schema = argsSchema(command);
  if (schema === undefined) return requestFault(Status.UNKNOWN_COMMAND, command, -1, '', '');
  const a = m[EnvelopeKey.BODY];
  const d: Decoded = fromWire(schema, a === undefined ? {} : a, true);
  // On success d holds key -1, field '' and reason '' (and args is a map or absent); on failure no value.
  const r = requestFault(d.status, command, d.key, a === undefined || isMap(a) ? d.field : 'args', d.reason);
  r.args = d.value;
  return r;
}

/** Check a named body against `schema` and return it in wire form, or undefined when empty. */
function body(schema: Schema, named: object | undefined): CborMap | undefined {
  const w = toWire(schema, named === undefined ? {} : named);
  return hasKeys(w) ? w : undefined;
}

/**
 * Encode a response to `command`. With status OK, `result` is checked against
 * the command's result schema; otherwise `details` against the status's
 * details schema (a status without one takes no details). Empty maps are
 * omitted. Throws BAD_REQUEST on an invalid result or details,
 * UNKNOWN_COMMAND when status is OK and the command is unknown.
 */
export function encodeResponse(command: number, status: number, result?: object, details?: object): Uint8Array {
  if (!isCode(status)) throw codedError(Status.BAD_REQUEST, 'status is not a one-byte code', status);
  const env: CborMap = {};
  env[EnvelopeKey.CODE] = status;
  if (status === Status.OK) {
    if (details !== undefined) throw codedError(Status.BAD_REQUEST, 'details with status OK', EnvelopeKey.DETAILS);
    const schema = resultSchema(command);
    if (schema === undefined) throw codedError(Status.UNKNOWN_COMMAND, 'unknown command', command);
    env[EnvelopeKey.BODY] = body(schema, result);
  } else {
    if (result !== undefined) throw codedError(Status.BAD_REQUEST, 'result with a failing status', EnvelopeKey.BODY);
    const schema = detailsSchema(status);
    if (schema !== undefined) env[EnvelopeKey.DETAILS] = body(schema, details);
    else if (details !== undefined && hasKeys(details)) {
      throw codedError(Status.BAD_REQUEST, 'status ' + status + ' carries no details', EnvelopeKey.DETAILS);
    }
  }
  return encode(env);
}

/**
 * Encode the response that rejects a request `decodeRequest` refused:
 * its status, with details {field: key} for a BAD_REQUEST in an argument.
 */
export function encodeRejection(r: DecodedRequest): Uint8Array {
  const status = r.status === Status.OK ? Status.INTERNAL : r.status;
  const details = status === Status.BAD_REQUEST && r.key >= 0 && r.key <= Limit.CODE ? { field: r.key } : undefined;
  return encodeResponse(r.command, status, undefined, details);
}

/**
 * Throw the fault of `d` as a coded error prefixed by `what`. (Status names are
 * not used in messages, so that the firmware bundle does not carry STATUS_TABLE.)
 */
function raise(d: Decoded, what: string): never {
  throw codedError(d.status, what + (d.field === '' ? '' : ' ' + d.field) + ': ' + d.reason, d.key);
}

/**
 * Read a response to `command` (the payload of the MSG frame with the
 * request's SEQ) on the host. Unknown keys are ignored at every level, so a
 * newer reader may add fields. Throws NON_CANONICAL / BAD_REQUEST for
 * malformed bytes or a result or details that break their schema, and
 * UNKNOWN_COMMAND when `command` is not in the catalogue.
 */
export function decodeResponse(command: number, bytes: Uint8Array): Response {
  const m = decode(bytes);
  if (!isMap(m)) throw codedError(Status.BAD_REQUEST, 'response is not a map', -1);
  const status = m[EnvelopeKey.CODE];
  if (!isCode(status)) throw codedError(Status.BAD_REQUEST, 'response status missing or not a one-byte code', EnvelopeKey.CODE);
  const b = m[EnvelopeKey.BODY];
  const det = m[EnvelopeKey.DETAILS];
  if (status === Status.OK) {
    if (det !== undefined) throw codedError(Status.BAD_REQUEST, 'details with status OK', EnvelopeKey.DETAILS);
    const schema = resultSchema(command);
    if (schema === undefined) throw codedError(Status.UNKNOWN_COMMAND, 'unknown command', command);
    const d = fromWire(schema, b === undefined ? {} : b, false);
    if (d.status !== Status.OK) raise(d, commandName(command) + ' result');
    return { status: status, result: d.value };
  }
  if (b !== undefined) throw codedError(Status.BAD_REQUEST, 'result with a failing status', EnvelopeKey.BODY);
  const schema = detailsSchema(status);
  if (schema === undefined) return { status: status };
  const d = fromWire(schema, det === undefined ? {} : det, false);
  if (d.status !== Status.OK) raise(d, 'status ' + status + ' details');
  return det === undefined ? { status: status } : { status: status, details: d.value };
}

/** Encode an event. Throws BAD_REQUEST for an unknown event code or invalid data. */
export function encodeEvent(event: number, data?: object): Uint8Array {
  const schema = eventSchema(event);
  if (schema === undefined) throw codedError(Status.BAD_REQUEST, 'unknown event', event);
  const env: CborMap = {};
  env[EnvelopeKey.CODE] = event;
  env[EnvelopeKey.BODY] = body(schema, data);
  return encode(env);
}

/**
 * Read an event (the payload of an EVENT frame) on the host. An unknown event
 * code is returned with `data` undefined, for the host to ignore. Unknown keys
 * are ignored. Throws NON_CANONICAL / BAD_REQUEST like decodeResponse.
 */
export function decodeEvent(bytes: Uint8Array): ReaderEvent {
  const m = decode(bytes);
  if (!isMap(m)) throw codedError(Status.BAD_REQUEST, 'event is not a map', -1);
  const event = m[EnvelopeKey.CODE];
  if (!isCode(event)) throw codedError(Status.BAD_REQUEST, 'event code missing or not a one-byte code', EnvelopeKey.CODE);
  const schema = eventSchema(event);
  if (schema === undefined) return { event: event };
  const b = m[EnvelopeKey.BODY];
  const d = fromWire(schema, b === undefined ? {} : b, false);
  if (d.status !== Status.OK) raise(d, eventName(event) + ' data');
  return { event: event, data: d.value };
}
