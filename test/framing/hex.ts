/** Test-only hex helpers for the framing suites (lowercase, no separators). */
export function toHex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}

export function fromHex(h: string): Uint8Array {
  if (h.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(h)) throw new Error('bad hex: ' + h.slice(0, 20));
  return new Uint8Array(Buffer.from(h, 'hex'));
}
