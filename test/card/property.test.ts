/**
 * Property: whatever the sequence of debits and tears, nothing is lost and
 * nothing is counted twice. A reader that ratifies after every tear (GET LAST
 * TRANSACTION on the next tap) holds valid proofs whose amounts, added to the
 * balances left on the card, give back exactly what was loaded; no two proofs
 * share a counter and the counters run 1..card counter without a gap.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { Status } from '../../protocol/status.js';
import { isCodedError } from '../../protocol/errors.js';
import { bytesEqual } from '../../protocol/bytes/bytes.js';
import { Benefit } from '../../protocol/catalogue/codes.js';
import { Ins } from '../../protocol/card/constants.js';
import { debitCommand, getLastTransactionCommand, selectCommand, verifyPinCommand } from '../../protocol/card/commands.js';
import { decodeLastTransaction } from '../../protocol/card/data.js';
import type { CardProof } from '../../protocol/signed/card-proof.js';
import { openCardProof } from '../../protocol/signed/card-proof.js';
import { CardApplet } from '../../simulator/card/applet.js';
import { NO_FAULTS, tearAt } from '../../simulator/card/faults.js';
import { OCT_2024, PIN, READER_ID, challenge, crypto, newCard, send } from './helpers.js';

const base = newCard().toJSON();
const BENEFITS = [Benefit.SHOWS, Benefit.CINEMA];

const op = fc.record({
  benefit: fc.constantFrom(...BENEFITS),
  amount: fc.integer({ min: 1, max: 1400 }),
  /** Tear plan: none, or step N of SELECT / VERIFY / DEBIT. */
  tear: fc.option(fc.record({ ins: fc.constantFrom(Ins.SELECT, Ins.VERIFY_PIN, Ins.DEBIT), step: fc.integer({ min: 1, max: 14 }) }), { nil: undefined }),
});

function torn(f: () => void): boolean {
  try {
    f();
    return false;
  } catch (e) {
    if (isCodedError(e) && e.code === Status.CARD_REMOVED) return true;
    throw e;
  }
}

test('balance left + sum of proven amounts == amount loaded; counters unique and gapless', () => {
  fc.assert(fc.property(fc.array(op, { maxLength: 14 }), (ops) => {
    const card = CardApplet.fromJSON(base, crypto);
    const loaded = new Map(card.state().wallets.map((w) => [w.benefit, w.loaded]));
    const proofs: CardProof[] = [];
    const keep = (bytes: Uint8Array) => {
      const p = openCardProof(bytes, card.publicKey, crypto);
      assert.is(p.status, 0, 'every proof verifies');
      proofs.push(p.value!);
    };
    ops.forEach((o, n) => {
      const time = OCT_2024 + 60 * n;
      const amount = o.benefit === Benefit.CINEMA ? 1 + (o.amount % 2) : o.amount;
      const ch = challenge(n + 1);
      card.reset(); // a new tap
      card.faults = o.tear ? tearAt(o.tear.step, o.tear.ins) : NO_FAULTS;
      let result: { sw: number; data: Uint8Array } | null = null;
      const cut = torn(() => {
        send(card, selectCommand());
        send(card, verifyPinCommand(PIN));
        result = send(card, debitCommand({ benefit: o.benefit, campaign: 2024, amount, time, challenge: ch, readerId: READER_ID }));
      });
      card.faults = NO_FAULTS;
      if (!cut) {
        const r = result!;
        if (r.sw === 0x9000) keep(r.data);
        else if (r.sw === 0x6982) assert.is(card.state().tries, 0, 'PIN refused only once blocked (tears during VERIFY cost tries)');
        else assert.is(r.sw, 0x9341, 'else only insufficient balance may refuse');
        return;
      }
      // Ratification on the next tap.
      card.reset();
      send(card, selectCommand());
      const last = send(card, getLastTransactionCommand());
      if (last.sw !== 0x9000) return;
      const proof = decodeLastTransaction(last.data)!.proof;
      const p = openCardProof(proof, card.publicKey, crypto).value!;
      if (bytesEqual(p.challenge, ch)) keep(proof);
    });
    const state = card.state();
    for (const w of state.wallets.filter((x) => BENEFITS.includes(x.benefit))) {
      const spent = proofs.filter((p) => p.benefit === w.benefit).reduce((a, p) => a + p.amount, 0);
      assert.is(w.balance + spent, loaded.get(w.benefit), `benefit ${w.benefit}`);
    }
    const counters = proofs.map((p) => p.counter).sort((a, b) => a - b);
    assert.equal(counters, Array.from({ length: state.counter }, (_, i) => i + 1));
  }), { numRuns: 150 });
});

test.run();
