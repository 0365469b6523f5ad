/**
 * The virtual Pass'Région card: the applet of spec §6 behind `transceive`,
 * which takes a command APDU and answers a response APDU (what a PN532
 * InDataExchange carries). PIN with a persistent try counter, wallets,
 * atomic debit with a card-signed proof, last-transaction record for
 * ratification, tearing at any numbered step, and power-up recovery.
 * The debit rules are those of protocol/rules; nothing is re-implemented here.
 */
import { Status } from '../../protocol/status.js';
import { codedError, isCodedError } from '../../protocol/errors.js';
import { bytesEqual, concat, copyBytes } from '../../protocol/bytes/bytes.js';
import { fromHex, toHex } from '../../protocol/bytes/hex.js';
import type { CryptoPort } from '../../protocol/crypto.js';
import type { CommandApdu } from '../../protocol/card/apdu.js';
import { encodeResponse, parseCommand } from '../../protocol/card/apdu.js';
import {
  APPLET_VERSION, CARD_ID_LENGTH, CHALLENGE_LENGTH, CLA_ISO, CLA_PROPRIETARY, Ins, MAX_RESPONSE_DATA, PASS_AID,
  PIN_TRIES, WALLETS_PUBLIC, WALLETS_WITH_BALANCES,
} from '../../protocol/card/constants.js';
import { Sw, statusSw } from '../../protocol/card/sw.js';
import {
  decodeDebitRequest, encodeLastTransaction, encodePin, encodeSelectData, encodeWallets, isPinData,
} from '../../protocol/card/data.js';
import { cardAuthInput } from '../../protocol/card/auth.js';
import { sealCardProof } from '../../protocol/signed/card-proof.js';
import type { Wallet } from '../../protocol/rules/wallet.js';
import { selectWallet } from '../../protocol/rules/select.js';
import { applyDebit, checkAmount } from '../../protocol/rules/amount.js';
import type { FaultPlan, TearPoint } from './faults.js';
import { NO_FAULTS } from './faults.js';
import type { NvmImage, NvmValue, Recovery } from './nvm.js';
import { TransactionalStore } from './nvm.js';

/** What the issuer writes on a blank card. */
export interface Personalisation {
  /** Card id, 8 bytes. */
  cardId: Uint8Array;
  /** The card's ed25519 seed (32 bytes); never leaves the card. */
  seed: Uint8Array;
  /** The issuer-signed card certificate envelope. */
  certificate: Uint8Array;
  /** The holder's 4-digit PIN. */
  pin: string;
  /** Wallets loaded by the issuer. */
  wallets: Wallet[];
}

/** The last transaction record as the card keeps it. */
export interface LastRecord {
  /** Debit time (unix seconds), the card's clock floor for the next debit. */
  time: number;
  /** Reader id the debit named. */
  readerId: Uint8Array;
  /** The card proof envelope returned by that DEBIT. */
  proof: Uint8Array;
}

/** A read-only snapshot of the card's committed memory (for tests and tools). */
export interface CardState {
  cardId: Uint8Array;
  /** PIN tries left (0 = blocked). */
  tries: number;
  /** Transaction counter: number of debits applied. */
  counter: number;
  wallets: Wallet[];
  last: LastRecord | null;
}

/** Serialised form of a card (toJSON / fromJSON, saveCard / loadCard). */
export interface CardJSON {
  format: 'passregion-card/1';
  nvm: NvmImage;
}

/** A response: data and status word. */
interface Answer {
  data: Uint8Array | null;
  sw: number;
}

/** Non-volatile memory keys. */
const K = {
  cardId: 'cardId',
  seed: 'seed',
  certificate: 'certificate',
  pinHash: 'pinHash',
  tries: 'tries',
  wallets: 'wallets',
  counter: 'counter',
  last: 'last',
} as const;

type StoredLast = { time: number; readerId: string; proof: string };

function answer(sw: number, data?: Uint8Array): Answer {
  return { data: data ?? null, sw };
}

/** The virtual card. */
export class CardApplet {
  /** Where the card is torn; replace at any time. */
  faults: FaultPlan = NO_FAULTS;
  /** What the last power-up recovery found. */
  lastRecovery: Recovery = 'clean';

  private readonly nvm: TransactionalStore;
  private readonly crypto: CryptoPort;
  private readonly id: Uint8Array;
  // Session state (RAM): lost when the card leaves the field.
  private powered = false;
  private selected = false;
  private pinVerified = false;
  private pending: Uint8Array | null = null;
  // Step counter of the command being processed.
  private ins = 0;
  private step = 0;

