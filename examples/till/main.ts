/**
 * The partner till: connect a reader (WebUSB, or the demo's simulated one),
 * pick an agreed benefit, type the amount, debit; the holder taps and types
 * the PIN on the reader; the till shows the verified receipt, keeps the
 * session's receipts and exports them.
 */
import { DeviceStatusError, Status, TransportError, receiptsToCsv, receiptsToJson, type DebitResult } from '../../sdk/index.js';
import { benefitLabel } from '../../protocol/catalogue/labels.js';
import { addStrings, bindLangToggle, initialLang, lang, onLangChange, setLang, t } from '../shared/i18n.js';
import { SHARED_STRINGS } from '../shared/strings.js';
import { explain, noticeElement } from '../shared/explain.js';
import { fetchConfig, type PageConfig } from '../shared/sim-api.js';
import { downloadText } from '../shared/download.js';
import { formatCents, parseEuros, parseUnits } from '../shared/money.js';
import { ReaderLink } from '../shared/reader-link.js';
import { TILL_STRINGS } from './strings.js';
import { amountKind, offersFor, type Offer } from './benefits.js';
import { ProgressView } from './progress.js';
import { formatAmount, receiptElement } from './receipt-view.js';
import { renderReceipts } from './receipts-list.js';
import { checkLink } from './chain.js';

addStrings(SHARED_STRINGS);
addStrings(TILL_STRINGS);

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const form = $<HTMLFormElement>('debit-form');
const benefitSel = $<HTMLSelectElement>('benefit');
const amountIn = $<HTMLInputElement>('amount');
const amountLabel = $<HTMLLabelElement>('amount-label');
const amountHint = $<HTMLParagraphElement>('amount-hint');
const referenceIn = $<HTMLInputElement>('reference');
const debitBtn = $<HTMLButtonElement>('debit');
const cancelBtn = $<HTMLButtonElement>('cancel');
const outcome = $('outcome');
const receiptSection = $('receipt-section');
const receiptHost = $('receipt');
const receiptsHost = $('receipts');
const csvBtn = $<HTMLButtonElement>('export-csv');
const jsonBtn = $<HTMLButtonElement>('export-json');
const progress = new ProgressView($('progress'));

/** A debit whose outcome is not known yet (card pulled, reader unplugged): resumable with its request id. */
interface Pending {
  requestId: string;
  benefit: number;
  amount: number;
  reference: string | undefined;
}

let offers: Offer[] = [];
let receipts: DebitResult[] = [];
let shown: { receipt: DebitResult; verified: boolean; note: string } | null = null;
let lastError: unknown = null;
let lastErrorFmt: (n: number) => string = String;
let pending: Pending | null = null;
let running: AbortController | null = null;

const link = new ReaderLink({
  page: 'till',
  onConnected: (c) => {
    offers = offersFor(c.certificate?.categories ?? [], lang());
    fillBenefits();
    setFormEnabled(true);
    if (lastError) showError(); // a pending debit can be resumed now
    benefitSel.focus();
  },
  onDisconnected: () => {
    running?.abort();
    setFormEnabled(false);
  },
});

function currentOffer(): Offer | undefined {
  return offers.find((o) => String(o.code) === benefitSel.value);
}

function fillBenefits(): void {
  const keep = benefitSel.value;
  if (offers.length === 0) {
    const o = new Option(t('noBenefit'), '');
    benefitSel.replaceChildren(o);
  } else {
    benefitSel.replaceChildren(...offers.map((o) => new Option(o.label, String(o.code))));
    if (offers.some((o) => String(o.code) === keep)) benefitSel.value = keep;
  }
  $('benefit-hint').textContent = offers.length ? t('benefitHint') : '';
  updateAmountField();
}

