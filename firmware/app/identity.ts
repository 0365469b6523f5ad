/**
 * The reader's persistent identity and provisioning, kept in the A/B settings
 * store as one CBOR map:
 *   1 seed (32 bytes, generated with crypto.random on first boot; the private key)
 *   2 reader certificate envelope (absent until provisioned)
 *   3 denylist version (0 = none)   4 denylist issuedAt
 *   5 denylist entries: array of [cardId, kind, benefits, until] (spec §5.6)
 * Written only on first boot and on provisioning, never per transaction.
 */
import { Status } from '../../protocol/status.js';
import { isCodedError } from '../../protocol/errors.js';
import { encode } from '../../protocol/cbor/encode.js';
import { decode } from '../../protocol/cbor/decode.js';
import { isCborMap } from '../../protocol/cbor/types.js';
import type { CborMap, CborValue } from '../../protocol/cbor/types.js';
import { bytesEqual } from '../../protocol/bytes/bytes.js';
import type { CryptoPort } from '../../protocol/crypto.js';
import { openReaderCertificate, readerIdOf } from '../../protocol/signed/reader-cert.js';
import type { ReaderCertificate } from '../../protocol/signed/reader-cert.js';
import { decodeDenylistEntry, encodeDenylistEntry } from '../../protocol/signed/denylist.js';
import type { DenylistEntry } from '../../protocol/signed/denylist.js';
import type { Settings } from '../drivers/flash/settings.js';
import { failure } from './errors.js';

const enum Key {
  SEED = 1,
  CERTIFICATE = 2,
  DENY_VERSION = 3,
  DENY_ISSUED = 4,
  DENY_ENTRIES = 5,
}

/** Identity, certificate and denylist of this reader. */
export class Identity {
  seed: Uint8Array;
  publicKey: Uint8Array;
  readerId: Uint8Array;
  /** Installed certificate envelope (undefined, as GET_INFO leaves it out, until provisioned) and its body (or null). */
  certificate: Uint8Array | undefined;
  cert: ReaderCertificate | null = null;
  denyVersion = 0;
  denyIssuedAt = 0;
  deny: DenylistEntry[] = [];

  constructor(private readonly settings: Settings, crypto: CryptoPort, issuerRoot: Uint8Array) {
    let m: CborMap | null = null;
    const blob = settings.load();
    if (blob !== null) {
      try {
        const v = decode(blob);
        if (isCborMap(v)) m = v;
      } catch (e) {
        if (!isCodedError(e)) throw e;
      }
    }
    const seed = m !== null ? m[Key.SEED] : undefined;
    if (seed instanceof Uint8Array && seed.length === 32) {
      this.seed = seed;
    } else {
      m = null;
      this.seed = crypto.random(32);
    }
    this.publicKey = crypto.publicKey(this.seed);
    this.readerId = readerIdOf(this.publicKey, crypto);
    if (m === null) {
      this.save(undefined, 0, 0, []);
      return;
    }
    const cert = m[Key.CERTIFICATE];
    if (cert instanceof Uint8Array) {
      // Checked again: a firmware image with another issuer root drops the old certificate.
      const o = openReaderCertificate(cert, issuerRoot, crypto);
      if (o.status === Status.OK && this.ours(o.value as ReaderCertificate)) {
        this.certificate = cert;
        this.cert = o.value;
      }
    }
    const version = m[Key.DENY_VERSION];
    const entries = m[Key.DENY_ENTRIES];
    if (typeof version === 'number' && entries instanceof Array) {
      const list: DenylistEntry[] = [];
      for (let i = 0; i < entries.length; i++) {
        const e = decodeDenylistEntry(entries[i]);
        if (e !== null) list.push(e);
      }
      this.denyVersion = version;
      this.denyIssuedAt = typeof m[Key.DENY_ISSUED] === 'number' ? (m[Key.DENY_ISSUED] as number) : 0;
      this.deny = list;
    }
  }

  /** True when a certificate names this reader's key and id. */
  ours(c: ReaderCertificate): boolean {
    return bytesEqual(c.readerPublicKey, this.publicKey) && bytesEqual(c.readerId, this.readerId);
  }

  /** Mode in force: 0 unprovisioned, else the certificate's. */
  mode(): number {
    return this.cert === null ? 0 : this.cert.mode;
  }

  /** Install a verified certificate (persisted before it takes effect). */
  installCertificate(bytes: Uint8Array, cert: ReaderCertificate): void {
    this.save(bytes, this.denyVersion, this.denyIssuedAt, this.deny);
    this.certificate = bytes;
    this.cert = cert;
  }

  /** Install a complete, verified denylist version (persisted before it takes effect). */
  installDenylist(version: number, issuedAt: number, entries: DenylistEntry[]): void {
    this.save(this.certificate, version, issuedAt, entries);
    this.denyVersion = version;
    this.denyIssuedAt = issuedAt;
    this.deny = entries;
  }

  /**
   * Persist the seed with this provisioning state. Callers change their fields
   * only once it is written: a failed write (or a throwing flash) leaves the
   * state in force unchanged.
   */
  private save(certificate: Uint8Array | undefined, denyVersion: number, denyIssuedAt: number, deny: DenylistEntry[]): void {
    const m: CborMap = {};
    m[Key.SEED] = this.seed;
    if (certificate !== undefined) m[Key.CERTIFICATE] = certificate;
    if (denyVersion > 0) {
      const list: CborValue[] = [];
      for (let i = 0; i < deny.length; i++) list.push(encodeDenylistEntry(deny[i]));
      m[Key.DENY_VERSION] = denyVersion;
      m[Key.DENY_ISSUED] = denyIssuedAt;
      m[Key.DENY_ENTRIES] = list;
    }
    if (!this.settings.save(encode(m))) throw failure(Status.STORAGE_ERROR);
  }
}