  private constructor(nvm: TransactionalStore, crypto: CryptoPort) {
    this.nvm = nvm;
    this.crypto = crypto;
    this.id = fromHex(nvm.get<string>(K.cardId));
    this.reset();
  }

  /** A newly personalised card, powered in the field. */
  static personalise(p: Personalisation, crypto: CryptoPort): CardApplet {
    if (p.cardId.length !== CARD_ID_LENGTH) throw codedError(Status.BAD_REQUEST, 'a card id is 8 bytes');
    if (p.seed.length !== 32) throw codedError(Status.BAD_REQUEST, 'a card seed is 32 bytes');
    const nvm = new TransactionalStore();
    nvm.personalise({
      [K.cardId]: toHex(p.cardId),
      [K.seed]: toHex(p.seed),
      [K.certificate]: toHex(p.certificate),
      [K.pinHash]: toHex(pinHash(p.cardId, encodePin(p.pin), crypto)),
      [K.tries]: PIN_TRIES,
      [K.wallets]: p.wallets.map((w) => ({ ...w })) as unknown as NvmValue,
      [K.counter]: 0,
      [K.last]: null,
    });
    return new CardApplet(nvm, crypto);
  }

  /** A card from its serialised memory; power-up recovery runs at once. */
  static fromJSON(json: CardJSON, crypto: CryptoPort): CardApplet {
    if (!json || json.format !== 'passregion-card/1' || !json.nvm) throw codedError(Status.BAD_REQUEST, 'not a serialised card');
    return new CardApplet(new TransactionalStore(json.nvm), crypto);
  }

  /** The card's serialised memory (including an unrecovered journal after a tear). */
  toJSON(): CardJSON {
    return { format: 'passregion-card/1', nvm: this.nvm.toJSON() };
  }

  /** The card id (8 bytes). */
  get cardId(): Uint8Array {
    return copyBytes(this.id);
  }

  /** The card's public key. */
  get publicKey(): Uint8Array {
    return this.crypto.publicKey(fromHex(this.nvm.get<string>(K.seed)));
  }

  /** The issuer-signed certificate envelope the card holds. */
  get certificate(): Uint8Array {
    return fromHex(this.nvm.get<string>(K.certificate));
  }

  /** True while the card is in the field (false after a tear, until reset). */
  get inField(): boolean {
    return this.powered;
  }

  /** A snapshot of the committed memory. */
  state(): CardState {
    const last = this.nvm.get<StoredLast | null>(K.last);
    return {
      cardId: this.cardId,
      tries: this.nvm.get<number>(K.tries),
      counter: this.nvm.get<number>(K.counter),
      wallets: this.nvm.get<Wallet[]>(K.wallets),
      last: last && { time: last.time, readerId: fromHex(last.readerId), proof: fromHex(last.proof) },
    };
  }

  /**
   * Field off then on: session state (selection, PIN verified, pending
   * response) is lost and the memory recovery runs (ratification of a torn
   * transaction: finish it if committed, else discard it).
   */
  reset(): Recovery {
    this.selected = false;
    this.pinVerified = false;
    this.pending = null;
    this.powered = true;
    this.lastRecovery = this.nvm.recover();
    return this.lastRecovery;
  }

  /**
   * Process one command APDU and return the response APDU. Throws a coded
   * CARD_REMOVED error when the fault plan tears the card (and on every call
   * after that until {@link reset}).
   */
  transceive(apdu: Uint8Array): Uint8Array {
    if (!this.powered) throw codedError(Status.CARD_REMOVED, 'the card is not in the field');
    this.ins = apdu.length > 1 ? apdu[1] : 0;
    this.step = 0;
    this.point('received');
    let cmd: CommandApdu;
    try {
      cmd = parseCommand(apdu);
    } catch (e) {
      if (!isCodedError(e) || e.code !== Status.BAD_REQUEST) throw e;
      this.pending = null;
      this.point('responding');
      return encodeResponse(null, Sw.WRONG_LENGTH);
    }
    this.point('parsed');
    if (cmd.ins !== Ins.GET_RESPONSE) this.pending = null;
    const a = this.dispatch(cmd);
    this.point('responding');
    return this.respond(a, cmd.le ?? MAX_RESPONSE_DATA);
  }

