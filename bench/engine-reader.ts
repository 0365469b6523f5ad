/**
 * The firmware bundle a board gets (dist/firmware/jerryscript.js) driven
 * inside the engine harness (test/engine, quickjs with the "jerryscript"
 * profile): every port is a host function backed by the same virtual
 * hardware as simulator/reader, wrapped by the bench's meter. Used by table 4
 * (firmware JavaScript time per phase in the engine) and table 3 (heap of a
 * firmware debit). The engine's own time counter (host functions excluded)
 * gives the JavaScript time of each call.
 */
import { existsSync } from 'node:fs';
import { Status, statusName } from '../protocol/status.js';
import { createNodeCrypto } from '../sdk/crypto/index.js';
import { CardApplet } from '../simulator/card/applet.js';
import { createIssuer } from '../simulator/issuer/index.js';
import { VirtualFlash } from '../simulator/hw/flash/virtual-flash.js';
import { VirtualKeypad } from '../simulator/hw/keypad/virtual-keypad.js';
import { VirtualPn532 } from '../simulator/hw/pn532/virtual-pn532.js';
import type { FieldCard } from '../simulator/hw/pn532/field-card.js';
import { AppletInField, TestClock, UsbCapture, VirtualDisplay, VirtualSignal, TICK_MS, KEY_MS, BUS_POLL_MS } from '../simulator/reader/index.js';
import { bundlePath, createEngine, readBundle, type Engine, type HeapStats, type ProfileName } from '../simulator/engine/index.js';
import { BenchHost } from './host.js';
import { Meter, meteredCrypto, type PhaseStats } from './instrument.js';
import { DEBIT_PHASES, runDebit, sessionCard, startSession, switchPhasesOnPorts, type ReaderLike, type Session } from './reader-session.js';
import { median, progress, type BenchOptions } from './util.js';

/** What the engine run measured. */
export interface EngineDebitResult {
  profile: ProfileName;
  heap: HeapStats | null;
  /** Median firmware JavaScript time per debit phase (ms). */
  jsMs: Map<string, number>;
  /** Why (part of) the run could not be done, or ''. */
  error: string;
}

const BUNDLE = 'jerryscript.js';

/** A session whose reader is the firmware bundle inside an engine. */
async function engineSession(profile: ProfileName, heapBudget: number | null | undefined): Promise<{ s: Session; engine: Engine }> {
  const crypto = createNodeCrypto();
  const meter = new Meter('setup');
  const mc = meteredCrypto(crypto, meter);
  const issuer = createIssuer('bench', crypto);
  const pn532 = new VirtualPn532();
  const keypad = new VirtualKeypad();
  const display = new VirtualDisplay();
  const signal = new VirtualSignal();
  const clock = new TestClock();
  const flash = new VirtualFlash(4096, 16);
  const usb = new UsbCapture();
  const engine = await createEngine(profile, heapBudget === undefined ? {} : { heapBudget });
  const def = (path: string, fn: (...a: any[]) => unknown) => engine.defineHostFunction(path, fn);
  def('ports.nfc.write', (d: Uint8Array) => meter.port('nfc', d, () => pn532.write(d)));
  def('ports.nfc.ready', () => meter.port('nfc', null, () => {
    const r = pn532.ready();
    if (!r) clock.advance(BUS_POLL_MS);
    return r;
  }));
  def('ports.nfc.read', (n: number) => meter.port('nfc', null, () => pn532.read(n)));
  def('ports.keypad.selectRow', (row: number) => meter.port('other', null, () => keypad.selectRow(row)));
  def('ports.keypad.readColumns', () => meter.port('other', null, () => keypad.readColumns()));
  def('ports.display.show', (lines: string[]) => meter.port('other', null, () => display.show(lines)));
  def('ports.signal.led', (c: number) => meter.port('other', null, () => signal.led(c)));
  def('ports.signal.beep', (b: number) => meter.port('other', null, () => signal.beep(b)));
  def('ports.clock.monotonic', () => clock.monotonic());
  def('ports.clock.now', () => clock.now());
  def('ports.clock.set', (ms: number) => clock.set(ms));
  def('ports.flash.read', (page: number, offset: number, length: number) => meter.port('flash', null, () => flash.read(page, offset, length)));
  def('ports.flash.write', (page: number, offset: number, data: Uint8Array) => meter.port('flash', 'write', () => {
    meter.phase.flashWrites++;
    flash.write(page, offset, data);
  }));
  def('ports.flash.erase', (page: number) => meter.port('flash', 'erase', () => {
    meter.phase.flashErases++;
    flash.erase(page);
  }));
  def('ports.usb.send', (p: Uint8Array) => meter.port('usb', p, () => {
    meter.packetIn(p);
    usb.send(p);
  }));
  for (const name of ['sha256', 'sign', 'verify', 'random', 'publicKey'] as const) {
    def('ports.crypto.' + name, (...a: any[]) => (mc[name] as (...x: any[]) => unknown)(...a));
  }
  const root = Array.from(issuer.rootPublicKey).join(',');
  engine.eval(
    `ports.keypad.rows = ${keypad.rows}; ports.keypad.cols = ${keypad.cols};` +
      `ports.display.lines = ${display.lines}; ports.display.columns = ${display.columns};` +
      `ports.flash.pageSize = ${flash.pageSize}; ports.flash.pageCount = ${flash.pageCount};` +
      `ports.config = { issuerRoot: new Uint8Array([${root}]) };`,
  );
  engine.load(readBundle(BUNDLE), BUNDLE);
  engine.eval('var reader = PassReader.start(ports);');
  meter.watchChip(() => pn532.stats);
  switchPhasesOnPorts(meter);
  const exact = () => engine.timing().engineMs;
  const firmware = {
    tick: () => meter.firmware('tick', () => void engine.call('reader.tick'), exact),
    onUsbPacket: (p: Uint8Array) => meter.firmware('usb', () => void engine.call('reader.onUsbPacket', p), exact),
    usbControl: () => null,
  };
  const adapters = new WeakMap<CardApplet, FieldCard>();
  const fieldCard = (c: CardApplet | FieldCard): FieldCard => {
    if (!(c instanceof CardApplet)) return c;
    let a = adapters.get(c);
    if (!a) {
      a = new AppletInField(c);
      adapters.set(c, a);
    }
    return a;
  };
  const reader: ReaderLike = {
    firmware,
    pn532,
    clock,
    tap: (c) => pn532.placeCard(fieldCard(c)),
    pull: (c) => pn532.removeCard(fieldCard(c)),
    type(keys) {
      for (const k of keys) {
        keypad.press(k);
        reader.advance(KEY_MS);
        keypad.release(k);
        reader.advance(KEY_MS);
      }
    },
    advance(ms) {
      const end = clock.monotonic() + ms;
      while (clock.monotonic() < end) {
        clock.advance(Math.min(TICK_MS, end - clock.monotonic()));
        firmware.tick();
      }
    },
    send: (p) => firmware.onUsbPacket(p),
    take: () => usb.take(),
  };
  const s: Session = { issuer, reader, host: null as unknown as BenchHost, meter, trace: [], pinAt: -1 };
  startSession(s, 1);
  return { s, engine };
}

