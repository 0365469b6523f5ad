/** Helpers of the message suites: JSON form of named messages, code lookup by name. */
import { fromJson, toHex } from '../vectors/load.js';

/**
 * The JSON form of a named message: plain objects keep their field names, byte
 * strings become {"$bytes": hex}, undefined fields are dropped. `fromJson` of
 * test/vectors/load.ts is the inverse.
 */
export function namedToJson(v: unknown): unknown {
  if (v instanceof Uint8Array) return { $bytes: toHex(v) };
  if (Array.isArray(v)) return v.map(namedToJson);
  if (v !== null && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) o[k] = namedToJson(x);
    return o;
  }
  return v;
}

/** The named value a JSON form stands for. */
export function namedFromJson(j: unknown): any {
  return fromJson(j);
}

/** The code of `name` in a code table (STATUS_TABLE, COMMAND_TABLE, EVENT_TABLE); throws when absent. */
export function codeOf(table: ReadonlyArray<{ code: number; name: string }>, name: string): number {
  const row = table.find((r) => r.name === name);
  if (!row) throw new Error(`unknown name ${name}`);
  return row.code;
}
