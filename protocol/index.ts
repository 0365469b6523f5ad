/**
 * The protocol's public surface, as bundled to ES5 (dist/firmware/protocol.js,
 * global `PassProtocol`) and imported by the SDK and simulator. Each layer is
 * a namespace so names never collide: `cbor.encode`, `messages.encodeRequest`...
 */
export * from './status.js';
export * from './errors.js';
export * from './usb.js';
export type { CryptoPort } from './crypto.js';
export * as bytes from './bytes/index.js';
export * as cbor from './cbor/index.js';
export * as framing from './framing/index.js';
export * as messages from './messages/index.js';
export * as signed from './signed/index.js';
export * as card from './card/index.js';
export * as catalogue from './catalogue/index.js';
export * as labels from './catalogue/labels.js';
export * as rules from './rules/index.js';
