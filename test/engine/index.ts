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
} from '../../simulator/engine/quickjs.js';
export { PROFILES, JERRY_HEAP_BUDGET, type Profile } from '../../simulator/engine/profiles.js';
export { runDuk, hasDuk, DUK_MISSING, type DukResult } from '../../simulator/engine/duk.js';
export { checkBundleText } from './bundle-check.js';
export { ROOT, bundlePath, readBundle } from '../../simulator/engine/bundles.js';
export { hostToJson, hostFromJson } from '../../simulator/engine/bridge.js';
export {
  SELFTEST_SOURCE,
  protocolVectors,
  vectorList,
  parseSummary,
  selfTestUnderDuk,
  selfTestUnderQuickJS,
  type SelfTestSummary,
} from './selftest.js';
