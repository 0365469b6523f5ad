/** USB transcripts: record a session with a reader, replay it as a USBDevice. */
export { TRANSCRIPT_FORMAT } from './types.js';
export type { Transcript, TranscriptEntry, TranscriptOp } from './types.js';
export { recordTranscript } from './record.js';
export type { TranscriptRecorder } from './record.js';
export { replayDevice, ReplayDevice, TranscriptMismatchError } from './replay.js';
export type { ReplayOptions } from './replay.js';
export { seededRandom } from './random.js';
