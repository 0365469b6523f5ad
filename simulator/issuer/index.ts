/** The dev issuer: deterministic keys, cards for holder profiles, reader certificates, denylists, duplicates. */
export type { IssueCardOptions, ReaderCertificateOptions, ReaderKey, Duplicate, Issuer } from './issuer.js';
export { createIssuer } from './issuer.js';
export type { ProfileName } from './profiles.js';
export { PROFILES, profileOf } from './profiles.js';
export { derive, seedBytes } from './keys.js';
export type { HolderProfile } from './entitlements.js';
export { entitlementsFor } from './entitlements.js';
