/**
 * recordTranscript: wrap a USBDevice so that every operation and transfer is written to a
 * transcript. Host actions are recorded when they are called (so a packet always precedes the
 * answers it causes), IN transfers when they complete. IN transfers that fail after the host
 * started closing (release, close) are not recorded: they are the read loop ending.
 */
import { toHex } from '../../protocol/bytes/hex.js';
import { UNDERLYING_DEVICE } from '../transport/hub.js';
import { bufferBytes, errorFields } from './bytes.js';
import { TRANSCRIPT_FORMAT, type Transcript, type TranscriptEntry } from './types.js';

/** A recording in progress. */
export interface TranscriptRecorder {
  /** Use this device in place of the original. */
  readonly device: USBDevice;
  /** The transcript, growing as the device is used. */
  readonly transcript: Transcript;
}

/** Wrap `device`; everything done through the returned device is recorded. */
export function recordTranscript(
  device: USBDevice,
  options: { description?: string; meta?: Record<string, unknown> } = {},
): TranscriptRecorder {
  const transcript: Transcript = {
    format: TRANSCRIPT_FORMAT,
    origin: 'recorded',
    device: {
      vendorId: device.vendorId,
      productId: device.productId,
      configurationValue: device.configuration ? device.configuration.configurationValue : null,
    },
    entries: [],
  };
  if (device.serialNumber) transcript.device.serialNumber = device.serialNumber;
  if (device.productName) transcript.device.productName = device.productName;
  if (device.manufacturerName) transcript.device.manufacturerName = device.manufacturerName;
  if (options.description) transcript.description = options.description;
  if (options.meta) transcript.meta = options.meta;
  let closing = false;

  /** Record a host action at call time; note its failure if it rejects. */
  async function action<T>(entry: TranscriptEntry, call: () => Promise<T>, done?: (r: T) => void): Promise<T> {
    transcript.entries.push(entry);
    try {
      const r = await call();
      done?.(r);
      return r;
    } catch (e) {
      entry.error = errorFields(e);
      throw e;
    }
  }

  const methods: Partial<Record<keyof USBDevice, unknown>> = {
    open: () => action({ op: 'open' }, () => device.open()),
    close: () => {
      closing = true;
      return action({ op: 'close' }, () => device.close());
    },
    reset: () => action({ op: 'reset' }, () => device.reset()),
    selectConfiguration: (value: number) => action({ op: 'selectConfiguration', value }, () => device.selectConfiguration(value)),
    claimInterface: (value: number) => {
      closing = false;
      return action({ op: 'claimInterface', value }, () => device.claimInterface(value));
    },
    releaseInterface: (value: number) => {
      closing = true;
      return action({ op: 'releaseInterface', value }, () => device.releaseInterface(value));
    },
    selectAlternateInterface: (value: number, alternate: number) =>
      action({ op: 'selectAlternateInterface', value, alternate }, () => device.selectAlternateInterface(value, alternate)),
    clearHalt: (direction: USBDirection, ep: number) => action({ op: 'clearHalt', direction, ep }, () => device.clearHalt(direction, ep)),
    transferOut: (ep: number, data: BufferSource) => {
      const entry: TranscriptEntry = { op: 'transferOut', dir: 'out', ep, hex: toHex(bufferBytes(data)) };
      return action(entry, () => device.transferOut(ep, data), (r) => {
        if (r.status !== 'ok') entry.status = r.status;
      });
    },
    controlTransferOut: (setup: USBControlTransferParameters, data?: BufferSource) => {
      const entry: TranscriptEntry = { op: 'controlTransferOut', dir: 'out', setup: { ...setup }, hex: toHex(bufferBytes(data)) };
      return action(entry, () => device.controlTransferOut(setup, data), (r) => {
        if (r.status !== 'ok') entry.status = r.status;
      });
    },
    transferIn: async (ep: number, length: number) => {
      try {
        const r = await device.transferIn(ep, length);
        const entry: TranscriptEntry = { op: 'transferIn', dir: 'in', ep, length };
        if (r.data) entry.hex = toHex(bufferBytes(r.data));
        if (r.status !== 'ok') entry.status = r.status;
        transcript.entries.push(entry);
        return r;
      } catch (e) {
        if (!closing) transcript.entries.push({ op: 'transferIn', dir: 'in', ep, length, error: errorFields(e) });
        throw e;
      }
    },
    controlTransferIn: async (setup: USBControlTransferParameters, length: number) => {
      const entry: TranscriptEntry = { op: 'controlTransferIn', dir: 'in', setup: { ...setup }, length };
      transcript.entries.push(entry);
      try {
        const r = await device.controlTransferIn(setup, length);
        if (r.data) entry.hex = toHex(bufferBytes(r.data));
        if (r.status !== 'ok') entry.status = r.status;
        return r;
      } catch (e) {
        entry.error = errorFields(e);
        throw e;
      }
    },
  };

  const proxy = new Proxy(device, {
    get(target, prop) {
      if (prop === UNDERLYING_DEVICE) return target;
      if (typeof prop === 'string' && prop in methods) return methods[prop as keyof USBDevice];
      const v = Reflect.get(target, prop, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  return { device: proxy, transcript };
}
