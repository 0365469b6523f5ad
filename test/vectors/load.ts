/**
 * Loader for the JSON test vectors in test/vectors/*.json.
 *
 * JSON cannot hold byte strings, integer-keyed maps in a chosen order,
 * `undefined` or special numbers, so vectors describe values like this:
 *
 * | JSON description                        | value                                        |
 * |-----------------------------------------|----------------------------------------------|
 * | `null`, `true`, `false`, number, string | the same                                     |
 * | `[a, b, ...]`                           | an array of the described values             |
 * | `{"$bytes": "0a1b"}`                    | `Uint8Array` of those bytes (hex)            |
 * | `{"$map": [[1, a], [-1, b]]}`           | map object `{1: a, '-1': b}` (keys inserted in that order; a key may be a string to describe a text key) |
 * | `{"$undefined": true}`                  | `undefined` (an omitted optional field)      |
 * | `{"$number": "NaN"}`                    | NaN, `Infinity`, `-Infinity` or `-0`         |
 * | any other object `{"1": a, "x": b}`     | an object with those property names          |
 *
 * `toJson` is the inverse (maps come out as `$map` in canonical key order), so
 * vectors can be written from values. `statusCode('NON_CANONICAL')` turns the
 * status names used in vector files into codes.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { fromHex, toHex } from '../../protocol/bytes/hex.js';
import { STATUS_TABLE } from '../../protocol/status.js';
import { compareKeys, keyOf } from '../../protocol/cbor/types.js';

export { fromHex, toHex };

const here = dirname(fileURLToPath(import.meta.url));

/** Parse `test/vectors/<name>.json` (name without extension). */
export function loadVectors<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(join(here, name + '.json'), 'utf8')) as T;
}

const SPECIAL_NUMBERS: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity, '-0': -0 };

/** The value a JSON description stands for (see the table above). */
export function fromJson(d: unknown): any {
  if (d === null || typeof d !== 'object') return d;
  if (Array.isArray(d)) return d.map(fromJson);
  const o = d as Record<string, unknown>;
  const names = Object.keys(o);
  if (names.length === 1 && names[0].startsWith('$')) {
    const x = o[names[0]];
    switch (names[0]) {
      case '$bytes':
        return fromHex(x as string);
      case '$map': {
        const m: Record<string, unknown> = {};
        for (const [k, v] of x as [number | string, unknown][]) m[String(k)] = fromJson(v);
        return m;
      }
      case '$undefined':
        return undefined;
      case '$number':
        if (!((x as string) in SPECIAL_NUMBERS)) throw new Error(`unknown $number ${String(x)}`);
        return SPECIAL_NUMBERS[x as string];
      default:
        throw new Error(`unknown vector description ${names[0]}`);
    }
  }
  const m: Record<string, unknown> = {};
  for (const k of names) m[k] = fromJson(o[k]);
  return m;
}

/** The JSON description of a value (inverse of {@link fromJson}). */
export function toJson(v: unknown): unknown {
  if (v === undefined) return { $undefined: true };
  if (typeof v === 'number') {
    if (Object.is(v, -0)) return { $number: '-0' };
    if (!Number.isFinite(v)) return { $number: String(v) };
    return v;
  }
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof Uint8Array) return { $bytes: toHex(v) };
  if (Array.isArray(v)) return v.map(toJson);
  const names = Object.keys(v);
  if (names.every((n) => !Number.isNaN(keyOf(n)))) {
    const keys = names.map(keyOf).sort(compareKeys);
    return { $map: keys.map((k) => [k, toJson((v as Record<string, unknown>)[String(k)])]) };
  }
  return { $map: names.map((n) => [n, toJson((v as Record<string, unknown>)[n])]) };
}

/** The numeric status code of a status name from protocol/status.ts ('NON_CANONICAL' -> 2). */
export function statusCode(name: string): number {
  const row = STATUS_TABLE.find((r) => r.name === name);
  if (!row) throw new Error(`unknown status name ${name}`);
  return row.code;
}
