/**
 * Amount checks and the debit arithmetic (spec §7.7). Pure; return status codes.
 */
import { Status } from '../status.js';
import { Kind } from '../catalogue/codes.js';
import { MAX_U32, WalletFlag } from './wallet.js';
import type { Wallet } from './wallet.js';
import { FieldType as T, FieldFlag as F } from '../messages/schema.js';
import { checkValue } from '../messages/wire.js';

/**
 * Shape of a debit amount for a kind, without a balance: a whole number in 1..2^32-1, and
 * exactly 1 (one use) for ENTITLEMENT. OK, INVALID_AMOUNT, or BAD_REQUEST for an unknown kind.
 */
export function checkAmountShape(kind: number, amount: number): number {
  if (kind !== Kind.CENTS && kind !== Kind.UNITS && kind !== Kind.ENTITLEMENT) return Status.BAD_REQUEST;
  // A whole number in 1..2^32-1 (NaN and Infinity fail).
  if (checkValue(T.UINT | F.MIN1, amount) !== '') return Status.INVALID_AMOUNT;
  if (kind === Kind.ENTITLEMENT && amount !== 1) return Status.INVALID_AMOUNT;
  return Status.OK;
}

/**
 * Checks a debit amount against a wallet balance: OK, INVALID_AMOUNT (not a whole number in
 * 1..2^32-1; ENTITLEMENT: not 1), INSUFFICIENT_BALANCE (CENTS/UNITS above the balance),
 * BAD_REQUEST (unknown kind). An ENTITLEMENT balance is a use counter and never insufficient.
 */
export function checkAmount(kind: number, amount: number, balance: number): number {
  const s = checkAmountShape(kind, amount);
  if (s !== Status.OK) return s;
  if (kind !== Kind.ENTITLEMENT && amount > balance) return Status.INSUFFICIENT_BALANCE;
  return Status.OK;
}

/**
 * The wallet's balance after debiting `amount`. Pure. CENTS/UNITS: balance - amount, or 0 for
 * a SINGLE_USE wallet; ENTITLEMENT: use counter + 1, saturating at 2^32-1. An amount that
 * checkAmount refuses leaves the balance unchanged (never below zero, never overflows).
 */
export function applyDebit(wallet: Wallet, amount: number): number {
  const b = wallet.balance;
  if (checkAmount(wallet.kind, amount, b) !== Status.OK) return b;
  if (wallet.kind === Kind.ENTITLEMENT) return b >= MAX_U32 ? MAX_U32 : b + 1;
  if ((wallet.flags & WalletFlag.SINGLE_USE) !== 0) return 0;
  return b - amount;
}
