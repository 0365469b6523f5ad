/**
 * Sessions recorded from the simulator (test/sdk/record-transcripts.ts) and replayed from their
 * transcripts (recorded.test.ts). Each scenario runs the same SDK calls in both cases; `call`
 * drives simulated time while recording and is a plain await when replaying. Its summary
 * (JSON) is stored in the transcript's meta and must come out the same on replay.
 */
import { toHex } from '../../protocol/bytes/hex.js';
import { ReaderMode } from '../../protocol/signed/reader-cert.js';
import { Reader, type ReaderOptions } from '../../sdk/index.js';
import { seededRandom } from '../../sdk/transcripts/random.js';

/** Changes to the simulated world between calls (ignored on replay). */
export type WorldAction = 'pin' | 'no-pin' | 'unplug-on-response' | 'replug' | 'pull' | 'tap-at';

/** What a scenario gets: how to connect and how to run a call. */
export interface ScenarioEnv {
  /** Connect to the next device of the scenario (recording: the simulated one, replay: the transcript). */
  connect(options: Partial<ReaderOptions>): Promise<Reader>;
  /** Run one SDK call (recording: while simulated time passes and the holder acts). */
  call<T>(fn: (onProgress: (p: { stage: string }) => void) => Promise<T>): Promise<T>;
  /** Recording only: change the holder's behaviour or the hardware between calls. */
  world(action: WorldAction, value?: string): Promise<void>;
  /** The issuer's reader certificate for this reader public key (recording), or the recorded one (replay). */
  certificate(publicKey: Uint8Array, mode: 'merchant' | 'access'): Uint8Array;
  /** 1 October 2024 10:00 UTC. */
  startMs: number;
}

/** A recorded scenario. */
export interface Scenario {
  name: string;
  description: string;
  /** Number of devices (transcripts) the scenario uses: 2 when it unplugs and reconnects. */
  devices: number;
  run(env: ScenarioEnv): Promise<Record<string, unknown>>;
}

/** The options every scenario's Reader uses (the rng makes the replay byte-exact). */
export function readerOptions(name: string, issuerRoot: Uint8Array, part = 0): Partial<ReaderOptions> & { issuerRoot: Uint8Array } {
  return { issuerRoot, rng: seededRandom(`host/${name}/${part}`), hub: null, locks: null };
}

async function provision(env: ScenarioEnv, reader: Reader, mode: 'merchant' | 'access'): Promise<Record<string, unknown>> {
  await env.call(() => reader.setTime(env.startMs));
  const r = await env.call(() => reader.provision({ certificate: env.certificate(reader.lastInfo!.publicKey, mode) }));
  return { provisioned: r.mode };
}

