/** What handlers and flows share: the reader's state and services (built by reader.ts). */
import type { CryptoPort } from '../../protocol/crypto.js';
import type { Clock } from '../ports/clock.js';
import type { Journal } from '../drivers/flash/journal.js';
import type { ResolvedConfig } from './config.js';
import type { Identity } from './identity.js';
import type { Receipts } from './receipts.js';
import type { IntentLog } from './intents.js';
import type { CardSession } from './card-session.js';
import type { Ui } from './ui.js';
import type { Link } from './link.js';
import type { DenylistEntry } from '../../protocol/signed/denylist.js';
import type { MessageObject } from '../../protocol/messages/wire.js';

/**
 * A long request in progress (card, keypad): an explicit state machine that
 * tick() advances. It answers through Ctx.end; coded errors it throws end
 * the request with their status (and details).
 */
export interface Flow {
  /** Advance: poll the card, check timeouts. */
  step(now: number): void;
  /** A key pressed on the keypad (char code). */
  key(code: number, now: number): void;
  /** The host sent CANCEL (or the holder pressed cancel). */
  cancel(): void;
}

/** A denylist version being assembled from its parts. */
export interface DenylistAssembly {
  version: number;
  issuedAt: number;
  parts: number;
  received: number;
  entries: (DenylistEntry[] | null)[];
}

/** The reader's shared state. */
export interface Ctx {
  cfg: ResolvedConfig;
  /** Flash page size (journal capacity estimate). */
  pageSize: number;
  clock: Clock;
  crypto: CryptoPort;
  identity: Identity;
  journal: Journal;
  receipts: Receipts;
  intents: IntentLog;
  card: CardSession;
  ui: Ui;
  link: Link;
  /** Command of the pending request (-1 none). */
  command: number;
  /** The long request in progress, or null. */
  flow: Flow | null;
  /** Access mode: PASSAGE events enabled (ACCESS_STREAM). */
  stream: boolean;
  /** Access mode: the last allowed card and when (monotonic ms), for DOUBLE_TAP. */
  lastAllowed: Uint8Array | null;
  lastAllowedAt: number;
  /** Access mode: NFCID1 of the card decided upon, until it leaves the field (one tap = one decision). */
  fieldUid: Uint8Array | null;
  /** Denylist parts received so far of a newer version. */
  assembly: DenylistAssembly | null;
  /** Wall clock in unix seconds; 0 when not set. */
  seconds(): number;
  /** True when the wall clock is set and not before the newest receipt. */
  clockValid(): boolean;
  /** Answer the pending request (and nothing else). */
  reply(status: number, result?: MessageObject, details?: MessageObject): void;
  /** Answer the pending request and end its flow: release the card, show the outcome. */
  end(status: number, result?: MessageObject, details?: MessageObject): void;
}