  /** Report a step to the fault plan; a tear cuts the power there. */
  private point(name: string): void {
    const p: TearPoint = { ins: this.ins, step: ++this.step, name };
    if (this.faults.tear(p)) {
      this.powered = false;
      this.selected = false;
      this.pinVerified = false;
      this.pending = null;
      throw codedError(Status.CARD_REMOVED, `card torn at step ${p.step} (${name})`, p.step);
    }
  }

  /** Send at most `ne` bytes; keep the rest for GET RESPONSE (SW 61xx). */
  private respond(a: Answer, ne: number): Uint8Array {
    const d = a.data;
    if (a.sw !== Sw.OK || !d || d.length <= ne) return encodeResponse(d, a.sw);
    this.pending = copyBytes(d, ne);
    const left = this.pending.length;
    return encodeResponse(d.subarray(0, ne), Sw.MORE_DATA | (left > 255 ? 0 : left));
  }

  private dispatch(c: CommandApdu): Answer {
    const data = c.data ?? new Uint8Array(0);
    const iso = c.ins === Ins.SELECT || c.ins === Ins.GET_RESPONSE;
    switch (c.ins) {
      case Ins.SELECT: case Ins.GET_RESPONSE: case Ins.GET_CARD_DATA: case Ins.INTERNAL_AUTHENTICATE:
      case Ins.VERIFY_PIN: case Ins.READ_WALLETS: case Ins.DEBIT: case Ins.GET_LAST_TRANSACTION:
        break;
      default:
        return answer(c.cla === CLA_ISO || c.cla === CLA_PROPRIETARY ? Sw.INS_NOT_SUPPORTED : Sw.CLA_NOT_SUPPORTED);
    }
    if (c.cla !== (iso ? CLA_ISO : CLA_PROPRIETARY)) return answer(Sw.CLA_NOT_SUPPORTED);
    if (c.ins === Ins.SELECT) return this.select(c, data);
    if (c.ins === Ins.GET_RESPONSE) return this.getResponse(c);
    if (!this.selected) return answer(Sw.CONDITIONS);
    if (c.ins === Ins.READ_WALLETS) {
      if (c.p2 !== 0 || (c.p1 !== WALLETS_PUBLIC && c.p1 !== WALLETS_WITH_BALANCES)) return answer(Sw.WRONG_P1P2);
    } else if (c.p1 !== 0 || c.p2 !== 0) {
      return answer(Sw.WRONG_P1P2);
    }
    switch (c.ins) {
      case Ins.GET_CARD_DATA:
        if (data.length) return answer(Sw.WRONG_LENGTH);
        this.point('checked');
        return answer(Sw.OK, this.certificate);
      case Ins.INTERNAL_AUTHENTICATE:
        if (data.length !== CHALLENGE_LENGTH) return answer(Sw.WRONG_LENGTH);
        this.point('checked');
        return answer(Sw.OK, this.crypto.sign(this.seed(), cardAuthInput(data)));
      case Ins.VERIFY_PIN:
        return this.verifyPin(data);
      case Ins.READ_WALLETS:
        if (data.length) return answer(Sw.WRONG_LENGTH);
        if (c.p1 === WALLETS_WITH_BALANCES && !this.pinVerified) return answer(Sw.PIN_REQUIRED);
        this.point('checked');
        return answer(Sw.OK, encodeWallets(this.nvm.get<Wallet[]>(K.wallets), c.p1 === WALLETS_WITH_BALANCES));
      case Ins.DEBIT:
        return this.debit(data);
      case Ins.GET_LAST_TRANSACTION: {
        if (data.length) return answer(Sw.WRONG_LENGTH);
        const last = this.nvm.get<StoredLast | null>(K.last);
        this.point('checked');
        if (!last) return answer(Sw.NO_TRANSACTION);
        return answer(Sw.OK, encodeLastTransaction({ proof: fromHex(last.proof), readerId: fromHex(last.readerId) }));
      }
      default:
        return answer(Sw.INS_NOT_SUPPORTED);
    }
  }

  private seed(): Uint8Array {
    return fromHex(this.nvm.get<string>(K.seed));
  }

  /** Commit `values` atomically, reporting every internal write as a step. */
  private commit(values: { [key: string]: NvmValue }): void {
    this.nvm.commit(values, (name) => this.point(name));
  }

