/**
 * Run built ES5 bundles inside quickjs-emscripten made to look like the
 * reader's engines: a "jerryscript" profile (no console/timers/TextEncoder,
 * `print` only, 64 KB heap budget) and an "espruino" profile (no Map, Set,
 * Symbol, BigInt, Math.imul, Number.isInteger, ... plus `print` and
 * `console.log`). See simulator/engine/README.md for what is and is not emulated.
 *
 *     const e = await createEngine('jerryscript');
 *     e.load(readFileSync('dist/firmware/protocol.js', 'utf8'));
 *     e.call('PassProtocol.toHex', new Uint8Array([1, 2]));   // '0102'
 *     e.dispose();
 */
import { getQuickJS, type QuickJSContext, type QuickJSHandle, type QuickJSRuntime, type QuickJSWASMModule } from 'quickjs-emscripten';
import { performance } from 'node:perf_hooks';
import { BRIDGE_SOURCE, hostFromJson, hostToJson } from './bridge.js';
import { JERRY_HEAP_BUDGET, PROFILES, removalSource, type ProfileName } from './profiles.js';

export type { ProfileName } from './profiles.js';

/** Options of {@link createEngine}. */
export interface EngineOptions {
  /**
   * Heap budget in bytes, or null for none. Default: 64 KiB for "jerryscript",
   * none for "espruino" (Espruino's limit is variable slots, not bytes).
   */
  heapBudget?: number | null;
  /**
   * false (default): the budget counts what the code allocates while running,
   * over the heap its loaded bundles keep (on a board the bytecode runs from a
   * flash snapshot, and quickjs stores code about twice as large as JerryScript:
   * see README). true: the budget also counts the loaded code.
   */
  budgetIncludesCode?: boolean;
  /** Espruino quirk, off by default: `String.fromCharCode` keeps only the low byte of each code. */
  fromCharCodeLowByte?: boolean;
  /** Stop any single load/eval/call after this many milliseconds (default 60,000; null: never). */
  timeLimitMs?: number | null;
  /** Called with each line printed by `print` / `console.log` (lines are also kept in `output`). */
  onPrint?: (line: string) => void;
}

/** Heap figures in bytes, all relative to the empty context (see README). */
export interface HeapStats {
  /** memory_used_size of the runtime with the empty, profiled context (absolute). */
  empty: number;
  /** What load() calls added (bundle bytecode, functions, module-level data). */
  code: number;
  /** The latest sample (used - empty). */
  current: number;
  /** Highest sample of used - empty. */
  peak: number;
  /** Highest sample of used - empty - code: the run-time (working) heap. */
  peakWorking: number;
  /** The enforced budget, or null. */
  budget: number | null;
  /** Samples taken (interrupts, host calls, ends of load/eval/call). */
  samples: number;
}

/** Time spent, in milliseconds, since creation or the last resetTiming(). */
export interface EngineTiming {
  /** Inside the engine (evaluation and calls), excluding host functions and heap sampling. */
  engineMs: number;
  /** Inside host functions (ports), including their argument/result conversion. */
  hostMs: number;
  /** Converting call() / eval() arguments and results. */
  marshalMs: number;
  /** Heap sampling (computeMemoryUsage). */
  sampleMs: number;
  /** call() + eval() + load() invocations, and host-function invocations. */
  calls: number;
  hostCalls: number;
}

/** A host function: receives converted values (Uint8Array for engine bytes) and returns one. */
export type HostFunction = (...args: any[]) => unknown;

/** An error thrown inside the engine, with its coded-error fields copied over. */
export interface EngineError extends Error {
  /** Numeric status code of a codedError, when the engine value carried one. */
  code?: number;
  at?: number;
  /** The engine-side error name and stack (quickjs format). */
  engineName?: string;
  engineStack?: string;
}

/** An emulated engine: one quickjs runtime + context, profiled. */
export interface Engine {
  readonly profile: ProfileName;
  /** Lines printed by the code, in order. */
  readonly output: string[];
  /** Evaluate a bundle or script (global code); its growth of the heap counts as code. */
  load(source: string, filename?: string): void;
  /** Evaluate an expression or statements; returns the converted completion value. */
  eval(code: string): unknown;
  /** Call the function at a dotted global path ('PassProtocol.encode'), `this` = its owner. */
  call(path: string, ...args: unknown[]): unknown;
  /** Install `fn` at a dotted global path ('ports.sha256' creates `ports` when missing). */
  defineHostFunction(path: string, fn: HostFunction): void;
  /** Highest observed heap use over the empty context, in bytes (a lower bound: sampled). */
  peakHeap(): number;
  heap(): HeapStats;
  timing(): EngineTiming;
  resetTiming(): void;
  dispose(): void;
}

