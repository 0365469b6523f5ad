/** BufferSource / DataView to bytes, for transcripts. */

/** A copy of the bytes of a BufferSource. */
export function bufferBytes(data: BufferSource | ArrayBufferView | undefined): Uint8Array {
  if (data === undefined) return new Uint8Array(0);
  if (data instanceof ArrayBuffer) return new Uint8Array(data.slice(0));
  return new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
}

/** The error fields a transcript keeps. */
export function errorFields(e: unknown): { name: string; message: string } {
  const o = (e ?? {}) as { name?: unknown; message?: unknown };
  return { name: typeof o.name === 'string' ? o.name : 'Error', message: typeof o.message === 'string' ? o.message : String(e) };
}
