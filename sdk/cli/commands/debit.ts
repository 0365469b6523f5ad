/** `passreader debit`: debit a benefit; the holder taps and types the PIN on the reader; prints the verified receipt. */
import type { CliCommand } from '../../../simulator/cli/command.js';
import { usageError } from '../../../simulator/cli/command.js';
import { str } from '../../../simulator/cli/args.js';
import { HOLDER_OPTIONS, TRANSPORT_HELP, TRANSPORT_OPTIONS, withReader } from '../connect.js';

/** '12.50', '12,5', '12' -> cents; null when not an amount. */
export function parseCents(s: string): number | null {
  const m = /^(\d{1,7})(?:[.,](\d{1,2}))?$/.exec(s.trim());
  if (!m) return null;
  return Number(m[1]) * 100 + (m[2] ? Number(m[2].padEnd(2, '0')) : 0);
}

export const command: CliCommand = {
  name: ['debit'],
  summary: 'debit a benefit (the holder taps and types the PIN on the reader); prints the verified receipt',
  usage: '--benefit NAME (--units N | --amount EUROS) [--reference REF] [--request-id HEX] [--json] [transport] [--tap CARD --pin PIN]',
  description:
    'Progress (waiting for the card, PIN digits, processing) goes to stderr, the receipt to stdout. The receipt\n' +
    'is verified against the issuer root before it is printed. Retrying with the same --request-id never\n' +
    'debits twice: the reader answers the journalled receipt ("replayed").\n' +
    'Benefit names: cinema, shows, books, first-equipment... (passreader issuer profiles lists the catalogue).\n\n' +
    TRANSPORT_HELP + '\nWith --sim the holder is simulated: --tap CARD taps that card when the reader asks for one and\n' +
    '--pin PIN types the PIN (then #) when it asks for it.',
  examples: [
    'passreader debit --benefit cinema --units 1 --reference T-1042',
    'passreader debit --benefit first-equipment --amount 42.50 --reference INV-7 --json',
    'passreader debit --sim --state /tmp/demo --benefit cinema --units 1 --tap camille --pin 1234',
    'passreader debit --bridge ws://127.0.0.1:8080/bridge --benefit books --amount 12.50',
  ],
  options: [
    { name: 'benefit', type: 'string', value: 'NAME', required: true, description: 'benefit name or code (cinema, shows, books, ...)' },
    { name: 'units', type: 'string', value: 'N', description: 'tickets to debit (unit benefits; entitlements: 1)' },
    { name: 'amount', type: 'string', value: 'EUROS', description: 'amount in euros, e.g. 12.50 (money benefits)' },
    { name: 'reference', type: 'string', value: 'REF', description: "the till's reference (1 to 64 bytes), copied into the receipt" },
    { name: 'request-id', type: 'string', value: 'HEX', description: 'request id, 1 to 32 bytes in hex (default: random; printed, keep it to retry)' },
    { name: 'json', type: 'boolean', description: 'print the receipt as JSON (with its signed bytes in hex)' },
    ...TRANSPORT_OPTIONS,
    ...HOLDER_OPTIONS,
  ],
  async run(ctx) {
    const v = ctx.values;
    const { benefitCode } = await import('../../../simulator/scenario/names.js');
    const { kindOf } = await import('../../../protocol/catalogue/table.js');
    const name = str(v, 'benefit') as string;
    const benefit = benefitCode(name);
    if (benefit === null) {
      const { BENEFIT_KEYS } = await import('../../../simulator/scenario/names.js');
      throw usageError(`unknown benefit '${name}'`, `benefits: ${BENEFIT_KEYS.join(', ')}`);
    }
    const unitsText = str(v, 'units');
    const amountText = str(v, 'amount');
    if (unitsText !== undefined && amountText !== undefined) throw usageError('give --units or --amount, not both');
    const kind = kindOf(benefit);
    const request: { benefit: number; cents?: number; units?: number; reference?: string; requestId?: string } = { benefit };
    if (amountText !== undefined) {
      const cents = parseCents(amountText);
      if (cents === null || cents === 0) throw usageError(`--amount must be euros such as 12.50 (got '${amountText}')`);
      request.cents = cents;
    } else if (unitsText !== undefined) {
      if (!/^\d{1,6}$/.test(unitsText) || Number(unitsText) === 0) throw usageError(`--units must be a whole number from 1 (got '${unitsText}')`);
      request.units = Number(unitsText);
    }
    const { Kind } = await import('../../../protocol/catalogue/codes.js');
    if (kind === Kind.CENTS && request.cents === undefined) throw usageError(`'${name}' is counted in euros: give --amount EUROS`);
    if (kind !== Kind.CENTS && request.cents !== undefined) throw usageError(`'${name}' is counted in units: give --units N`);
    if (kind === Kind.UNITS && request.units === undefined) throw usageError(`'${name}' is counted in tickets: give --units N`);
    const reference = str(v, 'reference');
    if (reference !== undefined) {
      const n = Buffer.byteLength(reference, 'utf8');
      if (n < 1 || n > 64) throw usageError(`--reference must be 1 to 64 bytes of UTF-8 (got ${n})`);
      request.reference = reference;
    }
    const rid = str(v, 'request-id');
    if (rid !== undefined) {
      if (!/^([0-9a-fA-F]{2}){1,32}$/.test(rid)) throw usageError('--request-id must be 1 to 32 bytes in hex');
      request.requestId = rid.toLowerCase();
    }
    return withReader(ctx, this, { needsRoot: true, holder: true }, async (c) => {
      request.requestId ??= c.reader.newRequestId();
      ctx.out.error(`request id ${request.requestId} (retry with --request-id ${request.requestId} if the outcome is unknown)`);
      const r = await c.reader.debit(request, { onProgress: c.onProgress, ...(c.signal ? { signal: c.signal } : {}) });
      ctx.out.clearProgress();
      if (v.json === true) {
        const { receiptToJson } = await import('../../receipts/export.js');
        ctx.out.line(JSON.stringify(receiptToJson(r), null, 2));
        return 0;
      }
      const { printReceipt } = await import('../show.js');
      ctx.out.heading(r.replayed ? 'Receipt (replayed: this request was already debited, nothing new)' : 'Receipt');
      printReceipt(ctx.out, r);
      return 0;
    });
  },
};
