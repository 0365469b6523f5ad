/** USB framing layer of protocol v1 (spec §2): constants, CRC, split, reassembly, typed payloads. */
export {
  PACKET_SIZE,
  INIT_HEADER,
  CONT_HEADER,
  INIT_DATA,
  CONT_DATA,
  MAX_MESSAGE,
  MAX_INDEX,
  INIT_FLAG,
  CID_INVALID,
  CID_BROADCAST,
  PROTOCOL_VERSION,
  FrameType,
  isFrameType,
  typeAllowedOnChannel,
} from './constants.js';
export { crc32, crc32Range } from './crc32.js';
export { packetCount, writePacket, splitFrame } from './split.js';
export { ResultKind, Reassembler, type FrameResult, type ReassemblerOptions } from './reassembler.js';
export { Progress, KEEPALIVE_SIZE, encodeKeepalive, decodeKeepalive, type Keepalive } from './keepalive.js';
export {
  SYNC_NONCE_SIZE,
  SYNC_REQUEST_SIZE,
  SYNC_RESPONSE_SIZE,
  MIN_MAX_MESSAGE,
  CAP_EVENTS,
  CAP_PINPAD,
  encodeSyncRequest,
  parseSyncRequest,
  encodeSyncResponse,
  parseSyncResponse,
  sameNonce,
  type SyncRequest,
  type SyncResponse,
} from './sync.js';
export { ERROR_SIZE, encodeErrorFrame, parseErrorPayload, errorReplyFor } from './error-frame.js';
