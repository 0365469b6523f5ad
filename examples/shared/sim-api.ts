/**
 * The page side of the demo server's simulator control routes (/api/sim/...):
 * the state of a simulated reader (its display, LED, cards in reach) and the
 * holder's actions (tap or pull a card, press a key, unplug the reader).
 */

/** A dev card the simulator can put on a reader. */
export interface SimCard {
  id: string;
  holder: string;
  /** What the card is for in the demo (fr/en). */
  note: { fr: string; en: string };
  pin: string;
}

/** What a simulated reader shows and holds. */
export interface SimState {
  reader: string;
  display: string[];
  led: string;
  plugged: boolean;
  /** Card id in the field, or null. */
  inField: string | null;
  cards: SimCard[];
}

/** A simulated reader of the demo. */
export interface SimReaderRef {
  name: string;
  serial: string;
}

/** The demo server's configuration for the pages. */
export interface PageConfig {
  bridgeUrl: string;
  /** Issuer root public key, hex: what receipts are verified against. */
  issuerRoot: string;
  /** The simulated reader of each page: its name (control routes) and USB serial number (reader id). */
  readers: { till: SimReaderRef; canteen: SimReaderRef };
}

/** Read /api/config. */
export async function fetchConfig(): Promise<PageConfig> {
  const r = await fetch('/api/config');
  if (!r.ok) throw new Error(`/api/config: HTTP ${r.status}`);
  return (await r.json()) as PageConfig;
}

async function post(path: string, body: Record<string, unknown>): Promise<void> {
  const r = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!r.ok) throw new Error(`${path}: ${(await r.text()) || r.status}`);
}

/** Put card `card` on reader `reader` (replacing any card there). */
export const tap = (reader: string, card: string): Promise<void> => post('/api/sim/tap', { reader, card });
/** Take the card off reader `reader`. */
export const pull = (reader: string): Promise<void> => post('/api/sim/pull', { reader });
/** Press a key of the reader's keypad ('0'-'9', '*', '#'). */
export const press = (reader: string, key: string): Promise<void> => post('/api/sim/key', { reader, key });
/** Plug or unplug the reader's USB cable. */
export const plug = (reader: string, plugged: boolean): Promise<void> => post('/api/sim/plug', { reader, plugged });

/** Follow the state of `reader` (server-sent events); returns a function that stops. */
export function watch(reader: string, onState: (s: SimState) => void): () => void {
  const es = new EventSource(`/api/sim/events?reader=${encodeURIComponent(reader)}`);
  es.addEventListener('state', (ev) => onState(JSON.parse((ev as MessageEvent<string>).data) as SimState));
  return () => es.close();
}
