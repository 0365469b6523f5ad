/**
 * Read a scenario (JSON) and check it, reporting every problem with its path
 * ('steps[3].request.benefit: unknown benefit "cinma"'). Names become codes,
 * durations milliseconds, dates unix seconds (types.ts).
 */
import { Command } from '../../protocol/messages/codes.js';
import { Ins } from '../../protocol/card/constants.js';
import { PROFILES } from '../issuer/profiles.js';
import { DEFAULT_CLOCK, parseDuration, parseWhen } from './time.js';
export { DEFAULT_CLOCK };
import { benefitCode, categoryCode, parseEuros, statusCode, BENEFIT_KEYS, CATEGORY_KEYS, FRAME_TYPES } from './names.js';
import { DISCONNECTED, NO_RESPONSE } from './host.js';
import type { CardRef, CardSpec, FaultSpec, PacketAt, ReaderSpec, RequestExpect, RequestSpec, Scenario, StateExpect, Step } from './types.js';

/** The scenario's problems, one line each. */
export class ScenarioError extends Error {
  constructor(readonly problems: string[], readonly file = 'scenario') {
    super(`${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ScenarioError';
  }
}

/** Default issuer seed of self-contained scenarios. */
export const SCENARIO_SEED = 'passreader scenario';

/** Request names of steps, with their command codes. */
export const REQUESTS: Record<string, number> = {
  info: Command.GET_INFO,
  time: Command.SET_TIME,
  read: Command.READ_CARD,
  debit: Command.DEBIT,
  balance: Command.BALANCE,
  access: Command.ACCESS_CHECK,
  stream: Command.ACCESS_STREAM,
  journal: Command.JOURNAL_READ,
  ack: Command.JOURNAL_ACK,
  transaction: Command.GET_TRANSACTION,
};

/** Card command names for tearCardAt.command, with their INS bytes. */
export const CARD_COMMANDS: Record<string, number> = {
  select: Ins.SELECT,
  'get-response': Ins.GET_RESPONSE,
  'get-card-data': Ins.GET_CARD_DATA,
  authenticate: Ins.INTERNAL_AUTHENTICATE,
  'verify-pin': Ins.VERIFY_PIN,
  'read-wallets': Ins.READ_WALLETS,
  debit: Ins.DEBIT,
  'get-last-transaction': Ins.GET_LAST_TRANSACTION,
};

const STEP_KINDS = ['tap', 'pull', 'type', 'advance', 'request', 'cancel', 'wait', 'fault', 'reboot', 'unplug', 'replug', 'expect', 'note'];
const LEDS = ['off', 'green', 'red', 'amber', 'blue'];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown) => JSON.stringify(v);

/** Collects problems while reading. */
class Reader {
  problems: string[] = [];
  fail(path: string, msg: string): undefined {
    this.problems.push(`${path}: ${msg}`);
    return undefined;
  }
  /** Report keys of `o` not in `allowed`. */
  keys(o: Obj, path: string, allowed: string[]): void {
    for (const k of Object.keys(o)) if (!allowed.includes(k)) this.fail(`${path}.${k}`, `unknown field (expected one of: ${allowed.join(', ')})`);
  }
  str(v: unknown, path: string, opt = false): string | undefined {
    if (v === undefined && opt) return undefined;
    if (typeof v !== 'string' || v === '') return this.fail(path, v === undefined ? 'missing (a text)' : `expected a text, got ${show(v)}`);
    return v;
  }
  int(v: unknown, path: string, min: number, max: number, opt = false): number | undefined {
    if (v === undefined && opt) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      return this.fail(path, v === undefined ? `missing (a whole number ${min}..${max})` : `expected a whole number ${min}..${max}, got ${show(v)}`);
    }
    return v;
  }
  bool(v: unknown, path: string, opt = false): boolean | undefined {
    if (v === undefined && opt) return undefined;
    if (typeof v !== 'boolean') return this.fail(path, `expected true or false, got ${show(v)}`);
    return v;
  }
  duration(v: unknown, path: string): number | undefined {
    const ms = typeof v === 'string' || typeof v === 'number' ? parseDuration(v) : null;
    if (ms === null) return this.fail(path, `expected a duration such as "2s", "500ms", "5m", "1h" or a number of ms, got ${show(v)}`);
    return ms;
  }
  when(v: unknown, path: string): number | undefined {
    if (typeof v === 'number' && Number.isInteger(v) && v > 0) return v;
    const t = typeof v === 'string' ? parseWhen(v) : null;
    if (t === null) return this.fail(path, `expected a date "YYYY-MM-DD", a Paris time "YYYY-MM-DDTHH:MM", an ISO instant or unix seconds, got ${show(v)}`);
    return t;
  }
  benefit(v: unknown, path: string): number | undefined {
    const c = typeof v === 'string' || typeof v === 'number' ? benefitCode(v) : null;
    if (c === null) return this.fail(path, `unknown benefit ${show(v)} (benefits: ${BENEFIT_KEYS.join(', ')})`);
    return c;
  }
  status(v: unknown, path: string): number | undefined {
    if (v === 'DISCONNECTED') return DISCONNECTED;
    if (v === 'NO_RESPONSE') return NO_RESPONSE;
    const c = typeof v === 'string' || typeof v === 'number' ? statusCode(v) : null;
    if (c === null) return this.fail(path, `unknown status ${show(v)} (a name of protocol/status.ts such as "OK", "WRONG_PIN", or DISCONNECTED / NO_RESPONSE)`);
    return c;
  }
  cardName(v: unknown, path: string, names: string[]): string | undefined {
    const s = this.str(v, path);
    if (s !== undefined && !names.includes(s)) return this.fail(path, `unknown card ${show(s)} (cards: ${names.join(', ') || 'none'})`);
    return s;
  }
  plain(v: unknown, path: string): Record<string, unknown> | undefined {
    if (!isObj(v)) return this.fail(path, `expected an object, got ${show(v)}`);
    return v;
  }
  /** The packet position of a packet fault: N or {at: N, direction}. */
  packetAt(v: unknown, path: string): PacketAt | undefined {
    if (typeof v === 'number') {
      const at = this.int(v, path, 1, 1_000_000);
      return at === undefined ? undefined : { at, direction: 'any' };
    }
    const o = this.plain(v, path);
    if (!o) return undefined;
    this.keys(o, path, ['at', 'direction', 'frame']);
    const at = this.int(o.at, `${path}.at`, 1, 1_000_000);
    const direction = (o.direction ?? 'any') as string;
    if (!['in', 'out', 'any'].includes(direction)) this.fail(`${path}.direction`, `expected "in", "out" or "any", got ${show(o.direction)}`);
    let frame: string | undefined;
    if (o.frame !== undefined) {
      frame = typeof o.frame === 'string' ? o.frame.toUpperCase() : undefined;
      if (frame === undefined || !(frame in FRAME_TYPES)) this.fail(`${path}.frame`, `expected one of ${Object.keys(FRAME_TYPES).join(', ')}, got ${show(o.frame)}`);
    }
    return at === undefined ? undefined : { at, direction: direction as 'in' | 'out' | 'any', ...(frame ? { frame } : {}) };
  }
}

function readReader(v: Reader, o: unknown): ReaderSpec | null {
  const r = v.plain(o, 'reader');
  if (!r) return null;
  v.keys(r, 'reader', ['partner', 'mode', 'categories', 'establishment', 'validDays', 'clock', 'seed', 'cardTimeout', 'pinTimeout', 'doubleTap']);
  const mode = (r.mode ?? 'merchant') as string;
  if (mode !== 'merchant' && mode !== 'access') v.fail('reader.mode', `expected "merchant" or "access", got ${show(r.mode)}`);
  const categories: number[] = [];
  if (mode === 'merchant') {
    const cats = typeof r.categories === 'string' ? r.categories.split(',') : r.categories;
    if (!Array.isArray(cats) || cats.length === 0) v.fail('reader.categories', `a merchant reader needs categories, e.g. ["cinema", "shows"] (categories: ${CATEGORY_KEYS.join(', ')})`);
    else cats.forEach((c, i) => {
      const code = typeof c === 'string' ? categoryCode(c) : null;
      if (code === null) v.fail(`reader.categories[${i}]`, `unknown category ${show(c)} (categories: ${CATEGORY_KEYS.join(', ')})`);
      else if (!categories.includes(code)) categories.push(code);
    });
  } else if (r.categories !== undefined) v.fail('reader.categories', 'an access reader has no categories');
  const establishment = v.int(r.establishment, 'reader.establishment', 0, 0xffffffff, mode !== 'access');
  const ms = (k: string) => (r[k] === undefined ? undefined : v.duration(r[k], `reader.${k}`));
  const spec: ReaderSpec = {
    partner: v.str(r.partner ?? 'Partenaire de test', 'reader.partner') ?? '',
    mode: mode as 'merchant' | 'access',
    categories: categories.sort((a, b) => a - b),
    validDays: v.int(r.validDays ?? 365, 'reader.validDays', 1, 3650) ?? 365,
    clock: v.when(r.clock ?? DEFAULT_CLOCK, 'reader.clock') ?? 0,
    seed: v.str(r.seed ?? 'scenario reader', 'reader.seed') ?? '',
  };
  if (mode === 'access') spec.establishment = establishment ?? 1;
  const ct = ms('cardTimeout');
  const pt = ms('pinTimeout');
  const dt = ms('doubleTap');
  if (ct !== undefined) spec.cardTimeoutMs = ct;
  if (pt !== undefined) spec.pinTimeoutMs = pt;
  if (dt !== undefined) spec.doubleTapMs = dt;
  return spec;
}

function readCards(v: Reader, o: unknown, stateMode: boolean): Array<CardSpec | CardRef> {
  if (o === undefined) {
    if (!stateMode) v.fail('cards', 'missing: a list of cards, e.g. [{"id": "camille", "profile": "cap1-cooking", "pin": "1234", "name": "Camille Martin"}]');
    return [];
  }
  if (!Array.isArray(o)) {
    v.fail('cards', `expected a list, got ${show(o)}`);
    return [];
  }
  const out: Array<CardSpec | CardRef> = [];
  o.forEach((c, i) => {
    const path = `cards[${i}]`;
    if (typeof c === 'string') {
      if (!stateMode) v.fail(path, 'a card reference by name needs a scenario without "reader" (the state directory\'s reader and cards)');
      else out.push({ id: c, ref: c });
      return;
    }
    const x = v.plain(c, path);
    if (!x) return;
    if (stateMode) {
      v.fail(path, 'with the state directory\'s reader (no "reader" field), cards are references: "camille" or a card id');
      return;
    }
    v.keys(x, path, ['id', 'profile', 'pin', 'name', 'establishment', 'campaign', 'loadedAt']);
    const id = v.str(x.id, `${path}.id`);
    const profile = v.str(x.profile, `${path}.profile`);
    if (profile !== undefined && !(profile in PROFILES)) v.fail(`${path}.profile`, `unknown profile ${show(profile)} (profiles: ${Object.keys(PROFILES).join(', ')})`);
    const pin = v.str(x.pin ?? '1234', `${path}.pin`);
    if (pin !== undefined && !/^\d{4}$/.test(pin)) v.fail(`${path}.pin`, `a PIN is 4 digits, got ${show(pin)}`);
    if (id !== undefined && out.some((c2) => c2.id === id)) v.fail(`${path}.id`, `duplicate card id ${show(id)}`);
    const spec: CardSpec = {
      id: id ?? '',
      profile: profile ?? '',
      pin: pin ?? '',
      holderName: v.str(x.name ?? id ?? 'Holder', `${path}.name`) ?? '',
      establishment: v.int(x.establishment ?? 1, `${path}.establishment`, 0, 0xffffffff) ?? 1,
      campaign: v.int(x.campaign ?? 2024, `${path}.campaign`, 2000, 2099) ?? 2024,
    };
    if (x.loadedAt !== undefined) spec.loadedAt = v.when(x.loadedAt, `${path}.loadedAt`);
    out.push(spec);
  });
  return out;
}

function readRequest(v: Reader, o: unknown, path: string, index: number): RequestSpec | undefined {
  const r = v.plain(o, path);
  if (!r) return undefined;
  const name = v.str(r.command, `${path}.command`);
  if (name === undefined) return undefined;
  const command = REQUESTS[name];
  if (command === undefined) return v.fail(`${path}.command`, `unknown command ${show(name)} (commands: ${Object.keys(REQUESTS).join(', ')})`);
  const args: Record<string, unknown> = {};
  const allowed: Record<string, string[]> = {
    debit: ['benefit', 'units', 'cents', 'euros', 'amount', 'reference', 'requestId', 'collective'],
    time: ['time'],
    stream: ['enable'],
    journal: ['kind', 'since', 'max'],
    ack: ['kind', 'upTo'],
    transaction: ['requestId'],
  };
  v.keys(r, path, ['command', ...(allowed[name] ?? [])]);
  const kind = (k: unknown, p: string) => {
    if (k === undefined || k === 'receipts' || k === 0) return 0;
    if (k === 'passages' || k === 1) return 1;
    v.fail(p, `expected "receipts" or "passages", got ${show(k)}`);
    return 0;
  };
  switch (name) {
    case 'debit': {
      args.benefit = v.benefit(r.benefit, `${path}.benefit`);
      const given = ['units', 'cents', 'euros', 'amount'].filter((k) => r[k] !== undefined);
      if (given.length !== 1) v.fail(path, 'give the amount once: "units" (tickets), "cents", "euros" ("12.50") or "amount"');
      else if (given[0] === 'euros') {
        const c = typeof r.euros === 'string' || typeof r.euros === 'number' ? parseEuros(r.euros) : null;
        if (c === null) v.fail(`${path}.euros`, `expected an amount such as "12.50", got ${show(r.euros)}`);
        args.amount = c;
      } else args.amount = v.int(r[given[0]], `${path}.${given[0]}`, 0, 0xffffffff);
      if (r.reference !== undefined) args.reference = v.str(r.reference, `${path}.reference`);
      if (r.requestId !== undefined) args.requestId = v.str(r.requestId, `${path}.requestId`);
      if (r.collective !== undefined) args.collective = v.bool(r.collective, `${path}.collective`);
      break;
    }
    case 'time':
      if (r.time !== undefined) args.time = v.when(r.time, `${path}.time`);
      break;
    case 'stream':
      args.enable = v.bool(r.enable ?? true, `${path}.enable`);
      break;
    case 'journal':
      args.kind = kind(r.kind, `${path}.kind`);
      args.since = v.int(r.since ?? 0, `${path}.since`, 0, 0xffffffff);
      if (r.max !== undefined) args.max = v.int(r.max, `${path}.max`, 1, 255);
      break;
    case 'ack':
      args.kind = kind(r.kind, `${path}.kind`);
      args.upTo = v.int(r.upTo, `${path}.upTo`, 0, 0xffffffff);
      break;
    case 'transaction':
      args.requestId = v.str(r.requestId, `${path}.requestId`);
      break;
  }
  return { name, command, args, ...(name === 'debit' && r.requestId === undefined ? { defaultRequestId: `step-${index + 1}` } : {}) };
}

function readRequestExpect(v: Reader, o: unknown, path: string): RequestExpect | undefined {
  const e = v.plain(o, path);
  if (!e) return undefined;
  v.keys(e, path, ['status', 'details', 'result', 'balance', 'replayed', 'allowed', 'reason']);
  const out: RequestExpect = {};
  if (e.status !== undefined) out.status = v.status(e.status, `${path}.status`);
  if (e.details !== undefined) out.details = v.plain(e.details, `${path}.details`);
  if (e.result !== undefined) out.result = v.plain(e.result, `${path}.result`);
  if (e.balance !== undefined) out.balance = v.int(e.balance, `${path}.balance`, 0, 0xffffffff);
  if (e.replayed !== undefined) out.replayed = v.bool(e.replayed, `${path}.replayed`);
  if (e.allowed !== undefined) out.allowed = v.bool(e.allowed, `${path}.allowed`);
  if (e.reason !== undefined) out.reason = v.status(e.reason, `${path}.reason`);
  return out;
}

function readStateExpect(v: Reader, o: unknown, path: string, cards: string[]): StateExpect | undefined {
  const e = v.plain(o, path);
  if (!e) return undefined;
  v.keys(e, path, ['balance', 'pinTries', 'counter', 'display', 'led', 'inField', 'settle']);
  const out: StateExpect = { settle: v.bool(e.settle ?? true, `${path}.settle`) ?? true };
  const checks = Object.keys(e).filter((k) => k !== 'settle');
  if (checks.length === 0) v.fail(path, 'nothing to check: give balance, pinTries, counter, display, led or inField');
  if (e.balance !== undefined) {
    const b = v.plain(e.balance, `${path}.balance`);
    if (b) {
      v.keys(b, `${path}.balance`, ['card', 'benefit', 'equals', 'campaign']);
      const benefit = v.benefit(b.benefit, `${path}.balance.benefit`);
      let equals: number | undefined;
      if (typeof b.equals === 'string') {
        const c = parseEuros(b.equals);
        equals = c === null ? v.fail(`${path}.balance.equals`, `expected cents, units or "12.50 €", got ${show(b.equals)}`) : c;
      } else equals = v.int(b.equals, `${path}.balance.equals`, 0, 0xffffffff);
      out.balance = {
        card: v.cardName(b.card, `${path}.balance.card`, cards) ?? '',
        benefit: benefit ?? 0,
        equals: equals ?? 0,
        ...(b.campaign !== undefined ? { campaign: v.int(b.campaign, `${path}.balance.campaign`, 2000, 2099) } : {}),
      };
    }
  }
  for (const k of ['pinTries', 'counter'] as const) {
    if (e[k] === undefined) continue;
    const b = v.plain(e[k], `${path}.${k}`);
    if (b) {
      v.keys(b, `${path}.${k}`, ['card', 'equals']);
      out[k] = { card: v.cardName(b.card, `${path}.${k}.card`, cards) ?? '', equals: v.int(b.equals, `${path}.${k}.equals`, 0, 0xffffffff) ?? 0 };
    }
  }
  if (e.display !== undefined) out.display = v.str(e.display, `${path}.display`);
  if (e.led !== undefined) {
    if (typeof e.led !== 'string' || !LEDS.includes(e.led)) v.fail(`${path}.led`, `expected one of ${LEDS.join(', ')}, got ${show(e.led)}`);
    else out.led = e.led;
  }
  if (e.inField !== undefined) {
    if (!Array.isArray(e.inField)) v.fail(`${path}.inField`, 'expected a list of card names');
    else out.inField = e.inField.map((c, i) => v.cardName(c, `${path}.inField[${i}]`, cards) ?? '');
  }
  return out;
}

function readFault(v: Reader, o: unknown, path: string, cards: string[]): FaultSpec | undefined {
  const f = v.plain(o, path);
  if (!f) return undefined;
  const kinds = ['tearCardAt', 'unplugAtPacket', 'cutPowerAtFlashWrite', 'garblePacket', 'twoCards'];
  const keys = Object.keys(f);
  if (keys.length !== 1 || !kinds.includes(keys[0])) return v.fail(path, `expected exactly one of: ${kinds.join(', ')}`);
  const k = keys[0];
  const p = `${path}.${k}`;
  switch (k) {
    case 'tearCardAt': {
      const t = v.plain(f.tearCardAt, p);
      if (!t) return undefined;
      v.keys(t, p, ['step', 'command', 'card']);
      const step = v.int(t.step, `${p}.step`, 1, 1000);
      let ins: number | undefined;
      let command: string | undefined;
      if (t.command !== undefined) {
        command = v.str(t.command, `${p}.command`);
        ins = command === undefined ? undefined : CARD_COMMANDS[command];
        if (command !== undefined && ins === undefined) v.fail(`${p}.command`, `unknown card command ${show(command)} (commands: ${Object.keys(CARD_COMMANDS).join(', ')})`);
      }
      const card = t.card === undefined ? undefined : v.cardName(t.card, `${p}.card`, cards);
      return { tearCardAt: { step: step ?? 1, ...(ins !== undefined ? { ins, command } : {}), ...(card ? { card } : {}) } };
    }
    case 'unplugAtPacket':
    case 'garblePacket': {
      const at = v.packetAt(f[k], p);
      if (!at) return undefined;
      return k === 'unplugAtPacket' ? { unplugAtPacket: at } : { garblePacket: at };
    }
    case 'cutPowerAtFlashWrite': {
      if (typeof f.cutPowerAtFlashWrite === 'number') {
        const at = v.int(f.cutPowerAtFlashWrite, p, 1, 1_000_000);
        return at === undefined ? undefined : { cutPowerAtFlashWrite: { at } };
      }
      const c = v.plain(f.cutPowerAtFlashWrite, p);
      if (!c) return undefined;
      v.keys(c, p, ['at', 'partial']);
      const at = v.int(c.at, `${p}.at`, 1, 1_000_000);
      const partial = v.int(c.partial, `${p}.partial`, 0, 1 << 20, true);
      return at === undefined ? undefined : { cutPowerAtFlashWrite: { at, ...(partial !== undefined ? { partial } : {}) } };
    }
    default: {
      const two = f.twoCards;
      if (!Array.isArray(two) || two.length !== 2) return v.fail(p, 'expected two card names, e.g. ["camille", "zoe"]');
      const a = v.cardName(two[0], `${p}[0]`, cards);
      const b = v.cardName(two[1], `${p}[1]`, cards);
      if (a === undefined || b === undefined) return undefined;
      if (a === b) return v.fail(p, 'two different cards are needed');
      return { twoCards: [a, b] };
    }
  }
}

function readStep(v: Reader, o: unknown, i: number, cards: string[]): Step | undefined {
  const path = `steps[${i}]`;
  const s = v.plain(o, path);
  if (!s) return undefined;
  const kind = STEP_KINDS.find((k) => k in s);
  if (!kind) return v.fail(path, `unknown step ${show(s)} (steps: ${STEP_KINDS.map((k) => `{${k}: ...}`).join(', ')})`);
  v.keys(s, path, kind === 'request' ? ['request', 'expect'] : [kind]);
  const p = `${path}.${kind}`;
  const x = s[kind];
  switch (kind) {
    case 'tap': {
      const card = v.cardName(x, p, cards);
      return card === undefined ? undefined : { kind: 'tap', card };
    }
    case 'pull': {
      if (x === true) return { kind: 'pull', card: null };
      const card = v.cardName(x, p, cards);
      return card === undefined ? undefined : { kind: 'pull', card };
    }
    case 'type': {
      const keys = v.str(x, p);
      if (keys === undefined) return undefined;
      if (!/^[0-9*#]+$/.test(keys)) return v.fail(p, `only the keys 0-9, * and # exist, got ${show(keys)}`);
      return { kind: 'type', keys };
    }
    case 'advance': {
      const ms = v.duration(x, p);
      return ms === undefined ? undefined : { kind: 'advance', ms };
    }
    case 'wait': {
      if (x === true || x === 'response') return { kind: 'wait', ms: null };
      const ms = v.duration(x, p);
      return ms === undefined ? undefined : { kind: 'wait', ms };
    }
    case 'request': {
      const request = readRequest(v, x, p, i);
      const expect = s.expect === undefined ? undefined : readRequestExpect(v, s.expect, `${path}.expect`);
      return request === undefined ? undefined : { kind: 'request', request, ...(expect ? { expect } : {}) };
    }
    case 'fault': {
      const fault = readFault(v, x, p, cards);
      return fault === undefined ? undefined : { kind: 'fault', fault };
    }
    case 'expect': {
      const expect = readStateExpect(v, x, p, cards);
      return expect === undefined ? undefined : { kind: 'expect', expect };
    }
    case 'note': {
      const text = v.str(x, p);
      return text === undefined ? undefined : { kind: 'note', text };
    }
    default:
      if (x !== true) return v.fail(p, `expected true, got ${show(x)}`);
      return { kind } as Step;
  }
}

