/** The embedded-engine harness (see README.md): quickjs profiles, duktape, bundle checks, the protocol self-test. */
export {
  createEngine,
  quickjsModule,
  HeapBudgetError,
  type Engine,
  type EngineOptions,
  type EngineError,
  type EngineTiming,
  type HeapStats,
  type HostFunction,
  type ProfileName,
} from './quickjs.js';
export { PROFILES, JERRY_HEAP_BUDGET, type Profile } from './profiles.js';
export { runDuk, hasDuk, DUK_MISSING, type DukResult } from './duk.js';
export { checkBundleText } from './bundle-check.js';
export { ROOT, bundlePath, readBundle } from './bundles.js';
export { hostToJson, hostFromJson } from './bridge.js';
export {
  SELFTEST_SOURCE,
  protocolVectors,
  vectorList,
  parseSummary,
  selfTestUnderDuk,
  selfTestUnderQuickJS,
  type SelfTestSummary,
} from './selftest.js';
