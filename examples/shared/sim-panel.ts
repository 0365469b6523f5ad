/**
 * The simulated reader panel: the firmware's own display lines and LED, a
 * clickable keypad (1-9, *, 0, #) and the dev cards to tap or pull, so a
 * person can try the whole flow in one window.
 */
import { lang, onLangChange, t } from './i18n.js';
import { plug, press, pull, tap, watch, type SimState } from './sim-api.js';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...children);
  return e;
}

/** Show the panel of simulated reader `reader` in `host`; returns a function that removes it. */
export function mountSimPanel(host: HTMLElement, reader: string): () => void {
  let state: SimState | null = null;
  const report = (p: Promise<void>): void => void p.catch((e: unknown) => console.warn(e));

  const lcd = el('div', { className: 'lcd', id: 'sim-display' });
  lcd.setAttribute('role', 'status');
  lcd.setAttribute('aria-live', 'polite');
  const led = el('span', { className: 'led', id: 'sim-led' });
  const keypad = el('div', { className: 'keypad', id: 'sim-keypad' });
  keypad.setAttribute('role', 'group');
  for (const k of KEYS) {
    const b = el('button', { type: 'button', textContent: k });
    b.dataset.key = k;
    b.addEventListener('click', () => report(press(reader, k)));
    keypad.append(b);
  }
  const cards = el('ul', { className: 'cards', id: 'sim-cards' });
  const plugBtn = el('button', { type: 'button', id: 'sim-plug' });
  plugBtn.addEventListener('click', () => state && report(plug(reader, !state.plugged)));
  const title = el('h2', { id: 'h-sim' });
  const hDisplay = el('h3', {});
  const hKeypad = el('h3', {});
  const hCards = el('h3', {});
  host.replaceChildren(title, el('div', { className: 'row' }, led, hDisplay), lcd, hKeypad, keypad, hCards, cards, el('p', {}, plugBtn));
  host.hidden = false;

  const render = (): void => {
    title.textContent = t('simTitle');
    hDisplay.textContent = t('simDisplay');
    hKeypad.textContent = t('simKeypad');
    keypad.setAttribute('aria-label', t('simKeypad'));
    keypad.querySelector<HTMLElement>('[data-key="*"]')!.setAttribute('aria-label', '* ' + t('keyCancel'));
    keypad.querySelector<HTMLElement>('[data-key="#"]')!.setAttribute('aria-label', '# ' + t('keyOk'));
    hCards.textContent = t('simCards');
    if (!state) return;
    lcd.textContent = state.display.map((l) => l.padEnd(16, ' ')).join('\n');
    led.className = 'led ' + state.led;
    led.title = 'LED: ' + state.led;
    plugBtn.textContent = state.plugged ? t('simUnplug') : t('simPlug');
    cards.replaceChildren(...state.cards.map((c) => {
      const here = state!.inField === c.id;
      const b = el('button', { type: 'button', textContent: here ? t('simPull') : t('simTap') });
      b.dataset.card = c.id;
      b.setAttribute('aria-label', `${here ? t('simPull') : t('simTap')} : ${c.holder}`);
      b.addEventListener('click', () => report(here ? pull(reader) : tap(reader, c.id)));
      const who = el('span', { className: 'who' }, el('strong', {}, c.holder), ' — ', c.note[lang()], ' · ', t('simPin', { pin: c.pin }));
      const li = el('li', { className: here ? 'in-field' : '' }, who, b);
      li.dataset.card = c.id;
      return li;
    }));
  };
  const stop = watch(reader, (s) => {
    state = s;
    render();
  });
  onLangChange(render);
  render();
  return () => {
    stop();
    host.hidden = true;
    host.replaceChildren();
  };
}
