/**
 * A model of the time a card spends in the reader's field: the bytes of an
 * APDU trace turned into ISO/IEC 14443 type A air time, plus assumed card
 * processing times per command. Every constant is stated here and in
 * docs/benchmarks.md (table 5); nothing is measured on hardware.
 */
import { Ins } from '../protocol/card/constants.js';

/** One APDU exchange as seen at the PN532 (command APDU, response APDU with SW). */
export interface Exchange {
  command: Uint8Array;
  response: Uint8Array;
}

/** Carrier frequency, Hz (ISO/IEC 14443-2). */
export const FC = 13.56e6;
/** 106 kbit/s: fc/128 (one etu = 128/fc = 9.44 us). */
export const RATE_106 = FC / 128;
/** 424 kbit/s: fc/32. */
export const RATE_424 = FC / 32;
/** Bits on air per byte in a type A standard frame: 8 data bits + 1 odd parity bit (ISO/IEC 14443-3 §6.2.3.2). */
export const BITS_PER_BYTE = 9;
/** Start-of-frame and end-of-frame bits per standard frame. */
export const FRAME_OVERHEAD_BITS = 2;
/** ISO-DEP block overhead: PCB (1 byte) + CRC_A (2 bytes); no CID, no NAD (ISO/IEC 14443-4 §7.1). */
export const BLOCK_OVERHEAD = 3;
/** Reader frame size FSD: 64 bytes (PN532 RATS parameter FSDI = 5); card answers are chained in blocks of FSD - 3 INF bytes. */
export const FSD = 64;
/** Card frame size FSC: 256 bytes (ATS 05 78 80 70 02: FSCI = 8); every command of the profile fits one block. */
export const FSC = 256;
/** Card turnaround: frame delay time PCD -> PICC, 1172/fc (ISO/IEC 14443-3 §6.2.1.1, last bit 0). */
export const FDT_CARD_S = 1172 / FC;
/** Reader turnaround: minimum delay PICC -> PCD before the next reader frame, 6780/fc (EMV Contactless Book D; conservative). */
export const FDT_READER_S = 6780 / FC;
/** Reader host bus: PN532 over I2C at 400 kHz, 9 clocks per byte (8 bits + ACK). */
export const I2C_BYTE_S = 9 / 400e3;

/** Card processing time assumed per command, low and high, in milliseconds. */
export interface CardCost {
  name: string;
  lowMs: number;
  highMs: number;
  why: string;
}

/** Assumed processing times of a secure-element card (Java Card class, ed25519 in a crypto coprocessor). */
export const CARD_COSTS: Record<number, CardCost> = {
  [Ins.SELECT]: { name: 'SELECT', lowMs: 1, highMs: 3, why: 'applet selection, build a 16-byte answer' },
  [Ins.GET_RESPONSE]: { name: 'GET RESPONSE', lowMs: 0.5, highMs: 1, why: 'copy from RAM' },
  [Ins.GET_CARD_DATA]: { name: 'GET CARD DATA', lowMs: 2, highMs: 5, why: 'read ~150 bytes of EEPROM' },
  [Ins.INTERNAL_AUTHENTICATE]: { name: 'INTERNAL AUTHENTICATE', lowMs: 30, highMs: 80, why: 'one ed25519 signature on the secure element' },
  [Ins.VERIFY_PIN]: { name: 'VERIFY PIN', lowMs: 5, highMs: 15, why: 'try counter decremented in EEPROM before the compare, restored after (2 writes)' },
  [Ins.READ_WALLETS]: { name: 'READ WALLETS', lowMs: 2, highMs: 5, why: 'read and encode the wallet table' },
  [Ins.DEBIT]: { name: 'DEBIT', lowMs: 45, highMs: 110, why: 'rules + one ed25519 signature + transactional EEPROM update (journal, commit, apply: ~8 page writes)' },
  [Ins.GET_LAST_TRANSACTION]: { name: 'GET LAST TRANSACTION', lowMs: 2, highMs: 5, why: 'read the last-transaction record' },
};

/** The command name of an APDU (VERIFY PIN without data is the PIN state query). */
export function commandName(apdu: Uint8Array): string {
  const c = CARD_COSTS[apdu[1]];
  if (!c) return 'INS ' + apdu[1].toString(16);
  if (apdu[1] === Ins.VERIFY_PIN && apdu.length === 4) return 'VERIFY PIN (state)';
  return c.name;
}

function cardCost(apdu: Uint8Array): { low: number; high: number } {
  if (apdu[1] === Ins.VERIFY_PIN && apdu.length === 4) return { low: 0.5, high: 1 };
  const c = CARD_COSTS[apdu[1]];
  return c ? { low: c.lowMs, high: c.highMs } : { low: 1, high: 3 };
}

/** Air time of one standard frame of `bytes` bytes at `bitRate`. */
export function frameSeconds(bytes: number, bitRate: number): number {
  return (bytes * BITS_PER_BYTE + FRAME_OVERHEAD_BITS) / bitRate;
}

