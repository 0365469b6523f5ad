/**
 * A simulator state directory, so that the dev issuer, its cards and its
 * simulated readers survive from one run to the next:
 *
 *   DIR/issuer.json               the dev Region: seed, root public key, counters, denylist entries
 *   DIR/cards/<cardId>.json       one card: its applet memory (loadCard format) + `sim` metadata
 *   DIR/readers/<name>/flash.bin  the reader's flash image (its key, certificate, journal)
 *   DIR/readers/<name>/meta.json  partner, mode, reader id, clock, flash geometry
 *   DIR/denylist/v<N>.p<K>.bin    signed part K of denylist version N
 *
 * Every write is atomic (temporary file + rename). Default DIR: `.sim-state`
 * in the working directory.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CryptoPort } from '../../protocol/crypto.js';
import { toHex } from '../../protocol/bytes/hex.js';
import { CardApplet } from '../card/applet.js';
import { writeAtomic, writeJsonAtomic } from './atomic.js';
import type { CardFile, CardMeta, IssuerRecord, ReaderMeta } from './records.js';

/** Default state directory name. */
export const DEFAULT_STATE_DIR = '.sim-state';

/** A failure about the state directory, with a message for the user. */
export class StateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StateError';
  }
}

/** A card loaded from the state directory. */
export interface StoredCard {
  id: string;
  path: string;
  card: CardApplet;
  meta: CardMeta;
}

/** A reader loaded from the state directory. */
export interface StoredReader {
  meta: ReaderMeta;
  /** The flash pages (pageCount pages of pageSize bytes). */
  pages: Uint8Array[];
}

/** Lower-case ASCII slug of a display name ('Cinéma Le Méliès' -> 'cinema-le-melies'). */
export function slug(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48) || 'reader';
}

/** A state directory. */
export class StateDir {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  /** The state directory of `--state` (or the default) relative to `cwd`. */
  static at(dir: string | undefined, cwd: string): StateDir {
    return new StateDir(resolve(cwd, dir ?? DEFAULT_STATE_DIR));
  }

  get issuerPath(): string {
    return join(this.root, 'issuer.json');
  }
  get cardsDir(): string {
    return join(this.root, 'cards');
  }
  get readersDir(): string {
    return join(this.root, 'readers');
  }
  get denylistDir(): string {
    return join(this.root, 'denylist');
  }

  /** True when `issuer init` has run here. */
  hasIssuer(): boolean {
    return existsSync(this.issuerPath);
  }

  /** The issuer record; throws StateError when there is none. */
  readIssuer(): IssuerRecord {
    if (!this.hasIssuer()) {
      throw new StateError(`no dev issuer in ${this.root}: run 'passreader issuer init' first (or pass --state DIR)`);
    }
    const r = JSON.parse(readFileSync(this.issuerPath, 'utf8')) as IssuerRecord;
    if (r.format !== 'passreader-issuer/1') throw new StateError(`${this.issuerPath} is not a passreader issuer record`);
    return r;
  }

  /** Write the issuer record (creates the directory layout). */
  writeIssuer(r: IssuerRecord): void {
    for (const d of [this.root, this.cardsDir, this.readersDir, this.denylistDir]) mkdirSync(d, { recursive: true });
    writeJsonAtomic(this.issuerPath, r);
  }

  // ---- cards ------------------------------------------------------------------------------

  cardPath(id: string): string {
    return join(this.cardsDir, `${id}.json`);
  }

  /** Save a card's memory and metadata. */
  saveCard(card: CardApplet, meta: CardMeta): string {
    const id = toHex(card.cardId);
    const file: CardFile = { ...card.toJSON(), sim: meta };
    writeJsonAtomic(this.cardPath(id), file);
    return id;
  }

  /** Save a card whose metadata is already on disk (after a simulation changed its memory). */
  updateCard(card: CardApplet): void {
    const id = toHex(card.cardId);
    const prev = JSON.parse(readFileSync(this.cardPath(id), 'utf8')) as CardFile;
    writeJsonAtomic(this.cardPath(id), { ...card.toJSON(), sim: prev.sim });
  }

  /** Every card, by issue order. */
  listCards(crypto: CryptoPort): StoredCard[] {
    if (!existsSync(this.cardsDir)) return [];
    const out: StoredCard[] = [];
    for (const f of readdirSync(this.cardsDir)) {
      if (!/^[0-9a-f]{16}\.json$/.test(f)) continue;
      out.push(this.loadCardFile(join(this.cardsDir, f), crypto));
    }
    return out.sort((a, b) => a.meta.serial - b.meta.serial);
  }

