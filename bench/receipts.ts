/**
 * Table 2: receipts verified per second, offline, by the SDK's two crypto
 * ports: node:crypto (OpenSSL) and the browser one (@noble/ed25519 +
 * @noble/hashes). A single receipt (reader certificate attached: 4 ed25519
 * verifications) and a chain of 100 (certificate checked once, then 3
 * verifications and 2 SHA-256 per receipt plus the hash links).
 */
import { Status } from '../protocol/status.js';
import type { CryptoPort } from '../protocol/crypto.js';
import { verifyReceipt } from '../protocol/signed/verify.js';
import { verifyChain } from '../protocol/signed/chain.js';
import { createBrowserCrypto, createNodeCrypto } from '../sdk/crypto/index.js';
import { receiptFixture } from './chain.js';
import { measure, progress, type BenchOptions, type Table } from './util.js';

/** One row of results. */
export interface ReceiptRow {
  implementation: string;
  mode: string;
  receiptsPerSec: number;
  msPerReceipt: number;
  ed25519VerifiesPerSec: number;
}

/** Run table 2. */
export function benchReceipts(o: BenchOptions): { table: Table; rows: ReceiptRow[] } {
  const CHAIN = 100;
  const node = createNodeCrypto();
  const fx = receiptFixture(CHAIN, node);
  const impls: [string, CryptoPort][] = [
    ['node:crypto', node],
    ['browser (@noble)', createBrowserCrypto()],
  ];
  const rows: ReceiptRow[] = [];
  const probeSeed = new Uint8Array(32);
  for (const [name, crypto] of impls) {
    // Correctness first: both must accept the fixture.
    const one = verifyReceipt(fx.single, { issuerRoot: fx.issuerRoot }, crypto);
    if (one.status !== Status.OK) throw new Error(`${name}: vector receipt does not verify (${one.step})`);
    for (const c of [fx.chain, fx.manyCards]) {
      const ch = verifyChain(c, { issuerRoot: fx.issuerRoot, readerCertificate: fx.readerCertificate }, crypto);
      if (ch.status !== Status.OK) throw new Error(`${name}: chain does not verify at ${ch.index} (${ch.problem})`);
    }

    progress(o, `receipts ${name}: ed25519 verify`);
    const sig = crypto.sign(probeSeed, fx.single);
    const pk = crypto.publicKey(probeSeed);
    const raw = measure(() => crypto.verify(pk, fx.single, sig), o);
    progress(o, `receipts ${name}: single`);
    const single = measure(() => verifyReceipt(fx.single, { issuerRoot: fx.issuerRoot }, crypto), o);
    rows.push({ implementation: name, mode: 'single (cert attached)', receiptsPerSec: single.opsPerSec, msPerReceipt: single.msPerOp, ed25519VerifiesPerSec: raw.opsPerSec });
    progress(o, `receipts ${name}: chain of ${CHAIN}`);
    // A chain takes 40 ms (node) to 1.5 s (noble): fewer, single-call runs.
    const chainOpts = { ...o, runMs: 1, runs: Math.min(o.runs, 3) };
    const chain = measure(() => verifyChain(fx.chain, { issuerRoot: fx.issuerRoot, readerCertificate: fx.readerCertificate }, crypto), chainOpts, CHAIN);
    rows.push({ implementation: name, mode: `verifyChain x${CHAIN}, one card`, receiptsPerSec: chain.opsPerSec, msPerReceipt: chain.msPerOp, ed25519VerifiesPerSec: raw.opsPerSec });
    progress(o, `receipts ${name}: chain of ${CHAIN}, ${CHAIN} cards`);
    const many = measure(() => verifyChain(fx.manyCards, { issuerRoot: fx.issuerRoot, readerCertificate: fx.readerCertificate }, crypto), chainOpts, CHAIN);
    rows.push({ implementation: name, mode: `verifyChain x${CHAIN}, ${CHAIN} cards`, receiptsPerSec: many.opsPerSec, msPerReceipt: many.msPerOp, ed25519VerifiesPerSec: raw.opsPerSec });
  }
  const table: Table = {
    id: 'receipts',
    title: 'Table 2. Receipts verified per second (protocol/signed, offline)',
    columns: ['crypto port', 'mode', 'receipts/s', 'ms/receipt', 'raw ed25519 verify/s'],
    rows: rows.map((r) => [r.implementation, r.mode, r.receiptsPerSec, r.msPerReceipt, r.ed25519VerifiesPerSec]),
    notes: [
      'single: reader certificate + reader signature + card certificate + card proof = 4 ed25519 verifications;',
      'chain: the certificate is opened once, then 3 verifications and 2 SHA-256 per receipt, and seq/prev links;',
      '"100 cards": every receipt from another card (own key and certificate), as a real reader\'s day; node:crypto then builds a',
      'public-key object per card (sdk/crypto/node.ts caches 64 and clears them all when full).',
    ],
  };
  return { table, rows };
}
