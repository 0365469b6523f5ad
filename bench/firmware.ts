/**
 * Table 3: firmware bundle sizes (dist/firmware/*.js as built by
 * scripts/build-firmware.mjs: minified and gzip bytes) and the heap each
 * engine profile of test/engine needs: `code` (what loading the bundle
 * added) and `peakWorking` (highest sampled run-time heap above it), for
 * the protocol self-test and, when the firmware bundle exists, a debit.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { hasDuk, ROOT, selfTestUnderDuk, selfTestUnderQuickJS, type ProfileName } from '../test/engine/index.js';
import { progress, timeOnce, type BenchOptions, type Table } from './util.js';

/** Minified size budget of a board bundle (scripts/build-firmware.mjs). */
export const BOARD_BUDGET = 48 * 1024;

/** Size of one bundle. */
export interface BundleRow {
  bundle: string;
  minifiedBytes: number;
  gzipBytes: number;
}

/** Heap and time of one workload under one engine. */
export interface HeapRow {
  engine: string;
  workload: string;
  codeBytes: number | null;
  peakWorkingBytes: number | null;
  engineMs: number;
  result: string;
}

/** What {@link benchFirmware} returns; `extraHeapRows` lets the debit benchmark add its rows. */
export interface FirmwareResult {
  build: { ok: boolean; ms: number; message: string };
  bundles: BundleRow[];
  heap: HeapRow[];
}

/** Build the ES5 bundles (unless `skipBuild`), read their sizes, run the self-test under each engine. */
export async function benchFirmware(o: BenchOptions, skipBuild: boolean): Promise<FirmwareResult> {
  let build = { ok: true, ms: 0, message: 'skipped (--no-build): sizes of the files already in dist/firmware' };
  if (!skipBuild) {
    progress(o, 'build:firmware');
    try {
      const t = timeOnce(() => execFileSync(process.execPath, [join(ROOT, 'scripts/build-firmware.mjs'), '--quiet'], { cwd: ROOT, stdio: 'pipe' }));
      build = { ok: true, ms: t.ms, message: 'built now' };
    } catch (e) {
      const err = e as { stderr?: Buffer; message: string };
      const text = (err.stderr?.toString() || err.message).trim();
      const why = text.split('\n').slice(0, 3).join(' / ');
      // Over the size budget: the bundles were written, the build only reports the excess.
      if (/over the \d+-byte budget/.test(text)) build = { ok: false, ms: 0, message: 'built now, OVER BUDGET: ' + why };
      else build = { ok: false, ms: 0, message: 'build failed, sizes of the previous build: ' + why };
    }
  }
  const dir = join(ROOT, 'dist/firmware');
  const bundles: BundleRow[] = [];
  if (existsSync(dir)) {
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.js')).sort()) {
      const bytes = readFileSync(join(dir, f));
      bundles.push({ bundle: f, minifiedBytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length });
    }
  }
  const heap: HeapRow[] = [];
  for (const profile of ['jerryscript', 'espruino'] as ProfileName[]) {
    progress(o, `self-test under ${profile}`);
    try {
      const r = await selfTestUnderQuickJS(profile);
      heap.push({
        engine: `quickjs/${profile}`,
        workload: 'protocol self-test (frames + CBOR vectors)',
        codeBytes: r.heap.code,
        peakWorkingBytes: r.heap.peakWorking,
        engineMs: r.timing.engineMs,
        result: `${r.summary.passed} passed, ${r.summary.failed} failed`,
      });
    } catch (e) {
      heap.push({ engine: `quickjs/${profile}`, workload: 'protocol self-test', codeBytes: null, peakWorkingBytes: null, engineMs: NaN, result: 'error: ' + (e as Error).message });
    }
  }
  if (hasDuk()) {
    progress(o, 'self-test under duktape');
    const t = timeOnce(() => selfTestUnderDuk());
    const s = t.value.summary;
    heap.push({
      engine: 'duktape 2.7 (duk)',
      workload: 'protocol self-test (frames + CBOR vectors)',
      codeBytes: null,
      peakWorkingBytes: null,
      engineMs: t.ms,
      result: s ? `${s.passed} passed, ${s.failed} failed` : 'no summary: ' + t.value.duk.stderr.slice(0, 200),
    });
  }
  return { build, bundles, heap };
}

/** Table 3 from a result (and any heap rows added later, e.g. a firmware debit). */
export function firmwareTable(r: FirmwareResult): Table {
  const rows: (string | number)[][] = [];
  for (const b of r.bundles) {
    const board = b.bundle === 'jerryscript.js' || b.bundle === 'espruino.js';
    const pct = Math.round((100 * b.minifiedBytes) / BOARD_BUDGET);
    const other = b.bundle === 'selftest.js' ? 'no budget (board bring-up, loaded after a board bundle)' : 'no budget (engine tests)';
    rows.push(['bundle', b.bundle, '-', b.minifiedBytes, b.gzipBytes, '-', board ? `${pct}% of the 48 KiB budget${pct > 100 ? ' (OVER)' : ''}` : other]);
  }
  for (const h of r.heap) {
    rows.push(['heap', h.workload, h.engine, h.codeBytes ?? '-', '-', h.peakWorkingBytes ?? '-', `${Number.isFinite(h.engineMs) ? h.engineMs.toFixed(0) + ' ms' : '-'}; ${h.result}`]);
  }
  return {
    id: 'firmware',
    title: 'Table 3. Firmware bundle sizes and engine heap',
    columns: ['kind', 'what', 'engine', 'bytes (minified / heap code)', 'gzip bytes', 'peak working heap', 'time; result'],
    rows,
    notes: [
      `build: ${r.build.message}${r.build.ms ? ` (${(r.build.ms / 1000).toFixed(1)} s)` : ''}; board bundles have a 48 KiB minified budget (protocol.js is the whole protocol, for engine tests).`,
      'heap code = what loading the bundle added to the quickjs heap (quickjs stores code ~2x larger than JerryScript;',
      'on a board the bytecode runs from a flash snapshot); peak working heap = highest sampled run-time heap above the code',
      '(a lower bound: the harness samples at interrupts and host calls). The 64 KiB JerryScript budget applies to it.',
      'duktape time includes starting duk and parsing the bundle and the vectors.',
    ],
  };
}
