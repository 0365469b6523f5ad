/**
 * Target `reassembler`: protocol/framing's Reassembler fed a packet stream.
 * Input: one control byte (bit 0: filter on the first packet's channel;
 * bits 1-2: maxMessage 4096 / 54 / 200 / 1) then the stream, cut in 64-byte
 * packets (a shorter tail is sent as a short packet). Oracle: push/next never
 * throw; at most two results per packet; an ERROR carries a FRAME_* status
 * (0x10-0x1F); a FRAME has a valid type for its channel, passes the channel
 * filter, is at most maxMessage long and its CRC-32 is the one its init
 * packet declared; the buffer being filled never exceeds maxMessage.
 */
import { Status } from '../../protocol/status.js';
import {
  CID_BROADCAST, FrameType, MAX_MESSAGE, PACKET_SIZE, Reassembler, ResultKind, crc32, isFrameType, typeAllowedOnChannel,
} from '../../protocol/framing/index.js';
import { packetStreams } from '../corpus.js';
import type { Rng } from '../rng.js';
import { FuzzFailure, check, checkAlloc, count, type CaseStats, type FuzzTarget } from '../target.js';

const LIMITS = [MAX_MESSAGE, 54, 200, 1];

function statusLabel(s: number): string {
  switch (s) {
    case Status.FRAME_INVALID: return 'FRAME_INVALID';
    case Status.FRAME_CRC: return 'FRAME_CRC';
    case Status.FRAME_SEQUENCE: return 'FRAME_SEQUENCE';
    case Status.FRAME_LENGTH: return 'FRAME_LENGTH';
    case Status.FRAME_CHANNEL: return 'FRAME_CHANNEL';
    case Status.FRAME_UNEXPECTED: return 'FRAME_UNEXPECTED';
    default: return 'status ' + s;
  }
}

/** Run one packet stream; exported for the tests. */
export function runStream(input: Uint8Array, stats: CaseStats): void {
  const ctrl = input.length > 0 ? input[0] : 0;
  const stream = input.subarray(1);
  const limit = LIMITS[(ctrl >> 1) & 3];
  const rx = new Reassembler({ maxMessage: limit });
  const filter = ctrl & 1 && stream.length >= 2 ? (stream[0] << 8) | stream[1] : -1;
  if (filter > 0) rx.setChannel(filter);
  const declared = new Map<string, number>();
  for (let at = 0; at < stream.length; at += PACKET_SIZE) {
    const packet = stream.slice(at, at + PACKET_SIZE);
    if (packet.length === PACKET_SIZE && packet[2] & 0x80) {
      const crc = ((packet[6] << 24) | (packet[7] << 16) | (packet[8] << 8) | packet[9]) >>> 0;
      declared.set(((packet[0] << 8) | packet[1]) + ':' + packet[3], crc);
    }
    let results = 0;
    let r;
    try {
      r = rx.push(packet);
    } catch (e) {
      throw new FuzzFailure('exception', `push threw: ${(e as Error).message}`);
    }
    for (; r.kind !== ResultKind.NONE; ) {
      results++;
      check(results <= 2, `packet at ${at} produced ${results} results (at most 2)`);
      if (r.kind === ResultKind.ERROR) {
        check(r.status >= 0x10 && r.status <= 0x1f, `ERROR result with status 0x${r.status.toString(16)} outside FRAME_*`);
        check(r.payload === null, 'ERROR result carries a payload');
        count(stats, statusLabel(r.status));
      } else if (r.kind === ResultKind.FRAME) {
        const p = r.payload;
        check(r.status === Status.OK && p !== null, 'FRAME without payload or with a status');
        check(isFrameType(r.type) && typeAllowedOnChannel(r.type, r.cid), `FRAME of type ${r.type} on channel ${r.cid}`);
        check(r.cid !== 0, 'FRAME on channel 0');
        if (filter > 0 && filter !== CID_BROADCAST) {
          check(r.cid === filter || (r.cid === CID_BROADCAST && (r.type === FrameType.SYNC || r.type === FrameType.ERROR)),
            `FRAME on channel ${r.cid} passed filter ${filter}`);
        }
        checkAlloc(stats, (p as Uint8Array).length, limit, 'frame payload');
        const want = declared.get(r.cid + ':' + r.seq);
        check(want !== undefined && crc32(p as Uint8Array) === want, 'FRAME whose CRC is not the one its init packet declared');
        count(stats, 'FRAME');
      } else {
        throw new FuzzFailure('invariant', `result kind ${r.kind}`);
      }
      try {
        r = rx.next();
      } catch (e) {
        throw new FuzzFailure('exception', `next threw: ${(e as Error).message}`);
      }
    }
    const buf = (rx as unknown as { buf: Uint8Array | null }).buf;
    if (buf) checkAlloc(stats, buf.length, limit, 'reassembly buffer');
  }
}

/** The target. */
export function reassemblerTarget(): FuzzTarget {
  const corpus: Uint8Array[] = [];
  for (const s of packetStreams()) {
    for (const ctrl of [0, 1]) {
      const x = new Uint8Array(1 + s.length);
      x[0] = ctrl;
      x.set(s, 1);
      corpus.push(x);
    }
  }
  return {
    name: 'reassembler',
    description: 'protocol/framing Reassembler: never throws, FRAME_* errors only, CRC and channel rules hold, buffer <= maxMessage',
    corpus,
    lengthHint: (x) => {
      const out: number[] = [];
      for (let at = 1; at + 6 <= x.length; at += PACKET_SIZE) out.push(at + 2, at + 3, at + 4, at + 5);
      return out;
    },
    random(rng: Rng) {
      // random packets with plausible headers: a channel, init or continuation bytes, a length
      const n = 1 + rng.int(6);
      const out = new Uint8Array(1 + n * PACKET_SIZE - (rng.chance(0.1) ? rng.int(PACKET_SIZE) : 0));
      out[0] = rng.int(8);
      const cid = rng.chance(0.2) ? CID_BROADCAST : 1 + rng.int(3);
      const seq = rng.int(256);
      for (let i = 0; i < n; i++) {
        const p = rng.bytes(PACKET_SIZE);
        p[0] = cid >> 8;
        p[1] = cid & 0xff;
        if (rng.chance(0.8)) p[3] = seq;
        if (i === 0 || rng.chance(0.2)) {
          p[2] = 0x80 | rng.pick([1, 2, 3, 4, 5, 0x3f, rng.int(128)]);
          const len = rng.chance(0.5) ? rng.int(300) : rng.int(65536);
          p[4] = len >> 8;
          p[5] = len & 0xff;
        } else {
          p[2] = rng.chance(0.8) ? i - 1 : rng.int(256);
        }
        const room = out.length - 1 - i * PACKET_SIZE;
        if (room > 0) out.set(p.subarray(0, Math.min(PACKET_SIZE, room)), 1 + i * PACKET_SIZE);
      }
      return out;
    },
    run: runStream,
  };
}
