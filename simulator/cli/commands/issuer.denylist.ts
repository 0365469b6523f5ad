/** `passreader issuer denylist`: sign the next denylist version (revocations, suspensions) and store it. */
import type { CliCommand, CommandContext } from '../command.js';
import { STATE_OPTION, usageError } from '../command.js';
import { list, str } from '../args.js';
import { crypto, parisDate, stateOf, withState } from '../show.js';
import { parseWhen } from '../../scenario/time.js';
import { benefitCode, benefitKey } from '../../scenario/names.js';
import { publishDenylist } from '../../state/issuer.js';
import type { DenyEntryRecord } from '../../state/records.js';
import type { StateDir } from '../../state/store.js';

/** A card id from a user's reference: 16 hex digits (any card), or a card of the state directory. */
function cardIdOf(state: StateDir, ref: string): string {
  if (/^[0-9a-fA-F]{16}$/.test(ref)) return ref.toLowerCase();
  return withState(() => state.findCard(ref, crypto()).id);
}

function entries(ctx: CommandContext, state: StateDir, until: number): DenyEntryRecord[] {
  const out: DenyEntryRecord[] = [];
  for (const r of list(ctx.values, 'revoke')) out.push({ cardId: cardIdOf(state, r), kind: 'revoked', benefits: [], until });
  for (const s of list(ctx.values, 'suspend')) {
    const i = s.lastIndexOf(':');
    const ref = i < 0 ? s : s.slice(0, i);
    const names = i < 0 ? [] : s.slice(i + 1).split(',').map((x) => x.trim()).filter(Boolean);
    const benefits = names.map((n) => {
      const c = benefitCode(n);
      if (c === null) throw usageError(`--suspend ${s}: unknown benefit '${n}'`);
      return c;
    });
    out.push({ cardId: cardIdOf(state, ref), kind: 'suspended', benefits: [...new Set(benefits)].sort((a, b) => a - b), until });
  }
  return out;
}

export const command: CliCommand = {
  name: ['issuer', 'denylist'],
  summary: 'sign a new denylist version (revoked cards, suspended benefits); readers get it at the next sim start',
  usage: '[--revoke CARD]... [--suspend CARD[:benefit,...]]... [--lift CARD]... [--until DATE] [--state DIR]',
  description:
    'The denylist is cumulative: each version holds every entry still in force. CARD is a card id (16 hex\n' +
    'digits), an id prefix or a holder name of DIR/cards. A suspension without benefits suspends them all.\n' +
    'Without any option, shows the current list.',
  examples: [
    'passreader issuer denylist --revoke 235013ce7f9833f0',
    'passreader issuer denylist --suspend "Camille Martin":cinema,shows --until 2025-01-31',
    'passreader issuer denylist --lift camille',
    'passreader issuer denylist',
  ],
  options: [
    { name: 'revoke', type: 'string', value: 'CARD', multiple: true, description: 'revoke a card (lost, stolen, replaced)' },
    { name: 'suspend', type: 'string', value: 'CARD[:B,...]', multiple: true, description: 'suspend benefits of a card (all when none named)' },
    { name: 'lift', type: 'string', value: 'CARD', multiple: true, description: 'remove every entry of a card' },
    { name: 'until', type: 'string', value: 'DATE', description: 'end of the new measures, YYYY-MM-DD Paris (default: forever)' },
    STATE_OPTION,
  ],
  run(ctx) {
    const state = stateOf(ctx);
    const record = withState(() => state.readIssuer());
    const untilText = str(ctx.values, 'until');
    let until = 0;
    if (untilText !== undefined) {
      const t = parseWhen(untilText);
      if (t === null) throw usageError(`--until: '${untilText}' is not a date (YYYY-MM-DD)`);
      until = t;
    }
    const add = entries(ctx, state, until);
    const lift = list(ctx.values, 'lift').map((r) => cardIdOf(state, r));
    let shown = record.denylist;
    if (add.length > 0 || lift.length > 0) {
      const r = withState(() => publishDenylist(state, crypto(), add, lift));
      ctx.out.heading(`Denylist version ${r.version} signed (${r.files.length} part${r.files.length === 1 ? '' : 's'})`);
      for (const f of r.files) ctx.out.line(`  ${f}`);
      ctx.out.line('  Readers install it when the simulator next starts them (PROVISION_DENYLIST).', '');
      shown = { version: r.version, entries: r.entries };
    } else {
      ctx.out.heading(shown.version === 0 ? 'No denylist published yet' : `Denylist version ${shown.version}`);
    }
    if (shown.entries.length === 0) {
      ctx.out.line('  (no entry)');
      return 0;
    }
    const names = new Map(withState(() => state.listCards(crypto())).map((c) => [c.id, c.meta.holderName]));
    ctx.out.table(
      ['card id', 'holder', 'measure', 'benefits', 'until'],
      shown.entries.map((e) => [
        e.cardId,
        names.get(e.cardId) ?? '?',
        e.kind,
        e.kind === 'revoked' ? '-' : e.benefits.length === 0 ? 'all' : e.benefits.map(benefitKey).join(','),
        e.until === 0 ? 'forever' : parisDate(e.until),
      ]),
    );
    return 0;
  },
};
