/**
 * Replays of the transcripts RECORDED from the simulator (test/sdk/record-transcripts.ts): the
 * SDK must send exactly the recorded packets (strict replay) and come to the same results.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, readdirSync } from 'node:fs';
import { fromHex } from '../../protocol/bytes/hex.js';
import { Reader } from '../../sdk/index.js';
import { replayDevice, type ReplayDevice } from '../../sdk/transcripts/replay.js';
import type { Transcript } from '../../sdk/transcripts/types.js';
import { SCENARIOS, readerOptions, type ScenarioEnv } from './scenarios.js';

const test = suite('sdk: recorded transcripts (simulator)');
const dir = new URL('./transcripts/', import.meta.url);

function load(name: string): Transcript[] {
  const files = readdirSync(dir).filter((f) => f === `recorded-${name}.json` || new RegExp(`^recorded-${name}-\\d+\\.json$`).test(f)).sort();
  return files.map((f) => JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as Transcript);
}

test('every scenario has its recorded transcripts', () => {
  for (const sc of SCENARIOS) {
    const ts = load(sc.name);
    assert.is(ts.length, sc.devices, sc.name);
    for (const t of ts) assert.is(t.origin, 'recorded');
  }
});

for (const sc of SCENARIOS) {
  test(`replay '${sc.name}': ${sc.description}`, async () => {
    const ts = load(sc.name);
    const meta = ts[0].meta as { issuerRoot: string; certificates: string[]; startMs: number; expected: Record<string, unknown> };
    const issuerRoot = fromHex(meta.issuerRoot);
    const devices: ReplayDevice[] = [];
    let cert = 0;
    const env: ScenarioEnv = {
      startMs: meta.startMs,
      async connect(extra) {
        const part = devices.length;
        const device = replayDevice(ts[part]);
        devices.push(device);
        return Reader.connect(device, { ...readerOptions(sc.name, issuerRoot, part), ...extra });
      },
      call: (fn) => fn(() => {}),
      async world() {},
      certificate: () => fromHex(meta.certificates[cert++]),
    };
    const summary = await sc.run(env);
    assert.equal(summary, meta.expected);
    for (const d of devices) d.assertDone();
  });
}

test.run();
