/** `passreader issuer card`: personalise a card for a holder profile and save it in the state directory. */
import type { CliCommand } from '../command.js';
import { STATE_OPTION, usageError } from '../command.js';
import { intOption, str } from '../args.js';
import { crypto, parisTime, printWallets, stateOf, withState } from '../show.js';
import { parseWhen } from '../../scenario/time.js';
import { PROFILES, type ProfileName } from '../../issuer/profiles.js';
import { issueStoredCard } from '../../state/issuer.js';
import { utf8Encode } from '../../../protocol/bytes/utf8.js';

export const command: CliCommand = {
  name: ['issuer', 'card'],
  summary: 'issue a card for a holder profile (wallets from the loading rules) into DIR/cards/',
  usage: '--profile NAME --pin PIN --name TEXT [--establishment N] [--campaign YEAR] [--loaded-at DATE] [--state DIR]',
  description: "Profiles: see 'passreader issuer profiles'. The PIN is kept in the card file's metadata so the\nsimulator can remind you of it (a dev convenience; a real card only holds its hash).",
  examples: [
    'passreader issuer card --profile cap1-cooking --pin 1234 --name "Camille Martin"',
    'passreader issuer card --profile terminale-general --pin 0000 --name "Zoé Bernard" --establishment 42',
    'passreader issuer card --profile referent --pin 4321 --name "Luc Petit" --campaign 2024 --loaded-at 2024-09-02',
  ],
  options: [
    { name: 'profile', type: 'string', value: 'NAME', required: true, description: 'holder profile (passreader issuer profiles)' },
    { name: 'pin', type: 'string', value: 'PIN', required: true, description: 'the 4-digit PIN' },
    { name: 'name', type: 'string', value: 'TEXT', required: true, description: 'holder display name (1 to 40 bytes of UTF-8)' },
    { name: 'establishment', type: 'string', value: 'N', description: 'establishment code (default 1)' },
    { name: 'campaign', type: 'string', value: 'YEAR', description: 'campaign year, 2024 = 2024/2025 (default 2024)' },
    { name: 'loaded-at', type: 'string', value: 'DATE', description: 'loading time: YYYY-MM-DD (Paris) or an ISO instant (default: 11 June of the campaign)' },
    STATE_OPTION,
  ],
  run(ctx) {
    const v = ctx.values;
    const profile = str(v, 'profile') as string;
    if (!(profile in PROFILES)) {
      throw usageError(`unknown profile '${profile}'`, `profiles: ${Object.keys(PROFILES).join(', ')}`);
    }
    const pin = str(v, 'pin') as string;
    if (!/^\d{4}$/.test(pin)) throw usageError('--pin must be 4 digits');
    const holderName = str(v, 'name') as string;
    const n = utf8Encode(holderName).length;
    if (n < 1 || n > 40) throw usageError(`--name must be 1 to 40 bytes of UTF-8 (got ${n})`);
    const establishment = intOption(v, 'establishment', 1);
    const campaign = intOption(v, 'campaign', 2024, 2000, 2099);
    const loadedText = str(v, 'loaded-at');
    let loadedAt: number | undefined;
    if (loadedText !== undefined) {
      const t = parseWhen(loadedText);
      if (t === null) throw usageError(`--loaded-at: '${loadedText}' is not YYYY-MM-DD, YYYY-MM-DDTHH:MM or an ISO instant`);
      loadedAt = t;
    }
    const state = stateOf(ctx);
    const stored = withState(() =>
      issueStoredCard(state, crypto(), profile as ProfileName, { pin, holderName, establishment, campaign, ...(loadedAt !== undefined ? { loadedAt } : {}) }),
    );
    const s = stored.card.state();
    ctx.out.heading(`Card ${stored.id}`);
    ctx.out.fields([
      ['holder', holderName],
      ['profile', profile],
      ['establishment', String(establishment)],
      ['campaign', `${campaign}/${campaign + 1}`],
      ...(loadedAt !== undefined ? [['loaded at', parisTime(loadedAt)] as [string, string]] : []),
      ['file', stored.path],
    ]);
    ctx.out.line('');
    printWallets(ctx.out, s.wallets);
    return 0;
  },
};
