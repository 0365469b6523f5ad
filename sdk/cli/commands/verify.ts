/** `passreader verify`: check exported receipts offline against the issuer root. */
import { readFileSync } from 'node:fs';
import type { CliCommand } from '../../../simulator/cli/command.js';
import { CliError, STATE_OPTION, usageError } from '../../../simulator/cli/command.js';
import { issuerRootOf } from '../connect.js';

/** Receipt envelopes found in a file: JSON (objects with `bytes`, hex strings, arrays of either) or hex text. */
export function receiptsIn(text: string): Uint8Array[] {
  const hex = (s: string, where: string) => {
    const h = s.replace(/\s+/g, '');
    if (!/^([0-9a-fA-F]{2})+$/.test(h)) throw new Error(`${where} is not hex`);
    return new Uint8Array(Buffer.from(h, 'hex'));
  };
  const t = text.trim();
  if (t.startsWith('[') || t.startsWith('{') || t.startsWith('"')) {
    let v: unknown;
    try {
      v = JSON.parse(t);
    } catch (e) {
      throw new Error(`not valid JSON (${(e as Error).message})`);
    }
    const items = Array.isArray(v) ? v : [v];
    return items.map((item, i) => {
      if (typeof item === 'string') return hex(item, `entry ${i}`);
      if (item && typeof item === 'object' && typeof (item as { bytes?: unknown }).bytes === 'string') return hex((item as { bytes: string }).bytes, `entry ${i} 'bytes'`);
      throw new Error(`entry ${i} is neither a hex string nor an object with 'bytes' (from 'passreader journal --json')`);
    });
  }
  return t.split(/\s+/).filter(Boolean).map((s, i) => hex(s, `receipt ${i}`));
}

export const command: CliCommand = {
  name: ['verify'],
  summary: 'verify exported receipts (journal --json, debit --json, or hex) against the issuer root',
  usage: 'FILE... [--issuer-root HEX | --state DIR] [--quiet]',
  description:
    'Each FILE holds receipts as JSON (the output of journal --json or debit --json: objects with the signed\n' +
    "'bytes' in hex, or an array of hex strings) or as hex text, one receipt per line. Each receipt is checked\n" +
    'offline (issuer root -> reader certificate -> receipt signature, card certificate and proof); the receipts\n' +
    'of one file that come from one reader are also checked as a chain (sequence numbers, previous hashes).\n' +
    'Exit code 0 when everything verifies, 1 otherwise (the failing receipt index and the reason on stderr).',
  examples: [
    'passreader verify receipts.json',
    'passreader verify --state /tmp/demo receipts.json more.json',
    'passreader verify --issuer-root 8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c receipts.hex',
  ],
  options: [
    { name: 'issuer-root', type: 'string', value: 'HEX', description: "the Region's root public key (default: the state directory's issuer)" },
    STATE_OPTION,
    { name: 'quiet', type: 'boolean', description: 'print nothing on success' },
  ],
  positionals: Array<string>(1024).fill('FILE'),
  async run(ctx) {
    if (ctx.positionals.length === 0) throw usageError("'passreader verify' needs at least one FILE", "see 'passreader verify --help'");
    const root = issuerRootOf(ctx);
    if (!root) throw usageError('no issuer root: pass --issuer-root HEX', "or --state DIR with the dev issuer ('passreader issuer init')");
    const { verifyReceipt, verifyChain } = await import('../../receipts/verify.js');
    const { DeviceStatusError } = await import('../../errors.js');
    const { receiptAmount } = await import('../show.js');
    let failures = 0;
    let total = 0;
    for (const file of ctx.positionals) {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (e) {
        throw new CliError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, 1);
      }
      let receipts: Uint8Array[];
      try {
        receipts = receiptsIn(text);
      } catch (e) {
        ctx.out.error(`${file}: FAILED: ${(e as Error).message}`);
        failures++;
        continue;
      }
      total += receipts.length;
      const ok: Array<{ readerId: string }> = [];
      receipts.forEach((bytes, i) => {
        try {
          const r = verifyReceipt(bytes, { issuerRoot: root });
          ok.push(r);
          if (ctx.values.quiet !== true) ctx.out.line(`${file}[${i}]: ok  reader ${r.readerId} seq ${r.seq}, ${r.benefitLabel}, ${receiptAmount(r, r.amount)}, ${r.holderName}`);
        } catch (e) {
          failures++;
          const why = e instanceof DeviceStatusError ? `${e.message} (${e.name})` : (e as Error).message;
          ctx.out.error(`${file}[${i}]: FAILED: ${why}`);
        }
      });
      // A chain check when every receipt of the file verified and they come from one reader.
      if (receipts.length > 1 && ok.length === receipts.length && new Set(ok.map((r) => r.readerId)).size === 1) {
        const chain = verifyChain(receipts, { issuerRoot: root });
        if (!chain.ok) {
          failures++;
          ctx.out.error(`${file}[${chain.index}]: FAILED chain check: ${chain.message}`);
        }
      }
    }
    if (failures > 0) {
      ctx.out.error(`${failures} problem${failures === 1 ? '' : 's'} in ${total} receipt${total === 1 ? '' : 's'}`);
      return 1;
    }
    if (ctx.values.quiet !== true) ctx.out.line(`all ${total} receipt${total === 1 ? '' : 's'} verified`);
    return 0;
  },
};
