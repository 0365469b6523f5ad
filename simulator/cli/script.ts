/** `passreader sim --script`: validate a scenario, build its world, play it, print (and save) the transcript. */
import { basename } from 'node:path';
import type { CommandContext } from './command.js';
import { CliError } from './command.js';
import { crypto, withState } from './show.js';
import type { Style } from './output.js';
import { parseScenario, ScenarioError } from '../scenario/validate.js';
import { runScenario, type LineStyle } from '../scenario/runner.js';
import { scenarioWorld, stateWorld, type FirmwareStart, type World } from '../scenario/world.js';
import type { CardRef } from '../scenario/types.js';
import { parseWhen } from '../scenario/time.js';
import { writeAtomic } from '../state/atomic.js';
import type { StateDir } from '../state/store.js';

/** Options of a scripted run. */
export interface ScriptOptions {
  transcript?: string;
  quiet?: boolean;
  reader?: string;
  clock?: string;
  /** How the firmware starts (--engine). */
  start?: FirmwareStart;
}

const STYLES: Record<LineStyle, Style | null> = { plain: null, dim: 'dim', bold: 'bold', ok: 'green', fail: 'red', fault: 'yellow', step: 'cyan' };

/** Run a scenario; resolves to the exit code (0 all expectations held, 1 otherwise; 2 invalid scenario). */
export function runScript(ctx: CommandContext, state: StateDir, file: string, text: string, o: ScriptOptions): number {
  let scenario;
  try {
    scenario = parseScenario(text, basename(file));
  } catch (e) {
    if (e instanceof ScenarioError) {
      ctx.out.error(`error: invalid scenario ${e.message}`);
      ctx.out.error('The format is described in docs/simulator.md ("Scenario files").');
      return 2;
    }
    throw e;
  }
  if (scenario.reader && o.reader) throw new CliError('--reader applies to scenarios without a "reader" (those run on the state directory)', 2);
  let clock: number | undefined;
  if (o.clock !== undefined) {
    const t = parseWhen(o.clock);
    if (t === null) throw new CliError(`--clock: '${o.clock}' is not YYYY-MM-DDTHH:MM`, 2);
    clock = t;
  }
  ctx.out.progress('setting up the reader and the cards...');
  let world: World;
  try {
    world = scenario.reader
      ? scenarioWorld(scenario, crypto(), o.start)
      : withState(() => stateWorld(state, crypto(), {
          ...(o.reader ? { reader: o.reader } : {}),
          ...(scenario.cards.length ? { cards: scenario.cards as CardRef[] } : {}),
          ...(clock !== undefined ? { clock } : {}),
          ...(o.start ? { start: o.start } : {}),
        }));
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`setting up the scenario failed: ${(e as Error).message}`, 1);
  }
  ctx.out.clearProgress();
  const lines: string[] = [];
  const result = runScenario(world, scenario, (line, style) => {
    lines.push(line);
    const s = STYLES[style];
    ctx.out.line(s ? ctx.out.style(s, line) : line);
  }, { verbose: !o.quiet });
  world.save();
  if (o.transcript) writeAtomic(o.transcript, lines.join('\n') + '\n');
  return result.failed === 0 ? 0 : 1;
}
