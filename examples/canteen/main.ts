/**
 * The canteen kiosk: a reader in access mode streams its passages; each one
 * shows as a large green (allowed), red (refused, with the reason) or amber
 * (double tap, not counted) panel; today's meals are counted per service; the
 * passage log is listed and exported as CSV.
 */
import type { PassageView } from '../../sdk/index.js';
import { statusName } from '../../protocol/status.js';
import { addStrings, bindLangToggle, initialLang, onLangChange, setLang, t } from '../shared/i18n.js';
import { SHARED_STRINGS } from '../shared/strings.js';
import { explain, noticeElement, statusText, statusTitle } from '../shared/explain.js';
import { fetchConfig, type PageConfig } from '../shared/sim-api.js';
import { downloadText } from '../shared/download.js';
import { formatClock } from '../shared/time.js';
import { ReaderLink } from '../shared/reader-link.js';
import type { Connection } from '../shared/connect.js';
import { CANTEEN_STRINGS } from './strings.js';
import { countToday, outcome, passagesCsv, type Passage } from './log.js';
import { checkWindows, DEFAULT_SERVICES, hhmm, parseHhmm, serviceAt, type ServiceWindow } from './services.js';
import { parisDayAndMinute } from '../shared/time.js';

addStrings(SHARED_STRINGS);
addStrings(CANTEEN_STRINGS);

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const STORE_KEY = 'passregion.canteen.services';
/** How long a result stays before the panel goes back to "waiting". */
const RESULT_MS = 6000;
/** Rows in the recent passages table. */
const RECENT = 30;

let passages: Passage[] = [];
let windows: ServiceWindow[] = loadWindows();
let latest: Passage | null = null;
let idleTimer: ReturnType<typeof setTimeout> | null = null;
let streaming: AbortController | null = null;

function loadWindows(): ServiceWindow[] {
  try {
    const w = JSON.parse(localStorage.getItem(STORE_KEY) ?? 'null') as ServiceWindow[] | null;
    if (Array.isArray(w) && w.length === 2 && checkWindows(w) === null) return w;
  } catch { /* fall back to the defaults */ }
  return DEFAULT_SERVICES.map((w) => ({ ...w }));
}

function fromView(p: PassageView): Passage {
  const out: Passage = {
    time: Math.floor(p.time.getTime() / 1000), allowed: p.allowed, reason: p.reason,
    cardId: p.cardId ?? '', holderName: p.holderName ?? '',
  };
  if (p.seq !== undefined) out.seq = p.seq;
  return out;
}

/** Add a passage unless the log has it already (journal read and stream may overlap). */
function add(p: Passage): boolean {
  if (p.seq !== undefined && passages.some((x) => x.seq === p.seq)) return false;
  passages.push(p);
  return true;
}

function reasonText(p: Passage): string {
  const o = outcome(p);
  if (o === 'allowed') return t('allowedReason');
  if (o === 'duplicate') return t('duplicateReason');
  return statusTitle(p.reason);
}

function showResult(): void {
  const box = $('result');
  const p = latest;
  if (!p) {
    box.className = 'result idle';
    $('result-big').textContent = t('waiting');
    $('result-reason').textContent = link.connection ? t('waitingReason') : '';
    $('result-holder').textContent = '';
    $('result-detail').textContent = '';
    return;
  }
  const o = outcome(p);
  box.className = `result ${o}`;
  box.dataset.outcome = o;
  $('result-big').textContent = o === 'allowed' ? `✓ ${t('allowed')}` : o === 'duplicate' ? `⟳ ${t('duplicate')}` : `✗ ${t('denied')}`;
  $('result-reason').textContent = reasonText(p);
  $('result-detail').textContent = o === 'denied' ? statusText(p.reason) : '';
  $('result-holder').textContent = [p.holderName, p.cardId && `(${p.cardId})`, formatClock(p.time)].filter(Boolean).join(' ');
}

function showCounts(): void {
  const c = countToday(passages, windows, Math.floor(Date.now() / 1000));
  const current = serviceAt(parisDayAndMinute(Math.floor(Date.now() / 1000)).minute, windows);
  const items: Array<[string, number, string]> = [
    ['lunch', c.lunch, current === 'lunch' ? 'count current' : 'count'],
    ['dinner', c.dinner, current === 'dinner' ? 'count current' : 'count'],
    ['outside', c.outside, 'count'],
    ['refusedCount', c.refused, 'count refused'],
    ['duplicateCount', c.duplicate, 'count dup'],
  ];
  $('counts').replaceChildren(...items.map(([k, n, cls]) => {
    const d = document.createElement('div');
    d.className = cls;
    d.id = `count-${k}`;
    const num = document.createElement('span');
    num.className = 'n';
    num.textContent = String(n);
    const label = k === 'lunch' || k === 'dinner' ? `${t(k)} ${hhmm(windows.find((w) => w.id === k)!.from)}–${hhmm(windows.find((w) => w.id === k)!.to)}` : t(k);
    d.append(num, label);
    return d;
  }));
}