/** Frames on air for one APDU exchange: one I-block command, the answer chained in FSD-sized blocks, R(ACK)s in between. */
export function exchangeFrames(e: Exchange): { readerFrames: number[]; cardFrames: number[] } {
  const readerFrames: number[] = [];
  const cardFrames: number[] = [];
  // Commands of the profile are at most 5 + 255 + 1 bytes; FSC 256 holds 253 INF bytes: chain if ever longer.
  const cmdMax = FSC - BLOCK_OVERHEAD;
  let at = 0;
  do {
    if (at > 0) cardFrames.push(BLOCK_OVERHEAD); // R(ACK) from the card for a chained command
    readerFrames.push(Math.min(cmdMax, e.command.length - at) + BLOCK_OVERHEAD);
    at += cmdMax;
  } while (at < e.command.length);
  const rspMax = FSD - BLOCK_OVERHEAD;
  for (let r = 0; r < e.response.length; r += rspMax) {
    if (r > 0) readerFrames.push(BLOCK_OVERHEAD); // R(ACK) from the reader for each chained block
    cardFrames.push(Math.min(rspMax, e.response.length - r) + BLOCK_OVERHEAD);
  }
  return { readerFrames, cardFrames };
}

/** Activation of one card with a 7-byte UID, and (at 424 kbit/s) the PPS exchange; all at 106 kbit/s. */
export function activationSeconds(bitRate: number, uidLength = 7): { seconds: number; readerBytes: number; cardBytes: number } {
  const r106 = RATE_106;
  const bit106 = 1 / RATE_106;
  let s = 0;
  let rb = 0;
  let cb = 0;
  const rframe = (n: number) => {
    s += frameSeconds(n, r106) + FDT_CARD_S;
    rb += n;
  };
  const cframe = (n: number) => {
    s += frameSeconds(n, r106) + FDT_READER_S;
    cb += n;
  };
  s += 8 * bit106 + FDT_CARD_S; // WUPA: a 7-bit short frame
  cframe(2); // ATQA
  const levels = uidLength === 4 ? 1 : uidLength === 7 ? 2 : 3;
  for (let l = 0; l < levels; l++) {
    rframe(2); // ANTICOLLISION: SEL NVB
    cframe(5); // UID CLn + BCC
    rframe(9); // SELECT: SEL NVB UID(4) BCC CRC_A
    cframe(3); // SAK + CRC_A
  }
  rframe(4); // RATS E0 50 + CRC_A
  cframe(7); // ATS 05 78 80 70 02 + CRC_A
  if (bitRate > RATE_106) {
    rframe(5); // PPS: PPSS PPS0 PPS1 + CRC_A
    cframe(3); // PPS response + CRC_A
  }
  // MaxTg = 2: the PN532 looks for a second card (HLTA, then a WUPA nobody answers).
  rframe(4);
  s += 8 * bit106 + 1e-3; // WUPA, no ATQA within the 1 ms the model allows
  return { seconds: s, readerBytes: rb, cardBytes: cb };
}

/** Card-in-field time of a trace, split in components. */
export interface FieldTime {
  bitRate: number;
  exchanges: number;
  readerBytes: number;
  cardBytes: number;
  activationMs: number;
  airMs: number;
  turnaroundMs: number;
  cardLowMs: number;
  cardHighMs: number;
  /** PN532 host bus (I2C) time for the frames, when the bus byte counts are known. */
  busMs: number;
  totalLowMs: number;
  totalHighMs: number;
}

/** Model the card-in-field time of `trace` at `bitRate` (RATE_106 or RATE_424); `busBytes` = PN532 bus bytes (both ways) if known. */
export function fieldTime(trace: Exchange[], bitRate: number, busBytes = 0): FieldTime {
  const act = activationSeconds(bitRate);
  let air = 0;
  let turn = 0;
  let low = 0;
  let high = 0;
  let rb = act.readerBytes;
  let cb = act.cardBytes;
  for (const e of trace) {
    const f = exchangeFrames(e);
    for (const n of f.readerFrames) {
      air += frameSeconds(n, bitRate);
      turn += FDT_CARD_S;
      rb += n;
    }
    for (const n of f.cardFrames) {
      air += frameSeconds(n, bitRate);
      turn += FDT_READER_S;
      cb += n;
    }
    const c = cardCost(e.command);
    low += c.low / 1000;
    high += c.high / 1000;
  }
  const bus = busBytes * I2C_BYTE_S;
  const fixed = act.seconds + air + turn + bus;
  return {
    bitRate,
    exchanges: trace.length,
    readerBytes: rb,
    cardBytes: cb,
    activationMs: act.seconds * 1000,
    airMs: air * 1000,
    turnaroundMs: turn * 1000,
    cardLowMs: low * 1000,
    cardHighMs: high * 1000,
    busMs: bus * 1000,
    totalLowMs: (fixed + low) * 1000,
    totalHighMs: (fixed + high) * 1000,
  };
}
