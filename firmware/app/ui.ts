/**
 * What the holder sees and hears: short French / English lines for the
 * 4 x 16 display, the LED colour and the beeps. ASCII only.
 */
import { Status } from '../../protocol/status.js';
import { Kind } from '../../protocol/catalogue/codes.js';
import { kindOf } from '../../protocol/catalogue/table.js';
import { Mode } from '../../protocol/messages/codes.js';
import type { Display } from '../ports/display.js';
import type { Signal } from '../ports/signal.js';
import { Beep, Led } from '../ports/signal.js';

/** Short texts of the refusals a holder can meet: status, French, English. */
const REASONS: (number | string)[] = [
  Status.TIMEOUT, 'Temps ecoule', 'Timed out',
  Status.CANCELLED, 'Annule', 'Cancelled',
  Status.CARD_REMOVED, 'Carte retiree', 'Card removed',
  Status.CARD_NOT_AUTHENTIC, 'Carte invalide', 'Invalid card',
  Status.CARD_REVOKED, 'Carte bloquee', 'Card revoked',
  Status.MULTIPLE_CARDS, 'Une seule carte', 'One card only',
  Status.CARD_UNSUPPORTED, 'Carte inconnue', 'Unknown card',
  Status.WRONG_PIN, 'Code faux', 'Wrong PIN',
  Status.PIN_BLOCKED, 'Code bloque', 'PIN blocked',
  Status.BENEFIT_SUSPENDED, 'Suspendu', 'Suspended',
  Status.INSUFFICIENT_BALANCE, 'Solde trop bas', 'Low balance',
  Status.BENEFIT_EXPIRED, 'Avantage expire', 'Expired',
  Status.NOT_YET_VALID, 'Pas encore actif', 'Not yet valid',
  Status.NO_SUCH_BENEFIT, 'Pas cet avantage', 'No such benefit',
  Status.CARD_CLOCK_CONFLICT, 'Horloge carte', 'Card clock',
  Status.OTHER_ESTABLISHMENT, 'Autre etablissmt', 'Other school',
  Status.DOUBLE_TAP, 'Deja passe', 'Already passed',
  Status.JOURNAL_FULL, 'Journal plein', 'Journal full',
];

/** "12,50 EUR", "2 unite(s)", "1 usage": an amount of a benefit for the display. */
export function formatAmount(benefit: number, amount: number): string {
  const kind = kindOf(benefit);
  if (kind === Kind.UNITS) return amount + (amount > 1 ? ' unites' : ' unite');
  if (kind === Kind.ENTITLEMENT) return amount + ' usage';
  const cents = amount % 100;
  return Math.floor(amount / 100) + ',' + (cents < 10 ? '0' : '') + cents + ' EUR';
}

/** The display, LED and buzzer of the reader (what flows call; built by createUi). */
export interface Ui {
  /** Monotonic time after which the idle screen comes back (0 = showing idle). */
  idleAt: number;
  /** The idle screen of a mode. */
  idle(mode: number, partner: string): void;
  /** Waiting for a card (title: what is being done). */
  presentCard(title: string): void;
  /** A card is being read. */
  reading(title: string): void;
  /** PIN entry: `count` digits typed; `triesLeft` > 0 after a wrong PIN. */
  pin(title: string, count: number, triesLeft: number): void;
  /** Card, signature, journal: the holder keeps the card still. */
  processing(title: string): void;
  /** The card left during the debit: it must come back. */
  replaceCard(title: string): void;
  /** Another card than the one whose debit is pending. */
  otherCard(): void;
  /** A key press. */
  key(): void;
  /** Success, with two lines of detail. */
  ok(a: string, b: string, c: string, d: string, now: number, ms: number): void;
  /** A refusal or failure with its reason. */
  refused(status: number, extra: string, now: number, ms: number): void;
}

/** Idle screen lines (French, English): not provisioned, merchant mode, access mode. */
const IDLE = ['Non configure', 'Not provisioned', 'Pret', 'Ready', 'Badgez ici', 'Tap your card'];

/** No LED change (for `screen`). */
const SAME_LED = -1;

/** The Ui of a board's display and signal. */
export function createUi(display: Display, signal: Signal): Ui {
  /** Set the LED (unless SAME_LED), beep (unless Beep.NONE), then show four lines. */
  function screen(led: number, beep: number, a: string, b: string, c: string, d: string): void {
    if (led !== SAME_LED) signal.led(led);
    if (beep !== Beep.NONE) signal.beep(beep);
    display.show([a, b, c, d]);
  }

  const ui: Ui = {
    idleAt: 0,
    idle: function (mode: number, partner: string): void {
      ui.idleAt = 0;
      const k = mode === Mode.ACCESS ? 4 : mode === Mode.MERCHANT ? 2 : 0;
      screen(Led.OFF, Beep.NONE, "Pass'Region", IDLE[k], IDLE[k + 1], k === 0 ? '' : partner);
    },
    presentCard: function (title: string): void {
      screen(Led.BLUE, Beep.NONE, title, 'Presentez carte', 'Present card', '* annuler/cancel');
    },
    reading: function (title: string): void {
      screen(SAME_LED, Beep.NONE, title, 'Lecture...', 'Reading...', 'Ne pas retirer');
    },
    pin: function (title: string, count: number, triesLeft: number): void {
      let mask = 'Code: ';
      for (let i = 0; i < 4; i++) mask += i < count ? '*' : '_';
      const wrong = triesLeft > 0;
      screen(Led.AMBER, Beep.NONE, title, mask, wrong ? 'Faux, reste ' + triesLeft : '# valider/OK', wrong ? 'Wrong, ' + triesLeft + ' left' : '* corriger/undo');
    },
    processing: function (title: string): void {
      screen(SAME_LED, Beep.NONE, title, 'Traitement...', 'Processing...', 'Ne pas retirer');
    },
    replaceCard: function (title: string): void {
      screen(Led.AMBER, Beep.ERROR, title, 'Replacez carte', 'Tap card again', '');
    },
    otherCard: function (): void {
      screen(SAME_LED, Beep.ERROR, 'Autre carte !', 'Reprenez la 1re', 'Wrong card: use', 'the first card');
    },
    key: function (): void {
      signal.beep(Beep.KEY);
    },
    ok: function (a: string, b: string, c: string, d: string, now: number, ms: number): void {
      screen(Led.GREEN, Beep.OK, a, b, c, d);
      ui.idleAt = now + ms;
    },
    refused: function (status: number, extra: string, now: number, ms: number): void {
      let fr = 'Erreur ' + status;
      let en = 'Error ' + status;
      for (let i = 0; i < REASONS.length; i += 3) {
        if (REASONS[i] === status) {
          fr = REASONS[i + 1] as string;
          en = REASONS[i + 2] as string;
        }
      }
      screen(Led.RED, Beep.ERROR, 'Refuse/Refused', fr, en, extra);
      ui.idleAt = now + ms;
    },
  };
  return ui;
}
