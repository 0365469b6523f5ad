/**
 * Play a scenario in a world and write its transcript: each step, the host's
 * frames decoded by name, keepalive progress, the reader's display, LED and
 * beeps, the faults injected, every expectation and its outcome, and at the
 * end the cards' balances and the reader's receipts verified (signatures,
 * card proofs, hash chain).
 */
import { Status, statusName } from '../../protocol/status.js';
import { toHex, fromHex } from '../../protocol/bytes/hex.js';
import { utf8Encode } from '../../protocol/bytes/utf8.js';
import { Command, commandName } from '../../protocol/messages/codes.js';
import { benefitInfo } from '../../protocol/catalogue/table.js';
import { verifyReceipt } from '../../protocol/signed/verify.js';
import { verifyChain } from '../../protocol/signed/chain.js';
import type { Receipt } from '../../protocol/signed/receipt.js';
import type { Wallet } from '../../protocol/rules/wallet.js';
import { tearAt } from '../card/faults.js';
import { formatParis } from '../issuer/paris-time.js';
import { DISCONNECTED, NO_RESPONSE, outcomeName, type Completed } from './host.js';
import { benefitKey, categoryKey, formatAmount } from './names.js';
import { formatDuration } from './time.js';
import type { SessionEvent } from './session.js';
import type { PacketAt, RequestExpect, RequestSpec, Scenario, StateExpect, Step } from './types.js';
import type { World } from './world.js';

/** Line styles of the transcript (coloured on a TTY). */
export type LineStyle = 'plain' | 'dim' | 'bold' | 'ok' | 'fail' | 'fault' | 'step';

/** Where transcript lines go. */
export type TranscriptSink = (text: string, style: LineStyle) => void;

/** The outcome of a run. */
export interface RunResult {
  passed: number;
  failed: number;
  /** One line per failed expectation or invalid receipt. */
  failures: string[];
  /** Receipts seen (responses and journal) and how many verified. */
  receipts: { seen: number; valid: number };
}

/** How much of the traffic to show. */
export interface RunOptions {
  /** Show frames, keepalives, LED and beeps (default true); false keeps steps, display, results. */
  verbose?: boolean;
}

const categoryOf = (b: number) => benefitInfo(b)?.category ?? 0;

/** Bytes of a request id written in a scenario: 'hex:0a0b...' or UTF-8 text. */
export function requestIdBytes(s: string): Uint8Array {
  return s.startsWith('hex:') ? fromHex(s.slice(4)) : utf8Encode(s);
}

