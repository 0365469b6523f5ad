// sdk/README.md, 'A Node script' (typechecked, never run; entries.test.ts keeps it equal to the README).
// ---
import { writeFileSync } from 'node:fs';
import { Reader, nodeUsb, receiptsToCsv } from '../../../sdk/node.js';

const usb = nodeUsb();
const reader = await Reader.connect(await usb.requestReader(), { issuerRoot: process.env.ISSUER_ROOT!, hub: usb });
try {
  const page = await reader.journal(); // every retained receipt, verified as a hash chain
  if (!page.chain?.ok) throw new Error(page.chain?.message);
  writeFileSync('receipts.csv', receiptsToCsv(page.receipts));
  writeFileSync('receipts.raw.json', JSON.stringify(page.raw.map((b) => Buffer.from(b).toString('hex'))));
  if (page.last > 0) await reader.acknowledge(page.last); // only once both files are safely stored
} finally {
  await reader.close();
}

export {};
