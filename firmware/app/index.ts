/** The reader application: `start(ports)` and the types a board and the simulator need. */
export { start } from './reader.js';
export type { Reader, ReaderPorts } from './ports.js';
export type { ReaderConfig, ResolvedConfig } from './config.js';
export { FIRMWARE_VERSION, resolveConfig } from './config.js';
export { KEEPALIVE_MS, READER_MAX_MESSAGE } from './link.js';
export { MAX_OPEN_INTENTS } from './intents.js';
