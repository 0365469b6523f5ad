/**
 * The commands of spec §3.4, one function each. A quick command answers at
 * once (Ctx.reply); a card command starts a flow. Failures are thrown as
 * coded errors and answered by the request runner (reader.ts).
 */
import { Status } from '../../protocol/status.js';
import { decode } from '../../protocol/cbor/decode.js';
import { PROTOCOL_VERSION } from '../../protocol/framing/constants.js';
import { Capability, Command, JournalKind, Mode } from '../../protocol/messages/codes.js';
import { PASSAGE } from '../../protocol/messages/structures.js';
import { fromWire } from '../../protocol/messages/wire.js';
import type { Named } from '../../protocol/messages/wire.js';
import type {
  AccessStreamArgs, DebitArgs, GetTransactionArgs, JournalAckArgs, JournalReadArgs, ProvisionCertificateArgs,
  ProvisionDenylistArgs, SetTimeArgs,
} from '../../protocol/messages/types.js';
import { certificateCovers, openReaderCertificate } from '../../protocol/signed/reader-cert.js';
import type { ReaderCertificate } from '../../protocol/signed/reader-cert.js';
import { openDenylistPart } from '../../protocol/signed/denylist.js';
import type { DenylistEntry, DenylistPart } from '../../protocol/signed/denylist.js';
import { RecordType } from '../drivers/flash/layout.js';
import type { Ctx } from './context.js';
import { FIRMWARE_VERSION } from './config.js';
import { READER_MAX_MESSAGE } from './link.js';
import { failure } from './errors.js';
import { requireMode } from './mode.js';
import { CardFlow } from './flows/card-flow.js';
import { DebitTask, debitChecks, sameDebit } from './flows/debit.js';
import { BalanceTask, ReadCardTask } from './flows/card-tasks.js';
import { AccessFlow, accessChecks } from './flows/access.js';

/** A command handler. */
export type Handler = (ctx: Ctx, args: Named, now: number) => void;

/** The journal record type of a JOURNAL_READ / JOURNAL_ACK kind. */
function recordType(kind: number): number {
  return kind === JournalKind.PASSAGES ? RecordType.PASSAGE : RecordType.RECEIPT;
}

/** Typical record sizes (data + header), for the journal capacity estimate of GET_INFO. */
const TYPICAL_RECEIPT = 512;
const TYPICAL_PASSAGE = 48;

function getInfo(ctx: Ctx): void {
  const id = ctx.identity;
  const mode = id.mode();
  const type = mode === Mode.ACCESS ? RecordType.PASSAGE : RecordType.RECEIPT;
  const j = ctx.journal;
  let used = 0;
  if (type === RecordType.RECEIPT) used = ctx.receipts.count();
  else {
    let first = j.last[type] + 1;
    j.forEach(type, 0, function (ref) {
      first = ref.seq;
      return true;
    });
    used = j.last[type] + 1 - first;
  }
  // Estimate: every page but one (the journal needs a free page to move on) filled with typical
  // records after its header and checkpoint.
  const typical = type === RecordType.PASSAGE ? TYPICAL_PASSAGE : TYPICAL_RECEIPT;
  const capacity = (ctx.cfg.journalPages - 1) * Math.floor((ctx.pageSize - 64 - TYPICAL_RECEIPT) / typical);
  ctx.reply(Status.OK, {
    firmwareVersion: FIRMWARE_VERSION,
    protocolVersion: PROTOCOL_VERSION,
    readerId: id.readerId,
    publicKey: id.publicKey,
    certificate: id.certificate,
    mode: mode,
    capabilities: Capability.EVENTS | Capability.PINPAD | Capability.DISPLAY | Capability.SIGNAL,
    time: ctx.seconds(),
    lastReceiptTime: ctx.receipts.lastTime,
    denylistVersion: id.denyVersion,
    journal: { used: used, capacity: capacity, unacknowledged: j.pending(type) },
    maxMessage: READER_MAX_MESSAGE,
  });
}

