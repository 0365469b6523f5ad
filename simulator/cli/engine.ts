/**
 * `--engine`: where the firmware of a simulation runs. 'node' runs the
 * firmware sources in Node (fast). 'quickjs-jerryscript' and
 * 'quickjs-espruino' run the BUILT board bundle (dist/firmware/*.js, what a
 * board gets) inside quickjs under the JerryScript-like or Espruino-like
 * profile of the engine harness (test/engine), every port a host function
 * (test/firmware/engine-reader.ts). Those modules are test tooling, so they
 * are imported only when an engine is asked for.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Reader, ReaderPorts } from '../../firmware/app/ports.js';
import { resolveConfig } from '../../firmware/app/config.js';
import { CliError } from './command.js';
import { REPO_ROOT } from './registry.js';
import type { FirmwareStart } from '../scenario/world.js';

/** Engines `--engine` accepts. */
export const ENGINES = ['node', 'quickjs-jerryscript', 'quickjs-espruino'] as const;
export type EngineName = (typeof ENGINES)[number];

/** The firmware start of an engine (undefined for 'node': the sources, the default). */
export async function firmwareStart(engine: EngineName, progress: (s: string) => void): Promise<FirmwareStart | undefined> {
  if (engine === 'node') return undefined;
  const profile = engine === 'quickjs-jerryscript' ? 'jerryscript' : 'espruino';
  const bundle = join(REPO_ROOT, 'dist', 'firmware', `${profile}.js`);
  if (!existsSync(bundle)) {
    throw new CliError(`${bundle} is missing: build the firmware bundles first with 'npm run build:firmware'`, 1);
  }
  const newest = ['firmware', 'protocol'].map((d) => newestMtime(join(REPO_ROOT, d))).reduce((a, b) => Math.max(a, b), 0);
  if (newest > statSync(bundle).mtimeMs) progress(`note: ${bundle} is older than the sources: 'npm run build:firmware' to rebuild it`);
  progress(`loading ${profile}.js into quickjs (${profile} profile)...`);
  const [{ createEngine }, { engineStart }] = await Promise.all([
    import('../engine/quickjs.js'),
    import('../engine/reader.js'),
  ]);
  // No heap budget: this is a simulator, not the heap test (test/engine measures that).
  const eng = await createEngine(profile, { heapBudget: null, timeLimitMs: null });
  eng.load(readFileSync(bundle, 'utf8'), `${profile}.js`);
  const start = engineStart(eng);
  // The board entry has its own flash layout defaults; give it the simulator's, so one flash
  // image (a state directory's flash.bin) reads the same in every engine.
  return (ports: ReaderPorts): Reader => {
    const r = resolveConfig(ports.config, ports.flash);
    const { issuerRoot, ...layout } = r;
    return start({ ...ports, config: { ...layout, issuerRoot } });
  };
}

/** Newest modification time of the .ts files under `dir` (0 when none). */
function newestMtime(dir: string): number {
  let newest = 0;
  const walk = (d: string) => {
    let names: string[] = [];
    try {
      names = readdirSync(d);
    } catch {
      return;
    }
    for (const name of names) {
      const p = join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (name.endsWith('.ts') && st.mtimeMs > newest) newest = st.mtimeMs;
    }
  };
  walk(dir);
  return newest;
}
