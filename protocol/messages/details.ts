/**
 * Details of failing responses (response key 3, spec §3.3): one schema per
 * status code that carries details. Other statuses carry none.
 */
import { FieldType as T, FieldFlag as F, FieldBits as B } from './schema.js';
import type { Schema } from './schema.js';
import { Status } from '../status.js';
import { Limit } from './limits.js';

/** BAD_REQUEST: the key of the offending argument (absent when the envelope itself is at fault). */
export const BAD_REQUEST_DETAILS: Schema = { field: 1 | F.OPTIONAL | T.UINT | Limit.CODE * B.LIMIT };
/** MESSAGE_TOO_LONG: the largest message the reader accepts. */
export const MESSAGE_TOO_LONG_DETAILS: Schema = { maxMessage: 1 | F.REQUIRED | T.UINT };
/** CARD_ERROR: the card's status word when it answered one. */
export const CARD_ERROR_DETAILS: Schema = { sw: 1 | F.OPTIONAL | T.UINT | 0xffff * B.LIMIT };
/** WRONG_PIN: PIN tries left before the PIN blocks. */
export const WRONG_PIN_DETAILS: Schema = { triesLeft: 1 | F.REQUIRED | T.UINT | Limit.CODE * B.LIMIT };
/** INSUFFICIENT_BALANCE: the balance available for the benefit (cents or units). */
export const INSUFFICIENT_BALANCE_DETAILS: Schema = { balance: 1 | F.REQUIRED | T.UINT };
/** BENEFIT_EXPIRED: end of validity of the latest wallet of the benefit. */
export const BENEFIT_EXPIRED_DETAILS: Schema = { validUntil: 1 | F.REQUIRED | T.UINT };
/** NOT_YET_VALID: start of validity of the earliest wallet of the benefit. */
export const NOT_YET_VALID_DETAILS: Schema = { validFrom: 1 | F.REQUIRED | T.UINT };
/** CARD_CLOCK_CONFLICT: the time of the card's last transaction. */
export const CARD_CLOCK_CONFLICT_DETAILS: Schema = { minimumTime: 1 | F.REQUIRED | T.UINT };
/** WRONG_MODE: the reader's current mode. */
export const WRONG_MODE_DETAILS: Schema = { mode: 1 | F.REQUIRED | T.UINT | Limit.CODE * B.LIMIT };
/** DENYLIST_OLDER: the version installed. */
export const DENYLIST_OLDER_DETAILS: Schema = { version: 1 | F.REQUIRED | T.UINT };
/** CLOCK_BACKWARDS: the earliest time the reader accepts (its last receipt's time). */
export const CLOCK_BACKWARDS_DETAILS: Schema = { minimumTime: 1 | F.REQUIRED | T.UINT };

const DETAILS: { [status: number]: Schema } = {};
DETAILS[Status.BAD_REQUEST] = BAD_REQUEST_DETAILS;
DETAILS[Status.MESSAGE_TOO_LONG] = MESSAGE_TOO_LONG_DETAILS;
DETAILS[Status.CARD_ERROR] = CARD_ERROR_DETAILS;
DETAILS[Status.WRONG_PIN] = WRONG_PIN_DETAILS;
DETAILS[Status.INSUFFICIENT_BALANCE] = INSUFFICIENT_BALANCE_DETAILS;
DETAILS[Status.BENEFIT_EXPIRED] = BENEFIT_EXPIRED_DETAILS;
DETAILS[Status.NOT_YET_VALID] = NOT_YET_VALID_DETAILS;
DETAILS[Status.CARD_CLOCK_CONFLICT] = CARD_CLOCK_CONFLICT_DETAILS;
DETAILS[Status.WRONG_MODE] = WRONG_MODE_DETAILS;
DETAILS[Status.DENYLIST_OLDER] = DENYLIST_OLDER_DETAILS;
DETAILS[Status.CLOCK_BACKWARDS] = CLOCK_BACKWARDS_DETAILS;

/** The details schema of `status`, or undefined when that status carries no details. */
export function detailsSchema(status: number): Schema | undefined {
  return DETAILS[status];
}