let modulePromise: Promise<QuickJSWASMModule> | null = null;

/** The shared quickjs WebAssembly module (release, sync variant), loaded once. */
export function quickjsModule(): Promise<QuickJSWASMModule> {
  if (!modulePromise) modulePromise = getQuickJS();
  return modulePromise;
}

function engineError(d: { text?: string; name?: string; message?: string; code?: number; at?: number; stack?: string }, where: string): EngineError {
  const e = new Error(`${where}: ${d.text ?? d.message ?? 'engine error'}`) as EngineError;
  if (typeof d.code === 'number') e.code = d.code;
  if (typeof d.at === 'number') e.at = d.at;
  e.engineName = d.name;
  e.engineStack = d.stack;
  return e;
}

/** Thrown when the heap budget is exceeded; the engine is dead afterwards (as JerryScript is). */
export class HeapBudgetError extends Error {
  constructor(
    readonly profile: string,
    readonly used: number,
    readonly budget: number,
  ) {
    super(`${profile} profile: heap budget exceeded: ${used} bytes in use > budget ${budget} bytes ` +
      `(out of heap is fatal on JerryScript; allocate less, process data in small chunks)`);
  }
}

/**
 * Create an engine with the given profile. Async only because the quickjs
 * WebAssembly module loads once; everything on the engine is synchronous.
 */
export async function createEngine(profile: ProfileName, options: EngineOptions = {}): Promise<Engine> {
  const QuickJS = await quickjsModule();
  return build(QuickJS, profile, options);
}

