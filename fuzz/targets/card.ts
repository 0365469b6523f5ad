/**
 * Targets `apdu-parse` (protocol/card parseCommand) and `card-applet` (the
 * virtual card's transceive on sequences of APDUs).
 *
 * apdu-parse oracle: a coded BAD_REQUEST or a command that re-encodes to
 * exactly the input, with at most 255 data bytes and Le in 1..256.
 *
 * card-applet input: up to 12 APDUs, each one length byte then its bytes,
 * sent to a fresh copy of one personalised card (PIN 1234, wallets of the
 * dev issuer). Oracle per APDU: transceive never throws (no tear is planned);
 * the answer is data + SW with a known SW1, and no more data than Le (none
 * for a malformed APDU); after it, PIN tries stay in 0..3, the transaction
 * counter moves only on a successful DEBIT and by exactly one, balances never
 * go negative nor up, and they fall only on a successful DEBIT.
 */
import { Status } from '../../protocol/status.js';
import { encodeCommand, parseCommand } from '../../protocol/card/apdu.js';
import type { CommandApdu } from '../../protocol/card/apdu.js';
import { Ins } from '../../protocol/card/constants.js';
import { Sw } from '../../protocol/card/sw.js';
import type { CryptoPort } from '../../protocol/crypto.js';
import { CardApplet, type CardJSON } from '../../simulator/card/applet.js';
import { createNodeCrypto } from '../../sdk/crypto/index.js';
import { benchCard, referenceAccessTrace, referenceDebitTrace } from '../../bench/card-trace.js';
import type { Rng } from '../rng.js';
import { mutateOnce } from '../mutate.js';
import { FuzzFailure, check, count, expectTyped, type FuzzTarget } from '../target.js';

const KNOWN_SW1 = new Set([0x61, 0x62, 0x63, 0x64, 0x65, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f, 0x90, 0x91, 0x92, 0x93]);
const INS_LIST = [Ins.SELECT, Ins.GET_RESPONSE, Ins.GET_CARD_DATA, Ins.INTERNAL_AUTHENTICATE, Ins.VERIFY_PIN, Ins.READ_WALLETS, Ins.DEBIT, Ins.GET_LAST_TRANSACTION];

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A random APDU with a plausible header (known CLA/INS most of the time). */
function randomApdu(rng: Rng): Uint8Array {
  const cla = rng.chance(0.8) ? rng.pick([0x00, 0x80]) : rng.int(256);
  const ins = rng.chance(0.85) ? rng.pick(INS_LIST) : rng.int(256);
  const p1 = rng.chance(0.8) ? rng.pick([0, 1, 4]) : rng.int(256);
  const p2 = rng.chance(0.9) ? 0 : rng.int(256);
  const shape = rng.int(5);
  const head = [cla, ins, p1, p2];
  const data = rng.bytes(rng.chance(0.5) ? rng.int(20) : rng.int(256));
  if (shape === 0) return Uint8Array.from(head);
  if (shape === 1) return Uint8Array.from([...head, rng.pick([0x00, 0xf0, 0x01, rng.int(256)])]);
  if (shape === 2) return Uint8Array.from([...head, data.length & 0xff, ...data]);
  if (shape === 3) return Uint8Array.from([...head, data.length & 0xff, ...data, rng.pick([0x00, 0xf0, rng.int(256)])]);
  return rng.bytes(rng.int(12));
}

/** Target apdu-parse. */
export function apduParseTarget(): FuzzTarget {
  const b = benchCard(createNodeCrypto());
  const corpus = referenceDebitTrace(b).trace.map((e) => e.command);
  return {
    name: 'apdu-parse',
    description: 'protocol/card parseCommand: BAD_REQUEST only; a parsed command re-encodes to the input',
    corpus,
    lengthHint: (x) => [4, 5, x.length - 1],
    random: randomApdu,
    randomShare: 0.4,
    run(input, stats) {
      let c: CommandApdu;
      try {
        c = parseCommand(input);
      } catch (e) {
        expectTyped(e, [Status.BAD_REQUEST], 'parseCommand');
        count(stats, 'BAD_REQUEST');
        return;
      }
      const n = c.data ? c.data.length : 0;
      check(n <= 255, `parsed ${n} data bytes`);
      check(c.le === undefined || (c.le >= 1 && c.le <= 256), `parsed Le ${c.le}`);
      let again: Uint8Array;
      try {
        again = encodeCommand(c);
      } catch (e) {
        throw new FuzzFailure('invariant', `parsed command does not re-encode: ${(e as Error).message}`);
      }
      check(equalBytes(again, input), 'parsed command re-encodes to other bytes');
      count(stats, 'ok');
    },
  };
}

/** Split a card-applet input into APDUs: [len][bytes]... (a length past the end takes the rest). */
export function splitApdus(input: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let at = 0;
  while (at < input.length && out.length < 12) {
    const n = input[at++];
    out.push(input.subarray(at, Math.min(input.length, at + n)));
    at += n;
  }
  return out;
}

/** Join APDUs in the card-applet input format. */
export function joinApdus(list: Uint8Array[]): Uint8Array {
  const parts: number[] = [];
  for (const a of list) parts.push(a.length, ...a);
  return Uint8Array.from(parts);
}

interface Snapshot {
  tries: number;
  counter: number;
  balances: number[];
  /** Wallet kinds: an ENTITLEMENT (2) balance is a use counter that goes up by one per debit. */
  kinds: number[];
}

const ENTITLEMENT = 2;

