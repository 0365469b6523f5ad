/**
 * Entry points: the browser entry bundles for the browser without node-usb or the simulator;
 * the Node entry adds nodeUsb; the udev rule the SDK points to matches the firmware's.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';
import { USB_PRODUCT_ID, USB_VENDOR_ID } from '../../protocol/usb.js';
import * as browser from '../../sdk/index.js';
import * as node from '../../sdk/node.js';
import { UDEV_RULE_PATH } from '../../sdk/errors.js';

const test = suite('sdk: entries');
const root = new URL('../../', import.meta.url);

test('sdk/index.ts bundles for browsers: no node-usb, no simulator, no firmware', async () => {
  const out = await build({
    entryPoints: [new URL('sdk/index.ts', root).pathname],
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'esm',
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = Object.keys(out.metafile!.inputs);
  assert.not.ok(inputs.some((f) => f.includes('node_modules/usb/')), 'node-usb');
  assert.not.ok(inputs.some((f) => f.startsWith('simulator/') || f.startsWith('firmware/')), 'simulator or firmware');
  assert.ok(inputs.includes('sdk/reader/reader.ts'));
  const text = out.outputFiles[0].text;
  assert.not.match(text, /from\s*["']node:|require\(["']usb["']\)/);
});

test('node entry adds nodeUsb; the browser entry does not have it', () => {
  assert.is(typeof (node as Record<string, unknown>).nodeUsb, 'function');
  assert.is((browser as Record<string, unknown>).nodeUsb, undefined);
  assert.is(typeof browser.Reader.connect, 'function');
  assert.is(browser.Status.WRONG_PIN, 0x30);
});

test('the udev rule the errors point to exists and names the reader ids', () => {
  const rule = readFileSync(new URL(UDEV_RULE_PATH, root), 'utf8');
  const line = (s: string) => s.split('\n').find((l) => l.startsWith('SUBSYSTEM=='));
  const hex4 = (n: number) => n.toString(16).padStart(4, '0');
  assert.ok(line(rule)!.includes(`ATTRS{idVendor}=="${hex4(USB_VENDOR_ID)}", ATTRS{idProduct}=="${hex4(USB_PRODUCT_ID)}"`));
});

test('the README examples are the typechecked files of test/sdk/examples', () => {
  const readme = readFileSync(new URL('sdk/README.md', root), 'utf8');
  const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
  const files = ['browser-till.ts', 'node-journal.ts'];
  files.forEach((f, i) => {
    const text = readFileSync(new URL(`test/sdk/examples/${f}`, root), 'utf8');
    const body = text.slice(text.indexOf('// ---\n') + 7).replace(/\nexport \{[^}]*\};\n$/, '').split("'../../../sdk/").join("'./sdk/");
    assert.is(body, blocks[i], f);
  });
});

test.run();
