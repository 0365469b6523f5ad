/**
 * The verified receipt as the till shows and prints it: benefit, amount,
 * balance after, card, holder, reader sequence number, Paris time, and the
 * verification mark.
 */
import type { Receipt } from '../../sdk/receipts/receipt.js';
import { benefitLabel, campaignLabel } from '../../protocol/catalogue/labels.js';
import { lang, t } from '../shared/i18n.js';
import { formatCents } from '../shared/money.js';
import { formatDateTime } from '../shared/time.js';

/** An amount of a receipt's benefit in its unit ("42,50 €", "2 place(s)", "1 utilisation(s)"). */
export function formatAmount(unit: Receipt['unit'], n: number): string {
  if (unit === 'cents') return formatCents(n, lang());
  if (unit === 'units') return t('units', { n });
  return t('uses', { n });
}

/** The receipt element for `r` (verified: its chain and signatures checked). */
export function receiptElement(r: Receipt, verified: boolean): HTMLElement {
  const l = lang();
  const box = document.createElement('article');
  box.className = 'receipt';
  box.id = 'receipt-card';
  const h = document.createElement('h3');
  h.textContent = `${r.partnerName} — ${t('receiptTitle')}`;
  box.append(h);
  const rows: Array<[string, string, string?]> = [
    [t('rBenefit'), benefitLabel(r.benefit, l)],
    [t('rAmount'), formatAmount(r.unit, r.amount), 'amount'],
  ];
  if (r.copay) rows.push([t('rCopay'), formatCents(r.copay, l)]);
  rows.push(
    [t('rBalance'), formatAmount(r.unit, r.balanceAfter)],
    [t('rHolder'), r.holderName],
    [t('rCard'), r.cardId],
    [t('rCampaign'), campaignLabel(r.campaign)],
  );
  if (r.reference) rows.push([t('rReference'), r.reference]);
  rows.push(
    [t('rTime'), formatDateTime(Math.floor(r.time.getTime() / 1000), l)],
    [t('rReader'), r.readerId],
    [t('rSeq'), String(r.seq)],
  );
  const dl = document.createElement('dl');
  for (const [k, v, cls] of rows) {
    const dt = document.createElement('dt');
    dt.textContent = k;
    const dd = document.createElement('dd');
    dd.textContent = v;
    if (cls) dd.className = cls;
    dl.append(dt, dd);
  }
  box.append(dl);
  if (r.kind === 'recovered') {
    const p = document.createElement('p');
    p.className = 'recovered';
    p.textContent = t('doneRecovered');
    box.append(p);
  }
  const v = document.createElement('p');
  v.className = verified ? 'verified' : 'verified bad';
  v.id = 'receipt-verified';
  v.textContent = verified ? t('verified') : t('notVerified');
  box.append(v);
  return box;
}
