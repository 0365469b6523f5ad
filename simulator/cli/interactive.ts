/**
 * `passreader sim` without --script: a simulated reader you drive by hand.
 * On a terminal: a live screen (display, LED, beeps, USB, clock, the till's
 * request and progress, a log) with single-key controls; time runs in real
 * time. Without a terminal (stdin piped): one text command per line
 * (console.ts), simulated time moving only through the commands, and a line
 * printed for everything that happens. Either way the reader's flash and
 * clock and the cards are saved to the state directory on quit.
 */
import { createInterface } from 'node:readline';
import type { CommandContext } from './command.js';
import { CliError } from './command.js';
import { crypto, parisTime, withState } from './show.js';
import { SimConsole, CONSOLE_HELP } from './console.js';
import type { Out } from './output.js';
import { stateWorld, type FirmwareStart, type World } from '../scenario/world.js';
import type { SessionEvent } from '../scenario/session.js';
import { outcomeName, PROGRESS_NAMES, type Completed } from '../scenario/host.js';
import { parseWhen } from '../scenario/time.js';
import { formatParis } from '../issuer/paris-time.js';
import { benefitKey, categoryKey, formatAmount } from '../scenario/names.js';
import type { StateDir } from '../state/store.js';
import { Status, statusName } from '../../protocol/status.js';
import { Command, commandName } from '../../protocol/messages/codes.js';
import { verifyReceipt } from '../../protocol/signed/verify.js';
import { benefitInfo } from '../../protocol/catalogue/table.js';
import type { Wallet } from '../../protocol/rules/wallet.js';

/** Options of the interactive mode. */
export interface InteractiveOptions {
  reader?: string;
  clock?: string;
  /** How the firmware starts (--engine). */
  start?: FirmwareStart;
}

/** What a completed request means, in one or two lines. */
export function completedLines(world: World, c: Completed): string[] {
  const res = c.response?.result as Record<string, unknown> | undefined;
  const det = c.response?.details;
  const head = `till: ${commandName(c.command)} -> ${outcomeName(c.status)}${det ? ` ${JSON.stringify(det)}` : ''}`;
  const lines = [head];
  if (!res) return lines;
  if (res.receipt instanceof Uint8Array) {
    const v = verifyReceipt(res.receipt, {
      issuerRoot: world.issuerRoot, ...(world.readerCertificate ? { readerCertificate: world.readerCertificate } : {}),
      categoryOf: (b) => benefitInfo(b)?.category ?? 0,
    }, world.session.crypto);
    const r = v.receipt;
    lines.push(v.status === Status.OK && r
      ? `      receipt #${r.seq}${r.kind === 2 ? ' (recovered)' : ''}${res.replayed ? ' (replayed)' : ''}: ${formatAmount(r.benefit, r.amount)} of ${benefitKey(r.benefit)}, balance ${formatAmount(r.benefit, r.balanceAfter)}; signatures verified`
      : `      receipt does NOT verify: ${statusName(v.status)} (${v.step})`);
  }
  if (c.command === Command.BALANCE || c.command === Command.READ_CARD) {
    const ws = (res.wallets as Wallet[] | undefined) ?? [];
    if (res.holderName) lines.push(`      ${res.holderName}, establishment ${res.establishment}, state ${res.state}`);
    lines.push(`      ${ws.map((w) => `${benefitKey(w.benefit)}${w.balance !== undefined ? ` ${w.kind === 2 ? `${w.balance} used` : formatAmount(w.benefit, w.balance)}` : ''}`).join(', ')}`);
  }
  if (c.command === Command.ACCESS_CHECK) lines.push(`      ${res.allowed ? 'ALLOWED' : 'REFUSED'} (${statusName(res.reason as number)})${res.holderName ? ` ${res.holderName}` : ''}`);
  if (c.command === Command.JOURNAL_READ) {
    const n = ((res.receipts as unknown[]) ?? (res.passages as unknown[]) ?? []).length;
    lines.push(`      ${n} entr${n === 1 ? 'y' : 'ies'}, last seq ${res.last}, acknowledged ${res.acknowledged}`);
  }
  if (c.command === Command.GET_INFO) {
    lines.push(`      reader ${Buffer.from(res.readerId as Uint8Array).toString('hex')}, mode ${res.mode}, firmware ${res.firmwareVersion}, denylist v${res.denylistVersion}, clock ${parisTime(res.time as number)}`);
  }
  return lines;
}

