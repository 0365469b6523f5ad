/**
 * The partner till in real Chromium, through the page's own "Connect reader"
 * (WebUSB) path: navigator.usb is the bridge stand-in, the reader is the
 * simulated one running the firmware, and the test plays the holder (taps,
 * keys) through the demo server's control routes.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launch, pageWithUsb, shot, startDemo, type DemoServer } from './harness.js';

const READER = 'comptoir';
const T = 15_000;

interface Ctx {
  demo: DemoServer;
  browser: Browser;
  context: BrowserContext | null;
  page: Page;
  errors: string[];
}

const till = suite<Ctx>('till page');

till.before(async (ctx) => {
  ctx.demo = await startDemo();
  ctx.browser = await launch();
});

till.after(async (ctx) => {
  await ctx.browser?.close();
  const code = await ctx.demo?.stop();
  assert.is(code, 0, 'the server stops cleanly on SIGINT');
  assert.match(ctx.demo.output(), /Stopped; state saved\./);
});

till.before.each(async (ctx) => {
  await ctx.demo.sim.pull(READER); // the holder took the card back after the previous test
  const p = await pageWithUsb(ctx.browser, ctx.demo, READER);
  ctx.context = p.context;
  ctx.page = p.page;
  ctx.errors = p.errors;
  await ctx.page.goto(ctx.demo.base + '/till/');
  await ctx.page.waitForSelector('body[data-ready=true]');
});

till.after.each(async (ctx) => {
  assert.equal(ctx.errors, [], 'no error in the page console');
  await ctx.context?.close();
  ctx.context = null;
});

/** Connect through the "Connect reader" button (navigator.usb.requestDevice in the page). */
async function connect(page: Page): Promise<void> {
  await page.click('#connect');
  await page.waitForFunction(() => !(document.getElementById('benefit') as HTMLSelectElement).disabled, null, { timeout: T });
}

/** Fill the form and press Enter in the amount field. */
async function startDebit(page: Page, benefit: number, amount: string, reference = ''): Promise<void> {
  await page.selectOption('#benefit', String(benefit));
  await page.fill('#amount', amount);
  await page.fill('#reference', reference);
  await page.press('#amount', 'Enter');
  await page.waitForSelector('#progress[data-stage=waiting-for-card]', { timeout: T });
}

async function waitStage(page: Page, stage: string, extra = ''): Promise<void> {
  await page.waitForSelector(`#progress[data-stage=${stage}]${extra}`, { timeout: T });
}

const text = async (page: Page, sel: string): Promise<string> => (await page.textContent(sel)) ?? '';

till('debit with the right PIN: live progress, verified receipt, receipts list, CSV export, print view', async ({ demo, page }) => {
  await connect(page);
  assert.match(await text(page, '#reader-status'), /Comptoir Culture & Métiers/);
  const options = await page.$$eval('#benefit option', (os) => os.map((o) => (o as HTMLOptionElement).value));
  assert.equal(options, ['4', '5', '8', '9', '10'], 'agreed benefits only: equipment, sport, cinema, shows, books');
  await startDebit(page, 8, '2', 'T-42');
  assert.match(await text(page, '#progress'), /poser sa carte/);
  await demo.sim.tap(READER, await demo.sim.cardId(READER, 'Camille'));
  await waitStage(page, 'waiting-for-pin');
  await demo.sim.keys(READER, '12');
  await page.waitForFunction(() => document.getElementById('pin-dots')?.textContent === '●●○○', null, { timeout: T });
  await shot(page, 'till-pin-dots');
  await demo.sim.keys(READER, '34#');
  await page.waitForSelector('#receipt-card', { timeout: T });
  const receipt = await text(page, '#receipt-card');
  assert.match(receipt, /Cinéma/);
  assert.match(receipt, /2 place\(s\)/);
  assert.match(receipt, /Solde restant3 place\(s\)/);
  assert.match(receipt, /T-42/);
  assert.match(receipt, /Camille Martin/);
  assert.match(receipt, /vérifié ✓ chaîne de signatures/);
  assert.match(receipt, /\d\d\/\d\d\/20\d\d \d\d:\d\d:\d\d/);
  assert.is(await page.$$eval('#receipts-table tbody tr', (r) => r.length), 1);
  await shot(page, 'till-receipt');

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
  const csv = readFileSync((await download.path())!, 'utf8');
  const lines = csv.trim().split('\r\n');
  assert.is(lines.length, 2, 'header and one receipt');
  assert.ok(lines[0].startsWith('seq,time,reader_id,card_id'), lines[0]);
  assert.match(lines[1], /,8,/);
  assert.match(lines[1], /T-42/);
  const [json] = await Promise.all([page.waitForEvent('download'), page.click('#export-json')]);
  const parsed = JSON.parse(readFileSync((await json.path())!, 'utf8')) as Array<{ amount: number }>;
  assert.is(parsed.length, 1);
  assert.is(parsed[0].amount, 2);

  await page.emulateMedia({ media: 'print' });
  assert.ok(await page.isHidden('#debit-form'), 'print view: the form is hidden');
  assert.ok(await page.isVisible('#receipt-card'), 'print view: the receipt is shown');
  await shot(page, 'till-print');
  await page.emulateMedia({ media: 'screen' });
});