function setTime(ctx: Ctx, a: SetTimeArgs): void {
  const min = ctx.receipts.lastTime;
  if (a.time < min) throw failure(Status.CLOCK_BACKWARDS, { minimumTime: min });
  ctx.clock.set(a.time * 1000);
  ctx.reply(Status.OK, { time: ctx.seconds() });
}

function provisionCertificate(ctx: Ctx, a: ProvisionCertificateArgs): void {
  const o = openReaderCertificate(a.certificate, ctx.cfg.issuerRoot, ctx.crypto);
  if (o.status !== Status.OK || !ctx.identity.ours(o.value as ReaderCertificate)) throw failure(Status.CERTIFICATE_INVALID);
  const cert = o.value as ReaderCertificate;
  const t = ctx.seconds();
  if (t === 0) throw failure(Status.CLOCK_NOT_SET);
  if (!certificateCovers(cert, t)) throw failure(Status.CERTIFICATE_EXPIRED);
  ctx.identity.installCertificate(a.certificate, cert);
  if (cert.mode !== Mode.ACCESS) ctx.stream = false;
  ctx.ui.idle(cert.mode, cert.partnerName);
  ctx.reply(Status.OK, { mode: cert.mode });
}

function provisionDenylist(ctx: Ctx, a: ProvisionDenylistArgs): void {
  const o = openDenylistPart(a.part, ctx.cfg.issuerRoot, ctx.crypto);
  if (o.status !== Status.OK) throw failure(Status.DENYLIST_INVALID);
  const p = o.value as DenylistPart;
  const id = ctx.identity;
  if (p.version < id.denyVersion) throw failure(Status.DENYLIST_OLDER, { version: id.denyVersion });
  // The version in force: complete already.
  let received = p.parts;
  if (p.version !== id.denyVersion) {
    let asm = ctx.assembly;
    if (asm === null || asm.version !== p.version) {
      asm = { version: p.version, issuedAt: p.issuedAt, parts: p.parts, received: 0, entries: [] };
      ctx.assembly = asm;
    }
    if (asm.parts !== p.parts || asm.issuedAt !== p.issuedAt) throw failure(Status.DENYLIST_INVALID);
    if (!asm.entries[p.part]) {
      asm.entries[p.part] = p.entries;
      asm.received++;
    }
    received = asm.received;
    if (received === p.parts) {
      let all: DenylistEntry[] = [];
      for (let i = 0; i < p.parts; i++) all = all.concat(asm.entries[i] as DenylistEntry[]);
      id.installDenylist(p.version, p.issuedAt, all);
      ctx.assembly = null;
    }
  }
  ctx.reply(Status.OK, { version: p.version, partsReceived: received, parts: p.parts, complete: received === p.parts });
}

function readCard(ctx: Ctx, _a: Named, now: number): void {
  ctx.flow = new CardFlow(ctx, new ReadCardTask(ctx), now);
}

/** Throws REQUEST_ID_CONFLICT unless `a` asks for the debit already journalled or pending under its requestId. */
function sameRequest(a: DebitArgs, d: { benefit: number; amount: number; reference?: string }): void {
  if (!sameDebit(a, d.benefit, d.amount, d.reference)) throw failure(Status.REQUEST_ID_CONFLICT);
}

function debit(ctx: Ctx, a: DebitArgs, now: number): void {
  // Spec §3.4 order: the journal first (a replay needs neither card nor clock)...
  const r = ctx.receipts.find(a.requestId);
  if (r !== null) {
    sameRequest(a, r);
    ctx.reply(Status.OK, { receipt: r.bytes, replayed: true, balance: r.balanceAfter });
    return;
  }
  const pending = ctx.intents.forRequest(a.requestId);
  if (pending !== null) sameRequest(a, pending);
  // ...then the reader and the benefit, then the card.
  debitChecks(ctx, a);
  ctx.flow = new CardFlow(ctx, new DebitTask(ctx, a, pending), now);
}

