/** Shared pieces of the commands' output: wallets, dates, the crypto port, the state directory. */
import type { CryptoPort } from '../../protocol/crypto.js';
import type { Wallet } from '../../protocol/rules/wallet.js';
import { defaultCrypto } from '../../sdk/crypto/index.js';
import { formatParis } from '../issuer/paris-time.js';
import { benefitKey, benefitName, formatAmount } from '../scenario/names.js';
import { StateDir, StateError } from '../state/store.js';
import type { CommandContext } from './command.js';
import { CliError } from './command.js';
import { str } from './args.js';
import type { Out } from './output.js';

/** The crypto port the commands use (node:crypto). */
export function crypto(): CryptoPort {
  return defaultCrypto();
}

/** The state directory of --state (or the default). */
export function stateOf(ctx: CommandContext): StateDir {
  return StateDir.at(str(ctx.values, 'state'), ctx.cwd);
}

/** Run `f`, turning StateError into a CLI failure (exit 1) with the same message. */
export function withState<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof StateError) throw new CliError(e.message, 1);
    throw e;
  }
}

/** A unix time as a Paris local date ('2025-08-31'). */
export function parisDate(unix: number): string {
  return formatParis(unix).slice(0, 10);
}

/** A unix time as Paris local date and time to the minute. */
export function parisTime(unix: number): string {
  return formatParis(unix).slice(0, 16);
}

/** Print wallets as a table: benefit, label, balance (or loaded amount), validity. */
export function printWallets(out: Out, wallets: Wallet[], indent = 2): void {
  if (wallets.length === 0) {
    out.line(' '.repeat(indent) + out.style('dim', '(no wallet)'));
    return;
  }
  out.table(
    ['benefit', 'label', 'balance', 'loaded', 'campaign', 'valid from', 'until'],
    wallets.map((w) => [
      benefitKey(w.benefit),
      benefitName(w.benefit),
      w.kind === 2 ? `${w.balance} used` : formatAmount(w.benefit, w.balance),
      w.kind === 2 ? 'unlimited' : formatAmount(w.benefit, w.loaded),
      String(w.campaign),
      parisDate(w.from),
      parisDate(w.until - 1),
    ]),
    'llrrlll',
    indent,
  );
}
