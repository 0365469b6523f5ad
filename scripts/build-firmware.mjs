// Builds the ES5 bundles of protocol/ and firmware/:
//   1. type-check protocol/ and firmware/ against lib ES5 only (tsconfig.firmware.json),
//   2. the Espruino source checks (scripts/check-es5-source.mjs), on the same program,
//   3. TypeScript emits ES5 modules twice: build/es5/ as written (for protocol.js) and
//      build/es5-board/ for the board bundles, through the size transforms of
//      scripts/firmware-size.mjs (error texts removed, private members renamed per class,
//      `this` / prototype aliases, class wrappers removed),
//   4. esbuild bundles protocol.js as a minified IIFE (--target=es5) and each board entry
//      as a minified ES module, with its internal property names shortened (the mangle
//      plan of scripts/firmware-size.mjs, written to build/mangle-plan.json) and Uint8Array /
//      Math aliased, then wrapped as `var PassReader = (function () {...})();`; a check
//      refuses a bundle that reads a property it never writes (a renaming that missed a use),
//   5. a second minifier pass over each board bundle (terser: repeated compression passes that
//      inline single-use functions and constants, join declarations and fold sequences, which
//      esbuild's one-pass minifier leaves; ES5 output, no hoisting of functions, names local to
//      the wrapper), then a check that no function declaration is referenced before it in its
//      scope (Espruino does not hoist function declarations: FIRMWARE-ENGINES.md),
//   6. prints a size report (minified and gzip) against the 48 KB budget of a board bundle
//      (README "Firmware size"). Over budget fails the build, unless a size step was left out
//      (--no-*: a measurement, so over budget is then a warning).
// Usage: node scripts/build-firmware.mjs [--quiet] [--sizes] [--out DIR] [--budget BYTES]
//          [--no-strip] [--no-mangle] [--no-alias] [--no-wrap] [--no-terser]
//   --sizes: print every input's share of each board bundle.
//   --budget BYTES: another budget than 48 KB (the tests check that going over it fails).
//   --out DIR: write the bundles to DIR (and the intermediate files to DIR/.build), not dist/firmware.
//   --no-*: leave out a size step, to measure what it saves (the behaviour is the same either way).
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import * as esbuild from 'esbuild';
import { minify as terser } from 'terser';
import { checkProgram, readConfig } from './check-es5-source.mjs';
import { useBeforeDeclaration } from './check-hoisting.mjs';
import { aliasTransformer, exposure, manglePlan, messageStripper, privateRenamer, unwrittenReads, userFiles } from './firmware-size.mjs';

const argv = process.argv.slice(2);
const quiet = argv.includes('--quiet');
const outIndex = argv.indexOf('--out');
/** Where the bundles go (--out DIR; default dist/firmware). */
const OUT = outIndex >= 0 ? argv[outIndex + 1] : 'dist/firmware';
const strip = !argv.includes('--no-strip');
const mangle = !argv.includes('--no-mangle');
const alias = !argv.includes('--no-alias');
const wrap = !argv.includes('--no-wrap');
const second = !argv.includes('--no-terser');
/** A size step left out: the bundles are for measuring, the budget only warns. */
const measuring = !(strip && mangle && alias && wrap && second);
/** The size budget of a board bundle (minified bytes). */
const budgetIndex = argv.indexOf('--budget');
const BUDGET = budgetIndex >= 0 ? Number(argv[budgetIndex + 1]) : 48 * 1024;
const root = new URL('..', import.meta.url).pathname;
process.chdir(root);
const log = (s) => { if (!quiet) console.log(s); };

/**
 * Bundles: name -> entry (path under the emit directory) and the global it exposes.
 * protocol.js holds the whole protocol for engine tests; the budget binds the board bundles.
 */
const TARGETS = [
  { out: 'protocol.js', entry: 'protocol/index.js', globalName: 'PassProtocol', noBudget: true },
  { out: 'jerryscript.js', entry: 'firmware/boards/jerryscript.js', globalName: 'PassReader', optional: true, board: true },
  { out: 'espruino.js', entry: 'firmware/boards/espruino.js', globalName: 'PassReader', optional: true, board: true },
  // The self-test, loaded after a board bundle in the same engine (firmware/boards/selftest.ts).
  { out: 'selftest.js', entry: 'firmware/boards/selftest.js', globalName: 'PassReaderSelfTest', noBudget: true },
];
const BUILD = argv.includes('--out') ? join(OUT, '.build') : 'build';
const PLAIN = join(BUILD, 'es5');
const GLOBALS = join(BUILD, 'globals.js');
/** esbuild options of every bundle. */
const ESBUILD = { bundle: true, format: 'iife', target: 'es5', minify: true, legalComments: 'none', logLevel: 'error', metafile: true, charset: 'utf8' };
/**
 * Globals a board bundle reads often: one local alias each (esbuild `inject` replaces the
 * global's uses with the alias, defined first in the bundle; same object, shorter name).
 */
