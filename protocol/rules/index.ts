/** The debit rules (spec §7): wallets, amounts, wallet choice, agreement, denylist, the full authorization. */
export type { Wallet } from './wallet.js';
export { MAX_U32, WalletFlag, walletValidAt } from './wallet.js';
export { checkAmountShape, checkAmount, applyDebit } from './amount.js';
export type { WalletChoice } from './select.js';
export { spentBefore, selectWallet } from './select.js';
export { checkReaderUsable, checkAgreement, checkCollective } from './agreement.js';
export type { DenyEntry } from './denylist.js';
export { DenyKind, sameCardId, checkDenylist } from './denylist.js';
export type { DebitQuery, DebitDecision } from './authorize.js';
export { authorizeDebit } from './authorize.js';
