/**
 * The size steps of the board bundles (scripts/build-firmware.mjs and
 * scripts/firmware-size.mjs), checked on what `npm test` built: error texts are
 * gone from the board bundles (and still in protocol.js), no name of the board
 * contract was shortened, and each board bundle is under the 48 KB budget
 * (README "Firmware size"; the build fails over it too).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { ROOT, bundlePath, readBundle } from '../../simulator/engine/index.js';

/** The budget of a board bundle, minified bytes. */
const BUDGET = 48 * 1024;
const BOARDS = ['jerryscript.js', 'espruino.js'];

/** The mangle plan of the last build (build/mangle-plan.json), building when it is missing. */
function plan(): { renamed: Record<string, string>; kept: Record<string, string> } {
  const file = join(ROOT, 'build', 'mangle-plan.json');
  if (!existsSync(file)) execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-firmware.mjs'), '--quiet'], { cwd: ROOT, stdio: 'inherit' });
  return JSON.parse(readFileSync(file, 'utf8'));
}

function tsFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) tsFiles(p, out);
    else if (name.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** Literal texts passed as the message of codedError(code, 'text', ...) in protocol/ and firmware/. */
function errorTexts(): string[] {
  const out = new Set<string>();
  for (const file of [...tsFiles(join(ROOT, 'protocol')), ...tsFiles(join(ROOT, 'firmware'))]) {
    const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES5, true);
    const visit = (n: ts.Node): void => {
      if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'codedError') {
        const m = n.arguments[1];
        if (m && ts.isStringLiteral(m) && m.text.length >= 16) out.add(m.text);
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return [...out];
}

/** Member names of the interfaces a board host provides or calls (the board contract). */
function contractNames(): string[] {
  const sources: [string, string[]][] = [
    ['firmware/app/ports.ts', ['ReaderPorts', 'Reader']],
    ['firmware/app/config.ts', ['ReaderConfig']],
    ['firmware/usb/control.ts', ['SetupPacket']],
    ['protocol/crypto.ts', ['CryptoPort']],
    ...readdirSync(join(ROOT, 'firmware', 'ports')).map((f): [string, string[]] => [`firmware/ports/${f}`, []]),
  ];
  const names = new Set<string>(['start']);
  for (const [file, only] of sources) {
    const sf = ts.createSourceFile(file, readFileSync(join(ROOT, file), 'utf8'), ts.ScriptTarget.ES5, true);
    for (const st of sf.statements) {
      if (!ts.isInterfaceDeclaration(st) || (only.length && !only.includes(st.name.text))) continue;
      for (const m of st.members) if (m.name && ts.isIdentifier(m.name)) names.add(m.name.text);
    }
  }
  return [...names];
}

test('board bundles carry no error text; protocol.js keeps them', () => {
  const texts = errorTexts();
  assert.ok(texts.length >= 40, `${texts.length} error texts found in the sources`);
  const protocol = readBundle('protocol.js');
  assert.ok(texts.filter((t) => protocol.includes(t)).length >= 20, 'protocol.js keeps the texts of the protocol');
  for (const b of BOARDS) {
    const text = readBundle(b);
    assert.equal(texts.filter((t) => text.includes(t)), [], `${b}: error texts left`);
  }
});

test('no name of the board contract (ports, config, Reader, SetupPacket, crypto) is shortened', () => {
  const names = contractNames();
  for (const n of ['onUsbPacket', 'tick', 'usbControl', 'pageSize', 'monotonic', 'selectRow', 'sha256', 'bmRequestType', 'issuerRoot']) {
    assert.ok(names.includes(n), `contract name ${n} found`);
  }
  const p = plan();
  assert.ok(Object.keys(p.renamed).length > 100, 'the plan shortens internal names');
  assert.equal(names.filter((n) => n in p.renamed), [], 'contract names in the renamed set');
});

test(`board bundles are under the budget (${BUDGET} bytes)`, () => {
  for (const b of BOARDS) {
    readBundle(b);
    const bytes = statSync(bundlePath(b)).size;
    assert.ok(bytes < BUDGET, `${b} is ${bytes} bytes, over the ${BUDGET}-byte budget`);
  }
});

test('the build fails when a board bundle is over the budget, and only warns when a size step is left out', () => {
  // Without the terser pass and the renaming the bundles are well over 48 KB.
  const out = join(ROOT, 'build', 'over-budget');
  const run = (extra: string[]): { status: number | null; stderr: string } => {
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-firmware.mjs'), '--quiet', '--out', out, ...extra], { cwd: ROOT, encoding: 'utf8' });
    return { status: r.status, stderr: r.stderr };
  };
  const measured = run(['--no-terser', '--no-mangle']);
  assert.equal(measured.status, 0, measured.stderr);
  assert.match(measured.stderr, /WARNING jerryscript\.js is \d+ bytes, over the 49152-byte budget/);
  const over = run(['--budget', '40000']);
  assert.equal(over.status, 1, 'a bundle over the budget fails the build');
  assert.match(over.stderr, /build:firmware: jerryscript\.js is \d+ bytes, over the 40000-byte budget/);
  rmSync(out, { recursive: true, force: true });
});

test.run();
