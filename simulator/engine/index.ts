/**
 * Running the built firmware bundle (the file a board gets) inside an embedded engine:
 * quickjs with "jerryscript" and "espruino" profiles, duktape, and the reader's ports bound to
 * virtual hardware. The simulator's faithful mode (`passreader sim --engine ...`), the bundle
 * tests and the benchmarks use it.
 */
export {
  createEngine, quickjsModule, HeapBudgetError,
  type Engine, type EngineOptions, type EngineError, type EngineTiming, type HeapStats, type HostFunction, type ProfileName,
} from './quickjs.js';
export { PROFILES, JERRY_HEAP_BUDGET, type Profile } from './profiles.js';
export { runDuk, hasDuk, DUK_MISSING, type DukResult } from './duk.js';
export { ROOT, bundlePath, readBundle } from './bundles.js';
export { hostToJson, hostFromJson } from './bridge.js';
export { engineStart } from './reader.js';