function showPassages(): void {
  const host = $('passages');
  $<HTMLButtonElement>('export-csv').disabled = passages.length === 0;
  if (passages.length === 0) {
    const p = document.createElement('p');
    p.textContent = t('noPassages');
    host.replaceChildren(p);
    return;
  }
  const table = document.createElement('table');
  table.id = 'passages-table';
  const head = table.createTHead().insertRow();
  for (const k of ['colTime', 'colHolder', 'colCard', 'colResult', 'colReason']) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = t(k);
    head.append(th);
  }
  const body = table.createTBody();
  for (const p of passages.slice(-RECENT).reverse()) {
    const o = outcome(p);
    const row = body.insertRow();
    row.className = o;
    const cells = [formatClock(p.time), p.holderName || '—', p.cardId, t(o === 'allowed' ? 'resAllowed' : o === 'duplicate' ? 'resDuplicate' : 'resDenied'), o === 'allowed' ? '' : reasonText(p)];
    cells.forEach((text, i) => {
      const td = row.insertCell();
      td.textContent = text;
      if (i === 3) td.className = 'res';
    });
  }
  host.replaceChildren(table);
}

function redraw(): void {
  showResult();
  showCounts();
  showPassages();
}

function onPassage(p: Passage): void {
  if (!add(p)) return;
  latest = p;
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = setTimeout(() => {
    latest = null;
    showResult();
  }, RESULT_MS);
  redraw();
}

/** Read today's passages from the reader's journal, then follow the stream until disconnect. */
async function follow(c: Connection): Promise<void> {
  streaming?.abort();
  const ac = new AbortController();
  streaming = ac;
  try {
    const page = await c.reader.journal({ kind: 'passages' });
    for (const p of page.passages) add(fromView(p));
    redraw();
    for await (const p of c.reader.passages({ signal: ac.signal })) onPassage(fromView(p));
  } catch (e) {
    if (ac.signal.aborted || link.connection !== c) return;
    $('reader-error').replaceChildren(noticeElement(explain(e), 'reader-notice'));
  }
}

const link = new ReaderLink({
  page: 'canteen',
  onConnected: (c) => {
    passages = [];
    latest = null;
    redraw();
    void follow(c);
    $('result').focus();
  },
  onDisconnected: () => {
    streaming?.abort();
    streaming = null;
    showResult();
  },
});

function bindServices(): void {
  const f = $<HTMLFormElement>('services-form');
  const fields = { 'lunch-from': 0, 'lunch-to': 0, 'dinner-from': 1, 'dinner-to': 1 } as const;
  const fill = (): void => {
    for (const [id, i] of Object.entries(fields)) $<HTMLInputElement>(id).value = hhmm(id.endsWith('from') ? windows[i].from : windows[i].to);
  };
  fill();
  f.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const v = (id: string) => parseHhmm($<HTMLInputElement>(id).value);
    const lf = v('lunch-from'), lt = v('lunch-to'), df = v('dinner-from'), dt = v('dinner-to');
    const msg = $('services-msg');
    if (lf === null || lt === null || df === null || dt === null) {
      msg.textContent = t('servicesInvalid');
      return;
    }
    const next: ServiceWindow[] = [{ id: 'lunch', from: lf, to: lt }, { id: 'dinner', from: df, to: dt }];
    const err = checkWindows(next);
    if (err) {
      msg.textContent = t(err);
      return;
    }
    windows = next;
    try { localStorage.setItem(STORE_KEY, JSON.stringify(windows)); } catch { /* kept for this session */ }
    msg.textContent = t('saved');
    redraw();
  });
}

async function main(): Promise<void> {
  setLang(initialLang());
  bindLangToggle($<HTMLButtonElement>('lang'));
  onLangChange(() => {
    $('services-msg').textContent = '';
    redraw();
  });
  bindServices();
  redraw();
  let cfg: PageConfig | null = null;
  try {
    cfg = await fetchConfig();
  } catch { /* no demo server: real readers only */ }
  link.bind(cfg);
  $('export-csv').addEventListener('click', () => {
    const d = new Date().toISOString().slice(0, 10);
    downloadText(`passages-cantine-${d}.csv`, 'text/csv;charset=utf-8', passagesCsv(passages, windows, statusName));
  });
  setInterval(showCounts, 60_000); // the current service changes with the time of day
  document.body.dataset.ready = 'true';
}

void main();
