/**
 * French and English labels. Elements carrying `data-i18n="key"` get their text
 * (and `data-i18n-attr="placeholder:key2;aria-label:key3"` their attributes)
 * from the current language's dictionary; `t()` formats `{name}` parameters.
 */

/** A language of the pages. */
export type Lang = 'fr' | 'en';
/** Labels of one key in both languages. */
export type Strings = Record<string, { fr: string; en: string }>;

const dict: Strings = {};
const listeners: Array<(lang: Lang) => void> = [];
let current: Lang = 'fr';

/** Add labels to the dictionary. */
export function addStrings(s: Strings): void {
  Object.assign(dict, s);
}

/** The current language. */
export function lang(): Lang {
  return current;
}

/** The label of `key` in the current language, with `{name}` replaced from `params`. */
export function t(key: string, params: Record<string, string | number> = {}): string {
  const e = dict[key];
  const s = e ? e[current] : key;
  return s.replace(/\{(\w+)\}/g, (_, k: string) => (k in params ? String(params[k]) : `{${k}}`));
}

/** Language to start with: the saved choice, else the browser's language (French unless it is not French). */
export function initialLang(): Lang {
  try {
    const saved = localStorage.getItem('passregion.lang');
    if (saved === 'fr' || saved === 'en') return saved;
  } catch { /* storage may be disabled */ }
  const nav = (navigator.languages && navigator.languages[0]) || navigator.language || 'fr';
  return nav.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

/** Apply the labels of the current language to `root` and everything in it. */
export function translate(root: ParentNode = document): void {
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n]')) el.textContent = t(el.dataset.i18n!);
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n-attr]')) {
    for (const pair of el.dataset.i18nAttr!.split(';')) {
      const [attr, key] = pair.split(':');
      if (attr && key) el.setAttribute(attr.trim(), t(key.trim()));
    }
  }
}

/** Switch language, relabel the page and tell the listeners (they redraw dynamic parts). */
export function setLang(l: Lang): void {
  current = l;
  document.documentElement.lang = l;
  try { localStorage.setItem('passregion.lang', l); } catch { /* ignore */ }
  translate();
  for (const f of listeners) f(l);
}

/** Call `f` after every language change. */
export function onLangChange(f: (lang: Lang) => void): void {
  listeners.push(f);
}

/** Wire a toggle button that shows the other language ("English" / "Français"). */
export function bindLangToggle(button: HTMLButtonElement): void {
  const label = (): void => {
    button.textContent = current === 'fr' ? 'English' : 'Français';
    button.lang = current === 'fr' ? 'en' : 'fr';
    button.setAttribute('aria-label', current === 'fr' ? 'Switch to English' : 'Passer en français');
  };
  button.addEventListener('click', () => setLang(current === 'fr' ? 'en' : 'fr'));
  onLangChange(label);
  label();
}
