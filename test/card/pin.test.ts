import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pinStatusCommand, readWalletsCommand, selectCommand, verifyPinCommand } from '../../protocol/card/commands.js';
import { saveCard, loadCard } from '../../simulator/card/persist.js';
import { CardApplet, pinHash } from '../../simulator/card/applet.js';
import { toHex } from '../../protocol/bytes/hex.js';
import { encodePin } from '../../protocol/card/data.js';
import { PIN, crypto, newCard, send } from './helpers.js';

const verify = (card: CardApplet, pin: string) => send(card, verifyPinCommand(pin)).sw;

test('wrong PIN gives 63C2 then 63C1, the third blocks (6983)', () => {
  const card = newCard();
  send(card, selectCommand());
  assert.is(send(card, pinStatusCommand()).sw, 0x63c3);
  assert.is(verify(card, '0000'), 0x63c2);
  assert.is(verify(card, '1111'), 0x63c1);
  assert.is(send(card, pinStatusCommand()).sw, 0x63c1);
  assert.is(verify(card, '2222'), 0x6983);
  assert.is(card.state().tries, 0);
  assert.is(verify(card, PIN), 0x6983, 'a blocked card refuses even the right PIN');
  assert.is(send(card, pinStatusCommand()).sw, 0x6983);
  assert.is(send(card, readWalletsCommand(true)).sw, 0x6982);
});

test('a correct PIN resets the counter and verifies the session', () => {
  const card = newCard();
  send(card, selectCommand());
  assert.is(verify(card, '0000'), 0x63c2);
  assert.is(verify(card, '1111'), 0x63c1);
  assert.is(verify(card, PIN), 0x9000);
  assert.is(card.state().tries, 3);
  assert.is(send(card, pinStatusCommand()).sw, 0x9000);
  assert.is(send(card, readWalletsCommand(true)).sw, 0x9000);
  assert.is(verify(card, '0000'), 0x63c2, 'a wrong PIN after a right one counts again');
  assert.is(send(card, readWalletsCommand(true)).sw, 0x6982, 'and ends the verified state');
});

test('the verified state ends with the field (reset) and with a new SELECT', () => {
  const card = newCard();
  send(card, selectCommand());
  assert.is(verify(card, PIN), 0x9000);
  card.reset();
  send(card, selectCommand());
  assert.is(send(card, readWalletsCommand(true)).sw, 0x6982);
  assert.is(verify(card, PIN), 0x9000);
  send(card, selectCommand());
  assert.is(send(card, readWalletsCommand(true)).sw, 0x6982);
});

test('commands before SELECT are refused; malformed VERIFY data too', () => {
  const card = newCard();
  assert.is(verify(card, PIN), 0x6985);
  send(card, selectCommand());
  assert.is(send(card, new Uint8Array([0x80, 0x20, 0, 0, 3, 0x31, 0x32, 0x33])).sw, 0x6700);
  assert.is(send(card, new Uint8Array([0x80, 0x20, 0, 0, 4, 0x31, 0x32, 0x33, 0x41])).sw, 0x6a80);
  assert.is(send(card, new Uint8Array([0x80, 0x20, 0, 1, 4, 0x31, 0x32, 0x33, 0x34])).sw, 0x6a86);
  assert.is(card.state().tries, 3, 'malformed data costs no try');
});

test('the try counter persists across reset and across save/load', () => {
  const dir = mkdtempSync(join(tmpdir(), 'card-'));
  try {
    const card = newCard();
    send(card, selectCommand());
    assert.is(verify(card, '0000'), 0x63c2);
    card.reset();
    send(card, selectCommand());
    assert.is(send(card, pinStatusCommand()).sw, 0x63c2);
    assert.is(verify(card, '0001'), 0x63c1);
    const path = join(dir, 'card.json');
    saveCard(card, path);
    const again = loadCard(path, crypto);
    send(again, selectCommand());
    assert.is(send(again, pinStatusCommand()).sw, 0x63c1);
    assert.is(verify(again, '0002'), 0x6983);
    saveCard(again, path);
    const blocked = loadCard(path, crypto);
    send(blocked, selectCommand());
    assert.is(verify(blocked, PIN), 0x6983);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the card keeps SHA-256(cardId || PIN), never the digits', () => {
  const card = newCard();
  const data = card.toJSON().nvm.data;
  const values = Object.values(data).map((v) => JSON.stringify(v));
  assert.not.ok(values.some((v) => v === '"2468"' || v === '"32343638"'));
  assert.is(data.pinHash, toHex(pinHash(card.cardId, encodePin(PIN), crypto)));
});

test.run();
