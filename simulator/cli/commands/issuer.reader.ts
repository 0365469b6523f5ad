/** `passreader issuer reader`: boot a new virtual reader, certify the key it generated, provision it over USB. */
import type { CliCommand } from '../command.js';
import { STATE_OPTION, usageError } from '../command.js';
import { intOption, str } from '../args.js';
import { crypto, parisDate, parisTime, stateOf, withState } from '../show.js';
import { parseWhen } from '../../scenario/time.js';
import { categoryCode, categoryKey, CATEGORY_KEYS } from '../../scenario/names.js';
import { DEFAULT_CLOCK } from '../../scenario/time.js';
import { slug } from '../../state/store.js';
import { utf8Encode } from '../../../protocol/bytes/utf8.js';

export const command: CliCommand = {
  name: ['issuer', 'reader'],
  summary: 'create a simulated reader: first boot (key generated on the reader), certificate, USB provisioning',
  usage: '--partner TEXT (--categories LIST | --mode access --establishment N) [--name NAME] [--valid-days N] [--clock TIME] [--state DIR]',
  description:
    'The reader\'s flash image goes to DIR/readers/<name>/flash.bin (name: --name, or a slug of the partner).\n' +
    'Like a provisioning station, the command boots the reader once on blank flash (the firmware generates\n' +
    'its key pair), reads its public key with GET_INFO, sets its clock (SET_TIME), has the dev issuer sign\n' +
    'its certificate and installs it with PROVISION_CERTIFICATE, plus the newest denylist if there is one.\n' +
    `The simulated clock starts at --clock (default ${DEFAULT_CLOCK} Paris, inside the 2024/2025 wallets).\n` +
    `Categories: ${CATEGORY_KEYS.join(', ')}.`,
  examples: [
    'passreader issuer reader --partner "Cinéma Le Méliès" --categories cinema,shows',
    'passreader issuer reader --partner "Librairie du Parc" --categories books,textbooks --name librairie',
    'passreader issuer reader --partner "Cantine Lycée Jean Moulin" --mode access --establishment 1',
  ],
  options: [
    { name: 'partner', type: 'string', value: 'TEXT', required: true, description: 'partner display name (1 to 64 bytes of UTF-8)' },
    { name: 'categories', type: 'string', value: 'LIST', description: 'agreed benefit categories, comma-separated (merchant mode)' },
    { name: 'mode', type: 'string', value: 'MODE', description: 'merchant (default) or access' },
    { name: 'establishment', type: 'string', value: 'N', description: 'establishment the reader guards (access mode; default 1)' },
    { name: 'name', type: 'string', value: 'NAME', description: 'directory name of the reader (default: from the partner name)' },
    { name: 'valid-days', type: 'string', value: 'N', description: 'certificate validity in days (default 365)' },
    { name: 'clock', type: 'string', value: 'TIME', description: `reader clock at provisioning, YYYY-MM-DDTHH:MM Paris (default ${DEFAULT_CLOCK})` },
    STATE_OPTION,
  ],
  async run(ctx) {
    const v = ctx.values;
    const partnerName = str(v, 'partner') as string;
    const pn = utf8Encode(partnerName).length;
    if (pn < 1 || pn > 64) throw usageError(`--partner must be 1 to 64 bytes of UTF-8 (got ${pn})`);
    const mode = str(v, 'mode') ?? 'merchant';
    if (mode !== 'merchant' && mode !== 'access') throw usageError(`--mode must be merchant or access (got '${mode}')`);
    const categories: number[] = [];
    const catText = str(v, 'categories');
    if (mode === 'merchant') {
      if (!catText) throw usageError('a merchant reader needs --categories, e.g. --categories cinema,shows', `categories: ${CATEGORY_KEYS.join(', ')}`);
      for (const c of catText.split(',').map((x) => x.trim()).filter(Boolean)) {
        const code = categoryCode(c);
        if (code === null) throw usageError(`unknown category '${c}'`, `categories: ${CATEGORY_KEYS.join(', ')}`);
        if (!categories.includes(code)) categories.push(code);
      }
      categories.sort((a, b) => a - b);
    } else if (catText) throw usageError('an access reader has no --categories (it checks the establishment)');
    if (mode === 'merchant' && v.establishment !== undefined) throw usageError('--establishment is for access readers');
    const establishment = mode === 'access' ? intOption(v, 'establishment', 1) : undefined;
    const validDays = intOption(v, 'valid-days', 365, 1, 3650);
    const clockText = str(v, 'clock') ?? DEFAULT_CLOCK;
    const clock = parseWhen(clockText);
    if (clock === null) throw usageError(`--clock: '${clockText}' is not YYYY-MM-DD, YYYY-MM-DDTHH:MM or an ISO instant`);
    const name = str(v, 'name') ?? slug(partnerName);
    if (!/^[a-z0-9][a-z0-9._-]*$/i.test(name)) throw usageError(`--name '${name}': use letters, digits, '-', '_' and '.'`);
    const state = stateOf(ctx);
    withState(() => state.readIssuer());
    if (state.hasReader(name)) throw usageError(`a reader '${name}' exists already in ${state.readersDir}: choose another --name`);
    const { createStateReader } = await import('../../scenario/world.js');
    const { meta } = withState(() =>
      createStateReader(state, crypto(), {
        name, partnerName, mode, categories, validDays, clock, progress: (s) => ctx.out.progress(s),
        ...(establishment !== undefined ? { establishment } : {}),
      }),
    );
    ctx.out.clearProgress();
    ctx.out.heading(`Reader ${meta.name}`);
    ctx.out.fields([
      ['partner', `${meta.partnerName} (partner ${meta.partnerId})`],
      ['mode', meta.mode === 'merchant' ? `merchant, categories ${meta.categories.map(categoryKey).join(', ')}` : `access, establishment ${meta.establishment}`],
      ['reader id', meta.readerId],
      ['public key', meta.publicKey],
      ['certificate', `valid ${parisDate(meta.notBefore)} to ${parisDate(meta.notAfter)}`],
      ['clock', `${parisTime(Math.floor(meta.clockMs / 1000))} Paris`],
      ['denylist', meta.denylistVersion ? `version ${meta.denylistVersion}` : 'none'],
      ['flash', `${state.readerDir(meta.name)}/flash.bin (${meta.flash.pageCount} x ${meta.flash.pageSize} bytes)`],
    ]);
    ctx.out.line('', `Next: passreader sim --reader ${meta.name}${state.root.endsWith('.sim-state') ? '' : ` --state ${state.root}`}`);
    return 0;
  },
};