  private select(c: CommandApdu, data: Uint8Array): Answer {
    if (c.p1 !== 0x04 || c.p2 !== 0x00) return answer(Sw.WRONG_P1P2);
    // Any SELECT ends the current session; an unknown AID leaves the applet deselected.
    this.selected = false;
    this.pinVerified = false;
    if (!bytesEqual(data, PASS_AID)) return answer(Sw.APP_NOT_FOUND);
    this.point('checked');
    this.selected = true;
    return answer(Sw.OK, encodeSelectData({ version: APPLET_VERSION, cardId: this.id, counter: this.nvm.get<number>(K.counter) }));
  }

  private getResponse(c: CommandApdu): Answer {
    if (c.p1 !== 0 || c.p2 !== 0) return answer(Sw.WRONG_P1P2);
    const rest = this.pending;
    if (!rest) return answer(Sw.CONDITIONS);
    this.pending = null;
    this.point('checked');
    return answer(Sw.OK, rest);
  }

  /**
   * VERIFY PIN. Without data: the PIN state. With 4 digits: the try counter is
   * decremented and committed BEFORE comparing (so tearing the card during the
   * comparison never gives a free try), then restored to 3 if the PIN matches.
   */
  private verifyPin(data: Uint8Array): Answer {
    const tries = this.nvm.get<number>(K.tries);
    if (data.length === 0) {
      this.point('checked');
      if (tries === 0) return answer(Sw.PIN_BLOCKED);
      return answer(this.pinVerified ? Sw.OK : Sw.WRONG_PIN | tries);
    }
    if (data.length !== 4) return answer(Sw.WRONG_LENGTH);
    if (!isPinData(data)) return answer(Sw.WRONG_DATA);
    if (tries === 0) return answer(Sw.PIN_BLOCKED);
    this.pinVerified = false;
    this.point('checked');
    this.commit({ [K.tries]: tries - 1 });
    const ok = bytesEqual(pinHash(this.id, data, this.crypto), fromHex(this.nvm.get<string>(K.pinHash)));
    if (!ok) return answer(tries - 1 === 0 ? Sw.PIN_BLOCKED : Sw.WRONG_PIN | (tries - 1));
    this.commit({ [K.tries]: PIN_TRIES });
    this.pinVerified = true;
    return answer(Sw.OK);
  }

  /**
   * DEBIT: re-check the wallet with the shared rules, then ATOMICALLY update
   * the wallet balance, the counter and the last transaction record, and
   * answer the card proof. A refused debit changes nothing.
   */
  private debit(data: Uint8Array): Answer {
    const r = decodeDebitRequest(data);
    if (!r) return answer(Sw.WRONG_DATA);
    if (!this.pinVerified) return answer(Sw.PIN_REQUIRED);
    const wallets = this.nvm.get<Wallet[]>(K.wallets);
    let i = -1;
    for (let k = 0; k < wallets.length; k++) if (wallets[k].benefit === r.benefit && wallets[k].campaign === r.campaign) i = k;
    if (i < 0) return answer(statusSw(Status.NO_SUCH_BENEFIT));
    const w = wallets[i];
    let s = selectWallet([w], r.benefit, r.time).status; // validity of this wallet at `time`
    if (s === Status.OK) s = checkAmount(w.kind, r.amount, w.balance);
    const last = this.nvm.get<StoredLast | null>(K.last);
    const prevTime = last ? last.time : 0;
    if (s === Status.OK && r.time < prevTime) s = Status.CARD_CLOCK_CONFLICT;
    const counter = this.nvm.get<number>(K.counter) + 1;
    if (s === Status.OK && counter > 0xffffffff) s = Status.CARD_ERROR;
    if (s !== Status.OK) return answer(statusSw(s));
    this.point('checked');
    const balanceAfter = applyDebit(w, r.amount);
    const proof = sealCardProof({
      cardId: this.id, counter, benefit: r.benefit, campaign: r.campaign, amount: r.amount, balanceAfter,
      challenge: r.challenge, time: r.time, prevTime, readerId: r.readerId,
    }, this.seed(), this.crypto);
    this.point('signed');
    wallets[i] = { ...w, balance: balanceAfter };
    this.commit({
      [K.wallets]: wallets as unknown as NvmValue,
      [K.counter]: counter,
      [K.last]: { time: r.time, readerId: toHex(r.readerId), proof: toHex(proof) },
    });
    this.pinVerified = false; // one PIN presentation per debit
    return answer(Sw.OK, proof);
  }
}

/** What the card stores instead of the PIN: SHA-256(cardId || 4 ASCII digits). */
export function pinHash(cardId: Uint8Array, pinDigits: Uint8Array, crypto: CryptoPort): Uint8Array {
  return crypto.sha256(concat([cardId, pinDigits]));
}