export const SCENARIOS: Scenario[] = [
  {
    name: 'provision-info',
    description: 'connect to a blank reader, set its clock, install a merchant certificate, read its info',
    devices: 1,
    async run(env) {
      const reader = await env.connect({});
      const before = reader.lastInfo!.mode;
      const p = await provision(env, reader, 'merchant');
      const info = await env.call(() => reader.info());
      await reader.close();
      return { before, ...p, mode: info.mode, time: info.time?.toISOString() ?? null, readerId: info.readerId };
    },
  },
  {
    name: 'debit',
    description: 'debit one cinema ticket with the PIN typed on the reader',
    devices: 1,
    async run(env) {
      const reader = await env.connect({});
      await provision(env, reader, 'merchant');
      const stages: string[] = [];
      const r = await env.call((onProgress) =>
        reader.debit({ benefit: 8, units: 1, reference: 'T-0001' }, { onProgress: (p) => { onProgress(p); if (!stages.includes(p.stage)) stages.push(p.stage); } }),
      );
      await reader.close();
      return { stages, requestId: r.requestId, hash: r.hash, seq: r.seq, balanceAfter: r.balanceAfter, partner: r.partnerName, holder: r.holderName, replayed: r.replayed };
    },
  },
  {
    name: 'debit-retry',
    description: 'debit 12.50 euros of shows, then retry with the same request id: the reader replays the receipt',
    devices: 1,
    async run(env) {
      const reader = await env.connect({});
      await provision(env, reader, 'merchant');
      const requestId = reader.newRequestId();
      const a = await env.call((onProgress) => reader.debit({ benefit: 9, cents: 1250, requestId }, { onProgress }));
      const b = await env.call((onProgress) => reader.debit({ benefit: 9, cents: 1250, requestId }, { onProgress }));
      await reader.close();
      return { same: toHex(a.bytes) === toHex(b.bytes), first: a.replayed, second: b.replayed, balanceAfter: a.balanceAfter, hash: a.hash };
    },
  },
  {
    name: 'read-balance',
    description: 'read the card without PIN, then the balances with the PIN',
    devices: 1,
    async run(env) {
      const reader = await env.connect({});
      await provision(env, reader, 'merchant');
      const card = await env.call((onProgress) => reader.readCard({ onProgress }));
      const bal = await env.call((onProgress) => reader.balance({ onProgress }));
      await reader.close();
      return {
        holder: card.holderName,
        state: card.state,
        wallets: card.wallets.length,
        cinema: bal.wallets.find((w) => w.benefit === 8)?.balance ?? null,
      };
    },
  },
  {
    name: 'wrong-pin',
    description: 'the holder types a wrong PIN: WRONG_PIN with the tries left',
    devices: 1,
    async run(env) {
      const reader = await env.connect({});
      await provision(env, reader, 'merchant');
      await env.world('pin', '1111');
      const err = await env.call((onProgress) => reader.debit({ benefit: 8, units: 1 }, { onProgress }).catch((e: Error & { details?: Record<string, unknown> }) => e));
      await reader.close();
      return { error: (err as Error).name, triesLeft: (err as { details?: { triesLeft?: number } }).details?.triesLeft ?? null, message: (err as Error).message };
    },
  },
  {
    name: 'cancel',
    description: 'the till aborts while the reader waits for the PIN: CANCEL, the reader answers CANCELLED',
    devices: 1,
    async run(env) {
      const reader = await env.connect({});
      await provision(env, reader, 'merchant');
      await env.world('no-pin');
      const ac = new AbortController();
      const err = await env.call((onProgress) =>
        reader
          .debit({ benefit: 8, units: 1 }, { signal: ac.signal, onProgress: (p) => { onProgress(p); if (p.stage === 'waiting-for-pin') ac.abort(); } })
          .catch((e: Error) => e),
      );
      const info = await env.call(() => reader.info());
      await reader.close();
      return { error: (err as Error).name, mode: info.mode };
    },
  },
  {
    name: 'journal-transaction',
    description: 'two debits, read and verify the journal, get one transaction by request id, acknowledge',
    devices: 1,
    async run(env) {
      const reader = await env.connect({});
      await provision(env, reader, 'merchant');
      const a = await env.call((onProgress) => reader.debit({ benefit: 8, units: 1, reference: 'A' }, { onProgress }));
      await env.call((onProgress) => reader.debit({ benefit: 10, cents: 990, reference: 'Livre' }, { onProgress }));
      const page = await env.call(() => reader.journal());
      const tx = await env.call(() => reader.getTransaction(a.requestId));
      const acked = await env.call(() => reader.acknowledge(page.last));
      await reader.close();
      return { ok: page.chain!.ok, seqs: page.receipts.map((r) => r.seq), tx: tx.hash === a.hash, acked };
    },
  },
  {
    name: 'unplug',
    description: 'the cable is pulled as the reader answers a debit; reconnect, getTransaction, retry without a second debit',
    devices: 2,
    async run(env) {
      const reader = await env.connect({});
      await provision(env, reader, 'merchant');
      const requestId = reader.newRequestId();
      await env.world('unplug-on-response');
      const err = await env.call((onProgress) => reader.debit({ benefit: 8, units: 1, requestId }, { onProgress }).catch((e: Error & { kind?: string }) => e));
      await reader.close();
      await env.world('replug');
      const again = await env.connect({});
      const tx = await env.call(() => again.getTransaction(requestId));
      const retry = await env.call((onProgress) => again.debit({ benefit: 8, units: 1, requestId }, { onProgress }));
      await again.close();
      return { kind: (err as { kind?: string }).kind ?? null, found: tx.requestId === requestId, replayed: retry.replayed, same: tx.hash === retry.hash };
    },
  },
  {
    name: 'access',
    description: 'access mode: one accessCheck, then the PASSAGE stream for one tap',
    devices: 1,
    async run(env) {
      const reader = await env.connect({});
      await provision(env, reader, 'access');
      const p = await env.call((onProgress) => reader.accessCheck({ onProgress }));
      await env.world('pull');
      await env.world('tap-at', '11000'); // after the 10 s double-tap window
      const seen: string[] = [];
      await env.call(async () => {
        for await (const passage of reader.passages()) {
          seen.push(`${passage.allowed}:${passage.reasonName}:${passage.holderName ?? ''}`);
          break;
        }
      });
      await reader.close();
      return { allowed: p.allowed, reason: p.reasonName, holder: p.holderName ?? null, stream: seen };
    },
  },
];

/** The reader certificate a scenario installs. */
export function certificateSpec(publicKey: Uint8Array, mode: 'merchant' | 'access', startMs: number) {
  return {
    readerPublicKey: publicKey,
    partnerId: mode === 'merchant' ? 77 : 78,
    partnerName: mode === 'merchant' ? 'Cinéma Le Zola' : 'Lycée du Parc, cantine',
    mode: mode === 'merchant' ? ReaderMode.MERCHANT : ReaderMode.ACCESS,
    categories: mode === 'merchant' ? [3, 4, 5] : [],
    ...(mode === 'access' ? { establishment: 690001 } : {}),
    notBefore: startMs / 1000 - 86400,
    notAfter: startMs / 1000 + 365 * 86400,
  };
}
