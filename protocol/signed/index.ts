/** Signed objects of protocol v1 (spec §5): envelope, certificates, denylists, card proofs, receipts, verification. */
export type { SignedDomain } from './domains.js';
export { CARD_CERT_DOMAIN, READER_CERT_DOMAIN, DENYLIST_DOMAIN, CARD_PROOF_DOMAIN, RECEIPT_DOMAIN } from './domains.js';
export { Size, UINT_MAX, readBody, isUint, isBytes, isMap } from './fields.js';
export type { EnvelopeParts, Opened } from './envelope.js';
export { EnvelopeKey, signingInput, parseEnvelope, buildEnvelope, seal, sealBytes, open } from './envelope.js';
export type { OpenedObject } from './typed.js';
export { openTyped } from './typed.js';
export type { CardCertificate } from './card-cert.js';
export { CardCertKey, CARD_CERT_FIELDS, encodeCardCertificate, decodeCardCertificate, sealCardCertificate, openCardCertificate } from './card-cert.js';
export type { ReaderCertificate } from './reader-cert.js';
export {
  ReaderMode, ReaderCertKey, READER_CERT_FIELDS, readerIdOf, encodeReaderCertificate, decodeReaderCertificate,
  sealReaderCertificate, openReaderCertificate, certificateCovers, certificateAgrees,
} from './reader-cert.js';
export type { DenylistEntry, DenylistPart } from './denylist.js';
export {
  DenyKind, DenylistKey, DenylistEntryIndex, DENYLIST_FIELDS, DENYLIST_PART_MAX_BYTES, compareCardIds,
  decodeDenylistEntry, encodeDenylistEntry, encodeDenylistPart, decodeDenylistPart, sealDenylistPart,
  openDenylistPart, splitDenylist,
} from './denylist.js';
export type { CardProof } from './card-proof.js';
export { CHALLENGE_LENGTH, CardProofKey, CARD_PROOF_FIELDS, encodeCardProof, decodeCardProof, sealCardProof, openCardProof } from './card-proof.js';
export type { Receipt } from './receipt.js';
export {
  RECEIPT_VERSION, RECEIPT_HASH_LENGTH, ReceiptKind, ReceiptKey, RECEIPT_FIELDS, encodeReceipt, decodeReceipt,
  sealReceipt, openReceipt, receiptCore, attachReaderCertificate, receiptHash,
} from './receipt.js';
export type { VerifyReceiptOptions, ReceiptStep, ReceiptVerification } from './verify.js';
export { proofMatchesReceipt, openMerchantCertificate, verifyReceiptWith, verifyReceipt } from './verify.js';
export type { ChainProblem, VerifyChainOptions, ChainVerification } from './chain.js';
export { verifyChain } from './chain.js';
