/** A simulated card on disk: JSON of its memory image, written atomically. */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { CryptoPort } from '../../protocol/crypto.js';
import type { CardJSON } from './applet.js';
import { CardApplet } from './applet.js';

/** Write the card's memory to `path` atomically (temporary file, then rename). */
export function saveCard(card: CardApplet, path: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(card.toJSON(), null, 1));
  renameSync(tmp, path);
}

/** Load a card saved by {@link saveCard}; power-up recovery runs at once. */
export function loadCard(path: string, crypto: CryptoPort): CardApplet {
  return CardApplet.fromJSON(JSON.parse(readFileSync(path, 'utf8')) as CardJSON, crypto);
}
