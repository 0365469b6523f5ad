/** The two codecs under test, by name, and a helper to capture a coded error. */
import * as firmware from '../../protocol/cbor/index.js';
import * as host from '../../sdk/codec/index.js';
import { isCodedError } from '../../protocol/errors.js';
import type { CborValue } from '../../protocol/cbor/index.js';

export interface Codec {
  encode(value: CborValue): Uint8Array;
  decode(bytes: Uint8Array): CborValue;
}

export const CODECS: [string, Codec][] = [
  ['firmware', firmware],
  ['host', host],
];

/** Run `f`; return the coded error it threw ({code, at}) or null. A non-coded throw fails the test. */
export function codedFailure(f: () => unknown): { code: number; at?: number } | null {
  try {
    f();
    return null;
  } catch (e) {
    if (!isCodedError(e)) throw new Error(`uncoded error: ${String(e)}`);
    return { code: e.code, at: e.at };
  }
}
