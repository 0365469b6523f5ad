/**
 * Target `firmware-dispatch`: random and mutated request payloads through the
 * firmware's USB path (the real firmware on the virtual reader, provisioned as
 * a merchant reader): each input is sent as one MSG frame on the open channel.
 * A request that starts a card flow is cancelled (CANCEL frame) after 10 ms of
 * simulated time. Oracle: the reader answers the request's SEQ exactly once,
 * with no link ERROR frame; the answer is a canonical CBOR map whose key 1 is a
 * status of protocol/status.ts; a request that protocol/messages decodeRequest
 * rejects is answered with that same status; an accepted one gets a response
 * that decodeResponse reads for its command. The reader is replaced every 500
 * cases (its state carries over within a batch, so a saved input replays on a
 * fresh reader).
 */
import { Status, STATUS_TABLE } from '../../protocol/status.js';
import { isCodedError } from '../../protocol/errors.js';
import { decode } from '../../protocol/cbor/index.js';
import { FrameType, MAX_MESSAGE } from '../../protocol/framing/constants.js';
import { Reassembler, ResultKind } from '../../protocol/framing/reassembler.js';
import { splitFrame } from '../../protocol/framing/split.js';
import { decodeRequest, decodeResponse } from '../../protocol/messages/envelope.js';
import { isMap } from '../../protocol/messages/wire.js';
import type { CryptoPort } from '../../protocol/crypto.js';
import { createNodeCrypto } from '../../sdk/crypto/index.js';
import { newSession, type Session } from '../../bench/reader-session.js';
import { messageCorpus } from '../corpus.js';
import { cborHeads } from '../mutate.js';
import { FuzzFailure, check, count, type FuzzTarget } from '../target.js';

const KNOWN = new Set(STATUS_TABLE.map((r) => r.code));
const BATCH = 500;

/** Frames the reader sent, by type. */
interface Seen {
  msgs: { seq: number; payload: Uint8Array }[];
  errors: number[];
}

/** The target (null when the firmware or the virtual reader cannot be loaded). */
export function firmwareDispatchTarget(crypto: CryptoPort = createNodeCrypto()): FuzzTarget {
  let s: Session | null = null;
  let rx: Reassembler | null = null;
  let done = 0;
  let seq = 0;
  const fresh = (): Session => {
    const x = newSession(crypto, 1, false);
    rx = new Reassembler({ cid: x.host.cid });
    return x;
  };
  const drain = (x: Session, seen: Seen) => {
    for (const p of x.reader.take()) {
      for (let r = (rx as Reassembler).push(p); r.kind !== ResultKind.NONE; r = (rx as Reassembler).next()) {
        if (r.kind === ResultKind.ERROR) seen.errors.push(r.status);
        else if (r.type === FrameType.MSG) seen.msgs.push({ seq: r.seq, payload: r.payload as Uint8Array });
        else if (r.type === FrameType.ERROR) seen.errors.push((r.payload as Uint8Array)[0]);
      }
    }
  };
  return {
    name: 'firmware-dispatch',
    description: 'firmware USB request path (virtual reader): one well-formed response per request, status as decodeRequest says',
    corpus: messageCorpus(),
    lengthHint: cborHeads,
    maxRandom: 200,
    run(input, stats) {
      if (!s || done++ % BATCH === 0) s = fresh();
      const x = s;
      const payload = input.length > MAX_MESSAGE ? input.subarray(0, MAX_MESSAGE) : input;
      seq = (seq + 1) & 0xff;
      const seen: Seen = { msgs: [], errors: [] };
      drain(x, seen);
      seen.msgs = [];
      for (const p of splitFrame(x.host.cid, FrameType.MSG, seq, payload)) x.reader.send(p);
      drain(x, seen);
      if (!seen.msgs.some((m) => m.seq === seq)) {
        x.reader.advance(10);
        drain(x, seen);
      }
      if (!seen.msgs.some((m) => m.seq === seq)) {
        for (const p of splitFrame(x.host.cid, FrameType.CANCEL, seq, new Uint8Array(0))) x.reader.send(p);
        for (let t = 0; t < 2000 && !seen.msgs.some((m) => m.seq === seq); t += 10) {
          x.reader.advance(10);
          drain(x, seen);
        }
        count(stats, 'cancelled flow');
      }
      check(seen.errors.length === 0, `link ERROR frame(s) ${seen.errors.join(',')} for a well-framed request`);
      const answers = seen.msgs.filter((m) => m.seq === seq);
      check(answers.length === 1, `${answers.length} responses to one request`);
      const resp = answers[0].payload;
      let env: unknown;
      try {
        env = decode(resp);
      } catch (e) {
        throw new FuzzFailure('invariant', `response is not canonical CBOR (${isCodedError(e) ? e.code : ''})`);
      }
      check(isMap(env), 'response is not a map');
      const status = (env as Record<number, unknown>)[1];
      check(typeof status === 'number' && KNOWN.has(status), `response status ${String(status)} is not in the status table`);
      const req = decodeRequest(payload);
      if (req.status !== Status.OK) {
        check(status === req.status, `request rejected by decodeRequest with 0x${req.status.toString(16)}, reader answered 0x${(status as number).toString(16)}`);
      } else {
        try {
          decodeResponse(req.command, resp);
        } catch (e) {
          throw new FuzzFailure('invariant', `response to command 0x${req.command.toString(16)} does not decode: ${(e as Error).message}`);
        }
      }
      const row = STATUS_TABLE.find((r) => r.code === status);
      count(stats, row ? row.name : String(status));
    },
  };
}
