/** The virtual card applet (spec §6), its fault injection and its persistence. */
export type { Personalisation, LastRecord, CardState, CardJSON } from './applet.js';
export { CardApplet, pinHash } from './applet.js';
export type { TearPoint, FaultPlan } from './faults.js';
export { NO_FAULTS, tearAt, stepRecorder } from './faults.js';
export type { NvmValue, NvmImage, Recovery } from './nvm.js';
export { TransactionalStore } from './nvm.js';
export { saveCard, loadCard } from './persist.js';
