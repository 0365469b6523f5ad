import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { toHex } from '../../protocol/bytes/hex.js';
import { Benefit } from '../../protocol/catalogue/codes.js';
import {
  debitCommand, getCardDataCommand, getLastTransactionCommand, internalAuthenticateCommand, readWalletsCommand,
  selectCommand, verifyPinCommand,
} from '../../protocol/card/commands.js';
import type { DebitRequest } from '../../protocol/card/data.js';
import { decodeLastTransaction, decodeSelectData, decodeWallets } from '../../protocol/card/data.js';
import { verifyCardAuth } from '../../protocol/card/auth.js';
import { openCardCertificate } from '../../protocol/signed/card-cert.js';
import { openCardProof } from '../../protocol/signed/card-proof.js';
import { parisToUnix } from '../../simulator/issuer/paris-time.js';
import type { CardApplet } from '../../simulator/card/applet.js';
import { OCT_2024, PIN, READER_ID, challenge, crypto, issuer, newCard, open, send } from './helpers.js';

function req(over: Partial<DebitRequest>): DebitRequest {
  return { benefit: Benefit.SHOWS, campaign: 2024, amount: 1200, time: OCT_2024, challenge: challenge(1), readerId: READER_ID, ...over };
}

function balanceOf(card: CardApplet, benefit: number): number {
  return card.state().wallets.find((w) => w.benefit === benefit)!.balance;
}

test('a debit applies atomically and answers a proof that verifies with the certified card key', () => {
  const card = newCard();
  assert.is(open(card, PIN), 0x9000);
  const before = balanceOf(card, Benefit.SHOWS);
  const r = send(card, debitCommand(req({})));
  assert.is(r.sw, 0x9000);
  // The key comes from the certificate, which verifies with the issuer root.
  const cert = openCardCertificate(send(card, getCardDataCommand()).data, issuer.rootPublicKey, crypto);
  assert.is(cert.status, 0);
  const proof = openCardProof(r.data, cert.value!.cardPublicKey, crypto);
  assert.is(proof.status, 0);
  const p = proof.value!;
  assert.is(toHex(p.cardId), toHex(card.cardId));
  assert.equal([p.counter, p.benefit, p.campaign, p.amount, p.balanceAfter, p.time, p.prevTime], [1, Benefit.SHOWS, 2024, 1200, before - 1200, OCT_2024, 0]);
  assert.is(toHex(p.challenge), toHex(challenge(1)));
  assert.is(balanceOf(card, Benefit.SHOWS), before - 1200);
  assert.is(card.state().counter, 1);
  // The last transaction is that proof, byte for byte.
  const last = decodeLastTransaction(send(card, getLastTransactionCommand()).data)!;
  assert.is(toHex(last.proof), toHex(r.data));
  assert.is(toHex(last.readerId), toHex(READER_ID));
});

test('the PIN is consumed by a debit; the counter and prevTime chain', () => {
  const card = newCard();
  open(card, PIN);
  assert.is(send(card, debitCommand(req({ amount: 100 }))).sw, 0x9000);
  assert.is(send(card, debitCommand(req({ amount: 100, challenge: challenge(2), time: OCT_2024 + 60 }))).sw, 0x6982);
  assert.is(send(card, verifyPinCommand(PIN)).sw, 0x9000);
  const r = send(card, debitCommand(req({ amount: 100, challenge: challenge(2), time: OCT_2024 + 60 })));
  const p = openCardProof(r.data, card.publicKey, crypto).value!;
  assert.equal([p.counter, p.prevTime, p.balanceAfter], [2, OCT_2024, 3000 - 200]);
});

test('single-use wallets close on the first debit; entitlements count uses', () => {
  const card = newCard();
  open(card, PIN);
  const r1 = send(card, debitCommand(req({ benefit: Benefit.SPORT_LICENCE, amount: 2000 })));
  assert.is(openCardProof(r1.data, card.publicKey, crypto).value!.balanceAfter, 0);
  send(card, verifyPinCommand(PIN));
  const r2 = send(card, debitCommand(req({ benefit: Benefit.MUSEUMS, amount: 1, challenge: challenge(3) })));
  assert.is(openCardProof(r2.data, card.publicKey, crypto).value!.balanceAfter, 1);
  assert.is(balanceOf(card, Benefit.MUSEUMS), 1);
});