const ALIASED_GLOBALS = ['Uint8Array', 'Math'];
/**
 * Board bundles are built as an ES module and wrapped by hand: `var PassReader = (function
 * () {...; return { start: start }; })();` (one property per export) instead of esbuild's
 * IIFE export helpers (__toCommonJS and friends, ~0.5 KB): the same functions, as plain
 * properties instead of getters, and no `__esModule` marker.
 */
const boardOptions = (t) => (wrap ? { ...ESBUILD, format: 'esm', inject: [GLOBALS] } : { ...ESBUILD, globalName: t.globalName });
function wrapBoard(text, globalName) {
  const m = /export\s*\{([^}]*)\}\s*;?\s*$/.exec(text);
  if (!m || /(^|[;}])\s*export\b/.test(text.slice(0, m.index))) throw new Error('build:firmware: unexpected module shape of a board bundle');
  const props = m[1].split(',').map((e) => e.trim()).filter(Boolean).map((e) => {
    const [local, , exported = local] = e.split(/\s+/);
    return `${exported}:${local}`;
  });
  return `"use strict";var ${globalName}=(function(){${text.slice(0, m.index)}return{${props.join(',')}}})();\n`;
}
const BOARD = join(BUILD, 'es5-board');
/**
 * Terser's options for the second pass over a board bundle: its default (safe) compressions
 * repeated three times (the third pass still saves ~0.5 KB; a fourth nothing), ES5 output, and
 * no top-level renaming so the `PassReader` global keeps its name. `hoist_funs` stays off:
 * moving function declarations is what Espruino cannot follow.
 */
const TERSER = { ecma: 5, compress: { passes: 3, hoist_funs: false }, mangle: true, format: { comments: false } };
/** The second pass, then the hoisting check on its output. */
async function secondPass(text, name) {
  const out = (await terser(text, TERSER)).code + '\n';
  const early = useBeforeDeclaration(out);
  if (early.length) {
    console.error(`build:firmware: ${name} references function declarations before they are declared (Espruino does not hoist them): ${early.slice(0, 10).join(', ')}`);
    process.exit(1);
  }
  return out;
}

// 1-2. Type-check (the tsconfig as written) and the Espruino source checks, on one program.
const config = readConfig('tsconfig.firmware.json');
const checked = ts.createProgram(config.fileNames, config.options);
const diagnostics = ts.getPreEmitDiagnostics(checked);
if (diagnostics.length) {
  console.error(ts.formatDiagnosticsWithColorAndContext(diagnostics, {
    getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => '\n',
  }));
  console.error('build:firmware: type errors in protocol/ or firmware/ (ES5 + typed arrays only)');
  process.exit(1);
}
const findings = checkProgram('tsconfig.firmware.json', checked);
if (findings.length) {
  console.error(`build:firmware: ${findings.length} Espruino-incompatible construct(s):`);
  for (const f of findings) console.error('  ' + f);
  process.exit(1);
}

// 3. Emit. Whole-program emit so const enums are inlined (isolatedModules would keep them as objects).
const emitOptions = {
  ...config.options, noEmit: false, outDir: resolve(PLAIN), rootDir: root, declaration: false, sourceMap: false,
  isolatedModules: false, verbatimModuleSyntax: false, preserveConstEnums: false,
};
const program = ts.createProgram({ rootNames: config.fileNames, options: emitOptions, oldProgram: checked });
rmSync(PLAIN, { recursive: true, force: true });
rmSync(BOARD, { recursive: true, force: true });
const emitTo = (dir, transformers) => {
  const texts = new Map();
  const res = program.emit(undefined, (file, text) => {
    const out = join(dir, relative(resolve(PLAIN), file));
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, text);
    texts.set(out, text);
  }, undefined, false, transformers);
  if (res.emitSkipped || res.diagnostics.length) {
    console.error('build:firmware: emit failed');
    for (const d of res.diagnostics) console.error('  ' + ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    process.exit(1);
  }
  return texts;
};
emitTo(PLAIN);
writeFileSync(GLOBALS, ALIASED_GLOBALS.map((g, i) => `var g${i} = ${g};\n`).join('')
  + `export { ${ALIASED_GLOBALS.map((g, i) => `g${i} as ${g}`).join(', ')} };\n`);
