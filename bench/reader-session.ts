/**
 * A provisioned virtual reader (simulator/reader: the real firmware on
 * virtual hardware) with the bench's instrumentation around its entry points
 * and ports, and a debit and an access check as a holder does them.
 */
import { Status, statusName } from '../protocol/status.js';
import type { CryptoPort } from '../protocol/crypto.js';
import { Command } from '../protocol/messages/codes.js';
import { Progress } from '../protocol/framing/keepalive.js';
import { FrameType } from '../protocol/framing/constants.js';
import { categoryOf } from '../protocol/catalogue/table.js';
import { CardApplet } from '../simulator/card/applet.js';
import { createIssuer, type Issuer } from '../simulator/issuer/index.js';
import { VirtualFlash } from '../simulator/hw/flash/virtual-flash.js';
import { createVirtualReader, type VirtualReader } from '../simulator/reader/index.js';
import { engineStart, type Engine } from '../simulator/engine/index.js';
import type { ReaderConfig } from '../firmware/app/config.js';
import { BENCH_TIME, benchCard, type BenchCard } from './card-trace.js';
import { BenchHost, type BenchAnswer } from './host.js';
import { Meter, apduOfFrame, meteredCrypto } from './instrument.js';
import type { Exchange } from './nfc-model.js';

/** The phases of a debit, in order (table 4). */
export const DEBIT_PHASES = ['host->reader', 'card read', 'PIN entry (holder)', 'PIN verify', 'card debit', 'signing', 'journal', 'reader->host'];

/** What the bench needs of a reader: the virtual reader, or the firmware bundle in an engine (bench/engine-reader.ts). */
export type ReaderLike = Pick<VirtualReader, 'tap' | 'pull' | 'type' | 'advance' | 'send' | 'take' | 'pn532' | 'clock' | 'firmware'>;

/** A reader under measurement. */
export interface Session {
  issuer: Issuer;
  reader: ReaderLike;
  host: BenchHost;
  meter: Meter;
  /** APDU exchanges seen by the PN532 since the last clearTrace(). */
  trace: Exchange[];
  /** Index in `trace` of the first exchange after the holder typed the PIN. */
  pinAt: number;
}

function expectOk(a: BenchAnswer, what: string): BenchAnswer {
  if (a.status !== Status.OK) throw new Error(`${what}: ${statusName(a.status)} ${JSON.stringify(a.details ?? {})}`);
  return a;
}

/** Switch the meter's debit phase on what the ports see (see DEBIT_PHASES). */
export function switchPhasesOnPorts(meter: Meter): void {
  meter.onPort = (kind, detail) => {
    const ph = meter.phase.name;
    if (kind === 'nfc' && detail instanceof Uint8Array) {
      const apdu = apduOfFrame(detail);
      if (!apdu || apdu.length < 4) return;
      if (apdu[1] === 0x20 && apdu.length > 4) meter.setPhase('PIN verify');
      else if ((apdu[1] === 0xb2 && apdu[2] === 1 && ph === 'PIN verify') || apdu[1] === 0x30) meter.setPhase('card debit');
    } else if (kind === 'crypto' && detail === 'sign' && ph === 'card debit') {
      meter.setPhase('signing');
    } else if (kind === 'flash' && (detail === 'write' || detail === 'erase') && ph === 'signing') {
      meter.setPhase('journal');
    } else if (kind === 'usb' && detail instanceof Uint8Array) {
      if (detail[2] === (0x80 | FrameType.MSG) && ph !== 'setup') meter.setPhase('reader->host');
      if (detail[2] === (0x80 | FrameType.KEEPALIVE) && detail[10] === Progress.WAITING_FOR_PIN && ph === 'card read') meter.setPhase('PIN entry (holder)');
    }
  };
}

/** Record the APDU exchanges of the PN532, open the channel and provision the reader (time, certificate for `mode`). */
export function startSession(s: Session, mode: 1 | 2): void {
  const { reader, meter } = s;
  reader.pn532.hooks.afterExchange = (e) => {
    s.trace.push({ command: e.apdu.slice(), response: (e.response as Uint8Array).slice() });
  };
  s.host = new BenchHost({
    send: (p) => {
      meter.packetOut(p);
      reader.send(p);
    },
    take: () => reader.take(),
    advance: (ms) => reader.advance(ms),
  });
  s.host.sync();
  const info = expectOk(s.host.call(Command.GET_INFO), 'GET_INFO');
  expectOk(s.host.call(Command.SET_TIME, { time: BENCH_TIME }), 'SET_TIME');
  const cert = s.issuer.issueReaderCertificate({
    readerPublicKey: info.result.publicKey as Uint8Array,
    partnerId: 42,
    partnerName: mode === 1 ? 'Cinema Le Club' : 'Lycee Vaucanson',
    mode,
    categories: mode === 1 ? [categoryOf(8)] : [],
    establishment: mode === 2 ? 690001 : undefined,
    notBefore: BENCH_TIME - 86400 * 100,
    notAfter: BENCH_TIME + 86400 * 600,
  });
  expectOk(s.host.call(Command.PROVISION_CERTIFICATE, { certificate: cert }), 'PROVISION_CERTIFICATE');
}

