/**
 * The commands of `passreader sim` in interactive use, as text ('tap camille',
 * 'debit cinema 1', '1234#'): the same actions behind the terminal menu and
 * behind the line-by-line mode used when stdin is not a terminal.
 */
import { Command } from '../../protocol/messages/codes.js';
import { Kind } from '../../protocol/catalogue/codes.js';
import { benefitInfo } from '../../protocol/catalogue/table.js';
import { utf8Encode } from '../../protocol/bytes/utf8.js';
import type { World } from '../scenario/world.js';
import { benefitCode, benefitKey, formatAmount, parseEuros, BENEFIT_KEYS } from '../scenario/names.js';
import { parseDuration, formatDuration } from '../scenario/time.js';
import { describeRequest } from '../scenario/runner.js';
import { REQUESTS } from '../scenario/validate.js';

/** Help of the text commands. */
export const CONSOLE_HELP = [
  'Commands (one per line):',
  '  1234#  *  #            keys on the reader keypad (digits, * correct/cancel, # validate)',
  '  tap CARD | pull [CARD] put a card on the reader / take it (or every card) away; CARD: name, letter or number',
  '  two CARD CARD          two cards in the field at once',
  '  cards                  the cards, their letters, PINs and whether they are in the field',
  '  debit BENEFIT AMOUNT [REFERENCE]   a till asks for a debit (AMOUNT: units, or euros like 12.50)',
  '  balance | read | access | info | journal | cancel     other till requests',
  '  unplug | replug | reboot            the USB cable and the reader power',
  '  advance DURATION       let time pass (e.g. 2s, 5m, 1h); the reader clock moves too',
  '  wait [DURATION]        run until the till gets its response (or for DURATION)',
  '  screen                 show the display',
  '  quit                   save the reader and the cards, and leave',
];

/** Outcome of one console command. */
export interface ConsoleResult {
  /** Lines to show. */
  lines: string[];
  /** The user asked to quit. */
  quit?: boolean;
  /** A usage problem with the command (shown, nothing done). */
  error?: boolean;
}

/** The interpreter over one world. */
export class SimConsole {
  private requestCounter = 0;

  constructor(private readonly world: World) {}

  /** Card names in menu order, with their menu letters (a, b, c...). */
  cardList(): Array<{ letter: string; name: string; holder: string; id: string; pin: string; inField: boolean }> {
    const inField = new Set(this.world.session.inField());
    return [...this.world.cardInfo.entries()].map(([name, c], i) => ({
      letter: String.fromCharCode(97 + i), name, holder: c.holderName, id: c.id, pin: c.pin, inField: inField.has(name),
    }));
  }

  /** The card a word means: its name, menu letter, number (1-based), or an id prefix. */
  resolveCard(word: string): string | null {
    const list = this.cardList();
    const w = word.toLowerCase();
    const hit =
      list.find((c) => c.name.toLowerCase() === w) ??
      (w.length === 1 ? list.find((c) => c.letter === w) : undefined) ??
      (/^\d+$/.test(w) ? list[Number(w) - 1] : undefined) ??
      list.find((c) => w.length >= 4 && c.id.startsWith(w)) ??
      list.find((c) => c.holder.toLowerCase().startsWith(w));
    return hit ? hit.name : null;
  }

  /** A debit request from 'BENEFIT AMOUNT [REFERENCE...]'; returns an error text or the request line. */
  startDebit(words: string[]): string {
    const [b, amountText, ...ref] = words;
    if (!b) return `usage: debit BENEFIT AMOUNT [REFERENCE]   (benefits: ${BENEFIT_KEYS.join(', ')})`;
    const benefit = benefitCode(b);
    if (benefit === null) return `unknown benefit '${b}' (benefits: ${BENEFIT_KEYS.join(', ')})`;
    const kind = benefitInfo(benefit)!.kind;
    let amount: number | null;
    if (kind === Kind.CENTS) amount = amountText === undefined ? null : parseEuros(amountText);
    else amount = amountText === undefined ? 1 : /^\d+$/.test(amountText) ? Number(amountText) : null;
    if (amount === null || amount === 0) return kind === Kind.CENTS ? `give the amount in euros, e.g. 'debit ${b} 12.50'` : `give a number of ${kind === Kind.UNITS ? 'units' : 'uses'}, e.g. 'debit ${b} 1'`;
    this.requestCounter++;
    const requestId = utf8Encode(`sim-${Date.now().toString(36)}-${this.requestCounter}`);
    const args: Record<string, unknown> = { benefit, amount, requestId };
    if (ref.length) args.reference = ref.join(' ');
    return this.send(Command.DEBIT, args, `DEBIT ${benefitKey(benefit)} ${formatAmount(benefit, amount)}${ref.length ? ` "${ref.join(' ')}"` : ''}`);
  }

