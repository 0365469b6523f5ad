/** The simulator's state directory: dev issuer, cards, readers and denylists that persist across runs. */
export { writeAtomic, writeJsonAtomic } from './atomic.js';
export type { IssuerRecord, DenyEntryRecord, CardMeta, CardFile, ReaderMeta } from './records.js';
export { StateDir, StateError, DEFAULT_STATE_DIR, slug } from './store.js';
export type { StoredCard, StoredReader } from './store.js';
export { DEFAULT_SEED, initIssuer, issuerOf, issuerRoot, issueStoredCard, denyEntry, publishDenylist, nextPartnerId } from './issuer.js';