/** Does `actual` contain everything `expected` says? Returns the mismatches. */
export function mismatches(expected: unknown, actual: unknown, path: string): string[] {
  if (actual instanceof Uint8Array) {
    const hex = toHex(actual);
    if (typeof expected === 'string' && (expected.toLowerCase() === hex || expected === `hex:${hex}`)) return [];
    return [`${path}: expected ${JSON.stringify(expected)}, got ${hex}`];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${path}: expected a list, got ${JSON.stringify(actual)}`];
    if (expected.length !== actual.length) return [`${path}: expected ${expected.length} entries, got ${actual.length}`];
    return expected.flatMap((e, i) => mismatches(e, actual[i], `${path}[${i}]`));
  }
  if (typeof expected === 'object' && expected !== null) {
    if (typeof actual !== 'object' || actual === null) return [`${path}: expected an object, got ${JSON.stringify(actual)}`];
    return Object.entries(expected).flatMap(([k, v]) => mismatches(v, (actual as Record<string, unknown>)[k], `${path}.${k}`));
  }
  if (expected === false && actual === undefined) return []; // absent optional bool = false
  return expected === actual ? [] : [`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
}

/** 'the 2nd reader -> host MSG frame' and the like. */
function packetText(p: PacketAt): string {
  const dir = p.direction === 'in' ? ' reader -> host' : p.direction === 'out' ? ' host -> reader' : '';
  return `${dir ? '' : 'any '}packet ${p.at}${dir}${p.frame ? ` (counting ${p.frame} frames)` : ''}`;
}

/** A step as one line. */
function describeStep(s: Step): string {
  switch (s.kind) {
    case 'tap': return `tap ${s.card}`;
    case 'pull': return s.card ? `pull ${s.card} away` : 'pull every card away';
    case 'type': return `type ${s.keys} on the keypad`;
    case 'advance': return `let ${formatDuration(s.ms)} pass`;
    case 'wait': return s.ms === null ? 'wait for the response' : `wait ${formatDuration(s.ms)}`;
    case 'request': return `host: ${describeRequest(s.request)}`;
    case 'cancel': return 'host: cancel the pending request';
    case 'fault': {
      const f = s.fault;
      if ('tearCardAt' in f) return `fault: tear ${f.tearCardAt.card ?? 'the card'} at step ${f.tearCardAt.step} of its next ${f.tearCardAt.command ?? 'command'}`;
      if ('unplugAtPacket' in f) return `fault: unplug USB at ${packetText(f.unplugAtPacket)}`;
      if ('garblePacket' in f) return `fault: garble ${packetText(f.garblePacket)}`;
      if ('cutPowerAtFlashWrite' in f) return `fault: cut power at flash write ${f.cutPowerAtFlashWrite.at}`;
      return `fault: ${f.twoCards[0]} and ${f.twoCards[1]} in the field together`;
    }
    case 'reboot': return 'reboot the reader';
    case 'unplug': return 'unplug USB';
    case 'replug': return 'plug USB back in';
    case 'expect': return 'check';
    case 'note': return `note: ${s.text}`;
  }
}

/** A request as one line: 'DEBIT cinema 1 unit, reference "T-1"'. */
export function describeRequest(r: RequestSpec): string {
  const a = r.args;
  const name = commandName(r.command);
  if (r.command === Command.DEBIT) {
    const ref = a.reference !== undefined ? `, reference ${JSON.stringify(a.reference)}` : '';
    const id = a.requestId !== undefined ? ` (request id ${JSON.stringify(a.requestId)})` : '';
    return `${name} ${benefitKey(a.benefit as number)} ${formatAmount(a.benefit as number, a.amount as number)}${ref}${a.collective ? ', collective' : ''}${id}`;
  }
  const rest = Object.entries(a).map(([k, v]) => `${k} ${JSON.stringify(v)}`).join(', ');
  return rest ? `${name} ${rest}` : name;
}

function receiptLine(r: Receipt): string {
  return `receipt #${r.seq}${r.kind === 2 ? ' (RECOVERED)' : ''}: ${formatAmount(r.benefit, r.amount)} of ${benefitKey(r.benefit)}, balance after ${formatAmount(r.benefit, r.balanceAfter)}, card ${toHex(r.cardId)}, ${formatParis(r.time)}`;
}

/** Play `scenario` in `world`, writing the transcript to `sink`. */
export function runScenario(world: World, scenario: Scenario, sink: TranscriptSink, opts: RunOptions = {}): RunResult {
  const verbose = opts.verbose !== false;
  const s = world.session;
  const t0 = s.reader.clock.monotonic();
  const result: RunResult = { passed: 0, failed: 0, failures: [], receipts: { seen: 0, valid: 0 } };
  const stamp = () => `+${((s.reader.clock.monotonic() - t0) / 1000).toFixed(3).padStart(7)}`;
  const out = (text: string, style: LineStyle = 'plain', indent = 6) => sink(`${stamp()} ${' '.repeat(indent)}${text}`, style);
  let stepNo = 0;
  const pass = (what: string) => {
    result.passed++;
    out(`expect ${what}: ok`, 'ok');
  };
  const fail = (what: string, why: string[]) => {
    result.failed++;
    result.failures.push(`step ${stepNo}: ${what}: ${why.join('; ')}`);
    out(`expect ${what}: FAILED: ${why.join('; ')}`, 'fail');
  };
  const receipts: Uint8Array[] = [];
  const seenReceipts = new Set<string>();
  const checkReceipt = (bytes: Uint8Array) => {
    const v = verifyReceipt(bytes, { issuerRoot: world.issuerRoot, ...(world.readerCertificate ? { readerCertificate: world.readerCertificate } : {}), categoryOf }, s.crypto);
    const key = toHex(bytes);
    if (!seenReceipts.has(key)) {
      seenReceipts.add(key);
      result.receipts.seen++;
      if (v.status === Status.OK) result.receipts.valid++;
      receipts.push(bytes);
    }
    if (v.status === Status.OK && v.receipt) out(`${receiptLine(v.receipt)}: verified (reader signature, certificate, card proof)`, 'ok');
    else {
      result.failed++;
      result.failures.push(`step ${stepNo}: receipt does not verify: ${statusName(v.status)} at ${v.step}`);
      out(`receipt does NOT verify: ${statusName(v.status)} at step '${v.step}'`, 'fail');
    }
  };

  // Expectation of the request in flight, checked when it completes.
  let awaiting: { step: number; request: RequestSpec; expect?: RequestExpect } | null = null;
  const onComplete = (c: Completed) => {
    const w = awaiting;
    awaiting = null;
    const res = c.response?.result as Record<string, unknown> | undefined;
    const det = c.response?.details as Record<string, unknown> | undefined;
    const extra = det ? ` ${JSON.stringify(det)}` : '';
    out(`response: ${commandName(c.command)} ${outcomeName(c.status)}${extra} after ${formatDuration(c.elapsed)}`, c.status === Status.OK ? 'bold' : 'plain');
    if (res) {
      if (res.receipt instanceof Uint8Array) checkReceipt(res.receipt);
      if (Array.isArray(res.receipts)) for (const r of res.receipts) if (r instanceof Uint8Array) checkReceipt(r);
      if (c.command === Command.ACCESS_CHECK) out(`passage: ${res.allowed ? 'ALLOWED' : 'REFUSED'} (${statusName(res.reason as number)})${res.holderName ? `, ${res.holderName}` : ''}`, 'bold');
      if (c.command === Command.BALANCE && Array.isArray(res.wallets)) {
        out(`balances: ${(res.wallets as Wallet[]).map((x) => `${benefitKey(x.benefit)} ${x.kind === 2 ? `${x.balance} used` : formatAmount(x.benefit, x.balance)}`).join(', ')}`);
      }
      if (c.command === Command.JOURNAL_READ) out(`journal: last ${res.last}, acknowledged ${res.acknowledged}, next ${res.next}`);
    }
    if (!w) return;
    const stepSave = stepNo;
    stepNo = w.step;
    const e = w.expect;
    if (e) {
      const what = `step ${w.step} ${commandName(c.command)}`;
      const why: string[] = [];
      if (e.status !== undefined && e.status !== c.status) why.push(`status ${outcomeName(c.status)}, expected ${outcomeName(e.status)}`);
      if (e.details) why.push(...mismatches(e.details, det ?? {}, 'details'));
      if (e.result) why.push(...(res ? mismatches(e.result, res, 'result') : ['no result']));
      if (e.balance !== undefined && res?.balance !== e.balance) why.push(`balance ${res?.balance}, expected ${e.balance}`);
      if (e.replayed !== undefined && (res?.replayed === true) !== e.replayed) why.push(`replayed ${res?.replayed === true}, expected ${e.replayed}`);
      if (e.allowed !== undefined && res?.allowed !== e.allowed) why.push(`allowed ${res?.allowed}, expected ${e.allowed}`);
      if (e.reason !== undefined && res?.reason !== e.reason) why.push(`reason ${res?.reason === undefined ? 'none' : statusName(res.reason as number)}, expected ${statusName(e.reason)}`);
      if (why.length) fail(what, why);
      else pass(`${what} ${outcomeName(c.status)}`);
    }
    stepNo = stepSave;
  };

  s.onEvent = (e: SessionEvent) => {
    switch (e.type) {
      case 'display':
        out(`display  ${e.lines.map((l) => l.padEnd(16)).join(' | ').trimEnd()}`);
        break;
      case 'led':
        if (verbose) out(`LED ${e.colour}`, 'dim');
        break;
      case 'beep':
        if (verbose && e.pattern !== 'key') out(`beep ${e.pattern}`, 'dim');
        break;
      case 'host': {
        if (!verbose && e.log.dir !== 'note') break;
        const arrow = e.log.dir === 'out' ? '>' : e.log.dir === 'in' ? '<' : '!';
        const seq = e.log.seq >= 0 ? ` seq ${e.log.seq}` : '';
        out(`${arrow} ${e.log.kind}${seq} ${e.log.text}`, e.log.dir === 'note' ? 'fault' : 'dim');
        break;
      }
      case 'complete':
        onComplete(e.completed);
        break;
      case 'fault':
        out(`FAULT ${e.text}`, 'fault');
        break;
      case 'power':
        out(`power: ${e.text}`, 'fault');
        break;
      case 'card':
        out(`field: ${e.text}`, e.text.includes('torn') ? 'fault' : 'dim');
        break;
    }
  };

  const walletsBefore = new Map<string, Wallet[]>();
  for (const [n, c] of s.cardsByName()) walletsBefore.set(n, c.state().wallets);

  const checkState = (e: StateExpect) => {
    if (e.settle && s.host.busy) s.settle();
    const balanceOf = (card: string, benefit: number, campaign?: number) =>
      s.card(card).state().wallets.filter((x) => x.benefit === benefit && (campaign === undefined || x.campaign === campaign)).reduce((a, x) => a + x.balance, 0);
    if (e.balance) {
      const b = e.balance;
      const got = balanceOf(b.card, b.benefit, b.campaign);
      const what = `balance of ${b.card} ${benefitKey(b.benefit)} = ${formatAmount(b.benefit, b.equals)}`;
      if (got === b.equals) pass(what);
      else fail(what, [`it is ${formatAmount(b.benefit, got)}`]);
    }
    if (e.pinTries) {
      const got = s.card(e.pinTries.card).state().tries;
      const what = `PIN tries of ${e.pinTries.card} = ${e.pinTries.equals}`;
      if (got === e.pinTries.equals) pass(what);
      else fail(what, [`it is ${got}`]);
    }
    if (e.counter) {
      const got = s.card(e.counter.card).state().counter;
      const what = `debit counter of ${e.counter.card} = ${e.counter.equals}`;
      if (got === e.counter.equals) pass(what);
      else fail(what, [`it is ${got}`]);
    }
    if (e.display !== undefined) {
      const screen = s.reader.display.screen.join(' | ');
      const what = `display shows ${JSON.stringify(e.display)}`;
      if (screen.toLowerCase().includes(e.display.toLowerCase())) pass(what);
      else fail(what, [`the display shows ${JSON.stringify(screen)}`]);
    }
    if (e.led !== undefined) {
      const leds = s.reader.signal.leds;
      const got = ['off', 'green', 'red', 'amber', 'blue'][leds.length ? leds[leds.length - 1] : 0];
      if (got === e.led) pass(`LED ${e.led}`);
      else fail(`LED ${e.led}`, [`it is ${got}`]);
    }
    if (e.inField) {
      const got = s.inField().sort();
      const want = e.inField.slice().sort();
      if (got.join(',') === want.join(',')) pass(`cards in the field: ${want.join(', ') || 'none'}`);
      else fail(`cards in the field: ${want.join(', ') || 'none'}`, [`they are ${got.join(', ') || 'none'}`]);
    }
  };

  const runStep = (step: Step) => {
    switch (step.kind) {
      case 'tap':
        s.tap(step.card);
        break;
      case 'pull':
        for (const n of step.card ? [step.card] : s.inField()) s.pull(n);
        break;
      case 'type':
        s.type(step.keys);
        break;
      case 'advance':
        s.advance(step.ms);
        break;
      case 'wait':
        if (step.ms === null) {
          if (!s.settle()) out('still no response after 120 s', 'fault');
        } else s.advance(step.ms);
        break;
      case 'request': {
        if (s.host.busy) {
          out('(waiting for the previous request to finish first)', 'dim');
          s.settle();
        }
        if (!s.running) {
          out('the reader is off: no request can be sent', 'fault');
          if (step.expect) {
            awaiting = { step: stepNo, request: step.request, expect: step.expect };
            onComplete({ seq: -1, command: step.request.command, args: step.request.args, status: DISCONNECTED, response: null, keepalives: [], elapsed: 0, linkErrors: [] });
          }
          break;
        }
        const args: Record<string, unknown> = { ...step.request.args };
        if (step.request.defaultRequestId) args.requestId = `${step.request.defaultRequestId}${world.runTag}`;
        if (typeof args.requestId === 'string') args.requestId = requestIdBytes(args.requestId);
        if (step.request.command === Command.SET_TIME && args.time === undefined) args.time = s.seconds;
        awaiting = { step: stepNo, request: step.request, ...(step.expect ? { expect: step.expect } : {}) };
        s.host.request(step.request.command, args);
        s.advance(20);
        break;
      }
      case 'cancel':
        s.host.cancel();
        s.advance(20);
        break;
      case 'fault': {
        const f = step.fault;
        if ('tearCardAt' in f) {
          const t = f.tearCardAt;
          for (const n of t.card ? [t.card] : [...s.cards.keys()]) s.card(n).faults = tearAt(t.step, t.ins);
        } else if ('unplugAtPacket' in f) s.armPacketFault('unplug', f.unplugAtPacket.at, f.unplugAtPacket.direction, f.unplugAtPacket.frame);
        else if ('garblePacket' in f) s.armPacketFault('garble', f.garblePacket.at, f.garblePacket.direction, f.garblePacket.frame);
        else if ('cutPowerAtFlashWrite' in f) s.cutPowerAtFlashWrite(f.cutPowerAtFlashWrite.at, f.cutPowerAtFlashWrite.partial);
        else s.tapTogether(f.twoCards);
        break;
      }
      case 'reboot':
        if (!s.isPlugged) s.replug();
        else s.reboot();
        break;
      case 'unplug':
        s.unplug();
        break;
      case 'replug':
        s.replug();
        break;
      case 'expect':
        checkState(step.expect);
        break;
      case 'note':
        break;
    }
  };

  // ---- header ----
  const r = world.reader;
  sink(`Scenario: ${scenario.name}`, 'bold');
  if (scenario.description) sink(scenario.description, 'plain');
  sink(
    `Reader ${r.name}: ${r.partner}, ${r.mode === 'merchant' ? `merchant for ${r.categories.map(categoryKey).join(', ')}` : `access, establishment ${r.establishment}`}, reader id ${r.readerId}, clock ${formatParis(s.seconds)} Paris`,
    'plain',
  );
  for (const [n, c] of world.cardInfo) sink(`Card ${n}: ${c.id} ${c.holderName} (${c.profile}, PIN ${c.pin})`, 'plain');
  for (const note of world.startNotes) sink(note, 'dim');
  sink('', 'plain');

  // ---- steps ----
  scenario.steps.forEach((step, i) => {
    stepNo = i + 1;
    sink(`${stamp()} [${stepNo}] ${describeStep(step)}`, 'step');
    try {
      runStep(step);
    } catch (e) {
      result.failed++;
      result.failures.push(`step ${stepNo}: ${(e as Error).message}`);
      out(`ERROR ${(e as Error).message}`, 'fail');
    }
  });
  stepNo = scenario.steps.length + 1;
  if (s.host.busy) {
    sink(`${stamp()} [end] waiting for the pending request`, 'step');
    if (!s.settle()) out('no response after 120 s', 'fault');
  }
  if (awaiting) {
    const a = awaiting as { step: number; request: RequestSpec; expect?: RequestExpect };
    if (a.expect) {
      stepNo = a.step;
      fail(`step ${a.step} ${commandName(a.request.command)}`, ['no response by the end of the scenario']);
    }
  }

  // ---- final state ----
  s.onEvent = () => {};
  sink('', 'plain');
  sink('Final state', 'bold');
  for (const [n, card] of s.cardsByName()) {
    const before = walletsBefore.get(n) ?? [];
    const st = card.state();
    const changed = st.wallets.filter((w) => {
      const b = before.find((x) => x.benefit === w.benefit && x.campaign === w.campaign);
      return !b || b.balance !== w.balance;
    });
    const parts = changed.map((w) => {
      const b = before.find((x) => x.benefit === w.benefit && x.campaign === w.campaign);
      const f = (v: number) => (w.kind === 2 ? `${v} used` : formatAmount(w.benefit, v));
      return `${benefitKey(w.benefit)} ${b ? f(b.balance) : '-'} -> ${f(w.balance)}`;
    });
    sink(`  ${n}: ${parts.length ? parts.join(', ') : 'balances unchanged'}; ${st.counter} debit(s); ${st.tries} PIN tries left`, 'plain');
  }
  if (s.running) {
    try {
      const journal: Uint8Array[] = [];
      let since = 0;
      for (let guard = 0; guard < 100; guard++) {
        const c = s.call(Command.JOURNAL_READ, { since, kind: world.reader.mode === 'access' ? 1 : 0 });
        if (c.status !== Status.OK) {
          sink(`  journal: ${outcomeName(c.status)}`, 'fault');
          break;
        }
        const res = c.response!.result as { receipts?: Uint8Array[]; passages?: unknown[]; next: number; last: number; acknowledged: number };
        if (world.reader.mode === 'access') {
          sink(`  journal: ${res.last} passage(s), ${res.acknowledged} acknowledged`, 'plain');
          break;
        }
        journal.push(...(res.receipts ?? []));
        since = res.next;
        if (res.next > res.last) {
          const chain = verifyChain(journal, { issuerRoot: world.issuerRoot, ...(world.readerCertificate ? { readerCertificate: world.readerCertificate } : {}), categoryOf }, s.crypto);
          for (const b of journal) if (!seenReceipts.has(toHex(b))) {
            seenReceipts.add(toHex(b));
            result.receipts.seen++;
            if (verifyReceipt(b, { issuerRoot: world.issuerRoot, ...(world.readerCertificate ? { readerCertificate: world.readerCertificate } : {}), categoryOf }, s.crypto).status === Status.OK) result.receipts.valid++;
          }
          if (chain.status === Status.OK) {
            const seqs = chain.receipts.map((x) => x.seq);
            sink(`  journal: ${journal.length} receipt(s) retained${seqs.length ? ` (seq ${seqs[0]}..${seqs[seqs.length - 1]})` : ''}, last seq ${res.last}, ${res.acknowledged} acknowledged; hash chain verified`, 'ok');
          } else {
            result.failed++;
            result.failures.push(`journal: hash chain broken at entry ${chain.index}: ${chain.problem}`);
            sink(`  journal: hash chain BROKEN at entry ${chain.index}: ${chain.problem}`, 'fail');
          }
          break;
        }
      }
    } catch (e) {
      sink(`  journal: could not be read: ${(e as Error).message}`, 'fault');
    }
  } else {
    sink('  journal: not read (the reader is off)', 'dim');
  }
  sink(`  receipts: ${result.receipts.valid} of ${result.receipts.seen} verified`, result.receipts.valid === result.receipts.seen ? 'ok' : 'fail');
  sink('', 'plain');
  const total = result.passed + result.failed;
  sink(
    `${result.failed === 0 ? 'PASS' : 'FAIL'}: ${result.passed} of ${total} expectation${total === 1 ? '' : 's'} held${result.failed ? `, ${result.failed} failed` : ''}`,
    result.failed === 0 ? 'ok' : 'fail',
  );
  return result;
}

export { NO_RESPONSE };