till('a wrong PIN then the right one: the holder is told and tries again on the reader', async ({ demo, page }) => {
  await connect(page);
  await startDebit(page, 10, '12,50', 'LIB-7');
  await demo.sim.tap(READER, await demo.sim.cardId(READER, 'Léa'));
  await waitStage(page, 'waiting-for-pin');
  await demo.sim.keys(READER, '0000#');
  await waitStage(page, 'waiting-for-pin', '[data-wrong-pins="1"]');
  assert.match(await text(page, '#progress'), /Code faux/);
  const display = (await demo.sim.state(READER)).display.join('|');
  assert.match(display, /reste 2/, `the reader shows the tries left: ${display}`);
  await shot(page, 'till-wrong-pin');
  await demo.sim.keys(READER, '2580#');
  await page.waitForSelector('#receipt-card', { timeout: T });
  const receipt = await text(page, '#receipt-card');
  assert.match(receipt, /12,50\s€/);
  assert.match(receipt, /Solde restant22,50\s€/, 'books 35 € for a final-year student, minus 12,50 €');
});

till('a blocked card: three wrong PINs, a plain-language refusal, nothing debited', async ({ demo, page }) => {
  await connect(page);
  await startDebit(page, 5, '30');
  await demo.sim.tap(READER, await demo.sim.cardId(READER, 'Emma'));
  for (let i = 1; i <= 2; i++) {
    await waitStage(page, 'waiting-for-pin');
    await demo.sim.keys(READER, '9999#');
    await waitStage(page, 'waiting-for-pin', `[data-wrong-pins="${i}"]`);
  }
  await demo.sim.keys(READER, '9999#');
  await page.waitForSelector('#debit-error', { timeout: T });
  const notice = await text(page, '#debit-error');
  assert.match(notice, /Carte bloquée/);
  assert.match(notice, /compte en ligne/);
  assert.match(notice, /Aucun débit n’a été fait/);
  assert.match(notice, /PIN_BLOCKED/);
  assert.ok(await page.isHidden('#resume'), 'no resume for a refusal');
  await shot(page, 'till-blocked');
});

till('an expired benefit is refused before the PIN, with its end date', async ({ demo, page }) => {
  await connect(page);
  await startDebit(page, 8, '1');
  await demo.sim.tap(READER, await demo.sim.cardId(READER, 'Nora'));
  await page.waitForSelector('#debit-error', { timeout: T });
  const notice = await text(page, '#debit-error');
  assert.match(notice, /Avantage expiré/);
  assert.match(notice, /utilisable jusqu’au \d\d\/\d\d\/20\d\d inclus/);
  assert.match(notice, /BENEFIT_EXPIRED/);
  await shot(page, 'till-expired');
});