  private loadCardFile(path: string, crypto: CryptoPort): StoredCard {
    const file = JSON.parse(readFileSync(path, 'utf8')) as CardFile;
    const card = CardApplet.fromJSON(file, crypto);
    return { id: toHex(card.cardId), path, card, meta: file.sim };
  }

  /**
   * The card a user means: its full id, an id prefix (4+ hex digits), or its
   * holder's name (whole or first name, case-insensitive). Throws StateError
   * when nothing or several cards match.
   */
  findCard(query: string, crypto: CryptoPort): StoredCard {
    const cards = this.listCards(crypto);
    const q = query.trim().toLowerCase();
    const fold = (s: string) => slug(s).replace(/-/g, ' ');
    const byId = cards.filter((c) => c.id === q || (q.length >= 4 && /^[0-9a-f]+$/.test(q) && c.id.startsWith(q)));
    const byName = cards.filter((c) => fold(c.meta.holderName) === fold(q) || fold(c.meta.holderName).split(' ')[0] === fold(q));
    const found = byId.length > 0 ? byId : byName;
    if (found.length === 1) return found[0];
    if (found.length === 0) {
      throw new StateError(`no card '${query}' in ${this.cardsDir} (see 'passreader issuer cards')`);
    }
    throw new StateError(`'${query}' matches ${found.length} cards (${found.map((c) => c.id).join(', ')}): give the card id`);
  }

  // ---- readers ----------------------------------------------------------------------------

  readerDir(name: string): string {
    return join(this.readersDir, name);
  }

  /** Names of the readers, sorted. */
  readerNames(): string[] {
    if (!existsSync(this.readersDir)) return [];
    return readdirSync(this.readersDir)
      .filter((n) => existsSync(join(this.readersDir, n, 'meta.json')))
      .sort();
  }

  hasReader(name: string): boolean {
    return existsSync(join(this.readerDir(name), 'meta.json'));
  }

  /** Load a reader; `name` may be omitted when there is exactly one. */
  loadReader(name?: string): StoredReader {
    const names = this.readerNames();
    if (name === undefined) {
      if (names.length === 0) throw new StateError(`no reader in ${this.readersDir}: create one with 'passreader issuer reader'`);
      if (names.length > 1) throw new StateError(`several readers (${names.join(', ')}): choose one with --reader NAME`);
      name = names[0];
    }
    if (!this.hasReader(name)) {
      throw new StateError(`no reader '${name}' in ${this.readersDir}${names.length ? ` (readers: ${names.join(', ')})` : ''}`);
    }
    const dir = this.readerDir(name);
    const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as ReaderMeta;
    if (meta.format !== 'passreader-reader/1') throw new StateError(`${dir}/meta.json is not a passreader reader record`);
    const image = readFileSync(join(dir, 'flash.bin'));
    const { pageSize, pageCount } = meta.flash;
    if (image.length !== pageSize * pageCount) {
      throw new StateError(`${dir}/flash.bin has ${image.length} bytes, expected ${pageCount} pages of ${pageSize}`);
    }
    const pages: Uint8Array[] = [];
    for (let i = 0; i < pageCount; i++) pages.push(new Uint8Array(image.subarray(i * pageSize, (i + 1) * pageSize)));
    return { meta, pages };
  }

  /** Save a reader's flash image, then its metadata. */
  saveReader(meta: ReaderMeta, pages: Uint8Array[]): void {
    const dir = this.readerDir(meta.name);
    const image = new Uint8Array(meta.flash.pageSize * meta.flash.pageCount);
    pages.forEach((p, i) => image.set(p, i * meta.flash.pageSize));
    writeAtomic(join(dir, 'flash.bin'), image);
    writeJsonAtomic(join(dir, 'meta.json'), meta);
  }

  // ---- denylists --------------------------------------------------------------------------

  /** Store the signed parts of denylist `version`. */
  saveDenylist(version: number, parts: Uint8Array[]): string[] {
    return parts.map((p, k) => {
      const path = join(this.denylistDir, `v${String(version).padStart(6, '0')}.p${String(k).padStart(2, '0')}.bin`);
      writeAtomic(path, p);
      return path;
    });
  }

  /** The newest stored denylist version and its parts, or null. */
  latestDenylist(): { version: number; parts: Uint8Array[] } | null {
    if (!existsSync(this.denylistDir)) return null;
    const files = readdirSync(this.denylistDir).filter((f) => /^v\d{6}\.p\d{2}\.bin$/.test(f)).sort();
    if (files.length === 0) return null;
    const version = Number(files[files.length - 1].slice(1, 7));
    const parts = files
      .filter((f) => Number(f.slice(1, 7)) === version)
      .map((f) => new Uint8Array(readFileSync(join(this.denylistDir, f))));
    return { version, parts };
  }
}
