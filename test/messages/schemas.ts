/** Every schema of the catalogue by name, and generic sample values built from descriptors (for the suites). */
import * as M from '../../protocol/messages/index.js';
import { FieldType as T, FieldFlag as F, FieldBits as B } from '../../protocol/messages/index.js';
import type { Schema, Field } from '../../protocol/messages/index.js';

/** Request argument schemas, by command name. */
export const ARGS: [string, Schema][] = M.COMMAND_TABLE.map((c) => [c.name, M.argsSchema(c.code)!]);
/** Result schemas, by command name. */
export const RESULTS: [string, Schema][] = M.COMMAND_TABLE.map((c) => [c.name, M.resultSchema(c.code)!]);
/** Event data schemas, by event name. */
export const EVENTS: [string, Schema][] = M.EVENT_TABLE.map((e) => [e.name, M.eventSchema(e.code)!]);

/** Every exported schema constant, by its export name. */
export const NAMED_SCHEMAS: [string, Schema][] = Object.entries(M).filter(
  ([name, v]) => /^[A-Z_]+$/.test(name) && v !== null && typeof v === 'object' && !Array.isArray(v) &&
    Object.values(v).every((f) => typeof f === 'number' || (Array.isArray(f) && f.length === 2)) &&
    !['FieldType', 'FieldFlag', 'FieldBits'].includes(name),
) as [string, Schema][];

export const d = M.descriptor;
export const typeOf = (f: Field): number => d(f) & B.TYPE;
export const limitOf = (f: Field): number => d(f) >>> B.LIMIT_SHIFT;
export const isRequired = (f: Field): boolean => (d(f) & F.REQUIRED) !== 0;
export const sub = (f: Field): Schema | number => (f as [number, Schema | number])[1];

/** A valid value for a scalar descriptor or a field. */
export function sampleValue(f: Field): unknown {
  const desc = d(f);
  const limit = desc >>> B.LIMIT_SHIFT;
  switch (desc & B.TYPE) {
    case T.UINT:
      return limit ? Math.min(limit, 5) : 5;
    case T.BOOL:
      return true;
    case T.BYTES:
      return new Uint8Array(desc & F.EXACT ? limit : 1).fill(0xa5);
    case T.TEXT:
      return 'é';
    case T.MAP:
      return sample(sub(f) as Schema);
    case T.ARRAY: {
      const s = sub(f);
      return [typeof s === 'number' ? sampleValue(s) : sample(s)];
    }
  }
  throw new Error('bad descriptor ' + desc);
}

/** A valid named object with every field of `schema` present. */
export function sample(schema: Schema): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [name, f] of Object.entries(schema)) o[name] = sampleValue(f);
  return o;
}

/** Values of the wrong type for a field. */
export function wrongTypes(f: Field): unknown[] {
  switch (typeOf(f)) {
    case T.UINT:
      return ['1', -1, true, null, new Uint8Array(1), 4294967296];
    case T.BOOL:
      return [1, 0, 'true', null];
    case T.BYTES:
      return ['aa', [1], 1, null, {}];
    case T.TEXT:
      return [new Uint8Array(1), 1, null, '\ud800'];
    case T.MAP:
      return [[], 1, new Uint8Array(1), 'x', null];
    case T.ARRAY:
      return [{}, 1, new Uint8Array(1), 'x', null];
  }
  return [];
}

/** Values of the right type outside the field's range or length limits. */
export function outOfRange(f: Field): unknown[] {
  const desc = d(f);
  const limit = desc >>> B.LIMIT_SHIFT;
  const out: unknown[] = [];
  switch (desc & B.TYPE) {
    case T.UINT:
      if (limit) out.push(limit + 1);
      if (desc & F.MIN1) out.push(0);
      break;
    case T.BYTES:
      if (limit) out.push(new Uint8Array(limit + 1));
      if (desc & F.EXACT) out.push(new Uint8Array(limit - 1));
      if (desc & F.MIN1) out.push(new Uint8Array(0));
      break;
    case T.TEXT:
      // fewer UTF-8 characters than the limit, but more bytes
      if (limit) out.push('é'.repeat(Math.floor(limit / 2) + 1));
      if (desc & F.MIN1) out.push('');
      break;
    case T.ARRAY: {
      const s = sub(f);
      const el = typeof s === 'number' ? sampleValue(s) : sample(s);
      if (limit) out.push(new Array(limit + 1).fill(el));
      if (desc & F.MIN1) out.push([]);
      break;
    }
  }
  return out;
}
