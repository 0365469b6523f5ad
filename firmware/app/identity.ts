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

/** Identity, certificate and denylist of this reader (built by loadIdentity). */
export interface Identity {
  /** The private key seed (32 bytes). */
  seed: Uint8Array;
  publicKey: Uint8Array;
  readerId: Uint8Array;
  /** Installed certificate envelope (undefined, as GET_INFO leaves it out, until provisioned). */
  certificate?: Uint8Array;
  /** Its verified body, or null. */
  cert: ReaderCertificate | null;
  denyVersion: number;
  denyIssuedAt: number;
  deny: DenylistEntry[];
  /** True when a certificate names this reader's key and id. */
  ours(c: ReaderCertificate): boolean;
  /** Mode in force: 0 unprovisioned, else the certificate's. */
  mode(): number;
  /** Install a verified certificate (persisted before it takes effect). */
  installCertificate(bytes: Uint8Array, cert: ReaderCertificate): void;
  /** Install a complete, verified denylist version (persisted before it takes effect). */
  installDenylist(version: number, issuedAt: number, entries: DenylistEntry[]): void;
}

/**
 * The identity kept in `settings`; on first boot (or an unreadable store) a
 * new seed, saved at once. A stored certificate is verified again.
 */
export function loadIdentity(settings: Settings, crypto: CryptoPort, issuerRoot: Uint8Array): Identity {
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
  let seed = m !== null ? m[Key.SEED] : undefined;
  if (!(seed instanceof Uint8Array && seed.length === 32)) {
    m = null;
    seed = crypto.random(32);
  }
  const publicKey = crypto.publicKey(seed);

  /**
   * Persist the seed with this provisioning state. Callers change their fields
   * only once it is written: a failed write (or a throwing flash) leaves the
   * state in force unchanged.
   */
  function save(certificate: Uint8Array | undefined, denyVersion: number, denyIssuedAt: number, deny: DenylistEntry[]): void {
    const s: CborMap = {};
    s[Key.SEED] = seed;
    if (certificate !== undefined) s[Key.CERTIFICATE] = certificate;
    if (denyVersion > 0) {
      const list: CborValue[] = [];
      for (let i = 0; i < deny.length; i++) list.push(encodeDenylistEntry(deny[i]));
      s[Key.DENY_VERSION] = denyVersion;
      s[Key.DENY_ISSUED] = denyIssuedAt;
      s[Key.DENY_ENTRIES] = list;
    }
    if (!settings.save(encode(s))) throw failure(Status.STORAGE_ERROR);
  }

  const id: Identity = {
    seed: seed,
    publicKey: publicKey,
    readerId: readerIdOf(publicKey, crypto),
    cert: null,
    denyVersion: 0,
    denyIssuedAt: 0,
    deny: [],
    ours: function (c: ReaderCertificate): boolean {
      return bytesEqual(c.readerPublicKey, publicKey) && bytesEqual(c.readerId, id.readerId);
    },
    mode: function (): number {
      return id.cert === null ? 0 : id.cert.mode;
    },
    installCertificate: function (bytes: Uint8Array, cert: ReaderCertificate): void {
      save(bytes, id.denyVersion, id.denyIssuedAt, id.deny);
      id.certificate = bytes;
      id.cert = cert;
    },
    installDenylist: function (version: number, issuedAt: number, entries: DenylistEntry[]): void {
      save(id.certificate, version, issuedAt, entries);
      id.denyVersion = version;
      id.denyIssuedAt = issuedAt;
      id.deny = entries;
    },
  };
  if (m === null) {
    save(undefined, 0, 0, []);
    return id;
  }
  const cert = m[Key.CERTIFICATE];
  if (cert instanceof Uint8Array) {
    // Checked again: a firmware image with another issuer root drops the old certificate.
    const o = openReaderCertificate(cert, issuerRoot, crypto);
    if (o.status === Status.OK && id.ours(o.value as ReaderCertificate)) {
      id.certificate = cert;
      id.cert = o.value;
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
    id.denyVersion = version;
    id.denyIssuedAt = typeof m[Key.DENY_ISSUED] === 'number' ? (m[Key.DENY_ISSUED] as number) : 0;
    id.deny = list;
  }
  return id;
}
