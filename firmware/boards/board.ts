/** What both board entries share: the baked-in issuer root unless the board's config overrides it. */
import { start } from '../app/reader.js';
import type { Reader, ReaderPorts } from '../app/ports.js';
import type { ReaderConfig } from '../app/config.js';
import { bakedIssuerRoot } from './issuer-root.js';

/** Start the reader with `defaults` under the board's own config. */
export function startWith(ports: ReaderPorts, defaults: ReaderConfig): Reader {
  const cfg: ReaderConfig = {};
  const given = ports.config || {};
  let k: keyof ReaderConfig;
  for (k in defaults) (cfg as { [name: string]: unknown })[k] = defaults[k];
  for (k in given) if (given[k] !== undefined) (cfg as { [name: string]: unknown })[k] = given[k];
  if (cfg.issuerRoot === undefined) cfg.issuerRoot = bakedIssuerRoot();
  return start({
    nfc: ports.nfc, keypad: ports.keypad, display: ports.display, signal: ports.signal, clock: ports.clock,
    flash: ports.flash, usb: ports.usb, crypto: ports.crypto, config: cfg,
  });
}