till('a card pulled during the debit: after it applied, the reader recovers it on the next tap', async ({ demo, page }) => {
  await connect(page);
  await startDebit(page, 4, '42,50', 'OUT-1');
  const camille = await demo.sim.cardId(READER, 'Camille');
  await demo.sim.tap(READER, camille);
  await waitStage(page, 'waiting-for-pin');
  await demo.sim.tear(READER, 'after-apply');
  await demo.sim.keys(READER, '1234#');
  await page.waitForFunction(() => /reposez-la/.test(document.getElementById('progress')?.textContent ?? ''), null, { timeout: T });
  await shot(page, 'till-card-back');
  await demo.sim.tap(READER, camille);
  await page.waitForSelector('#receipt-card', { timeout: T });
  assert.match(await text(page, '#debit-done'), /récupéré|Ne débitez pas une seconde fois/);
  assert.match(await text(page, '#receipt-card'), /42,50\s€/);
  assert.match(await text(page, '#receipt-card'), /Solde restant157,50\s€/, 'equipment 200 € minus 42,50 €, once');
  await shot(page, 'till-recovered');
});

till('a card pulled before the debit: nothing happened; resuming the same request debits once', async ({ demo, page }) => {
  await connect(page);
  await startDebit(page, 9, '5', 'SPEC-3');
  const lea = await demo.sim.cardId(READER, 'Léa');
  await demo.sim.tap(READER, lea);
  await waitStage(page, 'waiting-for-pin');
  await demo.sim.tear(READER, 'before-apply');
  await demo.sim.keys(READER, '2580#');
  await page.waitForFunction(() => /reposez-la/.test(document.getElementById('progress')?.textContent ?? ''), null, { timeout: T });
  await page.click('#cancel');
  await page.waitForSelector('#debit-error', { timeout: T });
  assert.match(await text(page, '#debit-error'), /Carte retirée trop tôt/);
  assert.ok(await page.isVisible('#resume'));
  await shot(page, 'till-card-removed');
  await page.click('#resume');
  await waitStage(page, 'waiting-for-card');
  await demo.sim.tap(READER, lea);
  const outcome = await Promise.race([
    page.waitForSelector('#receipt-card', { timeout: T }).then(() => 'receipt'),
    waitStage(page, 'waiting-for-pin').then(() => 'pin'),
  ]);
  if (outcome === 'pin') await demo.sim.keys(READER, '2580#');
  await page.waitForSelector('#receipt-card', { timeout: T });
  assert.match(await text(page, '#debit-note'), /n’avait pas eu lieu|une seule fois|récupéré/);
  assert.match(await text(page, '#receipt-card'), /Solde restant25,00\s€/, 'shows 30 € minus 5 €, once');
});

till('the simulated reader panel: tap and type by clicking, keyboard only on the till, English labels', async ({ demo, page }) => {
  await page.click('#lang');
  assert.is(await text(page, '#connect'), 'Connect reader');
  await page.click('#simulate');
  await page.waitForSelector('#sim-display', { timeout: T });
  await page.waitForFunction(() => !(document.getElementById('benefit') as HTMLSelectElement).disabled, null, { timeout: T });
  await page.waitForFunction(() => /Ready/.test(document.getElementById('sim-display')?.textContent ?? ''), null, { timeout: T });
  // Keyboard only: the benefit list has the focus after connecting.
  await page.keyboard.press('End'); // last agreed benefit: leisure books
  await page.keyboard.press('Tab');
  await page.keyboard.type('3.20');
  await page.keyboard.press('Enter');
  await waitStage(page, 'waiting-for-card');
  const camille = await demo.sim.cardId(READER, 'Camille');
  await page.click(`#sim-cards li[data-card="${camille}"] button`);
  await waitStage(page, 'waiting-for-pin');
  for (const k of ['1', '2', '3', '4', '#']) await page.click(`#sim-keypad button[data-key="${k}"]`);
  await page.waitForSelector('#receipt-card', { timeout: T });
  assert.match(await text(page, '#receipt-card'), /€3\.20/);
  assert.match(await text(page, '#receipt-card'), /verified ✓ signature chain/);
  await page.waitForFunction(() => /OK|3,20/.test(document.getElementById('sim-display')?.textContent ?? ''), null, { timeout: T }).catch(() => {});
  await shot(page, 'till-simulated-en');
});

till('the reader unplugged: the till says so and how to go on', async ({ demo, page }) => {
  await connect(page);
  await demo.sim.plug(READER, false);
  await page.waitForSelector('#reader-notice', { timeout: T });
  assert.match(await text(page, '#reader-notice'), /débranché/);
  assert.ok(await page.isDisabled('#debit'));
  await demo.sim.plug(READER, true);
  await connect(page);
  assert.ok(await page.isHidden('#reader-notice'));
});

till.run();
