/** Event data schemas (event key 2, spec §3.6). */
import type { Schema } from './schema.js';
import { EventCode } from './codes.js';
import { PASSAGE } from './structures.js';

/** Data of CARD_PRESENT and CARD_REMOVED: none. */
export const NO_DATA: Schema = {};

const EVENTS: { [event: number]: Schema } = {};
EVENTS[EventCode.PASSAGE] = PASSAGE;
EVENTS[EventCode.CARD_PRESENT] = NO_DATA;
EVENTS[EventCode.CARD_REMOVED] = NO_DATA;

/** The data schema of event `event`, or undefined for an unknown event. */
export function eventSchema(event: number): Schema | undefined {
  return EVENTS[event];
}
