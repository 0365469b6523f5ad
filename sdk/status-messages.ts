/**
 * One actionable sentence per status code (protocol/status.ts), for the person at the till.
 * `messageFor` fills in the details a response carried (tries left, balance, dates).
 */
import { Status, statusName } from '../protocol/status.js';
import { Kind } from '../protocol/catalogue/codes.js';
import { kindOf } from '../protocol/catalogue/table.js';

/** What a message may use besides the status: the response details and the call's context. */
export interface MessageContext {
  /** Details of the response, by field name (times already converted to Date). */
  details: Record<string, unknown>;
  /** The benefit the call was about, when known (formats balances as cents or units). */
  benefit?: number;
}

type Sentence = string | ((c: MessageContext) => string);

/** A money or unit amount for display: cents as euros, units and uses as counts. */
export function formatAmount(amount: number, benefit?: number): string {
  const kind = benefit === undefined ? -1 : kindOf(benefit);
  if (kind === Kind.UNITS) return `${amount} ${amount === 1 ? 'unit' : 'units'}`;
  if (kind === Kind.ENTITLEMENT) return `${amount} ${amount === 1 ? 'use' : 'uses'}`;
  if (kind === Kind.CENTS) return `${Math.floor(amount / 100)}.${String(amount % 100).padStart(2, '0')} €`;
  return String(amount);
}

/** A date as the holder reads it (Europe/Paris calendar date), ISO when Intl lacks time zones. */
export function formatDate(d: Date): string {
  try {
    return d.toLocaleDateString('en-GB', { timeZone: 'Europe/Paris', day: 'numeric', month: 'long', year: 'numeric' });
  } catch {
    return d.toISOString().slice(0, 10);
  }
}

function dateField(c: MessageContext, name: string, minusOneSecond = false): string {
  const v = c.details[name];
  if (!(v instanceof Date)) return 'an unknown date';
  return formatDate(minusOneSecond ? new Date(v.getTime() - 1000) : v);
}

const MODE_NAMES = ['unprovisioned', 'merchant', 'access'];