function updateAmountField(): void {
  const o = currentOffer();
  const kind = o ? amountKind(o.kind) : 'cents';
  amountLabel.textContent = kind === 'units' ? t('amountUnits') : kind === 'uses' ? t('amountUses') : t('amountEuros');
  amountHint.textContent = kind === 'units' ? t('amountHintUnits', { copay: formatCents(o?.copay ?? 0, lang()) })
    : kind === 'uses' ? t('amountHintUses') : t('amountHintEuros');
  amountHint.classList.remove('invalid');
  amountIn.inputMode = kind === 'cents' ? 'decimal' : 'numeric';
  if (kind === 'uses') amountIn.value = '1';
  amountIn.readOnly = kind === 'uses';
  amountIn.removeAttribute('aria-invalid');
}

function setFormEnabled(on: boolean): void {
  for (const el of [benefitSel, amountIn, referenceIn, debitBtn]) el.disabled = !on || offers.length === 0;
}

function setBusy(busy: boolean): void {
  setFormEnabled(!busy && link.connection !== null);
  cancelBtn.hidden = !busy;
  if (busy) cancelBtn.focus();
}

/** The amount typed, checked for the benefit's unit; null (and the field flagged) when invalid. */
function readAmount(o: Offer): { cents?: number; units?: number; amount: number } | null {
  const kind = amountKind(o.kind);
  if (kind === 'uses') return { amount: 1 };
  const v = kind === 'cents' ? parseEuros(amountIn.value) : parseUnits(amountIn.value);
  if (v === null) {
    amountIn.setAttribute('aria-invalid', 'true');
    amountHint.textContent = kind === 'cents' ? t('amountInvalidEuros') : t('amountInvalidUnits');
    amountHint.classList.add('invalid');
    amountIn.focus();
    return null;
  }
  amountIn.removeAttribute('aria-invalid');
  return kind === 'cents' ? { cents: v, amount: v } : { units: v, amount: v };
}

function unitFormatter(benefit: number): (n: number) => string {
  const o = offers.find((x) => x.code === benefit);
  const kind = o ? amountKind(o.kind) : 'cents';
  return (n) => formatAmount(kind, n);
}

async function debit(resume: boolean): Promise<void> {
  const conn = link.connection;
  if (!conn || running) return;
  let req: Pending;
  if (resume && pending) {
    req = pending;
  } else {
    const o = currentOffer();
    if (!o) return;
    const a = readAmount(o);
    if (!a) return;
    const reference = referenceIn.value.trim() || undefined;
    req = { requestId: conn.reader.newRequestId(), benefit: o.code, amount: a.amount, reference };
  }
  const offer = offers.find((x) => x.code === req.benefit);
  const kind = offer ? amountKind(offer.kind) : 'cents';
  pending = req;
  lastError = null;
  outcome.replaceChildren();
  progress.reset();
  running = new AbortController();
  setBusy(true);
  try {
    const r = await conn.reader.debit(
      {
        benefit: req.benefit,
        requestId: req.requestId,
        ...(kind === 'cents' ? { cents: req.amount } : kind === 'units' ? { units: req.amount } : {}),
        ...(req.reference !== undefined ? { reference: req.reference } : {}),
      },
      { signal: running.signal, onProgress: (p) => progress.show(p) },
    );
    pending = null;
    const chain = await checkLink(conn.reader, receipts, r);
    let note = '';
    if (r.kind === 'recovered' || progress.cardWasPulled) note = t('doneRecoveredText');
    else if (r.replayed) note = t('doneReplayed');
    else if (resume) note = t('resumedFresh');
    if (!receipts.some((x) => x.hash === r.hash)) receipts.push(r);
    showReceipt(r, chain.ok, note + (chain.ok ? '' : ' ' + t('chainBroken', { why: chain.why })));
    renderReceipts(receiptsHost, receipts);
    csvBtn.disabled = jsonBtn.disabled = false;
    if (!resume) {
      amountIn.value = amountKind(offer?.kind ?? 0) === 'uses' ? '1' : '';
      referenceIn.value = '';
    }
  } catch (e) {
    const unknown = (e instanceof DeviceStatusError && e.code === Status.CARD_REMOVED) || (e instanceof TransportError && explain(e).debit === 'unknown');
    if (!unknown) pending = null;
    lastError = e;
    lastErrorFmt = unitFormatter(req.benefit);
    showError();
  } finally {
    running = null;
    progress.reset();
    setBusy(false);
    if (pending) $<HTMLButtonElement>('resume')?.focus();
    else if (!lastError) amountIn.focus();
  }
}

