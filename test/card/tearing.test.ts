/**
 * Tearing: for every command and every step N of it, pull the card at step N,
 * run the power-up recovery, and check that the memory is exactly the state
 * before or the state after the command (for VERIFY, also the committed
 * intermediate state "try counted"), as predicted by where the commit flag is,
 * and that GET LAST TRANSACTION tells a reader which.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Status } from '../../protocol/status.js';
import { isCodedError } from '../../protocol/errors.js';
import { toHex } from '../../protocol/bytes/hex.js';
import { Benefit } from '../../protocol/catalogue/codes.js';
import {
  debitCommand, getCardDataCommand, getLastTransactionCommand, internalAuthenticateCommand, pinStatusCommand,
  readWalletsCommand, selectCommand, verifyPinCommand,
} from '../../protocol/card/commands.js';
import { decodeDebitRequest, decodeLastTransaction, decodeSelectData } from '../../protocol/card/data.js';
import { parseCommand } from '../../protocol/card/apdu.js';
import { openCardProof } from '../../protocol/signed/card-proof.js';
import type { CardJSON } from '../../simulator/card/applet.js';
import { CardApplet } from '../../simulator/card/applet.js';
import { NO_FAULTS, stepRecorder, tearAt } from '../../simulator/card/faults.js';
import { OCT_2024, PIN, READER_ID, challenge, crypto, newCard, send } from './helpers.js';

interface Scenario {
  name: string;
  /** Session set-up before the command (may be empty). */
  setup: (c: CardApplet) => void;
  apdu: Uint8Array;
  /** A card with a debit already made. */
  withHistory?: boolean;
}

const select = (c: CardApplet) => void send(c, selectCommand());
const selectPin = (c: CardApplet) => {
  select(c);
  send(c, verifyPinCommand(PIN));
};
const debit = (n: number, time: number) => debitCommand({
  benefit: Benefit.SHOWS, campaign: 2024, amount: 700, time, challenge: challenge(n), readerId: READER_ID,
});

const SCENARIOS: Scenario[] = [
  { name: 'SELECT', setup: () => {}, apdu: selectCommand() },
  { name: 'GET CARD DATA', setup: select, apdu: getCardDataCommand() },
  {
    name: 'GET RESPONSE', apdu: new Uint8Array([0x00, 0xc0, 0, 0, 0xf0]),
    setup: (c) => { select(c); c.transceive(readWalletsCommand(false)); },
  },
  { name: 'INTERNAL AUTHENTICATE', setup: select, apdu: internalAuthenticateCommand(challenge(5)) },
  { name: 'VERIFY PIN right (tries 2)', setup: (c) => { select(c); send(c, verifyPinCommand('0000')); }, apdu: verifyPinCommand(PIN) },
  { name: 'VERIFY PIN wrong', setup: select, apdu: verifyPinCommand('9999') },
  { name: 'VERIFY PIN status', setup: select, apdu: pinStatusCommand() },
  { name: 'READ WALLETS public', setup: select, apdu: readWalletsCommand(false) },
  { name: 'READ WALLETS balances', setup: selectPin, apdu: readWalletsCommand(true) },
  { name: 'DEBIT first', setup: selectPin, apdu: debit(2, OCT_2024) },
  { name: 'DEBIT with history', setup: selectPin, apdu: debit(3, OCT_2024 + 60), withHistory: true },
  { name: 'DEBIT refused', setup: selectPin, apdu: debit(4, OCT_2024 - 60), withHistory: true },
  { name: 'GET LAST TRANSACTION', setup: select, apdu: getLastTransactionCommand(), withHistory: true },
  { name: 'malformed APDU', setup: select, apdu: new Uint8Array([0x80, 0x30, 0, 0, 9, 1]) },
  { name: 'unknown INS', setup: select, apdu: new Uint8Array([0x80, 0x44, 0, 0]) },
];

function baseCard(history: boolean): CardJSON {
  const card = newCard();
  if (history) {
    selectPin(card);
    assert.is(send(card, debit(1, OCT_2024)).sw, 0x9000);
  }
  return card.toJSON();
}

