/**
 * The SDK against the simulator: the real firmware (simulator/reader) behind a WebUSB device
 * (simulator/usb), driven in simulated time. `drive` advances the reader's clock while the
 * SDK's promises run, and plays the holder (tap, PIN) when the reader asks for them.
 */
import { createNodeCrypto } from '../../sdk/crypto/node.js';
import { createIssuer, type Issuer } from '../../simulator/issuer/index.js';
import type { CardApplet } from '../../simulator/card/applet.js';
import { createVirtualReader, readerGadget, TestClock, type VirtualReader } from '../../simulator/reader/index.js';
import { UsbGadget, VirtualUsb } from '../../simulator/usb/index.js';
import { ReaderMode } from '../../protocol/signed/reader-cert.js';
import { Reader, type ReaderOptions } from '../../sdk/index.js';
import { seededRandom } from '../../sdk/transcripts/random.js';

export const crypto = createNodeCrypto();
/** 1 October 2024 10:00 UTC: inside the 2024/2025 cultural benefits' validity. */
export const START_MS = Date.UTC(2024, 9, 1, 10, 0, 0);

/** A reader plugged into a virtual navigator.usb. */
export interface SimRig {
  issuer: Issuer;
  vr: VirtualReader;
  gadget: UsbGadget;
  usb: VirtualUsb;
  card: CardApplet;
  pin: string;
  /** The holder does this when the reader asks (set per call). */
  holder: { tap: boolean; pin: string | null; pullAfterPin: boolean; tapAtMs: number | null };
  /** The card is in the reader's field. */
  inField: boolean;
  /** beforeIn: sees each IN packet the firmware sends; returning false drops it. */
  hooks: { beforeIn: ((packet: Uint8Array) => boolean | void) | null };
}

/** Build the rig: issuer, a card of a terminale student (cinema: 5 units), a reader with its clock set. */
export function rig(seed: string): SimRig {
  const issuer = createIssuer(`issuer/${seed}`, crypto);
  const clock = new TestClock(START_MS);
  const vr = createVirtualReader({ config: { issuerRoot: issuer.rootPublicKey }, seed: `reader/${seed}`, clock, crypto });
  const hooks: SimRig['hooks'] = { beforeIn: null };
  const gadget = readerGadget(vr, { beforeIn: (p) => (hooks.beforeIn ? hooks.beforeIn(p) : undefined) });
  const usb = new VirtualUsb({ allowAllDevices: true });
  usb.plug(gadget);
  const pin = '2468';
  const card = issuer.issueCard('terminale-general', { pin, establishment: 690001, holderName: 'Zoé Martin' });
  return { issuer, vr, gadget, usb, card, pin, holder: { tap: true, pin, pullAfterPin: false, tapAtMs: null }, inField: false, hooks };
}

/**
 * Run `work` while simulated time passes (10 ms per turn of the event loop). The holder taps
 * the card when the reader waits for one and types the PIN when asked, as `r.holder` says.
 */
export async function drive<T>(r: SimRig, work: (onProgress: (p: { stage: string }) => void) => Promise<T>, maxMs = 120_000): Promise<T> {
  let stage = '';
  let typed = false;
  const onProgress = (p: { stage: string }) => {
    stage = p.stage;
  };
  let done = false;
  const p = work(onProgress).finally(() => (done = true));
  for (let t = 0; !done && t < maxMs; t += 10) {
    if (stage === 'waiting-for-card' && r.holder.tap && !r.inField) {
      r.vr.tap(r.card);
      r.inField = true;
    }
    if (r.holder.tapAtMs !== null && t >= r.holder.tapAtMs && !r.inField) {
      r.holder.tapAtMs = null;
      r.vr.tap(r.card);
      r.inField = true;
    }
    if (stage === 'waiting-for-pin' && r.holder.pin !== null && !typed) {
      typed = true;
      r.vr.type(r.holder.pin + '#');
      if (r.holder.pullAfterPin) {
        r.vr.pull(r.card);
        r.inField = false;
      }
    }
    r.vr.advance(10);
    await new Promise<void>((res) => setImmediate(res));
  }
  return p;
}

/** Connect the SDK to the rig's reader through its virtual navigator.usb. */
export async function connect(r: SimRig, device?: USBDevice, extra: Partial<ReaderOptions> = {}): Promise<Reader> {
  const d = device ?? (await r.usb.getDevices())[0];
  return drive(r, () =>
    Reader.connect(d, { issuerRoot: r.issuer.rootPublicKey, hub: r.usb, locks: null, rng: seededRandom('host'), ...extra }),
  );
}

/** Set the clock and install a merchant certificate agreed for culture (cinema, shows, books...). */
export async function provisionMerchant(r: SimRig, reader: Reader): Promise<void> {
  const info = reader.lastInfo!;
  const certificate = r.issuer.issueReaderCertificate({
    readerPublicKey: info.publicKey,
    partnerId: 77,
    partnerName: 'Cinéma Le Zola',
    mode: ReaderMode.MERCHANT,
    categories: [3, 4, 5],
    notBefore: START_MS / 1000 - 86400,
    notAfter: START_MS / 1000 + 365 * 86400,
  });
  await drive(r, () => reader.setTime(START_MS));
  await drive(r, () => reader.provision({ certificate }));
}
