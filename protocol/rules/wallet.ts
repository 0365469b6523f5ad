/**
 * The wallet model (spec §7.6): one wallet per benefit and campaign on a card. The card
 * applet stores wallets, the reader reads them, the issuer loads them.
 */

/** Largest unsigned 32-bit integer: the bound of every amount, balance and time. */
export const MAX_U32 = 0xffffffff;

/** Wallet flags (bit set), written by the issuer at loading; unknown bits are ignored. */
export const enum WalletFlag {
  /** The first accepted debit closes the wallet (balance becomes 0), whatever its amount. */
  SINGLE_USE = 0x01,
}

/** One wallet. All fields are unsigned 32-bit integers. */
export interface Wallet {
  /** Benefit code (catalogue). */
  benefit: number;
  /** Campaign number (2024 = 2024/2025). */
  campaign: number;
  /** Kind (CENTS, UNITS, ENTITLEMENT), copied from the catalogue at loading. */
  kind: number;
  /** CENTS: cents left; UNITS: units left; ENTITLEMENT: uses so far (counts up from 0). */
  balance: number;
  /** Initial amount loaded (cents or units; 0 for ENTITLEMENT). */
  loaded: number;
  /** First instant of validity, unix seconds (inclusive). */
  from: number;
  /** End of validity, unix seconds (exclusive): valid when from <= t < until. */
  until: number;
  /** WalletFlag bits. */
  flags: number;
}

/** True when the wallet is valid at unix time `t` (from <= t < until). */
export function walletValidAt(w: Wallet, t: number): boolean {
  return w.from <= t && t < w.until;
}
