/**
 * Live progress of a debit, from the reader's keepalives: waiting for the
 * card, reading it, PIN digits typed (as dots ●●○○; the digits themselves
 * never leave the reader), processing. It also notices two things the holder
 * must be told at once: the PIN prompt coming back empty after a submission
 * (wrong PIN: the reader asks again), and the reader asking for the card
 * again after it started processing (the card was taken away mid-debit).
 */
import type { ReaderProgress } from '../../sdk/index.js';
import { t } from '../shared/i18n.js';

/** "●●○○" for `n` of 4 PIN digits. */
export function pinDots(n: number): string {
  const k = Math.max(0, Math.min(4, n));
  return '●'.repeat(k) + '○'.repeat(4 - k);
}

/** Follows the steps of one debit and draws them into a box. */
export class ProgressView {
  #last: ReaderProgress | null = null;
  #processed = false;
  #wrongPins = 0;
  #cardBack = false;

  constructor(private readonly box: HTMLElement) {}

  /** Forget the previous debit. */
  reset(): void {
    this.#last = null;
    this.#processed = false;
    this.#wrongPins = 0;
    this.#cardBack = false;
    this.box.hidden = true;
    this.box.replaceChildren();
  }

  /** True when the reader asked for the card again after processing started. */
  get cardWasPulled(): boolean {
    return this.#cardBack;
  }

  /** Draw one progress report. */
  show(p: ReaderProgress): void {
    const prev = this.#last;
    // The reader reports PROCESSING once the PIN is submitted: back to the PIN prompt means a wrong PIN,
    // back to "waiting for card" means the card left and must come back.
    if (p.stage === 'waiting-for-pin' && prev?.stage === 'processing') this.#wrongPins++;
    if (p.stage === 'waiting-for-card' && this.#processed) this.#cardBack = true;
    if (p.stage === 'processing') this.#processed = true;
    this.#last = p;
    this.#draw(p);
  }

  #draw(p: ReaderProgress): void {
    const box = this.box;
    box.hidden = false;
    box.dataset.stage = p.stage;
    box.dataset.wrongPins = String(this.#wrongPins);
    box.classList.toggle('warn', (p.stage === 'waiting-for-card' && this.#cardBack) || (p.stage === 'waiting-for-pin' && this.#wrongPins > 0));
    const parts: (Node | string)[] = [];
    if (p.stage === 'waiting-for-pin') {
      const n = p.pinDigits ?? 0;
      const dots = document.createElement('span');
      dots.className = 'pin-dots';
      dots.id = 'pin-dots';
      dots.textContent = pinDots(n);
      dots.setAttribute('aria-label', t('stepPinCount', { n }));
      parts.push(t('stepPin') + ' ', dots);
      if (this.#wrongPins > 0) parts.push(line(t('stepWrongPin'), 'warn-line'));
    } else if (p.stage === 'waiting-for-card') {
      parts.push(this.#cardBack ? t('stepCardBack') : t('stepCard'));
    } else if (p.stage === 'reading-card') {
      parts.push(t('stepReading'));
    } else if (p.stage === 'remove-card') {
      parts.push(t('stepRemove'));
    } else {
      parts.push(t('stepProcessing'));
    }
    box.replaceChildren(...parts);
  }
}

function line(text: string, cls: string): HTMLElement {
  const d = document.createElement('div');
  d.className = cls;
  d.textContent = text;
  return d;
}