const stripper = strip ? messageStripper(program) : null;
const aliaser = alias ? aliasTransformer() : null;
const ENTRY_SOURCES = TARGETS.filter((t) => t.board).map((t) => t.entry.replace(/\.js$/, '.ts'));
const renamer = mangle ? privateRenamer(program, exposure(program, userFiles(program), ENTRY_SOURCES)) : null;
emitTo(BOARD, {
  before: [...(renamer ? [renamer.before] : []), ...(stripper ? [stripper.before] : [])],
  after: aliaser ? [aliaser.after] : [],
});
let plan = null;
if (mangle) {
  // The modules of the board bundles (a first, unminified pass): only they share property names at run time.
  // Their strings are taken from the same bundles minified without mangling (what stays after tree shaking).
  const inputs = new Set();
  const bundles = [];
  for (const t of TARGETS.filter((x) => x.board && existsSync(join(BOARD, x.entry)))) {
    const r = await esbuild.build({ ...boardOptions(t), entryPoints: [join(BOARD, t.entry)], write: false, outfile: 'x.js' });
    for (const p of Object.keys(r.metafile.inputs)) inputs.add(relative(resolve(BOARD), resolve(p)).replace(/\.js$/, ''));
    bundles.push(r.outputFiles[0].text);
  }
  plan = manglePlan(program, ENTRY_SOURCES, bundles, (fileName) => inputs.has(relative(root, fileName).replace(/\.ts$/, '')), renamer.names);
  // For reading a bundle: every shortened name, and why the others were kept.
  writeFileSync(join(BUILD, 'mangle-plan.json'), JSON.stringify({
    renamed: Object.fromEntries(Object.entries(plan.cache).filter(([, v]) => v !== false)),
    kept: Object.fromEntries([...plan.reasons].filter(([n]) => plan.declared.has(n))),
  }, null, 1));
}

// 4-5. Bundle and report.
mkdirSync(OUT, { recursive: true });
const rows = [];
let over = false;
for (const t of TARGETS) {
  const entry = join(t.board ? BOARD : PLAIN, t.entry);
  if (!existsSync(entry)) {
    if (t.optional) continue;
    console.error(`build:firmware: missing entry ${entry}`);
    process.exit(1);
  }
  const outfile = join(OUT, t.out);
  const mangling = t.board && plan ? {
    mangleProps: new RegExp(`^(${plan.candidates.map((n) => n.replace(/\$/g, '\\$')).join('|')})$`),
    mangleCache: plan.cache,
  } : {};
  const options = t.board ? boardOptions(t) : { ...ESBUILD, globalName: t.globalName };
  const res = await esbuild.build({ ...options, entryPoints: [entry], outfile, ...mangling });
  if (t.board && wrap) writeFileSync(outfile, wrapBoard(readFileSync(outfile, 'utf8'), t.globalName));
  const esbuildBytes = statSync(outfile).size;
  if (t.board && second) writeFileSync(outfile, await secondPass(readFileSync(outfile, 'utf8'), t.out));
  if (mangling.mangleCache) {
    const optional = new Set([...plan.optional].map((n) => plan.cache[n] || n));
    const missed = unwrittenReads(readFileSync(outfile, 'utf8'), plan.reasons, optional);
    if (missed.length) {
      console.error(`build:firmware: ${t.out} reads properties it never writes (a renaming missed a use): ${missed.join(', ')}`);
      process.exit(1);
    }
  }
  const bytes = statSync(outfile).size;
  const gz = gzipSync(readFileSync(outfile)).length;
  const output = Object.entries(res.metafile.outputs).find(([k]) => resolve(k) === resolve(outfile))?.[1];
  const inputs = Object.entries(output?.inputs ?? {})
    .map(([p, v]) => [relative(resolve(BUILD), resolve(p)).replace(/^es5(-board)?\//, ''), v.bytesInOutput]).sort((a, b) => b[1] - a[1]);
  // (The wrapper of a board bundle is not an input: bytes - sum(inputs) is the wrapper and esbuild's runtime.)
  rows.push({ name: t.out, bytes, gz, inputs, noBudget: t.noBudget, esbuildBytes });
  if (bytes >= BUDGET && !t.noBudget) {
    over = true;
    console.error(`build:firmware: ${measuring ? 'WARNING ' : ''}${t.out} is ${bytes} bytes, over the ${BUDGET}-byte budget (README "Firmware size")`);
  }
}
log('bundle               minified      gzip   budget   largest inputs');
for (const r of rows) {
  log(`${r.name.padEnd(18)} ${String(r.bytes).padStart(10)} ${String(r.gz).padStart(9)}   ${(r.noBudget ? '-' : Math.round((100 * r.bytes) / BUDGET) + '%').padStart(5)}   `
    + r.inputs.slice(0, 4).map(([p, b]) => `${p} ${b}`).join(', '));
}
if (stripper) log(`error texts removed: ${stripper.stats.arguments} arguments, ${stripper.stats.parameters} text parameters`);
if (aliaser) log(`aliases: this in ${aliaser.stats.thisFunctions} functions (${aliaser.stats.thisUses} uses), ${aliaser.stats.prototypes} prototypes; ${aliaser.stats.classes} class wrappers removed`);
if (plan) log(`property names shortened: ${plan.candidates.length} (${renamer.names.size} private members renamed first; kept: ${plan.reasons.size} reserved)`);
if (argv.includes('--sizes')) {
  for (const r of rows.filter((x) => !x.noBudget)) {
    log(`\n${r.name}: bytes per input`);
    for (const [p, b] of r.inputs) log(`${String(b).padStart(7)}  ${p}`);
  }
}
if (over && !measuring) process.exitCode = 1;
