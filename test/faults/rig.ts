/**
 * The fault matrix's rig: one issuer and one reader certificate for every case (the reader seed
 * is fixed, so every fresh reader has the same key), a fresh reader + card + virtual USB per
 * case, fake SDK timers that follow the reader's simulated clock, and a holder who taps the card
 * and types the PIN whenever the reader asks for them.
 */
import { createNodeCrypto } from '../../sdk/crypto/node.js';
import { createIssuer } from '../../simulator/issuer/index.js';
import type { CardApplet } from '../../simulator/card/applet.js';
import { createVirtualReader, readerGadget, TestClock, type VirtualReader } from '../../simulator/reader/index.js';
import { VirtualFlash } from '../../simulator/hw/flash/virtual-flash.js';
import { UsbGadget, VirtualUsb } from '../../simulator/usb/index.js';
import { ReaderMode } from '../../protocol/signed/reader-cert.js';
import { Reader } from '../../sdk/index.js';
import type { Timers } from '../../sdk/transport/timers.js';
import { seededRandom } from '../../sdk/transcripts/random.js';

export const crypto = createNodeCrypto();
/** 1 October 2024 10:00 UTC: inside the cultural benefits' validity. */
export const START_MS = Date.UTC(2024, 9, 1, 10, 0, 0);
/** The cinema benefit (units) and what a terminale card holds of it. */
export const CINEMA = 8;
export const LOADED = 5;
export const PIN = '2468';

export const issuer = createIssuer('faults/issuer', crypto);
const READER_SEED = 'faults/reader';
let certificate: Uint8Array | null = null;

/** setTimeout/clearTimeout in simulated time: `advance` fires what is due. */
export class FakeTimers implements Timers {
  now = 0;
  private next = 1;
  private readonly due = new Map<number, { at: number; fn: () => void }>();
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.next++;
    this.due.set(id, { at: this.now + Math.max(0, ms), fn });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.due.delete(handle as number);
  }
  advance(ms: number): void {
    this.now += ms;
    for (;;) {
      let first: [number, { at: number; fn: () => void }] | null = null;
      for (const e of this.due) if (e[1].at <= this.now && (!first || e[1].at < first[1].at)) first = e;
      if (!first) return;
      this.due.delete(first[0]);
      first[1].fn();
    }
  }
}

/** One case: a fresh reader on its own flash, its USB gadget, a fresh card of LOADED units. */
export interface Case {
  vr: VirtualReader;
  flash: VirtualFlash;
  gadget: UsbGadget;
  usb: VirtualUsb;
  card: CardApplet;
  timers: FakeTimers;
  /** The holder types this PIN when asked (null: never). */
  pin: string | null;
}

/** A fresh case. */
export function freshCase(): Case {
  const flash = new VirtualFlash(4096, 16);
  const vr = createVirtualReader({ config: { issuerRoot: issuer.rootPublicKey }, seed: READER_SEED, clock: new TestClock(START_MS), crypto, flash });
  const gadget = readerGadget(vr);
  const usb = new VirtualUsb({ allowAllDevices: true });
  usb.plug(gadget);
  const card = issuer.issueCard('terminale-general', { pin: PIN, establishment: 690001, holderName: 'Zoé Martin' });
  return { vr, flash, gadget, usb, card, timers: new FakeTimers(), pin: PIN };
}

/** The card is in the reader's RF field. */
function inField(c: Case): boolean {
  return c.vr.pn532.cards().length > 0;
}

/**
 * Run `work` while simulated time passes (10 ms per turn of the event loop, for the reader and
 * the SDK's timers alike). The holder taps the card when the reader waits for one (progress
 * 'waiting-for-card', or "Replacez carte" on its display) and types the PIN once per
 * 'waiting-for-pin' episode, one key per 100 ms (held 50 ms), so a fault can land mid-PIN.
 * The reader is bus-powered: while its gadget is unplugged it does not run.
 */
export async function drive<T>(c: Case, work: (onProgress: (p: { stage: string }) => void) => Promise<T>, maxMs = 60_000): Promise<T> {
  let stage = '';
  let typed = false;
  const onProgress = (p: { stage: string }) => {
    if (p.stage !== 'waiting-for-pin') typed = false;
    stage = p.stage;
  };
  const keys: string[] = [];
  let held: string | null = null;
  let heldMs = 0;
  let done = false;
  const p = work(onProgress).finally(() => (done = true));
  for (let t = 0; !done && t < maxMs; t += 10) {
    const running = c.gadget.plugged && !c.vr.off;
    if (running && !inField(c) && (stage === 'waiting-for-card' || c.vr.display.text().includes('Replacez'))) c.vr.tap(c.card);
    if (running && stage === 'waiting-for-pin' && c.pin !== null && !typed) {
      typed = true;
      keys.push(...(c.pin + '#'));
    }
    if (running && held !== null && (heldMs += 10) >= 50) {
      c.vr.keypad.release(held);
      held = null;
    } else if (running && held === null && keys.length > 0 && (heldMs += 10) >= 50) {
      held = keys.shift()!;
      heldMs = 0;
      c.vr.keypad.press(held);
    }
    if (running) c.vr.advance(10);
    c.timers.advance(10);
    await new Promise<void>((res) => setImmediate(res));
  }
  if (held !== null) c.vr.keypad.release(held);
  if (!done) throw new Error(`drive: the call did not end within ${maxMs} ms of simulated time`);
  return p;
}

/** Connect the SDK to the case's reader (the first device its navigator.usb lists). */
export async function connect(c: Case): Promise<Reader> {
  const [d] = await c.usb.getDevices();
  if (!d) throw new Error('no device listed');
  return drive(c, () =>
    Reader.connect(d, { issuerRoot: issuer.rootPublicKey, hub: c.usb, locks: null, rng: seededRandom('host'), timers: c.timers }),
  );
}

/** Set the clock and install the (shared) merchant certificate for culture. */
export async function provision(c: Case, reader: Reader): Promise<void> {
  const info = reader.lastInfo!;
  if (!certificate) {
    certificate = issuer.issueReaderCertificate({
      readerPublicKey: info.publicKey,
      partnerId: 77,
      partnerName: 'Cinéma Le Zola',
      mode: ReaderMode.MERCHANT,
      categories: [3, 4, 5],
      notBefore: START_MS / 1000 - 86400,
      notAfter: START_MS / 1000 + 365 * 86400,
    });
  }
  const cert = certificate;
  await drive(c, () => reader.setTime(START_MS));
  await drive(c, () => reader.provision({ certificate: cert }));
}

/** The card's own cinema balance. */
export function cinemaLeft(c: Case): number {
  return c.card.state().wallets.find((w) => w.benefit === CINEMA)!.balance;
}
