/** Reader identity, certificates and receipts for the SDK tests (keys of test/signed/fixtures.ts). */
import { receiptHash } from '../../protocol/signed/receipt.js';
import type { GetInfoResult } from '../../protocol/messages/types.js';
import {
  T0,
  crypto,
  issuerRoot,
  readerCertBytes,
  readerId,
  readerPublicKey,
  sealedReceipt,
} from '../signed/fixtures.js';

export { T0, crypto, issuerRoot, readerCertBytes, readerId, readerPublicKey };

/** Benefit codes used here: 8 CINEMA (category 3, units) is agreed by the fixture certificate (categories 1, 3). */
export const CINEMA = 8;
export const COMP_TEXTBOOKS = 2;

/** GET_INFO of the fixture reader (merchant, certificate installed, clock set). */
export function info(over: Partial<GetInfoResult> = {}): GetInfoResult {
  return {
    firmwareVersion: '0.1.0',
    protocolVersion: 1,
    readerId,
    publicKey: readerPublicKey,
    certificate: readerCertBytes,
    mode: 1,
    capabilities: 0x0f,
    time: T0,
    lastReceiptTime: 0,
    denylistVersion: 0,
    journal: { used: 0, capacity: 512, unacknowledged: 0 },
    maxMessage: 4096,
    ...over,
  };
}

/** A cinema receipt (1 unit) for `requestId`, seq `seq`, chained on `prev`. */
export function cinemaReceipt(requestId: Uint8Array, seq = 1, prev: Uint8Array = new Uint8Array(32), reference = 'T-000123'): Uint8Array {
  return sealedReceipt(
    { benefit: CINEMA, counter: seq, balanceAfter: 5 - seq, time: T0 + seq * 60, prevTime: seq === 1 ? 0 : T0 + (seq - 1) * 60 },
    { seq, prev, requestId, reference },
  );
}

/** `n` chained cinema receipts with request ids 01.., 02.., ... */
export function cinemaChain(n: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  let prev: Uint8Array = new Uint8Array(32);
  for (let i = 1; i <= n; i++) {
    const r = cinemaReceipt(new Uint8Array(16).fill(i), i, prev);
    out.push(r);
    prev = receiptHash(r, crypto);
  }
  return out;
}