/** The committed counters, read from the card's memory image without the deep copies state() makes (fast, read-only). */
function snapshot(card: CardApplet): Snapshot {
  const image = (card as unknown as { nvm: { image: { data: Record<string, unknown> } } }).nvm.image.data;
  const wallets = image.wallets as { balance: number; kind: number }[];
  return { tries: image.tries as number, counter: image.counter as number, balances: wallets.map((w) => w.balance), kinds: wallets.map((w) => w.kind) };
}

/** Target card-applet. */
export function cardAppletTarget(crypto: CryptoPort = createNodeCrypto()): FuzzTarget {
  const b = benchCard(crypto);
  const debit = referenceDebitTrace(b).trace.map((e) => e.command);
  const access = referenceAccessTrace(b).map((e) => e.command);
  // A fresh card for every case: the state after issuing, before any tap.
  const fresh = benchCard(crypto).card.toJSON();
  const corpus = [joinApdus(debit), joinApdus(access), joinApdus(debit.slice(0, 6)), joinApdus([debit[0], ...debit.slice(5)])];
  const image: CardJSON = JSON.parse(JSON.stringify(fresh));
  return {
    name: 'card-applet',
    description: 'simulator/card transceive on APDU sequences: always an SW, data <= Le, PIN/counter/balance invariants',
    corpus,
    lengthHint: (x) => {
      const out: number[] = [];
      let at = 0;
      while (at < x.length) {
        out.push(at, at + 5);
        at += 1 + x[at];
      }
      return out;
    },
    random(rng) {
      const list: Uint8Array[] = [];
      if (rng.chance(0.7)) list.push(debit[0]); // SELECT first, to reach the commands behind it
      const n = 1 + rng.int(6);
      for (let i = 0; i < n; i++) list.push(rng.chance(0.3) ? rng.pick(debit) : randomApdu(rng));
      return joinApdus(list);
    },
    randomShare: 0.3,
    mutate(rng) {
      // Keep the framing: edit one or two APDUs of a seed sequence, or drop, repeat or swap whole APDUs.
      const list: Uint8Array[] = splitApdus(rng.pick(corpus)).map((a) => a.slice());
      const k = 1 + rng.int(2);
      for (let j = 0; j < k; j++) {
        const i = rng.int(list.length);
        const op = rng.int(6);
        if (op <= 2) list[i] = mutateOnce(list[i], rng, debit, () => [4, 5, list[i].length - 1]).subarray(0, 255);
        else if (op === 3 && list.length > 1) list.splice(i, 1);
        else if (op === 4) list.splice(rng.int(list.length + 1), 0, rng.pick(debit));
        else {
          const x = rng.int(list.length);
          const t = list[i];
          list[i] = list[x];
          list[x] = t;
        }
      }
      return joinApdus(list);
    },
    run(input, stats) {
      const card = CardApplet.fromJSON(image, crypto);
      let before = snapshot(card);
      for (const apdu of splitApdus(input)) {
        let rsp: Uint8Array;
        try {
          rsp = card.transceive(apdu);
        } catch (e) {
          const m = e instanceof Error ? e.message : String(e);
          throw new FuzzFailure('exception', `transceive threw on ${Buffer.from(apdu).toString('hex')}: ${m}`);
        }
        check(rsp.length >= 2, 'answer without a status word');
        const sw = (rsp[rsp.length - 2] << 8) | rsp[rsp.length - 1];
        check(KNOWN_SW1.has(sw >> 8), `unknown SW ${sw.toString(16)}`);
        let ne = 0;
        let hasLe = false;
        try {
          const c = parseCommand(apdu);
          hasLe = c.le !== undefined;
          ne = c.le ?? 256;
        } catch {
          check(sw === Sw.WRONG_LENGTH, `malformed APDU answered ${sw.toString(16)}, not 6700`);
        }
        check(rsp.length - 2 <= ne, `answer of ${rsp.length - 2} data bytes for Ne ${ne}`);
        // ISO/IEC 7816-4 reads an absent Le as Ne = 0; spec 6.1 is silent: counted, not failed.
        if (!hasLe && rsp.length > 2) count(stats, 'data without Le');
        const after = snapshot(card);
        check(after.tries >= 0 && after.tries <= 3, `PIN tries ${after.tries}`);
        const debited = apdu[1] === Ins.DEBIT && (sw === Sw.OK || (sw & 0xff00) === 0x6100);
        check(after.counter === before.counter + (debited ? 1 : 0), `counter ${before.counter} -> ${after.counter} (debit ok: ${debited})`);
        check(after.balances.length === before.balances.length, 'wallet count changed');
        let changed = 0;
        for (let i = 0; i < after.balances.length; i++) {
          const a = after.balances[i];
          const b = before.balances[i];
          check(a >= 0, `negative balance ${a}`);
          if (a === b) continue;
          changed++;
          if (after.kinds[i] === ENTITLEMENT) check(a === b + 1, `entitlement use counter ${b} -> ${a}`);
          else check(a < b, `a ${after.kinds[i] === 1 ? 'units' : 'cents'} balance went up: ${b} -> ${a}`);
        }
        check(changed === 0 || (debited && changed === 1), `${changed} balances changed (debit ok: ${debited})`);
        before = after;
        if (debited) count(stats, 'debit ok');
        count(stats, 'sw ' + (sw >> 8 === 0x61 ? '61xx' : sw >> 8 === 0x63 ? '63Cx' : sw.toString(16)));
      }
    },
  };
}
