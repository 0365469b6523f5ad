/**
 * The receipt as a till or back office reads it: named fields, times as Date, ids as hex, the
 * benefit's label and unit, the partner and holder names from the verified certificates.
 */
import { toHex } from '../../protocol/bytes/hex.js';
import { Kind } from '../../protocol/catalogue/codes.js';
import { benefitLabel } from '../../protocol/catalogue/labels.js';
import { categoryOf, kindOf } from '../../protocol/catalogue/table.js';
import type { CardCertificate } from '../../protocol/signed/card-cert.js';
import type { ReaderCertificate } from '../../protocol/signed/reader-cert.js';
import type { Receipt as ReceiptBody } from '../../protocol/signed/receipt.js';

/** Language of labels. */
export type Lang = 'fr' | 'en';

/** How a benefit counts: euro cents, tickets, or uses of an entitlement. */
export type AmountUnit = 'cents' | 'units' | 'uses' | 'unknown';

/** The unit of a benefit code, from the catalogue. */
export function unitOf(benefit: number): AmountUnit {
  const k = kindOf(benefit);
  return k === Kind.CENTS ? 'cents' : k === Kind.UNITS ? 'units' : k === Kind.ENTITLEMENT ? 'uses' : 'unknown';
}

/** A verified receipt. */
export interface Receipt {
  /** The receipt envelope (spec §5.8), with the reader certificate attached by the SDK. */
  bytes: Uint8Array;
  /** SHA-256 of the core envelope, hex: the next receipt of this reader carries it as `prev`. */
  hash: string;
  /** Reader id, hex (16 characters). */
  readerId: string;
  /** Sequence number of the receipt on its reader, from 1. */
  seq: number;
  /** Hash of the previous receipt of this reader, hex (64 zeros for seq 1). */
  prev: string;
  /** Time of the debit (reader clock). */
  time: Date;
  /** Card id, hex (16 characters). */
  cardId: string;
  /** The card's transaction counter after the debit. */
  cardCounter: number;
  /** The card's previous transaction time, null when it had none. */
  cardTime: Date | null;
  /** Benefit code (spec §7). */
  benefit: number;
  /** Benefit label in the chosen language. */
  benefitLabel: string;
  /** Category code of the benefit (0 when the benefit is not in this catalogue). */
  category: number;
  /** Campaign of the debited wallet (2024 = 2024/2025). */
  campaign: number;
  /** Amount debited, in `unit`. */
  amount: number;
  /** Unit of `amount` and `balanceAfter`. */
  unit: AmountUnit;
  /** Balance of the wallet after the debit (for entitlements: uses so far). */
  balanceAfter: number;
  /** Cents the holder pays the partner on top (cinema co-payment), when any. */
  copay?: number;
  /** The till's reference, when given. */
  reference?: string;
  /** The request id of the debit, hex. */
  requestId: string;
  /** 'debit', or 'recovered' when completed from the card's last proof on a later tap. */
  kind: 'debit' | 'recovered';
  /** Holder display name (card certificate). */
  holderName: string;
  /** Holder's establishment code (card certificate). */
  establishment: number;
  /** Partner code (reader certificate). */
  partnerId: number;
  /** Partner display name (reader certificate). */
  partnerName: string;
}

/** Build the Receipt view of a verified receipt. */
export function receiptView(
  bytes: Uint8Array,
  hash: Uint8Array,
  r: ReceiptBody,
  reader: ReaderCertificate,
  card: CardCertificate,
  lang: Lang,
): Receipt {
  const out: Receipt = {
    bytes,
    hash: toHex(hash),
    readerId: toHex(r.readerId),
    seq: r.seq,
    prev: toHex(r.prev),
    time: new Date(r.time * 1000),
    cardId: toHex(r.cardId),
    cardCounter: r.cardCounter,
    cardTime: r.cardTime === 0 ? null : new Date(r.cardTime * 1000),
    benefit: r.benefit,
    benefitLabel: benefitLabel(r.benefit, lang),
    category: categoryOf(r.benefit),
    campaign: r.campaign,
    amount: r.amount,
    unit: unitOf(r.benefit),
    balanceAfter: r.balanceAfter,
    requestId: toHex(r.requestId),
    kind: r.kind === 2 ? 'recovered' : 'debit',
    holderName: card.holderName,
    establishment: card.establishment,
    partnerId: reader.partnerId,
    partnerName: reader.partnerName,
  };
  if (r.copay !== undefined) out.copay = r.copay;
  if (r.reference !== undefined) out.reference = r.reference;
  return out;
}
