/** `passreader issuer cards`: list the cards of the state directory with their balances. */
import type { CliCommand } from '../command.js';
import { STATE_OPTION } from '../command.js';
import { crypto, printWallets, stateOf, withState } from '../show.js';

export const command: CliCommand = {
  name: ['issuer', 'cards'],
  summary: 'list the cards of the state directory, with holder, PIN tries and balances',
  usage: '[--state DIR] [--brief]',
  examples: ['passreader issuer cards', 'passreader issuer cards --brief --state /tmp/demo'],
  options: [STATE_OPTION, { name: 'brief', type: 'boolean', description: 'one line per card, no wallets' }],
  run(ctx) {
    const state = stateOf(ctx);
    const cards = withState(() => {
      state.readIssuer();
      return state.listCards(crypto());
    });
    if (cards.length === 0) {
      ctx.out.line("No card yet: create one with 'passreader issuer card --profile NAME --pin 1234 --name \"...\"'.");
      return 0;
    }
    const revoked = new Set(state.readIssuer().denylist.entries.filter((e) => e.kind === 'revoked').map((e) => e.cardId));
    const stateText = (tries: number, id: string) =>
      revoked.has(id) ? ctx.out.style('red', 'revoked') : tries === 0 ? ctx.out.style('red', 'PIN blocked') : `${tries} PIN tries`;
    if (ctx.values.brief === true) {
      ctx.out.table(
        ['card id', 'holder', 'profile', 'PIN', 'state', 'debits'],
        cards.map((c) => {
          const s = c.card.state();
          return [c.id, c.meta.holderName, c.meta.profile, c.meta.pin, stateText(s.tries, c.id), String(s.counter)];
        }),
      );
      return 0;
    }
    for (const c of cards) {
      const s = c.card.state();
      ctx.out.line(
        `${ctx.out.style('bold', c.id)}  ${c.meta.holderName}  ${ctx.out.style('dim', `${c.meta.profile}, establishment ${c.meta.establishment}, PIN ${c.meta.pin}, ${s.counter} debit(s),`)} ${stateText(s.tries, c.id)}`,
      );
      printWallets(ctx.out, s.wallets, 4);
      ctx.out.line('');
    }
    return 0;
  },
};
