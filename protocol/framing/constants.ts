/**
 * USB framing constants of protocol v1 (spec §2). Every packet on the bulk
 * endpoints is exactly PACKET_SIZE bytes; a frame is one init packet followed
 * by continuation packets.
 */

/** Size of every USB packet, in bytes. */
export const PACKET_SIZE = 64;
/** Size of the init packet header: CID(2) TYPE(1) SEQ(1) LEN(2) CRC(4). */
export const INIT_HEADER = 10;
/** Size of the continuation packet header: CID(2) INDEX(1) SEQ(1). */
export const CONT_HEADER = 4;
/** Payload bytes carried by the init packet. */
export const INIT_DATA = 54;
/** Payload bytes carried by each continuation packet. */
export const CONT_DATA = 60;
/** Largest payload of one frame, in bytes. */
export const MAX_MESSAGE = 4096;
/** Largest continuation INDEX (bit 7 of byte 2 clear). */
export const MAX_INDEX = 0x7f;
/** Bit 7 of byte 2: set on an init packet, clear on a continuation packet. */
export const INIT_FLAG = 0x80;

/** Channel id 0: never valid on the wire. */
export const CID_INVALID = 0x0000;
/** Broadcast channel id: used by SYNC (and ERROR replies to packets sent on it). */
export const CID_BROADCAST = 0xffff;

/** Version of this protocol, carried in SYNC payloads. */
export const PROTOCOL_VERSION = 1;

/** Frame type t (the init packet's byte 2 is 0x80 | t). */
export const enum FrameType {
  /** A CBOR request (host to reader) or its response (reader to host). */
  MSG = 0x01,
  /** Reader to host while a request is in progress: [progress, detail]. */
  KEEPALIVE = 0x02,
  /** Host to reader: cancel the request whose SEQ the frame carries. */
  CANCEL = 0x03,
  /** Channel open / resynchronisation, always on CID_BROADCAST. */
  SYNC = 0x04,
  /** Reader to host, unsolicited (e.g. an access passage). */
  EVENT = 0x05,
  /** Link error report: one payload byte, a FRAME_* status code. */
  ERROR = 0x3f,
}

/** True when `t` is a frame type defined by protocol v1. */
export function isFrameType(t: number): boolean {
  return [FrameType.MSG, FrameType.KEEPALIVE, FrameType.CANCEL, FrameType.SYNC, FrameType.EVENT, FrameType.ERROR].indexOf(t) >= 0;
}

/**
 * True when a frame of type `t` may travel on channel `cid`: SYNC only on
 * CID_BROADCAST, ERROR on any channel, every other type only on 0x0001-0xFFFE.
 */
export function typeAllowedOnChannel(t: number, cid: number): boolean {
  if (t === FrameType.ERROR) return true;
  return (cid === CID_BROADCAST) === (t === FrameType.SYNC);
}
