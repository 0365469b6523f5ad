/** `passreader journal`: export the reader's journal (receipts or passages), verifying the receipt chain. */
import { writeFileSync } from 'node:fs';
import type { CliCommand } from '../../../simulator/cli/command.js';
import { CliError, usageError } from '../../../simulator/cli/command.js';
import { intOption, str } from '../../../simulator/cli/args.js';
import { TRANSPORT_HELP, TRANSPORT_OPTIONS, withReader } from '../connect.js';

export const command: CliCommand = {
  name: ['journal'],
  summary: "export the reader's journal (receipts verified as a hash chain, or passages)",
  usage: '[--since N] [--kind receipts|passages] [--csv | --json] [--output FILE] [--ack] [transport]',
  description:
    'Reads every retained entry from --since on. Receipts are verified one by one and as a chain (sequence\n' +
    'numbers and previous-hash links); a broken chain is reported and the exit code is 1. --json writes\n' +
    "receipts with their signed bytes in hex, which 'passreader verify' checks again later. --ack acknowledges\n" +
    'the entries read (the reader may then reuse their space): only once the export is stored safely, so\n' +
    'it needs --output.\n\n' + TRANSPORT_HELP,
  examples: [
    'passreader journal',
    'passreader journal --json --output receipts.json && passreader verify receipts.json',
    'passreader journal --sim --state /tmp/demo --csv',
    'passreader journal --kind passages --since 120 --json',
    'passreader journal --csv --output receipts.csv --ack',
  ],
  options: [
    { name: 'since', type: 'string', value: 'N', description: 'first sequence number (default 0: the oldest retained)' },
    { name: 'kind', type: 'string', value: 'KIND', description: 'receipts (merchant readers, default) or passages (access readers)' },
    { name: 'csv', type: 'boolean', description: 'CSV (RFC 4180) on stdout or --output' },
    { name: 'json', type: 'boolean', description: 'JSON on stdout or --output' },
    { name: 'output', type: 'string', value: 'FILE', description: 'write the export to FILE instead of stdout' },
    { name: 'ack', type: 'boolean', description: 'acknowledge the entries read, after the export is written (needs --output)' },
    ...TRANSPORT_OPTIONS,
  ],
  async run(ctx) {
    const v = ctx.values;
    const since = intOption(v, 'since', 0);
    const kind = str(v, 'kind') ?? 'receipts';
    if (kind !== 'receipts' && kind !== 'passages') throw usageError(`--kind must be receipts or passages (got '${kind}')`);
    if (v.csv === true && v.json === true) throw usageError('give --csv or --json, not both');
    const output = str(v, 'output');
    if (v.ack === true && output === undefined) throw usageError('--ack needs --output FILE: acknowledge only what is stored safely');
    return withReader(ctx, this, { needsRoot: kind === 'receipts' }, async (c) => {
      const page = await c.reader.journal({ since, kind });
      const ex = await import('../../receipts/export.js');
      let text: string | null = null;
      if (kind === 'receipts') {
        if (v.json === true) {
          const rows = page.receipts.map(ex.receiptToJson);
          // Receipts after a chain problem did not verify: keep their bytes so they can be examined.
          for (let i = page.receipts.length; i < page.raw.length; i++) rows.push({ bytes: Buffer.from(page.raw[i]).toString('hex'), verified: false });
          text = JSON.stringify(rows, null, 2) + '\n';
        } else if (v.csv === true) text = ex.receiptsToCsv(page.receipts);
      } else if (v.json === true) text = ex.passagesToJson(page.passages) + '\n';
      else if (v.csv === true) text = ex.passagesToCsv(page.passages);
      if (text === null) {
        printPage(ctx.out, page);
      } else if (output !== undefined) {
        try {
          writeFileSync(output, text);
        } catch (e) {
          throw new CliError(`cannot write ${output}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, 1);
        }
      } else {
        ctx.out.stdout.write(text);
      }
      const n = kind === 'receipts' ? page.raw.length : page.passages.length;
      const chain = page.chain;
      if (chain && !chain.ok) {
        ctx.out.error(`chain check FAILED: ${chain.message}`);
        return 1;
      }
      ctx.out.error(`${n} ${kind} read from ${since}${kind === 'receipts' && n ? ', chain verified' : ''}; newest ${page.last}, acknowledged up to ${page.acknowledged}${output ? `; written to ${output}` : ''}`);
      if (v.ack === true && n > 0) {
        const upTo = await c.reader.acknowledge(page.next - 1, { kind });
        ctx.out.error(`acknowledged up to ${upTo}`);
      }
      return 0;
    });
  },
};

type Page = Awaited<ReturnType<import('../../reader/reader.js').Reader['journal']>>;

/** The journal as a table. */
function printPage(out: import('../../../simulator/cli/output.js').Out, page: Page): void {
  if (page.kind === 'passages') {
    if (page.passages.length === 0) return out.line('  (no passage)');
    out.table(
      ['seq', 'time', 'result', 'card', 'holder'],
      page.passages.map((p) => [String(p.seq ?? ''), p.time.toISOString(), p.allowed ? 'allowed' : `refused ${p.reasonName}`, p.cardId ?? '', p.holderName ?? '']),
      'r',
    );
    return;
  }
  if (page.receipts.length === 0) return out.line('  (no receipt)');
  out.table(
    ['seq', 'time', 'benefit', 'amount', 'balance', 'holder', 'reference'],
    page.receipts.map((r) => [String(r.seq), r.time.toISOString(), r.benefitLabel, String(r.amount), String(r.balanceAfter), r.holderName, r.reference ?? '']),
    'rllrr',
  );
}