function balance(ctx: Ctx, _a: Named, now: number): void {
  requireMode(ctx, Mode.MERCHANT);
  ctx.flow = new CardFlow(ctx, new BalanceTask(ctx), now);
}

function accessCheck(ctx: Ctx, _a: Named, now: number): void {
  accessChecks(ctx);
  ctx.flow = new AccessFlow(ctx, now);
}

function accessStream(ctx: Ctx, a: AccessStreamArgs): void {
  requireMode(ctx, Mode.ACCESS);
  ctx.stream = a.enable;
  ctx.fieldUid = null;
  ctx.reply(Status.OK, {});
}

function journalRead(ctx: Ctx, a: JournalReadArgs): void {
  const type = recordType(a.kind);
  const j = ctx.journal;
  const max = a.max === undefined ? 255 : a.max;
  const budget = READER_MAX_MESSAGE - 64;
  const items: (Uint8Array | Named)[] = [];
  let size = 0;
  let next = -1;
  // Encoded size of an entry: a receipt's bytes and their head; a passage as stored plus its seq.
  const extra = type === RecordType.RECEIPT ? 4 : 8;
  j.forEach(type, a.since, function (ref) {
    if (items.length >= max || (items.length > 0 && size + ref.length + extra > budget)) return true;
    const bytes = j.read(ref);
    if (type === RecordType.RECEIPT) {
      items.push(bytes);
    } else {
      const d = fromWire(PASSAGE, decode(bytes), false);
      const v = d.value as Named;
      v.seq = ref.seq;
      items.push(v);
    }
    size += ref.length + extra;
    next = ref.seq + 1;
    return false;
  });
  const last = j.last[type];
  const result: Named = { next: next < 0 ? last + 1 : next, last: last, acknowledged: j.acked[type] };
  if (type === RecordType.RECEIPT) result.receipts = items;
  else result.passages = items;
  ctx.reply(Status.OK, result);
}

function journalAck(ctx: Ctx, a: JournalAckArgs): void {
  const type = recordType(a.kind);
  if (a.upTo > ctx.journal.last[type]) throw failure(Status.BAD_REQUEST, { field: 1 });
  const acknowledged = ctx.journal.acknowledge(type, a.upTo);
  ctx.receipts.refresh();
  ctx.reply(Status.OK, { acknowledged: acknowledged });
}

function getTransaction(ctx: Ctx, a: GetTransactionArgs): void {
  requireMode(ctx, Mode.MERCHANT);
  const r = ctx.receipts.find(a.requestId);
  if (r === null) throw failure(Status.TRANSACTION_NOT_FOUND);
  ctx.reply(Status.OK, { receipt: r.bytes });
}

/** Handlers by command code. */
export const HANDLERS: { [command: number]: Handler } = {};
HANDLERS[Command.GET_INFO] = getInfo as Handler;
HANDLERS[Command.SET_TIME] = setTime as unknown as Handler;
HANDLERS[Command.PROVISION_CERTIFICATE] = provisionCertificate as unknown as Handler;
HANDLERS[Command.PROVISION_DENYLIST] = provisionDenylist as unknown as Handler;
HANDLERS[Command.READ_CARD] = readCard;
HANDLERS[Command.DEBIT] = debit as unknown as Handler;
HANDLERS[Command.BALANCE] = balance;
HANDLERS[Command.ACCESS_CHECK] = accessCheck;
HANDLERS[Command.ACCESS_STREAM] = accessStream as unknown as Handler;
HANDLERS[Command.JOURNAL_READ] = journalRead as unknown as Handler;
HANDLERS[Command.JOURNAL_ACK] = journalAck as unknown as Handler;
HANDLERS[Command.GET_TRANSACTION] = getTransaction as unknown as Handler;
