/**
 * The "Reader" section both pages share: the Connect / Use simulated /
 * Disconnect buttons, the status line, connection errors in plain language,
 * the simulated reader panel, and what happens when the reader goes away.
 */
import { connectSimulated, connectUsb, type Connection } from './connect.js';
import { explain, noticeElement } from './explain.js';
import { onLangChange, t } from './i18n.js';
import { mountSimPanel } from './sim-panel.js';
import type { PageConfig } from './sim-api.js';

/** What a page needs from the link. */
export interface ReaderLinkOptions {
  page: 'till' | 'canteen';
  onConnected(c: Connection): void;
  onDisconnected(): void;
}

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

/** The reader connection of a page. */
export class ReaderLink {
  connection: Connection | null = null;
  #cfg: PageConfig | null = null;
  #unmountSim: (() => void) | null = null;
  #error: { e: unknown; key?: string } | null = null;
  #busy = false;

  constructor(private readonly o: ReaderLinkOptions) {}

  /** Wire the buttons (cfg null: no demo server, so no simulated reader). */
  bind(cfg: PageConfig | null): void {
    this.#cfg = cfg;
    $('connect').addEventListener('click', () => void this.#connect(false));
    $('simulate').addEventListener('click', () => void this.#connect(true));
    $('disconnect').addEventListener('click', () => void this.disconnect());
    onLangChange(() => this.#render());
    this.#render();
  }

  /** Close the reader (and the simulated panel). */
  async disconnect(): Promise<void> {
    const c = this.connection;
    this.connection = null;
    this.#unmountSim?.();
    this.#unmountSim = null;
    $('layout').classList.remove('with-sim');
    this.o.onDisconnected();
    this.#render();
    if (c) await c.close();
  }

  async #connect(simulated: boolean): Promise<void> {
    if (this.#busy) return;
    this.#busy = true;
    this.#error = null;
    if (this.connection) await this.disconnect();
    $('reader-status').textContent = t('connecting');
    $('reader-error').replaceChildren();
    try {
      let c: Connection;
      if (simulated) {
        if (!this.#cfg) throw new Error('no demo server');
        c = await connectSimulated(this.#cfg, this.o.page);
      } else {
        if (!this.#cfg) throw new Error('no issuer root configured');
        c = await connectUsb(this.#cfg);
      }
      const want = this.o.page === 'till' ? 'merchant' : 'access';
      if (c.info.mode !== want) {
        await c.close();
        this.#error = { e: null, key: this.o.page === 'till' ? 'wrongModeTill' : 'wrongModeCanteen' };
        return;
      }
      this.connection = c;
      c.reader.onClose(() => {
        if (this.connection !== c) return;
        this.#error = { e: null, key: 'unplugged' };
        void this.disconnect();
      });
      if (c.simulated) {
        $('layout').classList.add('with-sim');
        this.#unmountSim = mountSimPanel($('sim'), c.simulated);
      }
      this.o.onConnected(c);
    } catch (e) {
      this.#error = { e };
    } finally {
      this.#busy = false;
      this.#render();
    }
  }

  #render(): void {
    const c = this.connection;
    $('connect').hidden = false;
    $('simulate').hidden = this.#cfg === null;
    $('disconnect').hidden = c === null;
    const partner = c?.certificate?.partnerName ?? '';
    $('partner').textContent = partner;
    $('reader-status').textContent = c
      ? t('connected', { partner: partner || '?', id: c.info.readerId, fw: c.info.firmwareVersion })
      : t('notConnected');
    const box = $('reader-error');
    if (!this.#error) {
      box.replaceChildren();
    } else if (this.#error.key) {
      const n = document.createElement('div');
      n.className = 'notice error';
      n.id = 'reader-notice';
      n.setAttribute('role', 'alert');
      n.textContent = t(this.#error.key);
      box.replaceChildren(n);
    } else {
      box.replaceChildren(noticeElement(explain(this.#error.e), 'reader-notice'));
    }
  }
}
