// Builds the ES5 bundles of protocol/ (and, once written, firmware/):
//   1. type-check protocol/ and firmware/ against lib ES5 only (tsconfig.firmware.json),
//   2. the Espruino source checks (scripts/check-es5-source.mjs),
//   3. tsc emits ES5 JavaScript modules into build/es5/,
//   4. esbuild bundles each entry as a minified IIFE with --target=es5 into dist/firmware/,
//   5. prints a size report (minified and gzip) against the 48 KB budget.
// Usage: node scripts/build-firmware.mjs [--quiet]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { checkProgram } from './check-es5-source.mjs';

const quiet = process.argv.includes('--quiet');
const BUDGET = 48 * 1024;
const root = new URL('..', import.meta.url).pathname;
process.chdir(root);
const log = (s) => { if (!quiet) console.log(s); };

/**
 * Bundles: name -> entry (path under build/es5 after tsc) and the global it exposes.
 * protocol.js holds the whole protocol for engine tests; the budget binds the board bundles.
 */
const TARGETS = [
  { out: 'protocol.js', entry: 'protocol/index.js', globalName: 'PassProtocol', noBudget: true },
  { out: 'jerryscript.js', entry: 'firmware/boards/jerryscript.js', globalName: 'PassReader', optional: true },
  { out: 'espruino.js', entry: 'firmware/boards/espruino.js', globalName: 'PassReader', optional: true },
];

const tsc = join(root, 'node_modules/typescript/bin/tsc');
try {
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.firmware.json'], { stdio: 'inherit' });
} catch {
  console.error('build:firmware: type errors in protocol/ or firmware/ (ES5 + typed arrays only)');
  process.exit(1);
}
const findings = checkProgram('tsconfig.firmware.json');
if (findings.length) {
  console.error(`build:firmware: ${findings.length} Espruino-incompatible construct(s):`);
  for (const f of findings) console.error('  ' + f);
  process.exit(1);
}
rmSync('build/es5', { recursive: true, force: true });
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.firmware.json', '--noEmit', 'false', '--outDir', 'build/es5',
  '--rootDir', '.', '--declaration', 'false', '--sourceMap', 'false',
  // Whole-program emit so const enums are inlined (isolatedModules would keep them as objects).
  '--isolatedModules', 'false', '--verbatimModuleSyntax', 'false', '--preserveConstEnums', 'false'], { stdio: 'inherit' });

mkdirSync('dist/firmware', { recursive: true });
const rows = [];
for (const t of TARGETS) {
  const entry = join('build/es5', t.entry);
  if (!existsSync(entry)) {
    if (t.optional) continue;
    console.error(`build:firmware: missing entry ${entry}`);
    process.exit(1);
  }
  const outfile = join('dist/firmware', t.out);
  const res = await esbuild.build({
    entryPoints: [entry], outfile, bundle: true, format: 'iife', globalName: t.globalName,
    target: 'es5', minify: true, legalComments: 'none', logLevel: 'error', metafile: true, charset: 'utf8',
  });
  const bytes = statSync(outfile).size;
  const gz = gzipSync(readFileSync(outfile)).length;
  const inputs = Object.entries(res.metafile.outputs[outfile]?.inputs ?? {})
    .map(([p, v]) => [p.replace(/^build\/es5\//, ''), v.bytesInOutput]).sort((a, b) => b[1] - a[1]);
  rows.push({ name: t.out, bytes, gz, top: inputs.slice(0, 4), noBudget: t.noBudget });
  if (bytes > BUDGET && !t.noBudget) {
    // Reported, not fatal, until the bundles fit (see README "Firmware size"); --strict-budget fails.
    console.error(`build:firmware: WARNING ${t.out} is ${bytes} bytes, over the ${BUDGET}-byte budget`);
    if (process.argv.includes('--strict-budget')) process.exitCode = 1;
  }
}
log('bundle               minified      gzip   budget   largest inputs');
for (const r of rows) {
  log(`${r.name.padEnd(18)} ${String(r.bytes).padStart(10)} ${String(r.gz).padStart(9)}   ${(r.noBudget ? '-' : Math.round((100 * r.bytes) / BUDGET) + '%').padStart(5)}   `
    + r.top.map(([p, b]) => `${p} ${b}`).join(', '));
}