/** Debits with the firmware bundle in the engine: JS time per phase, heap. */
export async function engineDebit(o: BenchOptions, profile: ProfileName = 'jerryscript'): Promise<EngineDebitResult> {
  const jsMs = new Map<string, number>();
  if (!existsSync(bundlePath(BUNDLE))) return { profile, heap: null, jsMs, error: `dist/firmware/${BUNDLE} is missing (npm run build:firmware)` };
  const runs = o.quick ? 2 : 5;
  let error = '';
  let session: { s: Session; engine: Engine };
  progress(o, `engine: firmware bundle under quickjs/${profile}, ${runs} debits`);
  try {
    session = await engineSession(profile, undefined);
  } catch (e) {
    return { profile, heap: null, jsMs, error: `the bundle does not start in the engine: ${(e as Error).message.split('\n')[0]}` };
  }
  const crypto = createNodeCrypto();
  const per = new Map<string, number[]>();
  let heap: HeapStats | null = null;
  for (let i = 0; i < runs; i++) {
    const { s, engine } = session;
    s.meter.phases.clear();
    const c = sessionCard(s, crypto);
    let ok = false;
    try {
      const a = runDebit(s, c.card, c.pin);
      ok = a.status === Status.OK;
      if (!ok) error = `engine debit answered ${statusName(a.status)}`;
    } catch (e) {
      const m = (e as Error).message.split('\n')[0];
      if ((e as Error).name === 'HeapBudgetError' || /budget/i.test(m)) {
        // Over the JerryScript heap budget: say so, and measure again without a budget.
        error = `over the 64 KiB working-heap budget of the jerryscript profile: ${m}`;
        engine.dispose();
        session = await engineSession(profile, null);
        continue;
      }
      error = `engine debit failed: ${m}`;
      break;
    }
    heap = engine.heap();
    if (!ok) break;
    for (const name of DEBIT_PHASES) {
      const p: PhaseStats | undefined = s.meter.phases.get(name);
      if (!p) continue;
      if (!per.has(name)) per.set(name, []);
      (per.get(name) as number[]).push(p.jsMs);
    }
  }
  session.engine.dispose();
  for (const [k, v] of per) jsMs.set(k, median(v));
  return { profile, heap, jsMs, error };
}
