/**
 * The two engine profiles emulated inside quickjs-emscripten: which globals and
 * built-ins each deletes before any bundle runs, which it adds, and whether a
 * heap budget applies. Facts from ../shared/FIRMWARE-ENGINES.md (measured on
 * JerryScript 3.0, Espruino 2v29); see simulator/engine/README.md for the reasons.
 */

/** Name of an emulated engine profile. */
export type ProfileName = 'jerryscript' | 'espruino';

/** What a profile changes in a fresh quickjs context. */
export interface Profile {
  /** Paths deleted before any bundle runs ('Map', 'Math.imul', 'Array.prototype.reduceRight'). */
  remove: string[];
  /** Globals added by the harness: `print(...)`, and `console.log(...)` on Espruino. */
  print: boolean;
  consoleLog: boolean;
  /** True when the 64 KB JerryScript heap budget is enforced by default. */
  heapBudget: boolean;
}

/** Globals no JavaScript engine on the boards offers the firmware (timers and modules come through ports). */
const HOST_GLOBALS = [
  'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'setImmediate', 'clearImmediate',
  'queueMicrotask', 'require', 'process', 'module', 'exports', 'std', 'os', 'scriptArgs',
];

/** The profiles. JerryScript 3.0 (es.next) has Map, Promise, Math.imul...: only what it lacks goes. */
export const PROFILES: Record<ProfileName, Profile> = {
  jerryscript: {
    remove: ['console', 'TextEncoder', 'TextDecoder', ...HOST_GLOBALS],
    print: true,
    consoleLog: false,
    heapBudget: true,
  },
  espruino: {
    remove: [
      // globals and statics Espruino 2v29 lacks (FIRMWARE-ENGINES.md table and quirks)
      'Map', 'Set', 'WeakMap', 'WeakSet', 'WeakRef', 'FinalizationRegistry',
      'Symbol', 'BigInt', 'BigInt64Array', 'BigUint64Array',
      'Number.isInteger', 'Array.from', 'Math.imul', 'Object.freeze', 'Date.UTC', 'RangeError',
      'Array.prototype.reduceRight', 'ArrayBuffer.prototype.slice',
      'TextEncoder', 'TextDecoder', 'console',
      // Espruino has setTimeout/require/process, but the firmware must not use them: ports only.
      ...HOST_GLOBALS,
    ],
    print: true,
    consoleLog: true,
    heapBudget: false,
  },
};

/** Default heap budget of the jerryscript profile: a 64 KB JerryScript heap (bytes). */
export const JERRY_HEAP_BUDGET = 64 * 1024;

/** ES5 source that deletes `paths` from the global object (run once, before any bundle). */
export function removalSource(paths: string[]): string {
  const lines = paths.map((p) => {
    const parts = p.split('.');
    const last = JSON.stringify(parts.pop()!);
    const owner = ['globalThis', ...parts].join('.');
    return parts.length ? `if (${owner}) delete ${owner}[${last}];` : `delete globalThis[${last}];`;
  });
  return `(function () {\n${lines.join('\n')}\n})();`;
}
