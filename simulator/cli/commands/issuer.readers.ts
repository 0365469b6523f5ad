/** `passreader issuer readers`: list the simulated readers of the state directory. */
import type { CliCommand } from '../command.js';
import { STATE_OPTION } from '../command.js';
import { parisDate, parisTime, stateOf, withState } from '../show.js';
import { categoryKey } from '../../scenario/names.js';

export const command: CliCommand = {
  name: ['issuer', 'readers'],
  summary: 'list the simulated readers of the state directory',
  usage: '[--state DIR]',
  examples: ['passreader issuer readers'],
  options: [STATE_OPTION],
  run(ctx) {
    const state = stateOf(ctx);
    const names = withState(() => {
      state.readIssuer();
      return state.readerNames();
    });
    if (names.length === 0) {
      ctx.out.line("No reader yet: create one with 'passreader issuer reader --partner \"...\" --categories cinema'.");
      return 0;
    }
    const rows = names.map((n) => {
      const m = withState(() => state.loadReader(n)).meta;
      return [
        n, m.partnerName, m.mode === 'merchant' ? m.categories.map(categoryKey).join(',') : `access, est. ${m.establishment}`,
        m.readerId, parisTime(Math.floor(m.clockMs / 1000)), parisDate(m.notAfter), m.denylistVersion ? `v${m.denylistVersion}` : '-',
      ];
    });
    ctx.out.table(['name', 'partner', 'agreed for', 'reader id', 'clock (Paris)', 'cert. until', 'denylist'], rows);
    return 0;
  },
};
