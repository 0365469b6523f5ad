/** `passreader sim`: the virtual reader, interactive in a terminal or playing a scenario. */
import { readFileSync } from 'node:fs';
import type { CliCommand } from '../command.js';
import { STATE_OPTION, usageError } from '../command.js';
import { ENGINES, type EngineName } from '../engine.js';
import { str } from '../args.js';
import { stateOf } from '../show.js';


export const command: CliCommand = {
  name: ['sim'],
  summary: 'run a simulated reader: interactive in the terminal, or a scenario with --script',
  usage: '[--reader NAME] [--state DIR] [--engine ENGINE] | --script FILE [--transcript FILE] [--quiet]',
  description:
    'Interactive: shows the reader\'s display, LED and beeps; digits, * and # go to the keypad; letters open the\n' +
    'menu (tap or pull a card, unplug/replug USB, advance the clock, start a debit, a balance or an access\n' +
    'check as a till would, quit). On quit the reader\'s flash, clock and the cards are saved to the state\n' +
    'directory. Without a terminal (stdin is a pipe), one command per line is read instead: type "help".\n' +
    '\n' +
    'Scripted: --script plays a JSON scenario (docs/simulator.md) and prints a transcript. Exit code 0 when\n' +
    'every expectation holds, 1 otherwise, 2 when the scenario is invalid. A scenario with a "reader" is\n' +
    'self-contained (its own issuer, reader and cards, nothing saved); without one it runs on the state\n' +
    'directory\'s reader and cards, and saves them afterwards.\n' +
    '\n' +
    'Engines: "node" (default) runs the firmware sources in Node (fast); "quickjs-jerryscript" and\n' +
    '"quickjs-espruino" run the built board bundle (dist/firmware/, npm run build:firmware) inside quickjs\n' +
    'with the JerryScript-like or Espruino-like profile (faithful, slower).',
  examples: [
    'passreader sim',
    'passreader sim --reader cinema-le-melies --state /tmp/demo',
    'passreader sim --script simulator/scenario/examples/happy-debit.json',
    'passreader sim --script my-scenario.json --transcript out.txt --quiet',
    'printf "tap camille\\ndebit cinema 1\\n1234#\\nwait\\nquit\\n" | passreader sim',
    'passreader sim --engine quickjs-jerryscript --script simulator/scenario/examples/happy-debit.json',
  ],
  options: [
    { name: 'reader', type: 'string', value: 'NAME', description: 'reader of the state directory (default: the only one)' },
    STATE_OPTION,
    { name: 'engine', type: 'string', value: 'ENGINE', description: `where the firmware runs: ${ENGINES.join(' | ')} (default node)` },
    { name: 'script', type: 'string', value: 'FILE', description: 'play this JSON scenario instead of the interactive mode' },
    { name: 'transcript', type: 'string', value: 'FILE', description: 'also write the transcript to FILE (scripted mode)' },
    { name: 'quiet', type: 'boolean', description: 'scripted mode: steps, display and results only (no frames, LED, beeps)' },
    { name: 'clock', type: 'string', value: 'TIME', description: 'set the reader clock at start, YYYY-MM-DDTHH:MM Paris (state readers)' },
  ],
  async run(ctx) {
    const engine = str(ctx.values, 'engine') ?? 'node';
    if (!(ENGINES as readonly string[]).includes(engine)) throw usageError(`unknown engine '${engine}'`, `engines: ${ENGINES.join(', ')}`);
    const { firmwareStart } = await import('../engine.js');
    const start = await firmwareStart(engine as EngineName, (s) => ctx.out.progress(s));
    const script = str(ctx.values, 'script');
    const transcript = str(ctx.values, 'transcript');
    if (!script && transcript) throw usageError('--transcript goes with --script');
    if (!script && ctx.values.quiet) throw usageError('--quiet goes with --script');
    const state = stateOf(ctx);
    if (script) {
      let text: string;
      try {
        text = readFileSync(script, 'utf8');
      } catch (e) {
        throw usageError(`cannot read the scenario ${script}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
      const { runScript } = await import('../script.js');
      return runScript(ctx, state, script, text, {
        ...(transcript ? { transcript } : {}),
        quiet: ctx.values.quiet === true,
        ...(str(ctx.values, 'reader') ? { reader: str(ctx.values, 'reader') } : {}),
        ...(str(ctx.values, 'clock') ? { clock: str(ctx.values, 'clock') } : {}),
        ...(start ? { start } : {}),
      });
    }
    const { runInteractive } = await import('../interactive.js');
    return runInteractive(ctx, state, {
      ...(str(ctx.values, 'reader') ? { reader: str(ctx.values, 'reader') } : {}),
      ...(str(ctx.values, 'clock') ? { clock: str(ctx.values, 'clock') } : {}),
      ...(start ? { start } : {}),
    });
  },
};
