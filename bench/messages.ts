/**
 * The representative messages the codec benchmark and the fuzzers use, as
 * exact bytes: a DEBIT request, a DEBIT response carrying a real receipt
 * (with its reader-certificate attachment), a READ_CARD response.
 */
import { Status } from '../protocol/status.js';
import { Command } from '../protocol/messages/codes.js';
import { encodeResponse } from '../protocol/messages/envelope.js';
import { fromHex, loadVectors } from '../test/vectors/load.js';

/** One named message. */
export interface BenchMessage {
  name: string;
  bytes: Uint8Array;
}

interface MessageVectors {
  requests: { name: string; hex: string }[];
  responses: { name: string; hex: string }[];
}

interface ReceiptVectors {
  receipts: { envelope: string }[];
}

function hexOf(list: { name: string; hex: string }[], name: string): Uint8Array {
  const v = list.find((x) => x.name === name);
  if (!v) throw new Error(`vector ${name} missing from test/vectors/messages.json`);
  return fromHex(v.hex);
}

/** The three messages of the codec table. */
export function benchMessages(): BenchMessage[] {
  const m = loadVectors<MessageVectors>('messages');
  const r = loadVectors<ReceiptVectors>('receipts');
  const receipt = fromHex(r.receipts[0].envelope);
  const debitResponse = encodeResponse(Command.DEBIT, Status.OK, { receipt, balance: 4 });
  return [
    { name: 'DEBIT request', bytes: hexOf(m.requests, 'DEBIT one cinema ticket') },
    { name: 'DEBIT response + receipt', bytes: debitResponse },
    { name: 'READ_CARD response', bytes: hexOf(m.responses, 'READ_CARD') },
  ];
}
