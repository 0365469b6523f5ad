import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { KeypadScanner, DEBOUNCE_SCANS } from '../../firmware/drivers/keypad/scanner.js';
import { VirtualKeypad } from '../../simulator/hw/keypad/virtual-keypad.js';

/** Scans `n` times and returns the keys reported, as a string. */
function scanN(s: KeypadScanner, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) {
    const k = s.scan();
    if (k >= 0) out += String.fromCharCode(k);
  }
  return out;
}

test('every key of the matrix is reported once per press', () => {
  const pad = new VirtualKeypad();
  const s = new KeypadScanner(pad);
  let typed = '';
  for (const key of '123456789*0#') {
    pad.press(key);
    typed += scanN(s, 10);
    pad.release(key);
    typed += scanN(s, 10);
  }
  assert.is(typed, '123456789*0#');
});

test('a press shorter than the debounce window is ignored', () => {
  const pad = new VirtualKeypad();
  const s = new KeypadScanner(pad);
  pad.press('5');
  assert.is(scanN(s, DEBOUNCE_SCANS - 1), '');
  pad.release('5');
  assert.is(scanN(s, 10), '');
});

test('bouncing contacts give exactly one key event', () => {
  const pad = new VirtualKeypad();
  pad.bounce = 5;
  const s = new KeypadScanner(pad);
  pad.press('7');
  const a = scanN(s, 20);
  pad.release('7');
  const b = scanN(s, 20);
  assert.is(a + b, '7');
});

test('a held key repeats nothing; two keys at once report nothing', () => {
  const pad = new VirtualKeypad();
  const s = new KeypadScanner(pad);
  pad.press('1');
  assert.is(scanN(s, 50), '1');
  pad.press('2');
  assert.is(scanN(s, 20), '');
  pad.release('1');
  assert.is(scanN(s, 20), '2', 'when one key is left, it is the debounced key');
});

test('unknown keys are refused by the virtual keypad', () => {
  assert.throws(() => new VirtualKeypad().press('A'), /no key 'A'/);
});

test.run();
