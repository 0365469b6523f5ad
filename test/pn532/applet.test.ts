/** The real card applet (simulator/card) in the virtual PN532's field, driven by the firmware driver. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Pn532 } from '../../firmware/drivers/pn532/index.js';
import { VirtualPn532, fieldCard } from '../../simulator/hw/pn532/index.js';
import { NO_FAULTS, tearAt } from '../../simulator/card/faults.js';
import { selectCommand } from '../../protocol/card/commands.js';
import { parseResponse } from '../../protocol/card/apdu.js';
import { isCodedError } from '../../protocol/errors.js';
import { Status } from '../../protocol/status.js';
import { newCard } from '../card/helpers.js';
import { steppingClock, unhex } from './fake-card.js';

const test = suite('pn532/with the card applet');

function setup() {
  const chip = new VirtualPn532();
  const nfc = new Pn532(chip, steppingClock());
  nfc.init();
  const applet = newCard();
  const card = fieldCard(applet, { uid: unhex('04c0ffee123456') });
  return { chip, nfc, applet, card };
}

test('SELECT through driver, chip and applet answers 9000', () => {
  const { chip, nfc, card } = setup();
  chip.placeCard(card);
  const r = nfc.poll();
  assert.is(r.count, 1);
  assert.is(r.isoDep, true);
  assert.is(parseResponse(nfc.exchange(selectCommand())).sw, 0x9000);
  nfc.release();
});

test('a tear in the applet (coded CARD_REMOVED) takes the card out of the field; the next tap works', () => {
  const { chip, nfc, applet, card } = setup();
  chip.placeCard(card);
  nfc.poll();
  applet.faults = tearAt(1);
  try {
    nfc.exchange(selectCommand());
    assert.unreachable();
  } catch (e) {
    assert.ok(isCodedError(e));
    assert.is(e.code, Status.CARD_REMOVED);
  }
  assert.ok(isCodedError(chip.lastCardFault));
  assert.is((chip.lastCardFault as { code: number }).code, Status.CARD_REMOVED);
  assert.equal(chip.cards(), []);
  assert.is(applet.inField, false); // not powered again until reactivated
  nfc.release();
  applet.faults = NO_FAULTS;
  chip.placeCard(card);
  assert.is(nfc.poll().count, 1);
  assert.is(applet.inField, true);
  assert.is(parseResponse(nfc.exchange(selectCommand())).sw, 0x9000);
});

test.run();