const dataOf = (c: CardApplet) => JSON.stringify(c.toJSON().nvm.data);

function tearCode(f: () => unknown): number {
  try {
    f();
  } catch (e) {
    return isCodedError(e) ? e.code : -1;
  }
  return 0;
}

for (const s of SCENARIOS) {
  test(`tear ${s.name} at every step`, () => {
    const base = baseCard(s.withHistory === true);
    // A clean run: how many steps, and the state after.
    const clean = CardApplet.fromJSON(base, crypto);
    s.setup(clean);
    const oldData = dataOf(clean);
    const rec = stepRecorder();
    clean.faults = rec;
    clean.transceive(s.apdu);
    const newData = dataOf(clean);
    const names = rec.points.map((p) => p.name);
    const flags = names.map((n, i) => (n === 'commit-flag' ? i + 1 : 0)).filter((i) => i > 0);
    assert.ok(names.length >= 2, 'every command has steps');
    assert.is(names[0], 'received');
    assert.is(names[names.length - 1], 'responding');
    // The state a tear before step n leaves, predicted from the commit flags passed.
    const mid: string[] = [oldData];
    if (flags.length === 2) {
      // VERIFY with the right PIN: the decremented try counter is committed on its own first.
      const c = CardApplet.fromJSON(base, crypto);
      s.setup(c);
      c.faults = tearAt(flags[1]);
      tearCode(() => c.transceive(s.apdu));
      c.reset();
      mid.push(dataOf(c));
      assert.is.not(mid[1], oldData);
    }
    mid.push(newData);
    for (let n = 1; n <= names.length; n++) {
      const c = CardApplet.fromJSON(base, crypto);
      s.setup(c);
      c.faults = tearAt(n);
      assert.is(tearCode(() => c.transceive(s.apdu)), Status.CARD_REMOVED, `${s.name} step ${n}`);
      assert.not.ok(c.inField);
      c.faults = NO_FAULTS;
      assert.is(tearCode(() => c.transceive(selectCommand())), Status.CARD_REMOVED, 'no field until reset');
      // Recover by power cycle, or (odd steps) by saving the torn image and loading it.
      const r = n % 2 ? CardApplet.fromJSON(JSON.parse(JSON.stringify(c.toJSON())), crypto) : (c.reset(), c);
      assert.not.ok(r.toJSON().nvm.journal, 'recovery leaves no journal');
      const expected = mid[flags.filter((f) => f < n).length];
      assert.is(dataOf(r), expected, `${s.name}: tear before step ${n} (${names[n - 1]})`);
      if (s.name.startsWith('DEBIT')) checkRatification(r, s.apdu, expected === newData && newData !== oldData, JSON.parse(oldData).counter);
    }
  });
}

/**
 * What a reader does on the next tap (spec §6.8): SELECT gives the counter, which it compares with
 * the counter `c0` it saw before DEBIT; if it moved, GET LAST TRANSACTION and the challenge decide.
 */
function checkRatification(card: CardApplet, apdu: Uint8Array, applied: boolean, c0: number): void {
  const sel = decodeSelectData(send(card, selectCommand()).data)!;
  const state = card.state();
  assert.is(sel.counter, state.counter);
  if (sel.counter === c0) {
    assert.not.ok(applied, 'an unchanged counter means the debit was not applied');
    return;
  }
  assert.is(sel.counter, c0 + 1);
  const sentChallenge = toHex(decodeDebitRequest(parseCommand(apdu).data!)!.challenge);
  const r = send(card, getLastTransactionCommand());
  assert.is(r.sw, 0x9000);
  const proof = openCardProof(decodeLastTransaction(r.data)!.proof, card.publicKey, crypto).value!;
  assert.ok(applied);
  assert.is(toHex(proof.challenge), sentChallenge, 'the recorded challenge is the one sent');
  assert.is(proof.counter, state.counter, 'the counter agrees with the record');
  assert.is(state.wallets.find((w) => w.benefit === proof.benefit)!.balance, proof.balanceAfter, 'the balance agrees with the record');
}

test.run();
