/**
 * A scenario, as validate.ts returns it: every name resolved to a code,
 * every duration to milliseconds, every time to unix seconds. The JSON format
 * a person writes is documented in docs/simulator.md.
 */

/** The reader of a self-contained scenario. */
export interface ReaderSpec {
  partner: string;
  mode: 'merchant' | 'access';
  /** Category codes (merchant). */
  categories: number[];
  /** Establishment code (access). */
  establishment?: number;
  validDays: number;
  /** Wall clock at the start, unix seconds. */
  clock: number;
  /** Seed of the reader's randomness (key, challenges): same seed, same transcript. */
  seed: string;
  /** Firmware timeouts (ms), when overridden. */
  cardTimeoutMs?: number;
  pinTimeoutMs?: number;
  doubleTapMs?: number;
}

/** A card of a self-contained scenario. */
export interface CardSpec {
  /** The name steps use. */
  id: string;
  profile: string;
  pin: string;
  holderName: string;
  establishment: number;
  campaign: number;
  loadedAt?: number;
}

/** A card of the state directory (scenario without `reader`). */
export interface CardRef {
  /** The name steps use (the reference itself). */
  id: string;
  /** Card id, prefix or holder name in the state directory. */
  ref: string;
}

/** Denylist entries the scenario's issuer publishes before the run. */
export interface DenylistSpec {
  revoke: string[];
  suspend: Array<{ card: string; benefits: number[] }>;
}

/** A host request of a step. */
export interface RequestSpec {
  /** Short command name as written ('debit'). */
  name: string;
  /** Protocol command code. */
  command: number;
  /** Arguments in the message catalogue's named form (requestId still text when given). */
  args: Record<string, unknown>;
  /** DEBIT without a requestId: the runner makes one from this label (unique per run on a state reader). */
  defaultRequestId?: string;
}

/** What a request's response must be. */
export interface RequestExpect {
  /** Status code, or a pseudo-status (host.ts) such as DISCONNECTED. */
  status?: number;
  details?: Record<string, unknown>;
  result?: Record<string, unknown>;
  /** DEBIT: balance after the debit. */
  balance?: number;
  replayed?: boolean;
  /** ACCESS_CHECK: the decision and its reason code. */
  allowed?: boolean;
  reason?: number;
}

/** A state check. */
export interface StateExpect {
  balance?: { card: string; benefit: number; equals: number; campaign?: number };
  pinTries?: { card: string; equals: number };
  counter?: { card: string; equals: number };
  display?: string;
  led?: string;
  inField?: string[];
  /** Run until no request is pending before checking (default true). */
  settle: boolean;
}

/** A fault to arm. */
export type FaultSpec =
  | { tearCardAt: { step: number; ins?: number; command?: string; card?: string } }
  | { unplugAtPacket: PacketAt }
  | { garblePacket: PacketAt }
  | { cutPowerAtFlashWrite: { at: number; partial?: number } }
  | { twoCards: [string, string] };

/** Which packet a packet fault hits: the at-th one (from arming) in a direction, optionally only init packets of one frame type. */
export interface PacketAt {
  at: number;
  direction: 'in' | 'out' | 'any';
  /** Frame type name (MSG, KEEPALIVE, EVENT, SYNC, ERROR, CANCEL): count only init packets of that type. */
  frame?: string;
}

/** One step. */
export type Step =
  | { kind: 'tap'; card: string }
  | { kind: 'pull'; card: string | null }
  | { kind: 'type'; keys: string }
  | { kind: 'advance'; ms: number }
  | { kind: 'request'; request: RequestSpec; expect?: RequestExpect }
  | { kind: 'cancel' }
  | { kind: 'wait'; ms: number | null }
  | { kind: 'fault'; fault: FaultSpec }
  | { kind: 'reboot' }
  | { kind: 'unplug' }
  | { kind: 'replug' }
  | { kind: 'expect'; expect: StateExpect }
  | { kind: 'note'; text: string };

/** A validated scenario. */
export interface Scenario {
  name: string;
  description?: string;
  issuerSeed: string;
  /** Self-contained reader, or null: use the state directory's reader. */
  reader: ReaderSpec | null;
  cards: Array<CardSpec | CardRef>;
  denylist: DenylistSpec | null;
  steps: Step[];
  /** Steps as written, for the transcript. */
  source: unknown[];
}
