/** `passreader balance`: the card's wallets with their balances (the holder taps and types the PIN on the reader). */
import type { CliCommand } from '../../../simulator/cli/command.js';
import { HOLDER_OPTIONS, TRANSPORT_HELP, TRANSPORT_OPTIONS, withReader } from '../connect.js';

export const command: CliCommand = {
  name: ['balance'],
  summary: "show the card's wallets with balances (the holder taps and types the PIN on the reader)",
  usage: '[--json] [transport] [--tap CARD --pin PIN]',
  description: TRANSPORT_HELP + '\nWith --sim the holder is simulated by --tap CARD and --pin PIN.',
  examples: [
    'passreader balance',
    'passreader balance --sim --state /tmp/demo --tap camille --pin 1234',
    'passreader balance --bridge ws://127.0.0.1:8080/bridge --json',
  ],
  options: [{ name: 'json', type: 'boolean', description: 'machine output (JSON on stdout)' }, ...TRANSPORT_OPTIONS, ...HOLDER_OPTIONS],
  async run(ctx) {
    return withReader(ctx, this, { holder: true }, async (c) => {
      const b = await c.reader.balance({ onProgress: c.onProgress, ...(c.signal ? { signal: c.signal } : {}) });
      ctx.out.clearProgress();
      if (ctx.values.json === true) {
        ctx.out.line(JSON.stringify(b, null, 2));
        return 0;
      }
      const { printWalletViews } = await import('../show.js');
      ctx.out.heading(`Card ${b.cardId}`);
      printWalletViews(ctx.out, b.wallets);
      return 0;
    });
  },
};