function showError(): void {
  if (!lastError) return;
  const box = noticeElement(explain(lastError, lastErrorFmt), 'debit-error');
  if (pending) {
    const row = document.createElement('div');
    row.className = 'row';
    row.style.marginTop = '.6rem';
    const resume = document.createElement('button');
    resume.type = 'button';
    resume.className = 'primary';
    resume.id = 'resume';
    resume.textContent = t('resume');
    resume.disabled = link.connection === null;
    resume.addEventListener('click', () => void debit(true));
    const abandon = document.createElement('button');
    abandon.type = 'button';
    abandon.id = 'abandon';
    abandon.textContent = t('abandon');
    abandon.addEventListener('click', () => {
      pending = null;
      lastError = null;
      outcome.replaceChildren();
      amountIn.focus();
    });
    const hint = document.createElement('span');
    hint.className = 'hint';
    hint.textContent = t('resumeHint');
    row.append(resume, abandon, hint);
    box.append(row);
  }
  outcome.replaceChildren(box);
}

function showReceipt(r: DebitResult, verified: boolean, note: string): void {
  shown = { receipt: r, verified, note };
  const parts: HTMLElement[] = [];
  const ok = document.createElement('div');
  ok.className = `notice ${r.kind === 'recovered' ? 'warn' : 'ok'}`;
  ok.id = 'debit-done';
  const h = document.createElement('h3');
  h.textContent = r.kind === 'recovered' ? t('doneRecovered') : t('done');
  const p = document.createElement('p');
  const colon = lang() === 'fr' ? '\u00a0: ' : ': ';
  p.textContent = `${r.holderName} — ${benefitLabel(r.benefit, lang())}${colon}${formatAmount(r.unit, r.amount)} · ${t('rBalance')}${colon}${formatAmount(r.unit, r.balanceAfter)}`;
  ok.append(h, p);
  if (note) {
    const n = document.createElement('p');
    n.id = 'debit-note';
    n.textContent = note;
    ok.append(n);
  }
  parts.push(ok);
  outcome.replaceChildren(...parts);
  receiptHost.replaceChildren(receiptElement(r, verified));
  receiptSection.hidden = false;
}

function exportName(ext: string): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `recus-passregion-${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}.${ext}`;
}

function redraw(): void {
  offers = offersFor(link.connection?.certificate?.categories ?? [], lang());
  fillBenefits();
  renderReceipts(receiptsHost, receipts);
  if (shown) showReceipt(shown.receipt, shown.verified, shown.note);
  if (lastError) showError();
}

async function main(): Promise<void> {
  setLang(initialLang());
  bindLangToggle($<HTMLButtonElement>('lang'));
  onLangChange(redraw);
  renderReceipts(receiptsHost, receipts);
  fillBenefits();
  setFormEnabled(false);
  let cfg: PageConfig | null = null;
  try {
    cfg = await fetchConfig();
  } catch {
    $<HTMLButtonElement>('simulate').hidden = true; // served without the demo server: real readers only
  }
  link.bind(cfg);
  benefitSel.addEventListener('change', updateAmountField);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    void debit(false);
  });
  cancelBtn.addEventListener('click', () => running?.abort());
  document.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape' && running) running.abort();
  });
  $('print').addEventListener('click', () => window.print());
  csvBtn.addEventListener('click', () => downloadText(exportName('csv'), 'text/csv;charset=utf-8', receiptsToCsv(receipts)));
  jsonBtn.addEventListener('click', () => downloadText(exportName('json'), 'application/json', receiptsToJson(receipts)));
  document.body.dataset.ready = 'true';
}

void main();
