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

/** The display, LED and buzzer of the reader. */
export class Ui {
  /** Monotonic time after which the idle screen comes back (0 = showing idle). */
  until = 0;

  constructor(private readonly display: Display, private readonly signal: Signal) {}

  private show(a: string, b: string, c: string, d: string): void {
    this.display.show([a, b, c, d]);
  }

  /** The idle screen of a mode. */
  idle(mode: number, partner: string): void {
    this.until = 0;
    this.signal.led(Led.OFF);
    if (mode === Mode.ACCESS) this.show("Pass'Region", 'Badgez ici', 'Tap your card', partner);
    else if (mode === Mode.MERCHANT) this.show("Pass'Region", 'Pret', 'Ready', partner);
    else this.show("Pass'Region", 'Non configure', 'Not provisioned', '');
  }

  /** Waiting for a card (title: what is being done). */
  presentCard(title: string): void {
    this.signal.led(Led.BLUE);
    this.show(title, 'Presentez carte', 'Present card', '* annuler/cancel');
  }

  /** A card is being read. */
  reading(title: string): void {
    this.show(title, 'Lecture...', 'Reading...', 'Ne pas retirer');
  }

  /** PIN entry: `count` digits typed; `triesLeft` > 0 after a wrong PIN. */
  pin(title: string, count: number, triesLeft: number): void {
    this.signal.led(Led.AMBER);
    let mask = 'Code: ';
    for (let i = 0; i < 4; i++) mask += i < count ? '*' : '_';
    if (triesLeft > 0) this.show(title, mask, 'Faux, reste ' + triesLeft, 'Wrong, ' + triesLeft + ' left');
    else this.show(title, mask, '# valider/OK', '* corriger/undo');
  }

  /** Card, signature, journal: the holder keeps the card still. */
  processing(title: string): void {
    this.show(title, 'Traitement...', 'Processing...', 'Ne pas retirer');
  }

  /** The card left during the debit: it must come back. */
  replaceCard(title: string): void {
    this.signal.led(Led.AMBER);
    this.signal.beep(Beep.ERROR);
    this.show(title, 'Replacez carte', 'Tap card again', '');
  }

  /** Another card than the one whose debit is pending. */
  otherCard(): void {
    this.signal.beep(Beep.ERROR);
    this.show('Autre carte !', 'Reprenez la 1re', 'Wrong card: use', 'the first card');
  }

  /** A key press. */
  key(): void {
    this.signal.beep(Beep.KEY);
  }

  /** Success, with two lines of detail. */
  ok(a: string, b: string, c: string, d: string, now: number, ms: number): void {
    this.signal.led(Led.GREEN);
    this.signal.beep(Beep.OK);
    this.show(a, b, c, d);
    this.until = now + ms;
  }

  /** A refusal or failure with its reason. */
  refused(status: number, extra: string, now: number, ms: number): void {
    this.signal.led(Led.RED);
    this.signal.beep(Beep.ERROR);
    let fr = 'Erreur ' + status;
    let en = 'Error ' + status;
    for (let i = 0; i < REASONS.length; i += 3) {
      if (REASONS[i] === status) {
        fr = REASONS[i + 1] as string;
        en = REASONS[i + 2] as string;
      }
    }
    this.show('Refuse/Refused', fr, en, extra);
    this.until = now + ms;
  }
}