/**
 * Check a parsed scenario. `stateMode` is decided by the absence of `reader`.
 * Throws ScenarioError listing every problem.
 */
export function validateScenario(json: unknown, file = 'scenario'): Scenario {
  const v = new Reader();
  if (!isObj(json)) throw new ScenarioError(['the scenario must be a JSON object {reader, cards, steps}'], file);
  v.keys(json, '(top)', ['name', 'description', 'issuer', 'reader', 'cards', 'denylist', 'steps']);
  const stateMode = json.reader === undefined;
  const reader = stateMode ? null : readReader(v, json.reader);
  const cards = readCards(v, json.cards, stateMode);
  const names = cards.map((c) => c.id);
  let issuerSeed = SCENARIO_SEED;
  if (json.issuer !== undefined) {
    const is = v.plain(json.issuer, 'issuer');
    if (is) {
      v.keys(is, 'issuer', ['seed']);
      if (stateMode) v.fail('issuer', 'the state directory has its own issuer: remove "issuer" or add a "reader"');
      issuerSeed = v.str(is.seed, 'issuer.seed') ?? issuerSeed;
    }
  }
  let denylist: Scenario['denylist'] = null;
  if (json.denylist !== undefined) {
    const d = v.plain(json.denylist, 'denylist');
    if (d) {
      v.keys(d, 'denylist', ['revoke', 'suspend']);
      if (stateMode) v.fail('denylist', "with the state directory, publish denylists with 'passreader issuer denylist'");
      const revoke = Array.isArray(d.revoke) ? d.revoke.map((c, i) => v.cardName(c, `denylist.revoke[${i}]`, names) ?? '') : [];
      if (d.revoke !== undefined && !Array.isArray(d.revoke)) v.fail('denylist.revoke', 'expected a list of card names');
      const suspend: DenylistSpecSuspend[] = [];
      if (d.suspend !== undefined) {
        if (!Array.isArray(d.suspend)) v.fail('denylist.suspend', 'expected a list of {card, benefits}');
        else d.suspend.forEach((x, i) => {
          const o = v.plain(x, `denylist.suspend[${i}]`);
          if (!o) return;
          v.keys(o, `denylist.suspend[${i}]`, ['card', 'benefits']);
          const card = v.cardName(o.card, `denylist.suspend[${i}].card`, names) ?? '';
          const list = o.benefits === undefined ? [] : Array.isArray(o.benefits) ? o.benefits : [undefined];
          const benefits = list.map((b, k) => v.benefit(b, `denylist.suspend[${i}].benefits[${k}]`) ?? 0);
          suspend.push({ card, benefits: [...new Set(benefits)].sort((a, b) => a - b) });
        });
      }
      denylist = { revoke, suspend };
    }
  }
  const steps: Step[] = [];
  if (!Array.isArray(json.steps) || json.steps.length === 0) v.fail('steps', 'missing: a non-empty list of steps');
  else json.steps.forEach((s, i) => {
    const step = readStep(v, s, i, names);
    if (step) steps.push(step);
  });
  if (json.name !== undefined && typeof json.name !== 'string') v.fail('name', 'expected a text');
  if (v.problems.length > 0) throw new ScenarioError(v.problems, file);
  return {
    name: typeof json.name === 'string' ? json.name : file,
    ...(typeof json.description === 'string' ? { description: json.description } : {}),
    issuerSeed,
    reader,
    cards,
    denylist,
    steps,
    source: json.steps as unknown[],
  };
}

type DenylistSpecSuspend = { card: string; benefits: number[] };

/** Parse JSON text and validate it; JSON syntax errors become a ScenarioError too. */
export function parseScenario(text: string, file = 'scenario'): Scenario {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ScenarioError([`not valid JSON: ${(e as Error).message}`], file);
  }
  return validateScenario(json, file);
}
