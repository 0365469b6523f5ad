/**
 * Failures that end a request: a coded error (protocol/errors.ts) that may
 * carry the response details of its status. Thrown by handlers, flows and the
 * card session, caught in one place (the request runner in reader.ts).
 */
import { codedError } from '../../protocol/errors.js';
import type { CodedError } from '../../protocol/errors.js';
import type { MessageObject } from '../../protocol/messages/wire.js';

/** A coded error with optional response details. */
export interface Failure extends CodedError {
  details?: MessageObject;
}

/** A failure with status `code` and, for statuses that have them, response `details`. */
export function failure(code: number, details?: MessageObject): Failure {
  const e = codedError(code, 'status ' + code) as Failure;
  e.details = details;
  return e;
}