test('refused debits change nothing and keep the PIN verified', () => {
  const card = newCard();
  open(card, PIN);
  assert.is(send(card, debitCommand(req({ amount: 500, time: OCT_2024 + 100 }))).sw, 0x9000);
  send(card, verifyPinCommand(PIN));
  const snapshot = JSON.stringify(card.toJSON());
  const cases: Array<[Partial<DebitRequest>, number, string]> = [
    [{ amount: 2501 }, 0x9341, 'insufficient balance'],
    [{ time: parisToUnix(2025, 9, 1) }, 0x9342, 'expired'],
    [{ benefit: Benefit.CINEMA, amount: 1, time: parisToUnix(2024, 7, 1) }, 0x9343, 'not yet valid'],
    [{ time: OCT_2024 + 99 }, 0x9347, 'before the last transaction'],
    [{ benefit: Benefit.DRIVING_LICENCE }, 0x6a88, 'no such benefit'],
    [{ campaign: 2023 }, 0x6a88, 'no wallet of that campaign'],
    [{ amount: 0 }, 0x9345, 'zero amount'],
    [{ benefit: Benefit.MUSEUMS, amount: 2 }, 0x9345, 'an entitlement is used once per debit'],
  ];
  for (const [over, sw, why] of cases) {
    assert.is(send(card, debitCommand(req({ time: OCT_2024 + 200, challenge: challenge(9), ...over }))).sw, sw, why);
    assert.is(JSON.stringify(card.toJSON()), snapshot, why);
  }
  assert.is(send(card, new Uint8Array([0x80, 0x30, 0, 0, 1, 0xa0, 0xf0])).sw, 0x6a80, 'malformed data');
  assert.is(send(card, readWalletsCommand(true)).sw, 0x9000, 'PIN still verified after refusals');
  card.reset();
  open(card);
  assert.is(send(card, debitCommand(req({ time: OCT_2024 + 200 }))).sw, 0x6982, 'no PIN');
  assert.is(JSON.stringify(card.toJSON()), snapshot);
});

test('INTERNAL AUTHENTICATE proves the certified key without debiting', () => {
  const card = newCard();
  open(card);
  const ch = challenge(77);
  const r = send(card, internalAuthenticateCommand(ch));
  assert.is(r.sw, 0x9000);
  assert.ok(verifyCardAuth(card.publicKey, ch, r.data, crypto));
  assert.not.ok(verifyCardAuth(card.publicKey, challenge(78), r.data, crypto));
  assert.not.ok(verifyCardAuth(newCard().publicKey, ch, r.data, crypto));
  assert.is(send(card, new Uint8Array([0x80, 0x88, 0, 0, 2, 1, 2, 0xf0])).sw, 0x6700);
  assert.is(card.state().counter, 0);
});

test('SELECT, wallets views, last transaction and unknown commands', () => {
  const card = newCard();
  assert.is(send(card, getLastTransactionCommand()).sw, 0x6985, 'not selected');
  const sel = send(card, selectCommand());
  assert.equal(decodeSelectData(sel.data), { version: 1, cardId: card.cardId, counter: 0 });
  assert.is(send(card, getLastTransactionCommand()).sw, 0x6a83);
  const pub = decodeWallets(send(card, readWalletsCommand(false)).data)!;
  assert.is(pub.length, card.state().wallets.length);
  assert.ok(pub.every((w) => w.balance === undefined));
  send(card, verifyPinCommand(PIN));
  assert.equal(decodeWallets(send(card, readWalletsCommand(true)).data), card.state().wallets);
  assert.is(send(card, new Uint8Array([0x80, 0xb2, 2, 0, 0xf0])).sw, 0x6a86);
  assert.is(send(card, new Uint8Array([0x80, 0x44, 0, 0])).sw, 0x6d00);
  assert.is(send(card, new Uint8Array([0x90, 0xb2, 0, 0])).sw, 0x6e00);
  assert.is(send(card, new Uint8Array([0x00, 0xb2, 0, 0])).sw, 0x6e00);
  assert.is(send(card, new Uint8Array([0x00, 0xc0, 0, 0, 0x10])).sw, 0x6985, 'nothing pending');
  assert.is(send(card, new Uint8Array([0x00, 0xa4, 4, 0, 2, 0xa0, 0x00, 0xf0])).sw, 0x6a82);
  assert.is(send(card, readWalletsCommand(false)).sw, 0x6985, 'an unknown AID deselects');
});

test('long answers come in 61xx chunks no larger than Le', () => {
  const card = newCard();
  open(card);
  const first = card.transceive(readWalletsCommand(false));
  assert.is(first.length, 240 + 2);
  assert.is(first[240], 0x61);
  const rest = card.transceive(new Uint8Array([0x00, 0xc0, 0, 0, first[241]]));
  assert.is(rest.length, first[241] + 2);
  assert.is(toHex(rest.subarray(rest.length - 2)), '9000');
  const whole = send(card, readWalletsCommand(false)).data;
  assert.is(whole.length, 240 + first[241]);
});

test.run();
