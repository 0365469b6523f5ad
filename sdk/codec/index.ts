/** Host canonical CBOR codec (spec §1): same API and same bytes as protocol/cbor/. */
export { encode, decode, MAX_DEPTH } from './cbor.js';
export type { CborValue, CborMap, CborArray } from './cbor.js';
