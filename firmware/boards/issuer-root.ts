/**
 * The issuer root public key baked into a firmware image. Every verifier of
 * the deployment holds the same 32 bytes. This build carries a placeholder:
 * a deployment writes the Region's root key into ISSUER_ROOT (a board may
 * also pass `config.issuerRoot` to `start`, which wins; the simulator does).
 */

/** Placeholder: 32 zero bytes verify nothing, so an unconfigured image refuses every certificate and card. */
export const ISSUER_ROOT: number[] = [
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
];

/** The baked-in issuer root key. */
export function bakedIssuerRoot(): Uint8Array {
  return new Uint8Array(ISSUER_ROOT);
}
