/**
 * Browser test harness: starts `examples/server.ts` (what `npm start` runs)
 * on a free port with a fresh state directory, launches Debian's Chromium
 * headless through playwright-core, injects the WebUSB stand-in, and closes
 * everything afterwards (no process left behind).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const ROOT = resolve(import.meta.dirname, '../..');
/** Where the test run saves its screenshots. */
export const SHOT_DIR = join(ROOT, 'dist', 'screenshots');

/** Chromium flags for a quiet, sandbox-less headless run in a container. */
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-quic',
];

/** The demo server as a child process. */
export interface DemoServer {
  /** http://127.0.0.1:PORT */
  base: string;
  /** Everything the server printed on stdout. */
  output: () => string;
  /** Page configuration (bridge URL, readers). */
  config: DemoConfig;
  /** Holder actions on a simulated reader. */
  sim: SimDriver;
  /** Stop with SIGINT (what Ctrl-C sends) and wait for the exit; resolves to the exit code. */
  stop(): Promise<number | null>;
}

/** /api/config as the tests read it. */
export interface DemoConfig {
  bridgeUrl: string;
  issuerRoot: string;
  readers: Record<'till' | 'canteen', { name: string; serial: string }>;
}

/** What a holder does at a simulated reader, through the server's control routes. */
export interface SimDriver {
  state(reader: string): Promise<{ display: string[]; inField: string | null; cards: Array<{ id: string; holder: string; pin: string }> }>;
  cardId(reader: string, holderFirstName: string): Promise<string>;
  tap(reader: string, card: string): Promise<void>;
  pull(reader: string): Promise<void>;
  keys(reader: string, keys: string): Promise<void>;
  plug(reader: string, plugged: boolean): Promise<void>;
  /** The card on the reader leaves the field during the next DEBIT, after or before the card applied it. */
  tear(reader: string, when: 'after-apply' | 'before-apply'): Promise<void>;
}

function simDriver(base: string): SimDriver {
  const post = async (path: string, body: unknown): Promise<void> => {
    const r = await fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
  };
  const d: SimDriver = {
    async state(reader) {
      const r = await fetch(`${base}/api/sim/state?reader=${encodeURIComponent(reader)}`);
      if (!r.ok) throw new Error(`state: ${r.status}`);
      return r.json();
    },
    async cardId(reader, first) {
      const s = await d.state(reader);
      const c = s.cards.find((x) => x.holder.split(' ')[0] === first);
      if (!c) throw new Error(`no dev card of ${first}: ${s.cards.map((x) => x.holder).join(', ')}`);
      return c.id;
    },
    tap: (reader, card) => post('/api/sim/tap', { reader, card }),
    pull: (reader) => post('/api/sim/pull', { reader }),
    async keys(reader, keys) {
      for (const key of keys) await post('/api/sim/key', { reader, key });
    },
    plug: (reader, plugged) => post('/api/sim/plug', { reader, plugged }),
    tear: (reader, when) => post('/api/sim/tear', { reader, when }),
  };
  return d;
}

/** Start the demo server on a free port with a new state directory. */
export async function startDemo(): Promise<DemoServer> {
  const state = mkdtempSync(join(tmpdir(), 'passregion-demo-'));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'examples/server.ts', '--port', '0', '--state', state], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PORT: '' },
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
  const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
  // Never leave the server behind, even when a test run dies half-way.
  const killOnExit = (): void => {
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  const base = await new Promise<string>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`server did not start in 30 s:\n${out}\n${err}`)), 30_000);
    const check = (): void => {
      const m = /Till:\s+(http:\/\/127\.0\.0\.1:\d+)\/till\//.exec(out);
      if (m) {
        clearTimeout(timer);
        res(m[1]);
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      rej(new Error(`server exited with ${code}:\n${out}\n${err}`));
    });
  });
  const config = (await (await fetch(base + '/api/config')).json()) as DemoConfig;
  return {
    base, config, sim: simDriver(base), output: () => out + err,
    async stop() {
      if (child.exitCode === null) child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      const code = await exited;
      clearTimeout(timer);
      process.off('exit', killOnExit);
      rmSync(state, { recursive: true, force: true });
      return code;
    },
  };
}

let shimSource: Promise<string> | null = null;
/** The WebUSB stand-in, bundled once as a classic script. */
function shim(): Promise<string> {
  shimSource ??= build({
    entryPoints: [join(ROOT, 'test/browser/webusb-shim.ts')], bundle: true, format: 'iife', write: false,
    platform: 'browser', target: 'es2022', logLevel: 'silent',
  }).then((r) => r.outputFiles[0].text);
  return shimSource;
}

/** Launch headless Chromium. */
export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, timeout: 30_000 });
}

/** A page (in its own context) whose navigator.usb reaches reader `serial` through the bridge. */
export async function pageWithUsb(browser: Browser, demo: DemoServer, reader: string, lang: 'fr' | 'en' = 'fr'): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ locale: lang === 'fr' ? 'fr-FR' : 'en-GB', timezoneId: 'Europe/Paris', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  const entry = Object.values(demo.config.readers).find((r) => r.name === reader);
  if (!entry) throw new Error(`no simulated reader ${reader}`);
  const cfg = { bridgeUrl: demo.config.bridgeUrl, serial: entry.serial };
  await page.addInitScript({ content: `window.__PASSREGION_TEST_USB__ = ${JSON.stringify(cfg)};\n${await shim()}` });
  return { context, page, errors };
}

/** Save a screenshot under dist/screenshots/ and return its path. */
export async function shot(page: Page, name: string): Promise<string> {
  mkdirSync(SHOT_DIR, { recursive: true });
  const path = join(SHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
