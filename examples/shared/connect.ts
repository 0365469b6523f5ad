/**
 * Connecting a page to a reader: a real one over WebUSB (navigator.usb's
 * chooser, so it must run from a click), or a simulated one through the demo
 * server's bridge (the simulator client is loaded only then). Either way the
 * page gets the SDK's Reader, the reader's info and its verified certificate.
 */
import { Reader, requestReader, type ReaderInfo, type UsbHub } from '../../sdk/index.js';
import { fromHex } from '../../protocol/bytes/hex.js';
import { openReaderCertificate, type ReaderCertificate } from '../../protocol/signed/reader-cert.js';
import { defaultCrypto } from '../../sdk/crypto/index.js';
import { lang } from './i18n.js';
import type { PageConfig } from './sim-api.js';

/** A connected reader. */
export interface Connection {
  reader: Reader;
  info: ReaderInfo;
  /** The reader certificate, verified against the issuer root (null when absent or invalid). */
  certificate: ReaderCertificate | null;
  /** Name of the simulated reader (for its panel), null for a reader found through navigator.usb. */
  simulated: string | null;
  /** Close the reader and whatever the connection opened. */
  close(): Promise<void>;
}

/** Open `device` with the SDK, set its clock, read and verify its certificate. */
async function open(device: USBDevice, cfg: PageConfig, hub: UsbHub | undefined, simulated: string | null, extraClose: () => void): Promise<Connection> {
  const reader = await Reader.connect(device, { issuerRoot: cfg.issuerRoot, lang: lang(), hub });
  try {
    await reader.setTime();
    const info = await reader.info();
    let certificate: ReaderCertificate | null = null;
    if (info.certificate) {
      const o = openReaderCertificate(info.certificate, fromHex(cfg.issuerRoot), defaultCrypto());
      certificate = o.value;
    }
    return {
      reader, info, certificate, simulated,
      async close() {
        await reader.close().catch(() => {});
        extraClose();
      },
    };
  } catch (e) {
    await reader.close().catch(() => {});
    extraClose();
    throw e;
  }
}

/** The "Connect reader" path: the browser's chooser, then the SDK. Call from a click handler. */
export async function connectUsb(cfg: PageConfig): Promise<Connection> {
  const device = await requestReader();
  return open(device, cfg, undefined, null, () => {});
}

/** The "Use simulated reader" path: the bridge's navigator.usb-like hub, reader `name` chosen without a prompt. */
export async function connectSimulated(cfg: PageConfig, page: 'till' | 'canteen'): Promise<Connection> {
  const { name, serial } = cfg.readers[page];
  const { BridgeUsb } = await import('../../simulator/bridge/client.js');
  const usb = await BridgeUsb.connect(cfg.bridgeUrl, {
    chooser: (devices) => devices.find((d) => d.serialNumber === serial) ?? null,
  });
  try {
    const device = await requestReader(usb);
    return await open(device, cfg, usb, name, () => usb.close());
  } catch (e) {
    usb.close();
    throw e;
  }
}