  private send(command: number, args: Record<string, unknown> | undefined, label: string): string {
    const s = this.world.session;
    if (!s.running) return 'the reader is off (unplugged or without power): replug or reboot it first';
    if (s.host.busy) return "a request is pending: finish it on the reader, 'cancel' it, or 'wait'";
    s.host.request(command, args);
    return `till: ${label}`;
  }

  /** Run one text command. */
  run(line: string): ConsoleResult {
    const s = this.world.session;
    const words = line.trim().split(/\s+/).filter(Boolean);
    if (words.length === 0) return { lines: [] };
    const [cmd, ...rest] = words;
    const c = cmd.toLowerCase();
    const err = (t: string): ConsoleResult => ({ lines: [t], error: true });
    if (/^[0-9*#]+$/.test(cmd) && rest.length === 0) {
      if (!s.running) return err('the reader is off');
      s.type(cmd);
      return { lines: [] };
    }
    switch (c) {
      case 'help':
      case '?':
        return { lines: CONSOLE_HELP };
      case 'keys':
      case 'type': {
        const k = rest.join('');
        if (!/^[0-9*#]+$/.test(k)) return err('only 0-9, * and # are on the keypad');
        if (!s.running) return err('the reader is off');
        s.type(k);
        return { lines: [] };
      }
      case 'cards':
        return {
          lines: this.cardList().map((x) => `  [${x.letter}] ${x.name.padEnd(10)} ${x.holder} (${x.id}, PIN ${x.pin})${x.inField ? '  <- in the field' : ''}`),
        };
      case 'tap': {
        const name = rest[0] ? this.resolveCard(rest.join(' ')) : null;
        if (!name) return err(`tap which card? ${this.cardList().map((x) => `${x.letter}=${x.name}`).join(', ')}`);
        s.tap(name);
        return { lines: [`${name} is on the reader`] };
      }
      case 'pull': {
        const names = rest[0] ? [this.resolveCard(rest.join(' '))] : s.inField();
        if (names.some((n) => n === null)) return err(`no card '${rest.join(' ')}'`);
        if (names.length === 0) return { lines: ['no card on the reader'] };
        for (const n of names) s.pull(n as string);
        return { lines: [`${names.join(', ')} taken away`] };
      }
      case 'two': {
        const a = rest[0] ? this.resolveCard(rest[0]) : null;
        const b = rest[1] ? this.resolveCard(rest[1]) : null;
        if (!a || !b || a === b) return err('usage: two CARD CARD (two different cards)');
        s.tapTogether([a, b]);
        return { lines: [`${a} and ${b} are on the reader together`] };
      }
      case 'debit': {
        const t = this.startDebit(rest);
        return { lines: [t], ...(t.startsWith('till:') ? {} : { error: true }) };
      }
      case 'balance':
      case 'read':
      case 'access':
      case 'info': {
        const label = c === 'balance' ? 'BALANCE' : c === 'read' ? 'READ_CARD' : c === 'access' ? 'ACCESS_CHECK' : 'GET_INFO';
        const t = this.send(REQUESTS[c], undefined, label);
        return { lines: [t], ...(t.startsWith('till:') ? {} : { error: true }) };
      }
      case 'journal': {
        const kind = this.world.reader.mode === 'access' ? 1 : 0;
        const t = this.send(Command.JOURNAL_READ, { since: 0, kind }, `JOURNAL_READ ${kind ? 'passages' : 'receipts'}`);
        return { lines: [t], ...(t.startsWith('till:') ? {} : { error: true }) };
      }
      case 'cancel':
        if (!s.host.busy) return { lines: ['no pending request'] };
        s.host.cancel();
        s.advance(20);
        return { lines: ['till: CANCEL sent'] };
      case 'unplug':
        s.unplug();
        return { lines: [] };
      case 'replug':
      case 'plug':
        s.replug();
        return { lines: [] };
      case 'reboot':
        if (!s.isPlugged) s.replug();
        else s.reboot();
        return { lines: [] };
      case 'advance':
      case 'wait': {
        const ms = rest[0] ? parseDuration(rest.join('')) : null;
        if (rest[0] && ms === null) return err(`'${rest.join(' ')}' is not a duration (e.g. 2s, 500ms, 5m, 1h)`);
        if (c === 'advance' && ms === null) return err('usage: advance DURATION (e.g. 2s, 5m, 1h)');
        if (ms !== null) {
          s.advance(ms);
          return { lines: [`${formatDuration(ms)} passed`] };
        }
        const ok = s.settle();
        return { lines: ok ? [] : ['still no response after 120 s of simulated time'] };
      }
      case 'screen':
        return { lines: s.reader.display.screen.map((l) => `  |${l.padEnd(16)}|`) };
      case 'quit':
      case 'exit':
      case 'q':
        return { lines: [], quit: true };
      default:
        return err(`unknown command '${cmd}': type 'help'`);
    }
  }
}

export { describeRequest };
