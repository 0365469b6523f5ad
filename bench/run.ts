/**
 * The benchmarks (`npm run bench`, `npm run bench -- --quick`).
 *
 * Prints six tables and writes every number to dist/bench/results.json:
 *   1 codec throughput            4 a debit phase by phase (firmware on the virtual reader)
 *   2 receipts verified per sec   5 modelled card-in-field time (106 / 424 kbit/s)
 *   3 bundle sizes, engine heap   6 simulator throughput
 * Options: --quick (fewer, shorter runs), --no-build (use dist/firmware as it is),
 * --only 1,4 (some tables), --no-engine (skip the firmware in the engine harness),
 * --markdown (also print the tables as markdown, for docs/benchmarks.md).
 * Timings are medians over several runs on a shared machine: they are
 * reported, never asserted.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../simulator/engine/index.js';
import { benchCodec } from './codec.js';
import { benchReceipts } from './receipts.js';
import { benchFirmware, firmwareTable } from './firmware.js';
import { benchDebit, debitTable, type DebitResult } from './debit.js';
import { benchField, fieldTable, type FieldInput } from './field.js';
import { benchThroughput } from './throughput.js';
import { benchCard, referenceAccessTrace, referenceDebitTrace } from './card-trace.js';
import { createNodeCrypto } from '../sdk/crypto/index.js';
import { benchOptions, markdownTable, renderTable, type Table } from './util.js';

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const onlyArg = argv.indexOf('--only') >= 0 ? argv[argv.indexOf('--only') + 1] : '';
const only = new Set(onlyArg.split(',').filter(Boolean).map(Number));
const want = (n: number) => only.size === 0 || only.has(n);
const o = benchOptions(quick);

const tables: Table[] = [];
const results: Record<string, unknown> = {};
const missing: string[] = [];
const started = Date.now();

function show(t: Table): void {
  tables.push(t);
  console.log('\n' + renderTable(t));
}

/** Load the firmware-dependent modules only when simulator/reader exists. */
async function readerAvailable(): Promise<boolean> {
  try {
    await import('../simulator/reader/index.js');
    return true;
  } catch (e) {
    missing.push(`simulator/reader cannot be loaded: ${(e as Error).message.split('\n')[0]}`);
    return false;
  }
}

if (want(1)) {
  const r = benchCodec(o);
  results.codec = r.rows;
  show(r.table);
}
if (want(2)) {
  const r = benchReceipts(o);
  results.receipts = r.rows;
  show(r.table);
}

const hasReader = want(3) || want(4) || want(5) || want(6) ? await readerAvailable() : false;
let debit: DebitResult | null = null;
if (hasReader && (want(4) || want(5))) {
  debit = benchDebit(o);
  if (!argv.includes('--no-engine')) {
    try {
      const { engineDebit } = await import('./engine-reader.js');
      const e = await engineDebit(o);
      if (e.error) missing.push('table 4 engine column: ' + e.error);
      for (const row of debit.rows) {
        const ms = e.jsMs.get(row.name);
        if (ms !== undefined) {
          row.jsMsEngine = ms;
          row.engineProfile = e.profile;
        }
      }
      results.engineDebit = { profile: e.profile, heap: e.heap, jsMs: Object.fromEntries(e.jsMs), error: e.error };
    } catch (err) {
      missing.push('table 4 engine column: ' + (err as Error).message.split('\n')[0]);
    }
  }
}

if (want(3)) {
  const r = await benchFirmware(o, argv.includes('--no-build'));
  const eng = results.engineDebit as { profile: string; heap: { code: number; peakWorking: number } | null } | undefined;
  if (eng?.heap) {
    r.heap.push({ engine: `quickjs/${eng.profile}`, workload: 'firmware: boot, provisioning, one debit', codeBytes: eng.heap.code, peakWorkingBytes: eng.heap.peakWorking, engineMs: NaN, result: 'debit OK' });
  } else {
    missing.push('table 3: peak heap of a firmware debit in the engine harness (see the engine column error)');
  }
  results.firmware = r;
  show(firmwareTable(r));
}

if (want(4)) {
  if (debit) {
    results.debit = { ...debit, debitTrace: undefined, accessTrace: undefined };
    show(debitTable(debit));
  } else missing.push('table 4 (needs simulator/reader)');
}

if (want(5)) {
  let inp: FieldInput;
  if (debit) {
    inp = { source: 'the firmware on the virtual reader', debit: debit.debitTrace, pinAt: debit.pinAt, access: debit.accessTrace, debitBusBytes: debit.debitBusBytes, accessBusBytes: debit.accessBusBytes };
  } else {
    const b = benchCard(createNodeCrypto());
    const d = referenceDebitTrace(b);
    inp = { source: 'the reference traces (bench/card-trace.ts; simulator/reader unavailable)', debit: d.trace, pinAt: d.pinAt, access: referenceAccessTrace(b), debitBusBytes: 0, accessBusBytes: 0 };
  }
  const rows = benchField(inp);
  results.field = { source: inp.source, rows };
  show(fieldTable(rows, inp));
}

if (want(6)) {
  if (hasReader) {
    const r = benchThroughput(o);
    results.throughput = r.rows;
    show(r.table);
  } else missing.push('table 6 (needs simulator/reader)');
}

const meta = {
  date: new Date().toISOString(),
  quick,
  node: process.version,
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? '',
  runs: o.runs,
  runMs: o.runMs,
  seconds: (Date.now() - started) / 1000,
  missing,
};
const out = join(ROOT, 'dist', 'bench');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'results.json'), JSON.stringify({ meta, ...results }, (_k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v), 2));
if (argv.includes('--markdown')) {
  console.log('\n--- markdown ---');
  for (const t of tables) console.log(`\n### ${t.title}\n\n${markdownTable(t)}\n${(t.notes ?? []).map((n) => n).join('\n')}\n`);
}
console.log(`\n${tables.length} tables in ${meta.seconds.toFixed(1)} s; results in dist/bench/results.json`);
if (missing.length) console.log('missing: ' + missing.join('; '));
