/** Byte helpers: UTF-8, hex, comparison and concatenation (ES5-safe). */
export { utf8Length, utf8Write, utf8Encode, utf8DecodeRange, utf8Decode } from './utf8.js';
export { toHex, fromHex } from './hex.js';
export { bytesEqual, concat, copyBytes } from './bytes.js';
