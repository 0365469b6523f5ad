/**
 * Record the SDK transcripts of test/sdk/scenarios.ts from the simulator (the real firmware
 * behind simulator/usb) into test/sdk/transcripts/recorded-<name>[-<part>].json.
 * Run: node --import tsx test/sdk/record-transcripts.ts [name-regex]
 */
import { writeFileSync } from 'node:fs';
import { toHex } from '../../protocol/bytes/hex.js';
import { Reader } from '../../sdk/index.js';
import { recordTranscript, type TranscriptRecorder } from '../../sdk/transcripts/record.js';
import { SCENARIOS, certificateSpec, readerOptions, type ScenarioEnv } from './scenarios.js';
import { START_MS, drive, rig } from './sim.js';

const filter = process.argv[2] ? new RegExp(process.argv[2]) : null;

for (const sc of SCENARIOS) {
  if (filter && !filter.test(sc.name)) continue;
  const r = rig(`recorded/${sc.name}`);
  const recorders: TranscriptRecorder[] = [];
  const certificates: string[] = [];
  let part = 0;
  let armed = false;
  r.hooks.beforeIn = (p) => {
    if (armed && p[2] === 0x81) {
      armed = false;
      queueMicrotask(() => r.gadget.unplug());
      return false;
    }
    return true;
  };
  const env: ScenarioEnv = {
    startMs: START_MS,
    async connect(extra) {
      const [device] = await r.usb.getDevices();
      const rec = recordTranscript(device, { description: `${sc.description} (device ${part + 1} of ${sc.devices})` });
      recorders.push(rec);
      const o = { ...readerOptions(sc.name, r.issuer.rootPublicKey, part), ...extra };
      part++;
      return drive(r, () => Reader.connect(rec.device, o));
    },
    call: (fn) => drive(r, fn),
    async world(action, value) {
      if (action === 'pin') r.holder.pin = value ?? r.pin;
      else if (action === 'no-pin') r.holder.pin = null;
      else if (action === 'unplug-on-response') armed = true;
      else if (action === 'replug') r.gadget.plug();
      else if (action === 'pull') {
        r.vr.pull(r.card);
        r.inField = false;
      } else if (action === 'tap-at') r.holder.tapAtMs = Number(value);
    },
    certificate(publicKey, mode) {
      const c = r.issuer.issueReaderCertificate(certificateSpec(publicKey, mode, START_MS));
      certificates.push(toHex(c));
      return c;
    },
  };
  const summary = await sc.run(env);
  recorders.forEach((rec, i) => {
    const t = rec.transcript;
    t.meta = {
      scenario: sc.name,
      part: i,
      issuerRoot: toHex(r.issuer.rootPublicKey),
      certificates,
      startMs: START_MS,
      expected: summary,
      recordedWith: 'simulator/reader (firmware/app from source) + simulator/usb VirtualUsb',
    };
    const file = new URL(`./transcripts/recorded-${sc.name}${sc.devices > 1 ? `-${i + 1}` : ''}.json`, import.meta.url);
    writeFileSync(file, JSON.stringify(t, null, 1) + '\n');
    console.log(`${sc.name}: ${t.entries.length} entries -> ${file.pathname}`);
  });
  console.log(`  summary ${JSON.stringify(summary)}`);
}
