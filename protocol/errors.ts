/**
 * Coded errors for ES5 code. Engines differ on Error subclasses (Espruino
 * throws plain Errors, `instanceof` on an ES5 subclass is false everywhere),
 * so protocol code identifies errors by a numeric status code, never by class.
 */
export interface CodedError extends Error {
  /** A {@link Status} code. */
  code: number;
  /** Optional byte offset or detail that locates the fault. */
  at?: number;
}

/** Make an Error that carries a status code (and optionally where it happened). */
export function codedError(code: number, message: string, at?: number): CodedError {
  const e = new Error(message) as CodedError;
  e.code = code;
  if (at !== undefined) e.at = at;
  return e;
}

/** True when `e` carries a numeric status code. */
export function isCodedError(e: unknown): e is CodedError {
  return e != null && typeof e === 'object' && typeof (e as { code?: unknown }).code === 'number';
}
