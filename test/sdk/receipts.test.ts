/**
 * Receipt verification wrappers (host crypto by default, catalogue categories), the Receipt
 * view, and journal export to JSON and CSV (RFC 4180 quoting).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Status } from '../../protocol/status.js';
import { toHex } from '../../protocol/bytes/hex.js';
import { attachReaderCertificate } from '../../protocol/signed/receipt.js';
import {
  DeviceStatusError,
  PASSAGE_CSV_COLUMNS,
  RECEIPT_CSV_COLUMNS,
  passagesToCsv,
  receiptsToCsv,
  receiptsToJson,
  verifyChain,
  verifyReceipt,
} from '../../sdk/index.js';
import { csvField } from '../../sdk/receipts/export.js';
import { sealedReceipt } from '../signed/fixtures.js';
import { T0, cinemaChain, cinemaReceipt, issuerRoot, readerCertBytes } from './fixtures.js';

const test = suite('sdk: receipts');

test('verifyReceipt: a verified view with names, Dates and hex ids (issuer root as hex too)', () => {
  const id = new Uint8Array(16).fill(0xab);
  const r = verifyReceipt(cinemaReceipt(id), { issuerRoot: toHex(issuerRoot), readerCertificate: readerCertBytes, lang: 'fr' });
  assert.is(r.requestId, 'ab'.repeat(16));
  assert.is(r.benefitLabel, 'Cinéma');
  assert.is(r.category, 3);
  assert.is(r.unit, 'units');
  assert.is(r.readerId, '6a3803d5f059902a');
  assert.ok(r.time instanceof Date);
  assert.is(r.cardTime, null);
  assert.is(r.prev, '00'.repeat(32));
  assert.is(r.hash.length, 64);
});

test('verifyReceipt uses the attached certificate when none is given', () => {
  const bytes = attachReaderCertificate(cinemaReceipt(new Uint8Array(4)), readerCertBytes);
  assert.is(verifyReceipt(bytes, { issuerRoot }).partnerName, 'Cinéma Le Zola');
});

test('verifyReceipt throws a host-side DeviceStatusError naming the failed step', () => {
  const bytes = cinemaReceipt(new Uint8Array(4));
  const bad = Uint8Array.from(bytes);
  bad[20] ^= 1; // inside the signed body
  try {
    verifyReceipt(bad, { issuerRoot, readerCertificate: readerCertBytes });
    assert.unreachable();
  } catch (e) {
    assert.ok(e instanceof DeviceStatusError);
    assert.is(e.code, Status.RECEIPT_INVALID);
    assert.is(e.source, 'host');
    assert.is(e.details.step, 'readerSignature');
  }
  try {
    verifyReceipt(bytes, { issuerRoot });
    assert.unreachable();
  } catch (e) {
    assert.is((e as DeviceStatusError).name, 'CERTIFICATE_INVALID'); // no certificate at all
  }
});

test('category check: the catalogue by default, skippable', () => {
  // benefit 7 (HUNTING, category 10) is not in the fixture certificate's categories 1, 3
  const hunting = sealedReceipt({ benefit: 7 }, {});
  try {
    verifyReceipt(hunting, { issuerRoot, readerCertificate: readerCertBytes });
    assert.unreachable();
  } catch (e) {
    assert.is((e as DeviceStatusError).name, 'CATEGORY_NOT_AGREED');
  }
  assert.is(verifyReceipt(hunting, { issuerRoot, readerCertificate: readerCertBytes, categoryOf: null }).benefit, 7);
});

test('verifyChain: ok, then a replay detected', () => {
  const chain = cinemaChain(3);
  const ok = verifyChain(chain, { issuerRoot, readerCertificate: readerCertBytes });
  assert.ok(ok.ok);
  assert.equal(ok.receipts.map((r) => r.seq), [1, 2, 3]);
  assert.is(ok.receipts[2].holderName, 'Camille Martin');
  const bad = verifyChain([chain[0], chain[1], chain[1]], { issuerRoot, readerCertificate: readerCertBytes });
  assert.not.ok(bad.ok);
  assert.is(bad.problem, 'replay');
  assert.is(bad.index, 2);
  assert.match(bad.message, /Receipt 2: it repeats an earlier receipt/);
  const cont = verifyChain([chain[2]], { issuerRoot, readerCertificate: readerCertBytes, previous: chain[0] });
  assert.is(cont.problem, 'gap');
});

test('CSV: RFC 4180 quoting, CRLF, header of documented columns', () => {
  assert.is(csvField('plain'), 'plain');
  assert.is(csvField('a,b'), '"a,b"');
  assert.is(csvField('say "hi"'), '"say ""hi"""');
  assert.is(csvField('two\nlines'), '"two\nlines"');
  assert.is(csvField(undefined), '');
  const r = verifyReceipt(cinemaReceipt(new Uint8Array(2), 1, new Uint8Array(32), 'Ticket "A", row 3'), { issuerRoot, readerCertificate: readerCertBytes });
  const csv = receiptsToCsv([r]);
  const lines = csv.split('\r\n');
  assert.is(lines[0], RECEIPT_CSV_COLUMNS.join(','));
  assert.is(lines.length, 3);
  assert.is(lines[2], '');
  assert.ok(lines[1].startsWith(`1,${new Date((T0 + 60) * 1000).toISOString()},6a3803d5f059902a,`));
  assert.ok(lines[1].includes(',"Ticket ""A"", row 3",'));
  assert.ok(lines[1].includes(',Cinema,3,2024,1,units,4,100,'));
  const withBytes = receiptsToCsv([r], { bytes: true }).split('\r\n');
  assert.ok(withBytes[0].endsWith(',receipt_hex'));
  assert.ok(withBytes[1].endsWith(toHex(r.bytes)));
});

test('passages CSV and receipts JSON', () => {
  const csv = passagesToCsv([{ seq: 3, time: new Date(0), allowed: false, reason: 0x71, reasonName: 'DOUBLE_TAP', message: '', holderName: 'Léa, B.' }]);
  assert.is(csv, `${PASSAGE_CSV_COLUMNS.join(',')}\r\n3,1970-01-01T00:00:00.000Z,false,113,DOUBLE_TAP,,"Léa, B."\r\n`);
  const r = verifyReceipt(cinemaReceipt(new Uint8Array(2)), { issuerRoot, readerCertificate: readerCertBytes });
  const [j] = JSON.parse(receiptsToJson([r])) as Record<string, unknown>[];
  assert.is(j.time, r.time.toISOString());
  assert.is(j.bytes, toHex(r.bytes));
  assert.is(j.cardTime, null);
  // the exported bytes verify again
  assert.is(verifyReceipt(new Uint8Array(Buffer.from(j.bytes as string, 'hex')), { issuerRoot, readerCertificate: readerCertBytes }).hash, r.hash);
});

test.run();
