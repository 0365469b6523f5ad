/**
 * The simulator's control routes, for the simulated reader panel and the
 * browser tests: what a holder does at a reader (tap or pull a card, press a
 * key, pull the card in the middle of a debit, unplug the cable) and what
 * the reader shows (its display lines and LED, as server-sent events).
 *
 *   GET  /api/sim/state?reader=NAME     SimState (JSON)
 *   GET  /api/sim/events?reader=NAME    text/event-stream of `state` events
 *   POST /api/sim/tap   {reader, card}  put a card (id hex) on the reader
 *   POST /api/sim/pull  {reader}        take the card off
 *   POST /api/sim/key   {reader, key}   press keys ('0'-'9', '*', '#'; several in order)
 *   POST /api/sim/plug  {reader, plugged}
 *   POST /api/sim/tear  {reader, when: 'after-apply' | 'before-apply'}
 *        the card leaves the field during the next DEBIT, after (or before) it applied the debit
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { toHex } from '../../protocol/bytes/hex.js';
import type { CardApplet } from '../../simulator/card/applet.js';
import { NO_FAULTS, type FaultPlan } from '../../simulator/card/faults.js';
import type { LiveReader, LiveView } from '../../simulator/reader/index.js';
import { readJson, sendJson, type Route } from './http.js';

/** INS of the card's DEBIT command (protocol/card/constants.ts Ins.DEBIT). */
const INS_DEBIT = 0x30;

/** A dev card of the demo, as the panel lists it. */
export interface DemoCard {
  applet: CardApplet;
  id: string;
  holder: string;
  pin: string;
  note: { fr: string; en: string };
}

/** The state the panel shows. */
function stateOf(name: string, v: LiveView, cards: DemoCard[]) {
  return {
    reader: name,
    display: v.display,
    led: v.led,
    plugged: v.plugged,
    inField: v.inField ? toHex(v.inField.cardId) : null,
    cards: cards.map((c) => ({ id: c.id, holder: c.holder, pin: c.pin, note: c.note })),
  };
}

/** A fault plan that tears the card once, during the next DEBIT, and takes it off the reader. */
function tearPlan(card: CardApplet, live: LiveReader, when: 'after-apply' | 'before-apply'): FaultPlan {
  return {
    tear(p) {
      if (p.ins !== INS_DEBIT) return false;
      const hit = when === 'after-apply' ? p.name === 'responding' : p.name === 'checked';
      if (!hit) return false;
      card.faults = NO_FAULTS;
      setTimeout(() => {
        if (live.inField === card) live.pull();
      }, 0);
      return true;
    },
  };
}

/** The control routes over `readers` and `cards`. */
export function controlRoutes(readers: Map<string, LiveReader>, cards: DemoCard[]): Route {
  const readerOf = (name: unknown): LiveReader => {
    const r = typeof name === 'string' ? readers.get(name) : undefined;
    if (!r) throw new UserError(`no simulated reader '${String(name)}' (readers: ${[...readers.keys()].join(', ')})`);
    return r;
  };
  const cardOf = (id: unknown): DemoCard => {
    const c = cards.find((x) => x.id === id);
    if (!c) throw new UserError(`no dev card '${String(id)}'`);
    return c;
  };

  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
    if (!url.pathname.startsWith('/api/sim/')) return false;
    const op = url.pathname.slice('/api/sim/'.length);
    try {
      if (req.method === 'GET' && op === 'state') {
        const name = url.searchParams.get('reader');
        sendJson(res, 200, stateOf(name!, readerOf(name).view(), cards));
        return true;
      }
      if (req.method === 'GET' && op === 'events') {
        const name = url.searchParams.get('reader');
        const live = readerOf(name);
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
        res.write('retry: 1000\n\n');
        const stop = live.watch((v) => res.write(`event: state\ndata: ${JSON.stringify(stateOf(name!, v, cards))}\n\n`));
        const ping = setInterval(() => res.write(': ping\n\n'), 15000);
        req.on('close', () => {
          stop();
          clearInterval(ping);
        });
        return true;
      }
      if (req.method !== 'POST') throw new UserError('use POST');
      const body = await readJson(req);
      const live = readerOf(body.reader);
      switch (op) {
        case 'tap':
          live.tap(cardOf(body.card).applet);
          break;
        case 'pull':
          live.pull();
          break;
        case 'key': {
          const keys = String(body.key ?? '');
          if (!/^[0-9*#]+$/.test(keys)) throw new UserError('keys are 0-9, * and #');
          live.press(keys);
          break;
        }
        case 'plug':
          live.setPlugged(body.plugged === true);
          break;
        case 'tear': {
          const when = body.when === 'before-apply' ? 'before-apply' : 'after-apply';
          const card = body.card !== undefined ? cardOf(body.card).applet : live.inField;
          if (!card) throw new UserError('no card on the reader: tap one first or name it');
          card.faults = tearPlan(card, live, when);
          break;
        }
        default:
          return false;
      }
      sendJson(res, 200, { ok: true });
    } catch (e) {
      sendJson(res, e instanceof UserError ? 400 : 500, { error: e instanceof Error ? e.message : String(e) });
    }
    return true;
  };
}

/** A bad request from the page. */
class UserError extends Error {}