/**
 * A reader in `mode` (1 merchant, 2 access) provisioned for the cinema benefit, instrumented.
 * With `engine` (the bundle loaded) the firmware is the built bundle inside it, and its own
 * time counter gives the firmware JavaScript time.
 */
export function newSession(
  crypto: CryptoPort, mode: 1 | 2 = 1, instrument = true, config: Partial<ReaderConfig> = {}, engine?: Engine,
): Session {
  const meter = new Meter('setup');
  const issuer = createIssuer('bench', crypto);
  const flash = new VirtualFlash(4096, 16);
  const reader = createVirtualReader({
    flash, seed: 'bench', crypto: instrument ? meteredCrypto(crypto, meter) : crypto, config: { issuerRoot: issuer.rootPublicKey, ...config },
    start: engine ? engineStart(engine) : undefined,
  });
  const exact = engine ? () => engine.timing().engineMs : undefined;
  const s: Session = { issuer, reader, host: null as unknown as BenchHost, meter, trace: [], pinAt: -1 };
  if (instrument) {
    const fw = reader.firmware;
    reader.firmware = {
      tick: () => meter.firmware('tick', () => fw.tick(), exact),
      onUsbPacket: (p) => meter.firmware('usb', () => fw.onUsbPacket(p), exact),
      usbControl: (x) => fw.usbControl(x),
    };
    const chip = reader.pn532;
    const write = chip.write.bind(chip);
    const read = chip.read.bind(chip);
    const ready = chip.ready.bind(chip);
    chip.write = (d) => meter.port('nfc', d, () => write(d));
    chip.read = (n) => meter.port('nfc', null, () => read(n));
    chip.ready = () => meter.port('nfc', null, () => ready());
    meter.watchChip(() => chip.stats);
    const usbSend = reader.usb.send.bind(reader.usb);
    reader.usb.send = (p) => meter.port('usb', p, () => {
      meter.packetIn(p);
      usbSend(p);
    });
    const fwrite = flash.write.bind(flash);
    const ferase = flash.erase.bind(flash);
    const fread = flash.read.bind(flash);
    flash.write = (page, offset, data) => meter.port('flash', 'write', () => {
      meter.phase.flashWrites++;
      fwrite(page, offset, data);
    });
    flash.erase = (page) => meter.port('flash', 'erase', () => {
      meter.phase.flashErases++;
      ferase(page);
    });
    flash.read = (page, offset, length) => meter.port('flash', null, () => fread(page, offset, length));
    switchPhasesOnPorts(meter);
  }
  startSession(s, mode);
  return s;
}

/** A fresh card of the session's issuer. */
export function sessionCard(s: Session, crypto: CryptoPort): BenchCard {
  return benchCard(crypto, 'bench', s.issuer);
}

let requestCounter = 0;

/** One whole debit: request, tap, PIN typed on the keypad, response; the card is pulled afterwards. */
export function runDebit(s: Session, card: CardApplet, pin: string, benefit = 8, amount = 1): BenchAnswer {
  const { reader, host, meter } = s;
  s.trace = [];
  s.pinAt = -1;
  requestCounter++;
  const requestId = new Uint8Array(16);
  new DataView(requestId.buffer).setUint32(12, requestCounter);
  meter.setPhase('host->reader');
  const seq = host.send(Command.DEBIT, { benefit, amount, requestId, reference: 'bench ' + requestCounter });
  meter.setPhase('card read');
  reader.tap(card);
  // Until the reader asks for the PIN (its WAITING_FOR_PIN keepalive).
  host.progress = 0;
  for (let t = 0; ; t += 10) {
    host.pump();
    if (host.progress === Progress.WAITING_FOR_PIN) break;
    if (t >= 5000) throw new Error('the reader never asked for the PIN');
    reader.advance(10);
  }
  s.pinAt = s.trace.length;
  reader.type(pin + '#');
  const a = host.wait(Command.DEBIT, seq);
  meter.setPhase('after');
  meter.finish();
  reader.pull(card);
  reader.advance(50);
  return a;
}

/** One access check: ACCESS_CHECK request, tap, answer; the card is pulled afterwards. */
export function runAccessCheck(s: Session, card: CardApplet): BenchAnswer {
  s.trace = [];
  const seq = s.host.send(Command.ACCESS_CHECK);
  s.reader.tap(card);
  const a = s.host.wait(Command.ACCESS_CHECK, seq);
  s.reader.pull(card);
  s.reader.advance(50);
  return a;
}
