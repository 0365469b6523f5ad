/** What both board entries share: the baked-in issuer root unless the board's config overrides it. */
import { start } from '../app/reader.js';
import type { Reader, ReaderPorts } from '../app/ports.js';
import type { ReaderConfig } from '../app/config.js';
import { bakedIssuerRoot } from './issuer-root.js';

/**
 * Start the reader under the board's own config: `defaults` (a fresh object
 * from the board entry, completed in place) with every field the board's
 * `ports.config` defines over it, and the baked-in issuer root unless given.
 */
export function startWith(ports: ReaderPorts, defaults: ReaderConfig): Reader {
  const cfg = defaults as { [name: string]: unknown };
  const given = ports.config || {};
  let k: keyof ReaderConfig;
  for (k in given) if (given[k] !== undefined) cfg[k] = given[k];
  if (defaults.issuerRoot === undefined) defaults.issuerRoot = bakedIssuerRoot();
  return start({
    nfc: ports.nfc, keypad: ports.keypad, display: ports.display, signal: ports.signal, clock: ports.clock,
    flash: ports.flash, usb: ports.usb, crypto: ports.crypto, config: defaults,
  });
}