function build(QuickJS: QuickJSWASMModule, profileName: ProfileName, options: EngineOptions): Engine {
  const profile = PROFILES[profileName];
  if (!profile) throw new Error(`unknown engine profile ${String(profileName)}`);
  const budget = options.heapBudget !== undefined ? options.heapBudget : profile.heapBudget ? JERRY_HEAP_BUDGET : null;
  const includesCode = options.budgetIncludesCode === true;
  const rt: QuickJSRuntime = QuickJS.newRuntime();
  const ctx: QuickJSContext = rt.newContext();
  const output: string[] = [];
  const time: EngineTiming = { engineMs: 0, hostMs: 0, marshalMs: 0, sampleMs: 0, calls: 0, hostCalls: 0 };
  let dead: Error | null = null;
  let tripped: HeapBudgetError | null = null;
  let empty = 0;
  let code = 0;
  let loading = false;
  let current = 0;
  let peak = 0;
  let peakWorking = 0;
  let samples = 0;
  let sampling = false;
  const timeLimit = options.timeLimitMs === undefined ? 60_000 : options.timeLimitMs;
  let deadline = Infinity;
  let timedOut = false;

  function memoryUsed(): number {
    const h = rt.computeMemoryUsage();
    const sys = rt.context as QuickJSContext; // created by computeMemoryUsage
    const v = sys.getProp(h, 'memory_used_size');
    const n = sys.getNumber(v);
    v.dispose();
    h.dispose();
    return n;
  }

  /** Sample the heap; returns true (and records the error) when the budget is exceeded. */
  function sample(): boolean {
    if (sampling || !empty) return tripped !== null;
    sampling = true;
    const t = performance.now();
    const used = memoryUsed() - empty;
    time.sampleMs += performance.now() - t;
    sampling = false;
    samples++;
    current = used;
    if (used > peak) peak = used;
    if (!loading && used - code > peakWorking) peakWorking = used - code;
    if (budget !== null && !tripped && (includesCode || !loading)) {
      const counted = includesCode ? used : used - code;
      if (counted > budget) tripped = new HeapBudgetError(profileName, counted, budget);
    }
    return tripped !== null;
  }

  rt.setInterruptHandler(() => {
    if (performance.now() > deadline) timedOut = true;
    return sample() || timedOut;
  });

  const bridge = ctx.unwrapResult(ctx.evalCode(BRIDGE_SOURCE, 'bridge.js'));
  const bridgeToJson = ctx.getProp(bridge, 'toJson');
  const bridgeFromJson = ctx.getProp(bridge, 'fromJson');
  const bridgeDescribe = ctx.getProp(bridge, 'describeError');

  /** Convert (and dispose) an engine exception handle into a host Error. */
  function describe(errorHandle: QuickJSHandle, where: string): Error {
    if (tripped) {
      errorHandle.dispose();
      return tripped;
    }
    const r = ctx.callFunction(bridgeDescribe, ctx.undefined, errorHandle);
    errorHandle.dispose();
    if (r.error) {
      r.error.dispose();
      return new Error(`${where}: engine error (not describable)`);
    }
    const d = JSON.parse(ctx.getString(r.value));
    r.value.dispose();
    return engineError(d, where);
  }

  function toEngine(value: unknown): QuickJSHandle {
    switch (typeof value) {
      case 'undefined':
        return ctx.undefined;
      case 'boolean':
        return value ? ctx.true : ctx.false;
      case 'string':
        return ctx.newString(value);
      case 'number':
        if (Number.isFinite(value) && !Object.is(value, -0)) return ctx.newNumber(value);
        break;
      case 'object':
        if (value === null) return ctx.null;
        break;
      default:
        throw new Error(`cannot pass a ${typeof value} into the engine`);
    }
    const text = ctx.newString(hostToJson(value));
    const r = ctx.callFunction(bridgeFromJson, ctx.undefined, text);
    text.dispose();
    if (r.error) throw describe(r.error, 'converting a value into the engine');
    return r.value;
  }

  function toHost(h: QuickJSHandle): unknown {
    switch (ctx.typeof(h)) {
      case 'undefined':
        return undefined;
      case 'number':
        return ctx.getNumber(h);
      case 'string':
        return ctx.getString(h);
      case 'boolean':
        return ctx.dump(h);
      default: {
        const r = ctx.callFunction(bridgeToJson, ctx.undefined, h);
        if (r.error) throw describe(r.error, 'converting an engine value (cyclic?)');
        const text = ctx.typeof(r.value) === 'string' ? ctx.getString(r.value) : 'null';
        r.value.dispose();
        return hostFromJson(text);
      }
    }
  }

  function check(): void {
    if (tripped) dead = tripped;
    if (dead) throw dead;
    if (!ctx.alive) throw new Error('engine disposed');
  }

  /** Run engine work `f` (returns a call result), account time, enforce the budget. */
  function run(where: string, f: () => ReturnType<QuickJSContext['evalCode']>): QuickJSHandle {
    check();
    time.calls++;
    const hostBefore = time.hostMs;
    const sampleBefore = time.sampleMs;
    const t = performance.now();
    deadline = timeLimit === null ? Infinity : t + timeLimit;
    timedOut = false;
    let r: ReturnType<QuickJSContext['evalCode']>;
    try {
      r = f();
    } finally {
      deadline = Infinity;
    }
    time.engineMs += performance.now() - t - (time.hostMs - hostBefore) - (time.sampleMs - sampleBefore);
    sample();
    if (tripped) {
      if (r.error) r.error.dispose();
      else r.value.dispose();
      dead = tripped;
      throw tripped;
    }
    if (timedOut) {
      if (r.error) r.error.dispose();
      else r.value.dispose();
      throw new Error(`${where}: stopped after the time limit of ${timeLimit} ms (${profileName} profile)`);
    }
    if (r.error) throw describe(r.error, where);
    return r.value;
  }

  function resolvePath(path: string): { owner: QuickJSHandle; target: QuickJSHandle } {
    const parts = path.split('.');
    let owner = ctx.global;
    let target = ctx.getProp(owner, parts[0]);
    for (let i = 1; i < parts.length; i++) {
      if (ctx.typeof(target) !== 'object' && ctx.typeof(target) !== 'function') {
        target.dispose();
        if (owner !== ctx.global) owner.dispose();
        throw new Error(`${path}: ${parts.slice(0, i).join('.')} is not an object in the engine`);
      }
      if (owner !== ctx.global) owner.dispose();
      owner = target;
      target = ctx.getProp(owner, parts[i]);
    }
    return { owner, target };
  }

  function installPrint(): void {
    const printFn = ctx.newFunction('print', (...args) => {
      const line = args.map((a) => ctx.getString(a)).join(' ');
      output.push(line);
      if (options.onPrint) options.onPrint(line);
    });
    if (profile.print) ctx.setProp(ctx.global, 'print', printFn);
    if (profile.consoleLog) {
      const consoleObj = ctx.newObject();
      ctx.setProp(consoleObj, 'log', printFn);
      ctx.setProp(ctx.global, 'console', consoleObj);
      consoleObj.dispose();
    }
    printFn.dispose();
  }

  function setup(): void {
    ctx.unwrapResult(ctx.evalCode(removalSource(profile.remove), 'profile.js')).dispose();
    if (options.fromCharCodeLowByte) {
      const src = `(function(){var f=String.fromCharCode;String.fromCharCode=function(){var s='';` +
        `for(var i=0;i<arguments.length;i++)s+=f(arguments[i]&255);return s;};})();`;
      ctx.unwrapResult(ctx.evalCode(src, 'quirks.js')).dispose();
    }
    installPrint();
    memoryUsed(); // creates the runtime's system context, which then stays
    empty = memoryUsed();
  }
  setup();

  const engine: Engine = {
    profile: profileName,
    output,

    load(source, filename = 'bundle.js') {
      check();
      sample();
      const start = current;
      loading = true;
      try {
        run(`load ${filename}`, () => ctx.evalCode(source, filename)).dispose();
      } finally {
        if (!dead) {
          sample();
          code += current - start;
        }
        loading = false;
      }
    },

    eval(source) {
      const h = run('eval', () => ctx.evalCode(source, 'eval.js'));
      const t = performance.now();
      try {
        return toHost(h);
      } finally {
        h.dispose();
        time.marshalMs += performance.now() - t;
      }
    },

    call(path, ...args) {
      check();
      const t0 = performance.now();
      const { owner, target } = resolvePath(path);
      if (ctx.typeof(target) !== 'function') {
        target.dispose();
        if (owner !== ctx.global) owner.dispose();
        throw new Error(`${path} is not a function in the engine (${profileName})`);
      }
      const handles: QuickJSHandle[] = [];
      try {
        for (const a of args) handles.push(toEngine(a));
        time.marshalMs += performance.now() - t0;
        const h = run(path, () => ctx.callFunction(target, owner, ...handles));
        const t1 = performance.now();
        try {
          return toHost(h);
        } finally {
          h.dispose();
          time.marshalMs += performance.now() - t1;
        }
      } finally {
        for (const h of handles) h.dispose();
        target.dispose();
        if (owner !== ctx.global) owner.dispose();
      }
    },

    defineHostFunction(path, fn) {
      check();
      const parts = path.split('.');
      const name = parts[parts.length - 1];
      const fnHandle = ctx.newFunction(name, (...argHandles) => {
        const t = performance.now();
        const sampleBefore = time.sampleMs;
        time.hostCalls++;
        try {
          if (sample()) return { error: ctx.newError({ name: 'Error', message: 'heap budget exceeded' }) };
          const result = toEngine(fn(...argHandles.map(toHost)));
          sample();
          return result;
        } catch (e) {
          const err = ctx.newError({ name: 'Error', message: e instanceof Error ? e.message : String(e) });
          const coded = e as { code?: unknown; at?: unknown };
          if (typeof coded?.code === 'number') ctx.newNumber(coded.code).consume((c) => ctx.setProp(err, 'code', c));
          if (typeof coded?.at === 'number') ctx.newNumber(coded.at).consume((c) => ctx.setProp(err, 'at', c));
          return { error: err };
        } finally {
          time.hostMs += performance.now() - t - (time.sampleMs - sampleBefore);
        }
      });
      let owner = ctx.global;
      for (let i = 0; i < parts.length - 1; i++) {
        let next = ctx.getProp(owner, parts[i]);
        const kind = ctx.typeof(next);
        if (kind !== 'object' && kind !== 'function') {
          next.dispose();
          next = ctx.newObject();
          ctx.setProp(owner, parts[i], next);
        }
        if (owner !== ctx.global) owner.dispose();
        owner = next;
      }
      ctx.setProp(owner, name, fnHandle);
      if (owner !== ctx.global) owner.dispose();
      fnHandle.dispose();
    },

    peakHeap: () => peak,

    heap: () => ({ empty, code, current, peak, peakWorking, budget, samples }),

    timing: () => ({ ...time }),

    resetTiming() {
      time.engineMs = time.hostMs = time.marshalMs = time.sampleMs = 0;
      time.calls = time.hostCalls = 0;
    },

    dispose() {
      if (!ctx.alive) return;
      for (const h of [bridgeToJson, bridgeFromJson, bridgeDescribe, bridge]) h.dispose();
      ctx.dispose();
      rt.dispose();
    },
  };
  return engine;
}
