/** The card command profile (spec §6): APDUs, status words, data fields, reader-side commands. */
export {
  PASS_AID, APPLET_VERSION, CLA_ISO, CLA_PROPRIETARY, Ins, CARD_ID_LENGTH, READER_ID_LENGTH, CHALLENGE_LENGTH,
  PIN_LENGTH, PIN_TRIES, WALLETS_PUBLIC, WALLETS_WITH_BALANCES, MAX_RESPONSE_DATA, READER_LE, MAX_COMMAND_DATA,
} from './constants.js';
export type { CommandApdu, ResponseApdu } from './apdu.js';
export { encodeCommand, parseCommand, encodeResponse, parseResponse } from './apdu.js';
export { Sw, SW_STATUS, swStatus, swTriesLeft, statusSw } from './sw.js';
export type { SwRow } from './sw-names.js';
export { SW_TABLE, swName } from './sw-names.js';
export {
  SelectKey, SELECT_FIELDS, WalletKey, WALLET_FIELDS, DebitKey, DEBIT_FIELDS, LastTransactionKey, LAST_TRANSACTION_FIELDS,
} from './fields.js';
export type { SelectData, WalletView, DebitRequest, LastTransaction } from './data.js';
export {
  encodeSelectData, decodeSelectData, encodeWallets, decodeWallets, encodeDebitRequest, decodeDebitRequest,
  encodeLastTransaction, decodeLastTransaction, encodePin, isPinData,
} from './data.js';
export { CARD_AUTH_TAG, cardAuthInput, verifyCardAuth } from './auth.js';
export {
  selectCommand, getResponseCommand, getCardDataCommand, internalAuthenticateCommand, verifyPinCommand,
  pinStatusCommand, readWalletsCommand, debitCommand, getLastTransactionCommand, continuation,
} from './commands.js';
