/**
 * Journal export: receipts and passages as JSON or CSV (RFC 4180: comma separated, CRLF line
 * ends, a header row, fields quoted when they hold a comma, a double quote, CR or LF, with
 * inner quotes doubled). Times are ISO 8601 UTC; ids and bytes are lower-case hex.
 */
import { toHex } from '../../protocol/bytes/hex.js';
import type { PassageView } from '../reader/views.js';
import type { Receipt } from './receipt.js';

/**
 * Receipt CSV columns, in order:
 * seq, time (ISO 8601 UTC), reader_id, card_id, holder_name, establishment, benefit (code),
 * benefit_label, category, campaign, amount, unit (cents | units | uses), balance_after,
 * copay_cents (empty when none), reference, request_id, kind (debit | recovered),
 * partner_id, partner_name, hash (this receipt's chain hash), prev (the previous one's),
 * and with `{ bytes: true }` a last column receipt_hex (the signed envelope).
 */
export const RECEIPT_CSV_COLUMNS = [
  'seq', 'time', 'reader_id', 'card_id', 'holder_name', 'establishment', 'benefit', 'benefit_label', 'category',
  'campaign', 'amount', 'unit', 'balance_after', 'copay_cents', 'reference', 'request_id', 'kind', 'partner_id',
  'partner_name', 'hash', 'prev',
] as const;

/** Passage CSV columns: seq, time, allowed (true | false), reason (code), reason_name, card_id, holder_name. */
export const PASSAGE_CSV_COLUMNS = ['seq', 'time', 'allowed', 'reason', 'reason_name', 'card_id', 'holder_name'] as const;

/** One CSV field per RFC 4180. */
export function csvField(v: unknown): string {
  const s = v === undefined || v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csv(rows: unknown[][]): string {
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** Receipts as CSV text (columns: {@link RECEIPT_CSV_COLUMNS}). */
export function receiptsToCsv(receipts: Receipt[], options: { bytes?: boolean } = {}): string {
  const header: string[] = [...RECEIPT_CSV_COLUMNS];
  if (options.bytes) header.push('receipt_hex');
  const rows: unknown[][] = [header];
  for (const r of receipts) {
    const row: unknown[] = [
      r.seq, r.time.toISOString(), r.readerId, r.cardId, r.holderName, r.establishment, r.benefit, r.benefitLabel,
      r.category, r.campaign, r.amount, r.unit, r.balanceAfter, r.copay, r.reference, r.requestId, r.kind,
      r.partnerId, r.partnerName, r.hash, r.prev,
    ];
    if (options.bytes) row.push(toHex(r.bytes));
    rows.push(row);
  }
  return csv(rows);
}

/** Passages as CSV text (columns: {@link PASSAGE_CSV_COLUMNS}). */
export function passagesToCsv(passages: PassageView[]): string {
  const rows: unknown[][] = [[...PASSAGE_CSV_COLUMNS]];
  for (const p of passages) {
    rows.push([p.seq, p.time.toISOString(), p.allowed, p.reason, p.reasonName, p.cardId, p.holderName]);
  }
  return csv(rows);
}

/** A JSON-ready receipt: the view's fields, times as ISO strings, `bytes` as hex. */
export function receiptToJson(r: Receipt): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) {
    out[k] = v instanceof Date ? v.toISOString() : v instanceof Uint8Array ? toHex(v) : v;
  }
  return out;
}

/** Receipts as a JSON array (each with its signed envelope in hex, so it can be verified again). */
export function receiptsToJson(receipts: Receipt[], space = 2): string {
  return JSON.stringify(receipts.map(receiptToJson), null, space);
}

/** Passages as a JSON array (times as ISO strings). */
export function passagesToJson(passages: PassageView[], space = 2): string {
  return JSON.stringify(passages.map((p) => ({ ...p, time: p.time.toISOString() })), null, space);
}
