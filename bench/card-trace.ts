/**
 * Reference APDU traces of a debit and an access check, made by sending the
 * reader-side commands of protocol/card straight to a card applet of the dev
 * issuer, in the order the firmware's flows use (firmware/app/card-session.ts,
 * flows/debit.ts, flows/access.ts). Table 5 uses them when the firmware
 * cannot be run (no simulator/reader yet); otherwise it records the
 * firmware's own exchanges.
 */
import { parseResponse } from '../protocol/card/apdu.js';
import {
  continuation, debitCommand, getCardDataCommand, internalAuthenticateCommand,
  readWalletsCommand, selectCommand, verifyPinCommand,
} from '../protocol/card/commands.js';
import { Sw } from '../protocol/card/sw.js';
import type { CryptoPort } from '../protocol/crypto.js';
import type { CardApplet } from '../simulator/card/applet.js';
import { createIssuer, type Issuer } from '../simulator/issuer/index.js';
import type { Exchange } from './nfc-model.js';

/** A card of the dev issuer with a wallet to debit, and its PIN. */
export interface BenchCard {
  card: CardApplet;
  pin: string;
  benefit: number;
  campaign: number;
  /** A time inside the wallet's validity. */
  time: number;
  amount: number;
}

/** The cinema benefit (units: 5 tickets a campaign), the one the bench debits. */
export const CINEMA = 8;
/** 15 October 2024, 14:00 Paris (12:00 UTC): every 2024 wallet is valid. */
export const BENCH_TIME = 1728993600;

/** Issue a card of the dev issuer seeded `seed` (profile 'cap1-cooking', PIN 1234) and pick its cinema wallet. */
export function benchCard(crypto: CryptoPort, seed = 'bench', issuer: Issuer = createIssuer(seed, crypto)): BenchCard {
  const pin = '1234';
  const card = issuer.issueCard('cap1-cooking', { pin, establishment: 690001, holderName: 'Camille Bench' });
  const w = card.state().wallets.find((x) => x.benefit === CINEMA && x.balance > 0);
  if (!w) throw new Error('bench card has no cinema wallet');
  return { card, pin, benefit: w.benefit, campaign: w.campaign, time: BENCH_TIME, amount: 1 };
}

/** Send one command and its GET RESPONSE continuations, recording every exchange. */
function send(card: CardApplet, apdu: Uint8Array, trace: Exchange[]): number {
  let cmd: Uint8Array | null = apdu;
  let sw = 0;
  while (cmd) {
    const rsp = card.transceive(cmd);
    trace.push({ command: cmd, response: rsp });
    const r = parseResponse(rsp);
    sw = r.sw;
    cmd = continuation(r);
  }
  return sw;
}

/** The reference trace of a debit; `pinAt` is the index of the exchange the holder's PIN entry precedes. */
export function referenceDebitTrace(b: BenchCard): { trace: Exchange[]; pinAt: number } {
  const trace: Exchange[] = [];
  b.card.reset();
  send(b.card, selectCommand(), trace);
  send(b.card, getCardDataCommand(), trace);
  send(b.card, internalAuthenticateCommand(new Uint8Array(16).fill(7)), trace);
  send(b.card, readWalletsCommand(false), trace);
  const pinAt = trace.length;
  if (send(b.card, verifyPinCommand(b.pin), trace) !== Sw.OK) throw new Error('bench card refused its PIN');
  send(b.card, readWalletsCommand(true), trace);
  const sw = send(b.card, debitCommand({
    benefit: b.benefit, campaign: b.campaign, amount: b.amount, time: b.time,
    challenge: new Uint8Array(16).fill(9), readerId: new Uint8Array(8).fill(1),
  }), trace);
  if (sw !== Sw.OK) throw new Error('bench card refused the debit: SW ' + sw.toString(16));
  return { trace, pinAt };
}

/** The reference trace of an access check (no PIN): SELECT, GET CARD DATA, INTERNAL AUTHENTICATE. */
export function referenceAccessTrace(b: BenchCard): Exchange[] {
  const trace: Exchange[] = [];
  b.card.reset();
  send(b.card, selectCommand(), trace);
  send(b.card, getCardDataCommand(), trace);
  send(b.card, internalAuthenticateCommand(new Uint8Array(16).fill(7)), trace);
  return trace;
}
