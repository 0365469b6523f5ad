/** The receipts of this till session: a table, newest first. */
import type { Receipt } from '../../sdk/receipts/receipt.js';
import { benefitLabel } from '../../protocol/catalogue/labels.js';
import { lang, t } from '../shared/i18n.js';
import { formatClock } from '../shared/time.js';
import { formatAmount } from './receipt-view.js';

/** Draw `receipts` into `host`. */
export function renderReceipts(host: HTMLElement, receipts: Receipt[]): void {
  if (receipts.length === 0) {
    const p = document.createElement('p');
    p.textContent = t('noReceipts');
    host.replaceChildren(p);
    return;
  }
  const table = document.createElement('table');
  table.id = 'receipts-table';
  const head = table.createTHead().insertRow();
  for (const [k, num] of [['rSeq', true], ['colTime', false], ['rBenefit', false], ['rAmount', true], ['rBalance', true], ['rHolder', false], ['rReference', false]] as const) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = t(k);
    if (num) th.className = 'num';
    head.append(th);
  }
  const body = table.createTBody();
  for (const r of receipts.slice().reverse()) {
    const row = body.insertRow();
    const cells: Array<[string, boolean]> = [
      [String(r.seq), true],
      [formatClock(Math.floor(r.time.getTime() / 1000)), false],
      [benefitLabel(r.benefit, lang()) + (r.kind === 'recovered' ? ' ↺' : ''), false],
      [formatAmount(r.unit, r.amount), true],
      [formatAmount(r.unit, r.balanceAfter), true],
      [r.holderName, false],
      [r.reference ?? '', false],
    ];
    for (const [text, num] of cells) {
      const td = row.insertCell();
      td.textContent = text;
      if (num) td.className = 'num';
    }
  }
  host.replaceChildren(table);
}
