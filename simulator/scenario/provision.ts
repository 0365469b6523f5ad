/**
 * What a provisioning station does to a reader, through USB messages only:
 * read its identity (GET_INFO), set its clock, have the issuer certify the
 * public key the reader generated itself, install that certificate and the
 * newest denylist.
 */
import { Status, statusName } from '../../protocol/status.js';
import { Command, commandName } from '../../protocol/messages/codes.js';
import type { GetInfoResult, ProvisionDenylistResult } from '../../protocol/messages/types.js';
import { ReaderMode } from '../../protocol/signed/reader-cert.js';
import type { Issuer } from '../issuer/issuer.js';
import type { Completed } from './host.js';
import { outcomeName } from './host.js';
import type { SimSession } from './session.js';

/** What the reader certificate says. */
export interface CertificateSpec {
  partnerName: string;
  partnerId: number;
  mode: 'merchant' | 'access';
  categories: number[];
  establishment?: number;
  validDays: number;
}

/** The outcome of provisioning. */
export interface Provisioned {
  info: GetInfoResult;
  certificate: Uint8Array;
  notBefore: number;
  notAfter: number;
}

/** Send a request and require OK; returns its result. */
export function expectOk<T>(session: SimSession, command: number, args?: object): T {
  const c: Completed = session.call(command, args);
  if (c.status !== Status.OK) {
    const det = c.response?.details ? ` ${JSON.stringify(c.response.details)}` : '';
    throw new Error(`${commandName(command)} failed: ${outcomeName(c.status)}${det}`);
  }
  return (c.response?.result ?? {}) as T;
}

/** GET_INFO. */
export function getInfo(session: SimSession): GetInfoResult {
  return expectOk<GetInfoResult>(session, Command.GET_INFO);
}

/** Set the reader clock (unix seconds). */
export function setTime(session: SimSession, time: number): void {
  expectOk(session, Command.SET_TIME, { time });
}

/**
 * Certify and install: GET_INFO for the public key, SET_TIME to `now` when
 * the clock is not set, the issuer signs, PROVISION_CERTIFICATE installs.
 * The certificate is valid from one day before `now` for `validDays` days.
 */
export function provisionReader(session: SimSession, issuer: Issuer, spec: CertificateSpec, now: number): Provisioned {
  const first = getInfo(session);
  if (first.time === 0) setTime(session, now);
  const notBefore = now - 86400;
  const notAfter = now + spec.validDays * 86400;
  const certificate = issuer.issueReaderCertificate({
    readerPublicKey: first.publicKey,
    partnerId: spec.partnerId,
    partnerName: spec.partnerName,
    mode: spec.mode === 'access' ? ReaderMode.ACCESS : ReaderMode.MERCHANT,
    categories: spec.mode === 'access' ? [] : spec.categories,
    ...(spec.mode === 'access' ? { establishment: spec.establishment ?? 1 } : {}),
    notBefore,
    notAfter,
  });
  expectOk(session, Command.PROVISION_CERTIFICATE, { certificate });
  return { info: getInfo(session), certificate, notBefore, notAfter };
}

/** Install a denylist version part by part; returns the last part's answer. */
export function installDenylist(session: SimSession, parts: Uint8Array[]): ProvisionDenylistResult {
  let last: ProvisionDenylistResult | null = null;
  for (const part of parts) {
    const c = session.call(Command.PROVISION_DENYLIST, { part });
    if (c.status !== Status.OK) throw new Error(`PROVISION_DENYLIST failed: ${statusName(c.status)}`);
    last = c.response?.result as unknown as ProvisionDenylistResult;
  }
  if (!last) throw new Error('empty denylist');
  return last;
}