/** An event as a log line (null: not worth a line). */
export function eventLine(world: World, e: SessionEvent): string[] {
  switch (e.type) {
    case 'display':
      return [`display | ${e.lines.join(' | ')}`];
    case 'led':
      return [`LED ${e.colour}`];
    case 'beep':
      return e.pattern === 'key' ? [] : [`beep ${e.pattern}`];
    case 'host':
      if (e.log.kind === 'KEEPALIVE') return [`till < ${e.log.text}`];
      if (e.log.dir === 'note') return [`till ! ${e.log.text}`];
      if (e.log.kind === 'MSG' && e.log.dir === 'out') return [`till > ${e.log.text}`];
      return [];
    case 'complete':
      return completedLines(world, e.completed);
    case 'fault':
      return [`FAULT ${e.text}`];
    case 'power':
      return [`power: ${e.text}`];
    case 'card':
      return e.text.includes('torn') ? [`card: ${e.text}`] : [];
  }
}

function header(out: Out, world: World, state: StateDir): void {
  const r = world.reader;
  out.heading(`Reader ${r.name}: ${r.partner}`);
  out.fields([
    ['mode', r.mode === 'merchant' ? `merchant, categories ${r.categories.map(categoryKey).join(', ')}` : `access, establishment ${r.establishment}`],
    ['reader id', r.readerId],
    ['clock', `${parisTime(world.session.seconds)} Paris`],
    ['state', state.root],
  ]);
  for (const n of world.startNotes) out.line(`  ${n}`);
}

/** Run the interactive simulator; resolves to the exit code. */
export async function runInteractive(ctx: CommandContext, state: StateDir, o: InteractiveOptions): Promise<number> {
  let clock: number | undefined;
  if (o.clock !== undefined) {
    const t = parseWhen(o.clock);
    if (t === null) throw new CliError(`--clock: '${o.clock}' is not YYYY-MM-DDTHH:MM`, 2);
    clock = t;
  }
  const world = withState(() =>
    stateWorld(state, crypto(), {
      ...(o.reader ? { reader: o.reader } : {}), ...(clock !== undefined ? { clock } : {}), ...(o.start ? { start: o.start } : {}),
      progress: (s) => ctx.out.progress(s),
    }),
  );
  ctx.out.clearProgress();
  const tty = ctx.stdin.isTTY === true && ctx.out.stdout.isTTY === true && typeof ctx.stdin.setRawMode === 'function';
  const code = tty ? await ttyLoop(ctx, world, state) : await lineLoop(ctx, world, state);
  world.save();
  ctx.out.line(`Saved reader ${world.reader.name} (flash, clock ${parisTime(world.session.seconds)}) and ${world.cardInfo.size} card(s) to ${state.root}.`);
  return code;
}

/** Line mode: one command per line from stdin. */
async function lineLoop(ctx: CommandContext, world: World, state: StateDir): Promise<number> {
  const out = ctx.out;
  const con = new SimConsole(world);
  header(out, world, state);
  out.line("Commands are read one per line from stdin ('help' lists them).");
  out.line(...con.run('cards').lines);
  const pending: string[] = [];
  world.session.onEvent = (e) => pending.push(...eventLine(world, e));
  const flush = () => {
    for (const l of pending.splice(0)) out.line(`  ${l}`);
  };
  let errors = 0;
  const rl = createInterface({ input: ctx.stdin, terminal: false });
  for await (const raw of rl) {
    const line = raw.trim();
    if (line === '') continue;
    out.line(`> ${line}`);
    const r = con.run(line);
    for (const l of r.lines) out.line(r.error ? `  ${out.style('yellow', l)}` : `  ${l}`);
    flush();
    if (r.error) errors++;
    if (r.quit) break;
  }
  rl.close();
  if (world.session.host.busy) {
    out.line('  (a request was still pending: it is abandoned, as when a till closes)');
  }
  flush();
  return errors > 0 ? 1 : 0;
}

