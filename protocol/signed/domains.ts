/**
 * Signing domains: each kind of signed object has an ASCII domain-separation
 * tag, prefixed to the body bytes before signing, so a signature made for one
 * kind can never be taken for another. Tags end with a NUL byte.
 */
import { Status } from '../status.js';
import { utf8Encode } from '../bytes/utf8.js';

/** One kind of signed object: its tag and the status reported when it does not verify. */
export interface SignedDomain {
  /** Domain-separation tag: ASCII text ending with a NUL byte. */
  tag: Uint8Array;
  /** Status code reported when such an object does not open (bad signature, malformed). */
  invalid: number;
  /** True when the envelope may carry an unsigned attachment (key 3). */
  attachment: boolean;
}

/** A domain (the tag text also names the kind in messages: no separate name to carry in the firmware). */
function domain(text: string, invalid: number, attachment: boolean): SignedDomain {
  return { tag: utf8Encode(text + '\u0000'), invalid: invalid, attachment: attachment };
}

/** Card certificate, signed by the issuer root: "PR1/card-cert\0". */
export const CARD_CERT_DOMAIN = domain('PR1/card-cert', Status.CARD_NOT_AUTHENTIC, false);
/** Reader certificate, signed by the issuer root: "PR1/reader-cert\0". */
export const READER_CERT_DOMAIN = domain('PR1/reader-cert', Status.CERTIFICATE_INVALID, false);
/** Denylist part, signed by the issuer root: "PR1/denylist\0". */
export const DENYLIST_DOMAIN = domain('PR1/denylist', Status.DENYLIST_INVALID, false);
/** Card proof of a debit, signed by the card key: "PR1/card-proof\0". */
export const CARD_PROOF_DOMAIN = domain('PR1/card-proof', Status.CARD_NOT_AUTHENTIC, false);
/** Receipt, signed by the reader key; may carry the reader certificate as attachment: "PR1/receipt\0". */
export const RECEIPT_DOMAIN = domain('PR1/receipt', Status.RECEIPT_INVALID, true);
