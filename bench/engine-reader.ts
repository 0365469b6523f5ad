/**
 * The firmware bundle a board gets (dist/firmware/jerryscript.js) driven
 * inside the engine harness (simulator/engine, quickjs with the "jerryscript"
 * profile) as the firmware of the same instrumented virtual reader the Node
 * rows use (bench/reader-session.ts newSession). Used by table 4
 * (firmware JavaScript time per phase in the engine) and table 3 (heap of a
 * firmware debit). The engine's own time counter (host functions excluded)
 * gives the JavaScript time of each call.
 */
import { existsSync } from 'node:fs';
import { Status, statusName } from '../protocol/status.js';
import { createNodeCrypto } from '../sdk/crypto/index.js';
import { bundlePath, createEngine, readBundle, type Engine, type HeapStats, type ProfileName } from '../simulator/engine/index.js';
import type { PhaseStats } from './instrument.js';
import { DEBIT_PHASES, newSession, runDebit, sessionCard, type Session } from './reader-session.js';
import { median, progress, type BenchOptions } from './util.js';

/** What the engine run measured. */
export interface EngineDebitResult {
  profile: ProfileName;
  heap: HeapStats | null;
  /** Median firmware JavaScript time per debit phase (ms). */
  jsMs: Map<string, number>;
  /** Why (part of) the run could not be done, or ''. */
  error: string;
}

const BUNDLE = 'jerryscript.js';

/** A session whose reader is the firmware bundle inside an engine (the same virtual reader and meter as in Node). */
async function engineSession(profile: ProfileName, heapBudget: number | null | undefined): Promise<{ s: Session; engine: Engine }> {
  const engine = await createEngine(profile, heapBudget === undefined ? {} : { heapBudget });
  engine.load(readBundle(BUNDLE), BUNDLE);
  return { s: newSession(createNodeCrypto(), 1, true, {}, engine), engine };
}

/** Debits with the firmware bundle in the engine: JS time per phase, heap. */
export async function engineDebit(o: BenchOptions, profile: ProfileName = 'jerryscript'): Promise<EngineDebitResult> {
  const jsMs = new Map<string, number>();
  if (!existsSync(bundlePath(BUNDLE))) return { profile, heap: null, jsMs, error: `dist/firmware/${BUNDLE} is missing (npm run build:firmware)` };
  const runs = o.quick ? 2 : 5;
  let error = '';
  let session: { s: Session; engine: Engine };
  progress(o, `engine: firmware bundle under quickjs/${profile}, ${runs} debits`);
  try {
    session = await engineSession(profile, undefined);
  } catch (e) {
    return { profile, heap: null, jsMs, error: `the bundle does not start in the engine: ${(e as Error).message.split('\n')[0]}` };
  }
  const crypto = createNodeCrypto();
  const per = new Map<string, number[]>();
  let heap: HeapStats | null = null;
  for (let i = 0; i < runs; i++) {
    const { s, engine } = session;
    s.meter.phases.clear();
    const c = sessionCard(s, crypto);
    let ok = false;
    try {
      const a = runDebit(s, c.card, c.pin);
      ok = a.status === Status.OK;
      if (!ok) error = `engine debit answered ${statusName(a.status)}`;
    } catch (e) {
      const m = (e as Error).message.split('\n')[0];
      if ((e as Error).name === 'HeapBudgetError' || /budget/i.test(m)) {
        // Over the JerryScript heap budget: say so, and measure again without a budget.
        error = `over the 64 KiB working-heap budget of the jerryscript profile: ${m}`;
        engine.dispose();
        session = await engineSession(profile, null);
        continue;
      }
      error = `engine debit failed: ${m}`;
      break;
    }
    heap = engine.heap();
    if (!ok) break;
    for (const name of DEBIT_PHASES) {
      const p: PhaseStats | undefined = s.meter.phases.get(name);
      if (!p) continue;
      if (!per.has(name)) per.set(name, []);
      (per.get(name) as number[]).push(p.jsMs);
    }
  }
  session.engine.dispose();
  for (const [k, v] of per) jsMs.set(k, median(v));
  return { profile, heap, jsMs, error };
}
