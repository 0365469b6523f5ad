/** `passreader issuer profiles`: the named holder profiles and the wallets each receives. */
import type { CliCommand } from '../command.js';
import { intOption } from '../args.js';
import { PROFILES, profileOf } from '../../issuer/profiles.js';
import { entitlementsFor } from '../../issuer/entitlements.js';
import { benefitKey, formatAmount } from '../../scenario/names.js';

export const command: CliCommand = {
  name: ['issuer', 'profiles'],
  summary: 'list the named holder profiles and what each gets',
  usage: '[--campaign YEAR]',
  examples: ['passreader issuer profiles', 'passreader issuer profiles --campaign 2024'],
  options: [{ name: 'campaign', type: 'string', value: 'YEAR', description: 'campaign year (default 2024)' }],
  run(ctx) {
    const campaign = intOption(ctx.values, 'campaign', 2024, 2000, 2099);
    const rows = Object.keys(PROFILES).map((name) => {
      const wallets = entitlementsFor(profileOf(name as keyof typeof PROFILES), campaign);
      const gets = wallets.map((w) => (w.kind === 2 ? benefitKey(w.benefit) : `${benefitKey(w.benefit)} ${formatAmount(w.benefit, w.loaded)}`));
      return [name, gets.join(', ')];
    });
    ctx.out.heading(`Holder profiles, campaign ${campaign}/${campaign + 1}`);
    ctx.out.table(['profile', 'wallets (loaded amount; no amount = unlimited use)'], rows);
    return 0;
  },
};
