/** Every fuzz target by name; targets are built lazily (some issue a card or load the firmware). */
import type { FuzzTarget } from '../target.js';
import { reassemblerTarget } from './reassembler.js';
import { cborDifferentialTarget, cborFirmwareTarget, cborHostTarget } from './cbor.js';
import { apduParseTarget, cardAppletTarget } from './card.js';

/** The firmware's request path, when the firmware and the virtual reader are in the tree. */
async function dispatch(): Promise<FuzzTarget | null> {
  try {
    const m = await import('./dispatch.js');
    return m.firmwareDispatchTarget();
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_MODULE_NOT_FOUND') return null;
    throw e;
  }
}

/** A target factory; null when the code it needs is not there yet. */
export type TargetFactory = () => Promise<FuzzTarget | null>;

/** Name -> factory, in the order the runner goes through them. */
export const TARGETS: Record<string, TargetFactory> = {
  reassembler: async () => reassemblerTarget(),
  'cbor-firmware': async () => cborFirmwareTarget(),
  'cbor-host': async () => cborHostTarget(),
  'cbor-differential': async () => cborDifferentialTarget(),
  'apdu-parse': async () => apduParseTarget(),
  'card-applet': async () => cardAppletTarget(),
  'firmware-dispatch': dispatch,
};
