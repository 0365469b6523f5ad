/** Firmware canonical CBOR codec (spec §1): value model, encoder, decoder, well-formedness check. */
export type { CborValue, CborArray, CborMap } from './types.js';
export { MAX_DEPTH, CBOR_INT_MIN, CBOR_INT_MAX, isProfileInt, compareKeys, keyOf, isCborMap } from './types.js';
export { encode } from './encode.js';
export { decode } from './decode.js';
export { wellFormed } from './wellformed.js';
