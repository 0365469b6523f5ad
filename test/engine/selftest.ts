/**
 * Runs test/engine/protocol-selftest.js (ES5) against the built protocol
 * bundle under duktape and under the quickjs profiles, and parses its summary.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, readBundle } from '../../simulator/engine/bundles.js';
import { runDuk, type DukResult } from '../../simulator/engine/duk.js';
import { createEngine, type EngineOptions, type EngineTiming, type HeapStats, type ProfileName } from '../../simulator/engine/quickjs.js';

/** The line protocol-selftest.js prints. */
export interface SelfTestSummary {
  passed: number;
  failed: number;
  failures: { group: string; name: string; why: string }[];
}

/** Source of the ES5 self-test script. */
export const SELFTEST_SOURCE = readFileSync(join(ROOT, 'test', 'engine', 'protocol-selftest.js'), 'utf8');

function readVectors(n: string): any {
  const p = join(ROOT, 'test', 'vectors', n + '.json');
  return existsSync(p) ? JSON.parse(readFileSync(p, 'utf8')) : null;
}

/**
 * The debit scenarios of test/vectors/scenarios.json, one self-contained
 * vector per case: the case's wallet names, denylist name and card names
 * replaced by their definitions (names of benefits/categories, ISO times and
 * kind names stay: the engine resolves them). Throws when the file is missing or empty.
 */
export function scenarioVectors(): any[] {
  const file = readVectors('scenarios');
  if (!file || !file.cases?.length) throw new Error('test/vectors/scenarios.json is missing or has no cases');
  const need = (table: Record<string, unknown>, name: string, what: string) => {
    if (!(name in table)) throw new Error(`scenarios.json: unknown ${what} ${name}`);
    return table[name];
  };
  return file.cases.map((c: any) => ({
    name: c.name,
    wallets: c.wallets.map((w: string) => need(file.wallets, w, 'wallet')),
    benefit: c.benefit,
    amount: c.amount,
    time: c.time,
    reader: c.reader,
    denylist: (need(file.denylists, c.denylist, 'denylist') as any[]).map((e) => ({ ...e, cardId: need(file.cards, e.cardId, 'card') })),
    card: need(file.cards, c.card, 'card'),
    collective: c.collective === true,
    expect: c.expect,
  }));
}

/** {frames, cbor, rules} as parsed from test/vectors/ (cbor null while cbor.json does not exist). */
export function protocolVectors(): { frames: any; cbor: any; rules: any[] } {
  return { frames: readVectors('frames'), cbor: readVectors('cbor'), rules: scenarioVectors() };
}

/** Every vector the self-test runs, in its order, as {group, v}. */
export function vectorList(): { group: string; v: { name: string } }[] {
  const { frames, cbor, rules } = protocolVectors();
  const out: { group: string; v: { name: string } }[] = [];
  for (const v of frames.frames) out.push({ group: 'frames', v });
  for (const v of frames.reassembly) out.push({ group: 'reassembly', v });
  for (const g of ['valid', 'invalid', 'encodeOnly', 'unencodable']) for (const v of cbor?.[g] ?? []) out.push({ group: 'cbor.' + g, v });
  for (const v of rules) out.push({ group: 'rules', v });
  return out;
}

/** The summary line in a script's output (the last line that parses as one). */
export function parseSummary(output: string): SelfTestSummary {
  const lines = output.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('{"passed"'));
  if (!lines.length) throw new Error(`no self-test summary line in output:\n${output.slice(-2000)}`);
  return JSON.parse(lines[lines.length - 1]) as SelfTestSummary;
}

/** Under duktape: bundle + `var VECTORS = ...;` + self-test, run by `duk`. */
export function selfTestUnderDuk(): { summary: SelfTestSummary | null; duk: DukResult } {
  const script = [readBundle('protocol.js'), `var VECTORS = ${JSON.stringify(protocolVectors())};`, SELFTEST_SOURCE, 'protocolSelfTest();'].join('\n');
  const duk = runDuk(script);
  let summary: SelfTestSummary | null = null;
  try {
    summary = parseSummary(duk.stdout);
  } catch {
    summary = null;
  }
  return { summary, duk };
}

/**
 * Under a quickjs profile: the vectors are served one at a time by the host
 * function hostVector(i), so the heap figures are those of the protocol code.
 */
export async function selfTestUnderQuickJS(profile: ProfileName, options: EngineOptions = {}): Promise<{
  summary: SelfTestSummary;
  heap: HeapStats;
  timing: EngineTiming;
}> {
  const list = vectorList();
  const engine = await createEngine(profile, options);
  try {
    engine.defineHostFunction('hostVector', (i: number) => (i < list.length ? JSON.stringify(list[i]) : null));
    engine.defineHostFunction('checkpoint', () => undefined);
    engine.load(readBundle('protocol.js'), 'protocol.js');
    engine.load(SELFTEST_SOURCE, 'protocol-selftest.js');
    engine.resetTiming();
    engine.call('protocolSelfTest');
    return { summary: parseSummary(engine.output.join('\n')), heap: engine.heap(), timing: engine.timing() };
  } finally {
    engine.dispose();
  }
}
