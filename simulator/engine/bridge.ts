/**
 * How values cross between Node and an engine: JSON text in the notation of
 * test/vectors/load.ts, so bytes travel as hex strings:
 *
 *   Uint8Array        <-> {"$bytes": "0a1b"}
 *   undefined          -> {"$undefined": true}  (array elements, object properties)
 *   NaN, ±Infinity, -0 -> {"$number": "NaN"}
 *
 * Other values are plain JSON (objects, arrays, strings, numbers, booleans,
 * null). Functions and other typed arrays do not cross (JSON drops them or
 * turns them into index-keyed objects). The engine half is ES5 source
 * evaluated once per context; its functions are kept as handles, never
 * stored on the engine's global object, so bundles cannot see them.
 */

/** ES5 expression evaluating to {toJson, fromJson, describeError}, the engine half of the bridge. */
export const BRIDGE_SOURCE = `(function () {
  var HEX = '0123456789abcdef';
  var U8 = Uint8Array;
  var stringify = JSON.stringify;
  var parse = JSON.parse;
  var keys = Object.keys;
  var SPECIAL = { 'NaN': NaN, 'Infinity': Infinity, '-Infinity': -Infinity, '-0': -0 };
  function toHex(b) {
    var s = '';
    for (var i = 0; i < b.length; i++) s += HEX.charAt(b[i] >> 4) + HEX.charAt(b[i] & 15);
    return s;
  }
  function fromHex(s) {
    var n = s.length >> 1;
    var b = new U8(n);
    for (var i = 0; i < n; i++) b[i] = parseInt(s.substr(2 * i, 2), 16);
    return b;
  }
  function revive(v) {
    if (v === null || typeof v !== 'object') return v;
    var i;
    if (v instanceof Array) {
      for (i = 0; i < v.length; i++) v[i] = revive(v[i]);
      return v;
    }
    var names = keys(v);
    if (names.length === 1) {
      if (names[0] === '$bytes') return fromHex(v.$bytes);
      if (names[0] === '$number') return SPECIAL[v.$number];
      if (names[0] === '$undefined') return undefined;
    }
    for (i = 0; i < names.length; i++) {
      var x = v[names[i]];
      var r = revive(x);
      if (r !== x) v[names[i]] = r; // same object: leave '__proto__' keys alone
    }
    return v;
  }
  function replace(k, v) {
    if (v instanceof U8) return { $bytes: toHex(v) };
    if (typeof v === 'number') {
      if (v !== v) return { $number: 'NaN' };
      if (v === Infinity) return { $number: 'Infinity' };
      if (v === -Infinity) return { $number: '-Infinity' };
      if (v === 0 && 1 / v < 0) return { $number: '-0' };
    }
    if (v === undefined && k !== '') return { $undefined: true };
    return v;
  }
  function field(e, name) {
    try { return e[name]; } catch (x) { return undefined; }
  }
  return {
    toJson: function (v) { return v === undefined ? '{"$undefined":true}' : stringify(v, replace); },
    fromJson: function (s) { return revive(parse(s)); },
    describeError: function (e) {
      var isObject = e !== null && (typeof e === 'object' || typeof e === 'function');
      var d = { text: String(e) };
      if (isObject) {
        d.name = field(e, 'name');
        d.message = field(e, 'message');
        d.code = field(e, 'code');
        d.at = field(e, 'at');
        d.stack = field(e, 'stack');
      }
      return stringify(d, function (k, v) { return typeof v === 'number' || typeof v === 'string' || k === '' ? v : undefined; });
    }
  };
})()`;

const SPECIAL: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity, '-0': -0 };

/** Node half: value -> JSON text for the engine's fromJson. */
export function hostToJson(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, v: unknown) {
    const original = this[key]; // before toJSON (Buffer has one)
    if (original instanceof Uint8Array) return { $bytes: Buffer.from(original.buffer, original.byteOffset, original.byteLength).toString('hex') };
    if (typeof v === 'number') {
      if (Number.isNaN(v)) return { $number: 'NaN' };
      if (v === Infinity) return { $number: 'Infinity' };
      if (v === -Infinity) return { $number: '-Infinity' };
      if (Object.is(v, -0)) return { $number: '-0' };
    }
    if (v === undefined && key !== '') return { $undefined: true };
    return v;
  });
}

/** Node half: JSON text from the engine's toJson -> value (Uint8Array for $bytes). */
export function hostFromJson(text: string): unknown {
  return revive(JSON.parse(text));
}

function revive(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(revive);
  const o = v as Record<string, unknown>;
  const names = Object.keys(o);
  if (names.length === 1) {
    if (names[0] === '$bytes') return new Uint8Array(Buffer.from(o.$bytes as string, 'hex'));
    if (names[0] === '$number' && (o.$number as string) in SPECIAL) return SPECIAL[o.$number as string];
    if (names[0] === '$undefined') return undefined;
  }
  for (const k of names) {
    const r = revive(o[k]);
    if (r !== o[k]) o[k] = r; // same object: leave '__proto__' keys alone
  }
  return o;
}