/** The sentences, by status code. */
const SENTENCES: { [code: number]: Sentence } = {
  [Status.OK]: 'Done.',
  [Status.BAD_REQUEST]: (c) =>
    `The reader refused a malformed request${c.details.field !== undefined ? ` (argument key ${String(c.details.field)})` : ''}: check the call's arguments, or update the till software.`,
  [Status.NON_CANONICAL]: 'The reader refused a request that was not canonically encoded: update the till software.',
  [Status.UNSUPPORTED_VERSION]: 'The reader speaks another protocol version: update the till software or the reader firmware.',
  [Status.UNKNOWN_COMMAND]: 'The reader does not know this command: update the reader firmware.',
  [Status.BUSY]: 'The reader is busy with another operation: wait for it to finish (or stop the access stream) and try again.',
  [Status.CANCELLED]: 'The operation was cancelled (on the reader keypad or by the till): nothing was debited.',
  [Status.TIMEOUT]: 'No card was presented or the PIN was not typed in time: start again when the holder is ready.',
  [Status.INTERNAL]: 'The reader hit an internal error: unplug it, plug it back in and try again.',
  [Status.MESSAGE_TOO_LONG]: (c) =>
    `The request is larger than the reader accepts (${String(c.details.maxMessage ?? '?')} bytes): send it in smaller parts.`,
  [Status.FRAME_INVALID]: 'A malformed USB packet was exchanged with the reader: check the cable or USB hub and try again.',
  [Status.FRAME_CRC]: 'A message to or from the reader was corrupted: check the cable or USB hub and try again.',
  [Status.FRAME_SEQUENCE]: 'USB packets to or from the reader were lost: check the cable or USB hub and try again.',
  [Status.FRAME_LENGTH]: "A message exceeded the reader's size limit: update the till software.",
  [Status.FRAME_CHANNEL]: 'Another program or browser tab took over the reader: close it, then reconnect.',
  [Status.FRAME_UNEXPECTED]: 'The reader received a stray USB packet: try again.',
  [Status.NO_CARD]: 'No card is on the reader: ask the holder to place the card on the reader.',
  [Status.CARD_REMOVED]: 'The card was taken away too early: ask the holder to put it back and hold it still until the reader says so.',
  [Status.CARD_NOT_AUTHENTIC]: "This card is not a genuine Pass'Région card: refuse it.",
  [Status.CARD_REVOKED]:
    'This card has been reported lost, stolen or replaced: refuse it; the holder must use their new card or contact the Region.',
  [Status.MULTIPLE_CARDS]: 'Several cards are on the reader: ask the holder to present only one card.',
  [Status.CARD_ERROR]: (c) =>
    `The card answered with an error${typeof c.details.sw === 'number' ? ` (status word ${c.details.sw.toString(16).padStart(4, '0')})` : ''}: ask the holder to tap again; if it persists the card may be damaged.`,
  [Status.CARD_UNSUPPORTED]: "This is not a Pass'Région card, or its version is not supported: ask for the holder's Pass'Région card.",
  [Status.WRONG_PIN]: (c) => {
    const n = typeof c.details.triesLeft === 'number' ? c.details.triesLeft : -1;
    if (n < 0) return 'Wrong PIN: the holder may try again.';
    if (n === 0) return "Wrong PIN: 0 tries left, the card's PIN is now blocked.";
    return `Wrong PIN: ${n} ${n === 1 ? 'try' : 'tries'} left, the holder may try again.`;
  },
  [Status.PIN_BLOCKED]:
    "This card's PIN is blocked after three wrong tries: the holder must unblock it from their online account.",
  [Status.PIN_REQUIRED]: "This operation needs the holder's PIN: start it again and let the holder type the PIN on the reader.",
  [Status.BENEFIT_SUSPENDED]: 'This benefit is suspended for this card: the holder should contact the Region.',
  [Status.INSUFFICIENT_BALANCE]: (c) =>
    typeof c.details.balance === 'number'
      ? `Not enough left on this benefit: at most ${formatAmount(c.details.balance, c.benefit)} can be debited in one go.`
      : 'Not enough left on this benefit: debit a smaller amount.',
  [Status.BENEFIT_EXPIRED]: (c) =>
    `This benefit is no longer valid (it could be used until ${dateField(c, 'validUntil', true)}): it cannot be used any more.`,
  [Status.NOT_YET_VALID]: (c) => `This benefit is not valid yet: it can be used from ${dateField(c, 'validFrom')}.`,
  [Status.NO_SUCH_BENEFIT]: 'The card holds no such benefit: check the benefit chosen on the till.',
  [Status.INVALID_AMOUNT]: 'The amount is not valid for this benefit: enter a whole positive amount (exactly 1 for an entitlement).',
  [Status.INDIVIDUAL_ONLY]: 'This benefit cannot be used for a group order: debit it for the holder alone.',
  [Status.CARD_CLOCK_CONFLICT]: (c) =>
    `The reader clock is behind this card's last transaction (${dateField(c, 'minimumTime')}): set the reader time with setTime() and try again.`,
  [Status.NOT_ELIGIBLE]: "The holder's profile is not eligible for this benefit: it cannot be used with this card.",
  [Status.ONLINE_ONLY]: "This benefit is used online only, never at a reader: the holder uses it on the partner's website.",
  [Status.CATEGORY_NOT_AGREED]:
    "This reader is not agreed for this benefit's category: choose another benefit, or ask the Region to extend the partner's agreement.",
  [Status.WRONG_MODE]: (c) =>
    `The reader is in ${typeof c.details.mode === 'number' ? (MODE_NAMES[c.details.mode] ?? `mode ${c.details.mode}`) : 'another'} mode and cannot do this: use a reader provisioned for this use.`,
  [Status.NOT_PROVISIONED]: 'The reader has no certificate yet: provision it with the certificate the Region issued for it.',
  [Status.CERTIFICATE_INVALID]:
    'The certificate was not issued by the Region for this reader: check that you install the certificate made for this reader id.',
  [Status.CERTIFICATE_EXPIRED]:
    "The reader's certificate is expired or not yet valid: check the reader clock, then install a current certificate from the Region.",
  [Status.DENYLIST_OLDER]: (c) =>
    `This denylist is older than the one installed (version ${String(c.details.version ?? '?')}): download the latest one from the Region.`,
  [Status.DENYLIST_INVALID]: 'The denylist does not verify: download it again from the Region.',
  [Status.CLOCK_NOT_SET]: "The reader clock is not set: call setTime() (it uses this computer's clock by default).",
  [Status.CLOCK_BACKWARDS]: (c) =>
    `This time is before the reader's last receipt (${dateField(c, 'minimumTime')}): check this computer's clock.`,
  [Status.JOURNAL_FULL]:
    "The reader's journal is full: read the receipts with journal(), store them, then acknowledge() them before the next debit.",
  [Status.TRANSACTION_NOT_FOUND]:
    'The reader has no receipt for this request id: the debit did not happen, or its receipt was already acknowledged.',
  [Status.REQUEST_ID_CONFLICT]:
    'This request id was already used for a different debit: retry with the same amount and reference, or use a new request id for a new debit.',
  [Status.STORAGE_ERROR]: "The reader's memory failed: stop using this reader and contact its supplier.",
  [Status.RECEIPT_INVALID]: 'A receipt does not verify: keep it, do not rely on it, and report it to the Region.',
  [Status.OTHER_ESTABLISHMENT]: 'This card belongs to another establishment: access refused.',
  [Status.DOUBLE_TAP]: 'This card was just let through here: a second passage is refused.',
};

/** Fallback sentences for codes this version does not know, by range (spec §4.2). */
function rangeSentence(code: number): string {
  const name = statusName(code);
  if (code <= 0x0f) return `The reader refused the request (${name}): update the till software.`;
  if (code <= 0x1f) return `USB link error (${name}): reconnect the reader and try again.`;
  if (code <= 0x2f) return `Card problem (${name}): ask the holder to tap again or to present another card.`;
  if (code <= 0x3f) return `PIN problem (${name}): the holder may try again.`;
  if (code <= 0x4f) return `The benefit cannot be debited (${name}): do not retry this debit.`;
  if (code <= 0x5f) return `The reader needs provisioning or a clock setting (${name}).`;
  if (code <= 0x6f) return `Journal or transaction problem (${name}): read and acknowledge the journal, and check the request id.`;
  if (code <= 0x7f) return `Access refused (${name}).`;
  return `The reader reported an error (${name}).`;
}

/** The actionable sentence for `code`, filled with the context's details. */
export function messageFor(code: number, context: MessageContext = { details: {} }): string {
  const s = SENTENCES[code];
  if (s === undefined) return rangeSentence(code);
  return typeof s === 'string' ? s : s(context);
}
