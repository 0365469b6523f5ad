/**
 * The canteen kiosk in real Chromium, connected through its own "Connect
 * reader" (WebUSB) path to the simulated access-mode reader: an allowed card,
 * a double tap (amber, not counted), a revoked card and a card of another
 * establishment (red, with the reason), the passage list and its CSV export.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launch, pageWithUsb, shot, startDemo, type DemoServer } from './harness.js';

const READER = 'cantine';
const T = 15_000;

interface Ctx {
  demo: DemoServer;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  errors: string[];
}

const canteen = suite<Ctx>('canteen kiosk');

canteen.before(async (ctx) => {
  ctx.demo = await startDemo();
  ctx.browser = await launch();
  const p = await pageWithUsb(ctx.browser, ctx.demo, READER);
  Object.assign(ctx, p);
  await ctx.page.goto(ctx.demo.base + '/canteen/');
  await ctx.page.waitForSelector('body[data-ready=true]');
});

canteen.after(async (ctx) => {
  assert.equal(ctx.errors, [], 'no error in the page console');
  await ctx.context?.close();
  await ctx.browser?.close();
  assert.is(await ctx.demo?.stop(), 0);
});

const text = async (page: Page, sel: string): Promise<string> => (await page.textContent(sel)) ?? '';
const rows = (page: Page): Promise<number> => page.$$eval('#passages-table tbody tr', (r) => r.length).catch(() => 0);

/** Tap a card, wait for its passage to be listed, take the card away. */
async function tapAndWait(demo: DemoServer, page: Page, first: string, expectRows: number): Promise<void> {
  await demo.sim.tap(READER, await demo.sim.cardId(READER, first));
  await page.waitForFunction((n) => document.querySelectorAll('#passages-table tbody tr').length === n, expectRows, { timeout: T });
  await demo.sim.pull(READER);
}

canteen('connect through WebUSB: an access reader, waiting for a card', async ({ page }) => {
  await page.click('#connect');
  await page.waitForFunction(() => /Cantine/.test(document.getElementById('reader-status')?.textContent ?? ''), null, { timeout: T });
  assert.match(await text(page, '#result'), /En attente d’un badge/);
  assert.match(await text(page, '#partner'), /Cantine du lycée/);
  // The stream is on once the journal read finished; give it that moment.
  await page.waitForFunction(() => document.getElementById('passages')?.textContent !== '', null, { timeout: T });
});

canteen('an allowed card: large green result, counted once', async ({ demo, page }) => {
  await tapAndWait(demo, page, 'Camille', 1);
  assert.is(await page.getAttribute('#result', 'data-outcome'), 'allowed');
  assert.match(await text(page, '#result'), /Bon appétit/);
  assert.match(await text(page, '#result'), /Camille Martin/);
  const meals = await page.$$eval('#count-lunch .n, #count-dinner .n, #count-outside .n', (ns) => ns.reduce((s, n) => s + Number(n.textContent), 0));
  assert.is(meals, 1);
  await shot(page, 'canteen-allowed');
});

canteen('a double tap: amber "déjà passé", not counted as a meal', async ({ demo, page }) => {
  await tapAndWait(demo, page, 'Camille', 2);
  assert.is(await page.getAttribute('#result', 'data-outcome'), 'duplicate');
  assert.match(await text(page, '#result'), /Déjà passé/);
  assert.is(await text(page, '#count-duplicateCount .n'), '1');
  const meals = await page.$$eval('#count-lunch .n, #count-dinner .n, #count-outside .n', (ns) => ns.reduce((s, n) => s + Number(n.textContent), 0));
  assert.is(meals, 1, 'still one meal');
  assert.ok(await page.$('#passages-table tr.duplicate'), 'the double tap is listed in amber');
  await shot(page, 'canteen-duplicate');
});

canteen('a revoked card and a card of another establishment: red, with the reason', async ({ demo, page }) => {
  await tapAndWait(demo, page, 'Inès', 3);
  assert.is(await page.getAttribute('#result', 'data-outcome'), 'denied');
  assert.match(await text(page, '#result-reason'), /Carte révoquée/);
  await shot(page, 'canteen-revoked');
  await tapAndWait(demo, page, 'Lucas', 4);
  assert.is(await page.getAttribute('#result', 'data-outcome'), 'denied');
  assert.match(await text(page, '#result-reason'), /Autre établissement/);
  assert.is(await text(page, '#count-refusedCount .n'), '2');
  await shot(page, 'canteen-other-school');
});

canteen('the passage log: listed newest first, exported as CSV, labels in English', async ({ page }) => {
  assert.is(await rows(page), 4);
  const first = await text(page, '#passages-table tbody tr:first-child');
  assert.match(first, /Lucas Petit/);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
  const csv = readFileSync((await download.path())!, 'utf8').trim().split('\r\n');
  assert.is(csv.length, 5);
  assert.ok(csv[0].startsWith('seq,time_paris,unix_time,card_id,holder,result,reason,service'), csv[0]);
  assert.match(csv.join('\n'), /,duplicate,DOUBLE_TAP,/);
  assert.match(csv.join('\n'), /,denied,CARD_REVOKED,/);
  assert.match(csv.join('\n'), /,denied,OTHER_ESTABLISHMENT,/);
  // Service hours are configurable: with lunch and dinner covering the whole day, the meal moves out of "outside".
  await page.click('#services summary');
  await page.fill('#lunch-from', '00:00');
  await page.fill('#lunch-to', '12:00');
  await page.fill('#dinner-from', '12:00');
  await page.fill('#dinner-to', '23:59');
  await page.click('#services-form button[type=submit]');
  assert.match(await text(page, '#services-msg'), /Horaires enregistrés/);
  const served = await page.$$eval('#count-lunch .n, #count-dinner .n', (ns) => ns.reduce((s, n) => s + Number(n.textContent), 0));
  const minuteNow = await page.evaluate(() => new Date().getHours() * 60 + new Date().getMinutes()); // the page runs in Europe/Paris
  if (minuteNow < 23 * 60 + 59) assert.is(served, 1, 'the allowed passage counts for lunch or dinner');
  await page.click('#lang');
  assert.match(await text(page, '#result-reason'), /Other establishment/);
  assert.match(await text(page, '#h-passages'), /Recent passages/);
  await page.setViewportSize({ width: 800, height: 1100 });
  await shot(page, 'canteen-tablet-en');
});

canteen('the simulated reader panel: a card tapped by clicking it', async ({ demo, page }) => {
  await page.click('#disconnect');
  await page.click('#simulate');
  await page.waitForSelector('#sim-cards li', { timeout: T });
  await page.waitForFunction(() => /Tap your card/.test(document.getElementById('sim-display')?.textContent ?? ''), null, { timeout: T });
  await page.waitForFunction(() => document.querySelectorAll('#passages-table tbody tr').length === 4, null, { timeout: T });
  const emma = await demo.sim.cardId(READER, 'Emma');
  await page.click(`#sim-cards li[data-card="${emma}"] button`);
  await page.waitForFunction(() => document.querySelectorAll('#passages-table tbody tr').length === 5, null, { timeout: T });
  assert.is(await page.getAttribute('#result', 'data-outcome'), 'allowed');
  assert.match(await text(page, '#result'), /Emma Bernard/);
  await page.waitForFunction(() => /Emma|OK|Bon/i.test(document.getElementById('sim-display')?.textContent ?? ''), null, { timeout: T }).catch(() => {});
  await page.setViewportSize({ width: 1280, height: 900 });
  await shot(page, 'canteen-simulated');
  await page.click(`#sim-cards li[data-card="${emma}"] button`); // pull it back
});

canteen.run();