const LED_STYLE: Record<string, 'green' | 'red' | 'yellow' | 'blue' | 'dim'> = { green: 'green', red: 'red', amber: 'yellow', blue: 'blue', off: 'dim' };

/** Terminal mode: a live screen and single-key controls. */
async function ttyLoop(ctx: CommandContext, world: World, state: StateDir): Promise<number> {
  const out = ctx.out;
  const con = new SimConsole(world);
  const s = world.session;
  const log: string[] = [];
  const addLog = (l: string) => {
    log.push(`${parisTime(s.seconds).slice(11)}  ${l}`);
    if (log.length > 200) log.shift();
  };
  let lastBeep = '';
  s.onEvent = (e) => {
    if (e.type === 'beep' && e.pattern !== 'key') lastBeep = e.pattern;
    if (e.type === 'display' || e.type === 'led') return; // shown on the panel
    for (const l of eventLine(world, e)) addLog(l);
  };
  type Mode = { kind: 'keys' } | { kind: 'card'; action: 'tap' | 'pull' } | { kind: 'prompt'; label: string; text: string; done: (t: string) => void };
  let mode: Mode = { kind: 'keys' };
  let dirty = true;
  let quit = false;

  const rows = () => (ctx.out.stdout as { rows?: number }).rows ?? 30;
  const render = () => {
    const r = world.reader;
    const led = r.mode && s.reader.signal.leds.length ? ['off', 'green', 'red', 'amber', 'blue'][s.reader.signal.leds[s.reader.signal.leds.length - 1]] : 'off';
    const cur = s.host.current;
    const progress = cur ? `${commandName(cur.command)}${cur.progress ? ` - ${PROGRESS_NAMES[cur.progress.progress] ?? 'working'}${cur.progress.progress === 3 ? ` (${cur.progress.detail} digit${cur.progress.detail === 1 ? '' : 's'})` : ''}` : ' - sent'}` : 'idle';
    const usb = !s.isPlugged ? out.style('red', 'unplugged (reader off)') : s.reader.off ? out.style('red', 'no power (reboot: o)') : s.host.open ? `plugged, channel 0x${s.host.cid.toString(16).padStart(4, '0')}` : 'plugged';
    const screen = s.reader.display.screen;
    const side = [
      `LED   ${out.style(LED_STYLE[led] ?? 'dim', '●')} ${led}${lastBeep ? `    last beep: ${lastBeep}` : ''}`,
      `USB   ${usb}`,
      `clock ${formatParis(s.seconds)} Paris`,
      `till  ${progress}`,
    ];
    const lines: string[] = [];
    lines.push(out.style('bold', `Pass'Région reader simulator - ${r.name} (${r.partner}, ${r.mode})`) + out.style('dim', `   state ${state.root}`));
    lines.push(' ┌────────────────┐');
    for (let i = 0; i < 4; i++) lines.push(` │${out.style('cyan', (screen[i] ?? '').padEnd(16))}│   ${side[i]}`);
    lines.push(' └────────────────┘');
    lines.push('Cards: ' + con.cardList().map((c) => `[${c.letter}] ${c.holder}${c.inField ? out.style('green', ' (on reader)') : ''}`).join('  '));
    lines.push(out.style('dim', 'Keypad: 0-9 * #    t tap  p pull  d debit  b balance  r read card  c access check  x cancel  j journal  i info'));
    lines.push(out.style('dim', '                   u unplug/replug  o reboot  a advance clock  ? help  q quit (saves)'));
    let prompt = '';
    if (mode.kind === 'card') prompt = `${mode.action} which card? ${con.cardList().map((c) => `${c.letter}=${c.name}`).join(' ')} (Esc: back)`;
    if (mode.kind === 'prompt') prompt = `${mode.label}${mode.text}█`;
    lines.push(prompt ? out.style('yellow', prompt) : '');
    lines.push(out.style('dim', '── log ' + '─'.repeat(40)));
    const room = Math.max(3, rows() - lines.length - 1);
    lines.push(...log.slice(-room));
    // Home, each line then erase-to-end-of-line, then erase below: no flicker.
    ctx.out.stdout.write('\x1b[H' + lines.map((l) => l + '\x1b[K').join('\n') + '\n\x1b[J');
    dirty = false;
  };

  const exec = (line: string) => {
    const r = con.run(line);
    for (const l of r.lines) addLog(l);
    if (r.quit) quit = true;
    dirty = true;
  };

  const onKey = (k: string) => {
    dirty = true;
    if (k === '\u0003') {
      quit = true;
      return;
    }
    if (mode.kind === 'prompt') {
      const m = mode;
      if (k === '\r' || k === '\n') {
        mode = { kind: 'keys' };
        m.done(m.text);
      } else if (k === '\u001b') mode = { kind: 'keys' };
      else if (k === '\u007f' || k === '\b') m.text = m.text.slice(0, -1);
      else if (k >= ' ') m.text += k;
      return;
    }
    if (mode.kind === 'card') {
      const action = mode.action;
      mode = { kind: 'keys' };
      if (k === '\u001b') return;
      const name = con.resolveCard(k);
      if (name) exec(`${action} ${name}`);
      else addLog(`no card '${k}'`);
      return;
    }
    if (/^[0-9*#]$/.test(k)) {
      exec(k);
      return;
    }
    switch (k.toLowerCase()) {
      case 't': mode = { kind: 'card', action: 'tap' }; break;
      case 'p': if (s.inField().length <= 1) exec('pull'); else mode = { kind: 'card', action: 'pull' }; break;
      case 'd': mode = { kind: 'prompt', label: 'debit BENEFIT AMOUNT [REFERENCE] (e.g. "cinema 1", "shows 12.50"): ', text: '', done: (t) => exec(`debit ${t}`) }; break;
      case 'b': exec('balance'); break;
      case 'r': exec('read'); break;
      case 'c': exec('access'); break;
      case 'x': exec('cancel'); break;
      case 'j': exec('journal'); break;
      case 'i': exec('info'); break;
      case 'u': exec(s.isPlugged ? 'unplug' : 'replug'); break;
      case 'o': exec('reboot'); break;
      case 'a': mode = { kind: 'prompt', label: 'advance the clock by (e.g. 30s, 2h, 1d): ', text: '', done: (t) => exec(`advance ${t}`) }; break;
      case '?':
      case 'h': for (const l of CONSOLE_HELP) addLog(l); break;
      case 'q': quit = true; break;
      default: break;
    }
  };

  const stdin = ctx.stdin as NodeJS.ReadStream;
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  const onData = (data: string) => {
    for (const ch of data.startsWith('\u001b[') ? [] : [...data]) onKey(ch);
    if (data === '\u001b') onKey('\u001b');
  };
  stdin.on('data', onData);
  ctx.out.stdout.write('\x1b[2J\x1b[?25l');
  addLog("ready: tap a card (t), start a debit (d), type the PIN on the digits, '?' for help");
  let last = Date.now();
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const now = Date.now();
      const elapsed = Math.min(500, now - last);
      last = now;
      const before = s.reader.display.screen.join('|') + s.reader.signal.leds.length + (s.host.current?.progress?.detail ?? '');
      try {
        s.advance(elapsed);
      } catch (e) {
        addLog(`error: ${(e as Error).message}`);
      }
      const after = s.reader.display.screen.join('|') + s.reader.signal.leds.length + (s.host.current?.progress?.detail ?? '');
      if (before !== after || dirty || now % 1000 < elapsed) render();
      if (quit) {
        clearInterval(timer);
        resolve();
      }
    }, 20);
  });
  stdin.off('data', onData);
  stdin.setRawMode(false);
  stdin.pause();
  ctx.out.stdout.write('\x1b[?25h\n');
  return 0;
}
