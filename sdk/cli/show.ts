/** Output pieces shared by the host commands: the reader certificate, receipts, wallets. */
import { toHex } from '../../protocol/bytes/hex.js';
import { parseEnvelope } from '../../protocol/signed/envelope.js';
import { decode } from '../../protocol/cbor/decode.js';
import { decodeReaderCertificate, openReaderCertificate, type ReaderCertificate } from '../../protocol/signed/reader-cert.js';
import { Status } from '../../protocol/status.js';
import { defaultCrypto } from '../crypto/index.js';
import type { Receipt } from '../receipts/receipt.js';
import type { WalletView } from '../reader/views.js';
import { formatAmount } from '../status-messages.js';
import type { Out } from '../../simulator/cli/output.js';
import { benefitKey, categoryKey } from '../../simulator/scenario/names.js';

/** What the reader certificate says, and whether it verified. */
export interface CertificateSummary {
  present: boolean;
  /** 'verified', 'invalid', 'not checked' (no issuer root) or 'none'. */
  check: string;
  partnerId?: number;
  partnerName?: string;
  categories?: string[];
  establishment?: number;
  notBefore?: string;
  notAfter?: string;
  /** label/value lines for `fields`. */
  lines: Array<[string, string]>;
}

/** Summarise a reader certificate envelope (verified against `root` when given). */
export function describeCertificate(bytes: Uint8Array | undefined, root: Uint8Array | null): CertificateSummary {
  if (!bytes) return { present: false, check: 'none', lines: [['certificate', 'none (not provisioned)']] };
  let cert: ReaderCertificate | null = null;
  let check = 'not checked (no issuer root)';
  if (root) {
    const o = openReaderCertificate(bytes, root, defaultCrypto());
    cert = o.status === Status.OK ? o.value ?? null : null;
    check = cert ? 'verified against the issuer root' : 'INVALID for this issuer root';
  }
  if (!cert) {
    try {
      cert = decodeReaderCertificate(decode(parseEnvelope(bytes, false).body as Uint8Array) as never);
    } catch {
      cert = null;
    }
  }
  if (!cert) return { present: true, check, lines: [['certificate', check]] };
  const iso = (t: number) => new Date(t * 1000).toISOString();
  const categories = cert.categories.map(categoryKey);
  return {
    present: true, check, partnerId: cert.partnerId, partnerName: cert.partnerName, categories,
    ...(cert.establishment !== undefined ? { establishment: cert.establishment } : {}),
    notBefore: iso(cert.notBefore), notAfter: iso(cert.notAfter),
    lines: [
      ['partner', `${cert.partnerName} (#${cert.partnerId})`],
      ...(categories.length ? [['categories', categories.join(', ')] as [string, string]] : []),
      ...(cert.establishment !== undefined ? [['establishment', String(cert.establishment)] as [string, string]] : []),
      ['certificate', `${check}, valid ${iso(cert.notBefore).slice(0, 10)} to ${iso(cert.notAfter).slice(0, 10)}`],
    ],
  };
}

/** An amount in a receipt's unit ('12.50 €', '1 unit', '3 uses'). */
export function receiptAmount(r: Pick<Receipt, 'benefit' | 'unit'>, n: number): string {
  if (r.unit === 'uses') return `${n} use${n === 1 ? '' : 's'}`;
  return formatAmount(n, r.benefit);
}

/** Print a receipt as label/value fields. */
export function printReceipt(out: Out, r: Receipt): void {
  out.fields([
    ['reader', `${r.readerId} seq ${r.seq}`],
    ['time', r.time.toISOString()],
    ['partner', r.partnerName],
    ['holder', `${r.holderName} (card ${r.cardId})`],
    ['benefit', `${benefitKey(r.benefit)}: ${r.benefitLabel} (campaign ${r.campaign})`],
    ['amount', receiptAmount(r, r.amount)],
    ['balance after', receiptAmount(r, r.balanceAfter)],
    ...(r.copay ? [['holder pays', `${(r.copay / 100).toFixed(2)} €`] as [string, string]] : []),
    ...(r.reference !== undefined ? [['reference', r.reference] as [string, string]] : []),
    ['request id', r.requestId],
    ['hash', r.hash],
    ['verified', 'yes (issuer root, reader and card signatures)'],
  ]);
}

/** Print wallets (BALANCE) as a table. */
export function printWalletViews(out: Out, wallets: WalletView[]): void {
  if (wallets.length === 0) return out.line('  (no wallet)');
  out.table(
    ['benefit', 'label', 'balance', 'campaign', 'valid until', 'state'],
    wallets.map((w) => [
      benefitKey(w.benefit),
      w.benefitLabel,
      w.balance === undefined ? '?' : w.kind === 'entitlement' ? `${w.balance} used` : formatAmount(w.balance, w.benefit),
      String(w.campaign),
      new Date(w.validUntil.getTime() - 1000).toISOString().slice(0, 10),
      w.suspended ? 'suspended' : w.singleUse ? 'single use' : 'ok',
    ]),
    'llrlll',
  );
}

/** Bytes as lower-case hex (re-exported for the commands). */
export { toHex };
