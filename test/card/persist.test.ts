import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Status } from '../../protocol/status.js';
import { isCodedError } from '../../protocol/errors.js';
import { toHex } from '../../protocol/bytes/hex.js';
import { Benefit } from '../../protocol/catalogue/codes.js';
import { Ins } from '../../protocol/card/constants.js';
import { debitCommand, getLastTransactionCommand } from '../../protocol/card/commands.js';
import { decodeLastTransaction } from '../../protocol/card/data.js';
import { CardApplet } from '../../simulator/card/applet.js';
import { tearAt } from '../../simulator/card/faults.js';
import { loadCard, saveCard } from '../../simulator/card/persist.js';
import { OCT_2024, PIN, READER_ID, challenge, crypto, newCard, open, send } from './helpers.js';

const debit = (n: number) => debitCommand({
  benefit: Benefit.CINEMA, campaign: 2024, amount: 1, time: OCT_2024 + n, challenge: challenge(n), readerId: READER_ID,
});

test('a saved card comes back with the same memory and keeps working', () => {
  const dir = mkdtempSync(join(tmpdir(), 'card-'));
  try {
    const card = newCard();
    open(card, PIN);
    const proof = send(card, debit(1)).data;
    const path = join(dir, 'card.json');
    saveCard(card, path);
    assert.equal(readdirSync(dir), ['card.json'], 'the temporary file was renamed away');
    const back = loadCard(path, crypto);
    assert.equal(back.toJSON(), card.toJSON());
    assert.is(toHex(back.cardId), toHex(card.cardId));
    open(back, PIN);
    assert.is(toHex(decodeLastTransaction(send(back, getLastTransactionCommand()).data)!.proof), toHex(proof));
    assert.is(send(back, debit(2)).sw, 0x9000);
    assert.is(back.state().counter, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a card saved while torn mid-commit recovers when loaded', () => {
  const dir = mkdtempSync(join(tmpdir(), 'card-'));
  try {
    const card = newCard();
    open(card, PIN);
    card.faults = tearAt(10, Ins.DEBIT); // after the commit flag: the debit must survive
    assert.throws(() => card.transceive(debit(1)), (e: unknown) => isCodedError(e) && e.code === Status.CARD_REMOVED);
    assert.ok(card.toJSON().nvm.journal?.committed);
    const path = join(dir, 'torn.json');
    saveCard(card, path);
    const back = loadCard(path, crypto);
    assert.is(back.lastRecovery, 'rolled-forward');
    assert.is(back.state().counter, 1);
    assert.is(back.state().wallets.find((w) => w.benefit === Benefit.CINEMA)!.balance, 4);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an uncommitted journal is rolled back at power-up', () => {
  const card = newCard();
  open(card, PIN);
  card.faults = tearAt(6, Ins.DEBIT); // journal half written, no commit flag
  assert.throws(() => card.transceive(debit(1)));
  assert.is(card.reset(), 'rolled-back');
  assert.is(card.state().counter, 0);
  assert.is(card.state().wallets.find((w) => w.benefit === Benefit.CINEMA)!.balance, 5);
});

test('fromJSON refuses what is not a serialised card', () => {
  for (const bad of [null, {}, { format: 'other', nvm: {} }]) {
    assert.throws(() => CardApplet.fromJSON(bad as never, crypto), (e: unknown) => isCodedError(e) && e.code === Status.BAD_REQUEST);
  }
});

test.run();
