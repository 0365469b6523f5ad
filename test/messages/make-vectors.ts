/**
 * Writes test/vectors/messages.json: golden hex for every request, response and
 * event of the catalogue, next to its named form, plus requests a reader must
 * reject. Run it only to add vectors, and hand-check what it adds:
 *   node --import tsx test/messages/make-vectors.ts
 * The suites never regenerate: they check the committed file both ways.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { STATUS_TABLE } from '../../protocol/status.js';
import { COMMAND_TABLE, EVENT_TABLE, encodeRequest, encodeResponse, encodeEvent, decodeRequest } from '../../protocol/messages/index.js';
import { fromHex, toHex } from '../vectors/load.js';
import { namedToJson, codeOf } from './named.js';

const T = 1726567200; // 2024-09-17T10:00:00Z
const SEPT_2024 = 1725141600; // 2024-09-01T00:00:00+02:00
const SEPT_2025 = 1756677600; // 2025-09-01T00:00:00+02:00
const b = fromHex;
const readerId = b('5f3a9c21d07e44b8');
const publicKey = b('8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c');
const certificate = b('d9d9f7a2010203'); // opaque here: a sealed reader certificate (§5)
const part = b('a3010702000301'); // opaque here: a sealed denylist part (§5)
const receipt1 = b('a40101025f3a9c21d07e44b8032a0401'); // opaque here: a sealed receipt (§5)
const receipt2 = b('a40101025f3a9c21d07e44b8032b0401');
const cardId = b('0102030405060708');
const requestId = b('3d1f0c2a9b8e47d6a5c4b3a291807f6e');
const journal = { used: 42, capacity: 2000, unacknowledged: 3 };

const cinema = { benefit: 8, campaign: 2024, kind: 1, loaded: 5, from: SEPT_2024, until: SEPT_2025 };
const shows = { benefit: 9, campaign: 2024, kind: 0, loaded: 3000, from: SEPT_2024, until: SEPT_2025 };
const museums = { benefit: 11, campaign: 2024, kind: 2, from: SEPT_2024, until: SEPT_2025 };
const firstAid = { benefit: 14, campaign: 2024, kind: 0, loaded: 6000, from: SEPT_2024, until: SEPT_2025, suspended: true, flags: 1 };

interface Req { name: string; command: string; args?: object }
interface Res { name: string; command: string; status: string; result?: object; details?: object }
interface Ev { name: string; event: string; data?: object }

const requests: Req[] = [
  { name: 'GET_INFO', command: 'GET_INFO' },
  { name: 'SET_TIME', command: 'SET_TIME', args: { time: T } },
  { name: 'PROVISION_CERTIFICATE', command: 'PROVISION_CERTIFICATE', args: { certificate } },
  { name: 'PROVISION_DENYLIST', command: 'PROVISION_DENYLIST', args: { part } },
  { name: 'READ_CARD', command: 'READ_CARD' },
  { name: 'DEBIT one cinema ticket', command: 'DEBIT', args: { benefit: 8, amount: 1, reference: 'Séance 14h', requestId } },
  { name: 'DEBIT collective, no reference', command: 'DEBIT', args: { benefit: 9, amount: 1250, requestId: b('01'), collective: true } },
  { name: 'BALANCE', command: 'BALANCE' },
  { name: 'ACCESS_CHECK', command: 'ACCESS_CHECK' },
  { name: 'ACCESS_STREAM on', command: 'ACCESS_STREAM', args: { enable: true } },
  { name: 'ACCESS_STREAM off', command: 'ACCESS_STREAM', args: { enable: false } },
  { name: 'JOURNAL_READ receipts', command: 'JOURNAL_READ', args: { since: 42, max: 10, kind: 0 } },
  { name: 'JOURNAL_READ passages, reader picks max', command: 'JOURNAL_READ', args: { since: 1, kind: 1 } },
  { name: 'JOURNAL_ACK', command: 'JOURNAL_ACK', args: { upTo: 43, kind: 0 } },
  { name: 'GET_TRANSACTION', command: 'GET_TRANSACTION', args: { requestId } },
];

const passageOk = { seq: 7, time: T, allowed: true, reason: 0, cardId, holderName: 'Zoé Martin' };
const passageRefused = { seq: 8, time: T + 1, allowed: false, reason: 0x70, cardId };

const responses: Res[] = [
  {
    name: 'GET_INFO merchant reader', command: 'GET_INFO', status: 'OK',
    result: {
      firmwareVersion: '1.0.0', protocolVersion: 1, readerId, publicKey, certificate, mode: 1, capabilities: 0x0f,
      time: T, lastReceiptTime: T - 3600, denylistVersion: 7, journal, maxMessage: 4096,
    },
  },
  {
    name: 'GET_INFO unprovisioned reader, clock not set', command: 'GET_INFO', status: 'OK',
    result: {
      firmwareVersion: '1.0.0', protocolVersion: 1, readerId, publicKey, mode: 0, capabilities: 0x0b,
      time: 0, lastReceiptTime: 0, denylistVersion: 0, journal: { used: 0, capacity: 2000, unacknowledged: 0 }, maxMessage: 1024,
    },
  },
  { name: 'SET_TIME', command: 'SET_TIME', status: 'OK', result: { time: T } },
  { name: 'PROVISION_CERTIFICATE', command: 'PROVISION_CERTIFICATE', status: 'OK', result: { mode: 1 } },
  { name: 'PROVISION_DENYLIST first of two parts', command: 'PROVISION_DENYLIST', status: 'OK', result: { version: 8, partsReceived: 1, parts: 2, complete: false } },
  {
    name: 'READ_CARD', command: 'READ_CARD', status: 'OK',
    result: { cardId, holderName: 'Zoé Martin', establishment: 380001, campaign: 2024, state: 0, pinTriesLeft: 3, wallets: [cinema, shows, museums, firstAid] },
  },
  { name: 'DEBIT', command: 'DEBIT', status: 'OK', result: { receipt: receipt1, balance: 4 } },
  { name: 'DEBIT replayed from the journal', command: 'DEBIT', status: 'OK', result: { receipt: receipt1, replayed: true } },
  {
    name: 'BALANCE', command: 'BALANCE', status: 'OK',
    result: { cardId, wallets: [{ ...cinema, balance: 4 }, { ...shows, balance: 1750 }, { ...museums, balance: 2, loaded: 0 }] },
  },
  { name: 'ACCESS_CHECK allowed', command: 'ACCESS_CHECK', status: 'OK', result: passageOk },
  { name: 'ACCESS_CHECK refused: other establishment', command: 'ACCESS_CHECK', status: 'OK', result: passageRefused },
  { name: 'ACCESS_STREAM', command: 'ACCESS_STREAM', status: 'OK' },
  { name: 'JOURNAL_READ receipts', command: 'JOURNAL_READ', status: 'OK', result: { receipts: [receipt1, receipt2], next: 44, last: 44, acknowledged: 41 } },
  { name: 'JOURNAL_READ passages', command: 'JOURNAL_READ', status: 'OK', result: { passages: [passageOk, passageRefused], next: 9, last: 12, acknowledged: 6 } },
  { name: 'JOURNAL_READ nothing new', command: 'JOURNAL_READ', status: 'OK', result: { receipts: [], next: 45, last: 44, acknowledged: 44 } },
  { name: 'JOURNAL_ACK', command: 'JOURNAL_ACK', status: 'OK', result: { acknowledged: 43 } },
  { name: 'GET_TRANSACTION', command: 'GET_TRANSACTION', status: 'OK', result: { receipt: receipt1 } },
  { name: 'BAD_REQUEST in argument 3', command: 'DEBIT', status: 'BAD_REQUEST', details: { field: 3 } },
  { name: 'BAD_REQUEST in the envelope', command: 'DEBIT', status: 'BAD_REQUEST' },
  { name: 'NON_CANONICAL', command: 'DEBIT', status: 'NON_CANONICAL' },
  { name: 'UNKNOWN_COMMAND', command: 'GET_INFO', status: 'UNKNOWN_COMMAND' },
  { name: 'BUSY', command: 'DEBIT', status: 'BUSY' },
  { name: 'CANCELLED', command: 'DEBIT', status: 'CANCELLED' },
  { name: 'TIMEOUT', command: 'DEBIT', status: 'TIMEOUT' },
  { name: 'MESSAGE_TOO_LONG', command: 'PROVISION_DENYLIST', status: 'MESSAGE_TOO_LONG', details: { maxMessage: 1024 } },
  { name: 'CARD_ERROR with status word', command: 'READ_CARD', status: 'CARD_ERROR', details: { sw: 0x6a82 } },
  { name: 'CARD_REVOKED', command: 'DEBIT', status: 'CARD_REVOKED' },
  { name: 'WRONG_PIN, 2 tries left', command: 'DEBIT', status: 'WRONG_PIN', details: { triesLeft: 2 } },
  { name: 'PIN_BLOCKED', command: 'BALANCE', status: 'PIN_BLOCKED' },
  { name: 'INSUFFICIENT_BALANCE', command: 'DEBIT', status: 'INSUFFICIENT_BALANCE', details: { balance: 350 } },
  { name: 'BENEFIT_EXPIRED', command: 'DEBIT', status: 'BENEFIT_EXPIRED', details: { validUntil: SEPT_2025 } },
  { name: 'NOT_YET_VALID', command: 'DEBIT', status: 'NOT_YET_VALID', details: { validFrom: SEPT_2024 } },
  { name: 'CARD_CLOCK_CONFLICT', command: 'DEBIT', status: 'CARD_CLOCK_CONFLICT', details: { minimumTime: T + 60 } },
  { name: 'WRONG_MODE', command: 'DEBIT', status: 'WRONG_MODE', details: { mode: 2 } },
  { name: 'DENYLIST_OLDER', command: 'PROVISION_DENYLIST', status: 'DENYLIST_OLDER', details: { version: 8 } },
  { name: 'CLOCK_BACKWARDS', command: 'SET_TIME', status: 'CLOCK_BACKWARDS', details: { minimumTime: T - 3600 } },
  { name: 'REQUEST_ID_CONFLICT', command: 'DEBIT', status: 'REQUEST_ID_CONFLICT' },
  { name: 'TRANSACTION_NOT_FOUND', command: 'GET_TRANSACTION', status: 'TRANSACTION_NOT_FOUND' },
];

const events: Ev[] = [
  { name: 'PASSAGE allowed', event: 'PASSAGE', data: passageOk },
  { name: 'PASSAGE refused: double tap', event: 'PASSAGE', data: { seq: 9, time: T + 2, allowed: false, reason: 0x71, cardId } },
  { name: 'PASSAGE refused: card not authentic (no card id)', event: 'PASSAGE', data: { time: T + 3, allowed: false, reason: 0x22 } },
  { name: 'CARD_PRESENT', event: 'CARD_PRESENT' },
  { name: 'CARD_REMOVED', event: 'CARD_REMOVED' },
];

/** Requests given as hex that a reader must answer with `status` (and, for BAD_REQUEST, the key and field). */
const rejected: { name: string; hex: string }[] = [
  { name: 'not CBOR: truncated map', hex: 'a201' },
  { name: 'non-canonical: args keys out of order', hex: 'a2011102a30201010804 41aa'.replace(' ', '') },
  { name: 'non-canonical: 2-byte head for command 1', hex: 'a1180101' },
  { name: 'not a map', hex: '8101' },
  { name: 'command missing', hex: 'a102a0' },
  { name: 'command is text', hex: 'a1016147' },
  { name: 'command above 255', hex: 'a1011901ff' },
  { name: 'unknown envelope key 3', hex: 'a201010300' },
  { name: 'unknown command 0x7f', hex: 'a101187f' },
  { name: 'args not a map', hex: 'a2010202 01'.replace(' ', '') },
  { name: 'SET_TIME time missing', hex: 'a2010202a0' },
  { name: 'SET_TIME time 0', hex: 'a2010202a10100' },
  { name: 'SET_TIME time negative', hex: 'a2010202a10120' },
  { name: 'DEBIT requestId missing', hex: 'a2011102a201080201' },
  { name: 'DEBIT amount negative', hex: 'a2011102a3010802200441aa' },
  { name: 'DEBIT benefit above 65535', hex: 'a2011102a3011a000100000201' + '0441aa' },
  { name: 'DEBIT reference of 65 bytes', hex: 'a2011102a40108020103' + '7841' + '61'.repeat(65) + '0441aa' },
  { name: 'DEBIT empty reference', hex: 'a2011102a40108020103600441aa' },
  { name: 'DEBIT requestId of 33 bytes', hex: 'a2011102a3010802010458 21'.replace(' ', '') + 'aa'.repeat(33) },
  { name: 'DEBIT requestId empty', hex: 'a2011102a30108020104 40'.replace(' ', '') },
  { name: 'DEBIT collective is 1, not true', hex: 'a2011102a4010802010441aa0501' },
  { name: 'DEBIT unknown key 6', hex: 'a2011102a4010802010441aa0600' },
  { name: 'JOURNAL_READ kind 2', hex: 'a201182002a201000302' },
  { name: 'JOURNAL_READ max 0', hex: 'a201182002a3010002000300' },
  { name: 'ACCESS_STREAM enable null', hex: 'a2011402a101f6' },
];

