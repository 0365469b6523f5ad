/** `passreader issuer init`: create the dev Region (root key from a seed) in the state directory. */
import type { CliCommand } from '../command.js';
import { STATE_OPTION } from '../command.js';
import { str } from '../args.js';
import { crypto, stateOf, withState } from '../show.js';
import { DEFAULT_SEED, initIssuer } from '../../state/issuer.js';

export const command: CliCommand = {
  name: ['issuer', 'init'],
  summary: 'create the dev Region (issuer root key from a seed) in the state directory',
  usage: '[--state DIR] [--seed TEXT] [--force]',
  description:
    'The root key derives from the seed, so the same seed gives the same Region, cards and certificates\n' +
    'on every machine. The seed is stored in DIR/issuer.json: this is a development issuer, never a real one.',
  examples: [
    'passreader issuer init',
    'passreader issuer init --state /tmp/demo --seed "my test region"',
  ],
  options: [
    STATE_OPTION,
    { name: 'seed', type: 'string', value: 'TEXT', description: `seed of the issuer keys (default: "${DEFAULT_SEED}")` },
    { name: 'force', type: 'boolean', description: 'replace an existing issuer (its cards and readers stop verifying)' },
  ],
  run(ctx) {
    const state = stateOf(ctx);
    const seed = str(ctx.values, 'seed') ?? DEFAULT_SEED;
    const record = withState(() => initIssuer(state, seed, crypto(), ctx.values.force === true));
    ctx.out.heading('Dev Region created');
    ctx.out.fields([
      ['state', state.root],
      ['seed', JSON.stringify(seed)],
      ['root public key', record.rootPublicKey],
    ]);
    ctx.out.line('', `Next: passreader issuer card --profile cap1-cooking --pin 1234 --name "Camille Martin"${state.root.endsWith('.sim-state') ? '' : ` --state ${state.root}`}`);
    return 0;
  },
};