/** Requests given as hex that a reader accepts although they are not the canonical encoding of their named form. */
const accepted: { name: string; hex: string }[] = [
  { name: 'DEBIT with extension key 16 (ignored)', hex: 'a2011102a4010802010441aa1000' },
  { name: 'envelope with extension key 20 (ignored)', hex: 'a201011400' },
  { name: 'GET_INFO with an empty args map', hex: 'a2010102a0' },
  { name: 'DEBIT collective false written out', hex: 'a2011102a4010802010441aa05f4' },
];

const out = {
  description:
    "Message catalogue of protocol v1 (spec §3). Each vector gives the named form and the exact bytes (hex) of the " +
    "CBOR message: `requests` (MSG frame, host to reader), `responses` (MSG frame, reader to host; `command` says how " +
    "to read `result`), `events` (EVENT frame). `rejected`: requests a reader must answer with `status` (for " +
    "BAD_REQUEST, `key` is the args key at fault or -1 for the envelope, `field` its name). `accepted`: requests " +
    "that are not the encoding of their named form but that a reader accepts. Byte strings are {\"$bytes\": hex} " +
    "(test/vectors/load.ts); certificates, denylist parts and receipts are opaque placeholders here.",
  requests: requests.map((r) => ({
    name: r.name, command: r.command, args: namedToJson(r.args ?? {}),
    hex: toHex(encodeRequest(codeOf(COMMAND_TABLE, r.command), r.args)),
  })),
  responses: responses.map((r) => {
    const status = codeOf(STATUS_TABLE, r.status);
    const v: Record<string, unknown> = { name: r.name, command: r.command, status: r.status };
    if (status === 0) v.result = namedToJson(r.result ?? {});
    else if (r.details) v.details = namedToJson(r.details);
    v.hex = toHex(encodeResponse(codeOf(COMMAND_TABLE, r.command), status, status === 0 ? r.result : undefined, r.details));
    return v;
  }),
  events: events.map((e) => ({
    name: e.name, event: e.event, data: namedToJson(e.data ?? {}),
    hex: toHex(encodeEvent(codeOf(EVENT_TABLE, e.event), e.data)),
  })),
  rejected: rejected.map((r) => {
    const d = decodeRequest(fromHex(r.hex));
    if (d.status === 0) throw new Error(`rejected vector "${r.name}" is accepted`);
    const v: Record<string, unknown> = { name: r.name, hex: r.hex, status: STATUS_TABLE.find((s) => s.code === d.status)!.name };
    if (d.command >= 0) v.command = COMMAND_TABLE.find((c) => c.code === d.command)?.name ?? d.command;
    if (d.status === 1) {
      v.key = d.key;
      v.field = d.field;
    }
    return v;
  }),
  accepted: accepted.map((r) => {
    const d = decodeRequest(fromHex(r.hex));
    if (d.status !== 0) throw new Error(`accepted vector "${r.name}" is rejected: ${d.field} ${d.reason}`);
    return { name: r.name, hex: r.hex, command: COMMAND_TABLE.find((c) => c.code === d.command)!.name, args: namedToJson(d.args!) };
  }),
};

const path = fileURLToPath(new URL('../vectors/messages.json', import.meta.url));
/** One vector per line, so that a review reads each named form next to its hex. */
function layout(o: Record<string, unknown>): string {
  const parts = Object.entries(o).map(([k, v]) =>
    Array.isArray(v) ? `  ${JSON.stringify(k)}: [\n${v.map((x) => '    ' + JSON.stringify(x)).join(',\n')}\n  ]` : `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  return '{\n' + parts.join(',\n') + '\n}\n';
}
writeFileSync(path, layout(out));
console.log(`wrote ${path}: ${out.requests.length} requests, ${out.responses.length} responses, ${out.events.length} events, ` +
  `${out.rejected.length} rejected, ${out.accepted.length} accepted`);
