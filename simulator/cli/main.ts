/**
 * `passreader`: the simulator and dev-issuer command line. Finds the
 * subcommand named by the leading words (registry.ts), parses its options
 * (args.ts) and runs it. Exit codes: 0 success, 1 failure (or a scenario
 * expectation that does not hold), 2 usage error.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isCodedError } from '../../protocol/errors.js';
import { statusName } from '../../protocol/status.js';
import type { CliCommand, CommandContext } from './command.js';
import { CliError } from './command.js';
import { PROGRAM, fullName, helpText, parseCommandArgs } from './args.js';
import { Out, type TextSink } from './output.js';
import { REPO_ROOT, findCommands, groupMembers, loadCommand, matchCommand, type CommandEntry } from './registry.js';

/** The process streams a run uses (tests pass their own). */
export interface Io {
  stdout: TextSink;
  stderr: TextSink;
  stdin: CommandContext['stdin'];
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** The real process streams. */
export function processIo(): Io {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() };
}

function version(): string {
  try {
    return (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** Lines listing commands with their summaries. */
async function listing(entries: CommandEntry[]): Promise<string[]> {
  const cmds: CliCommand[] = [];
  for (const e of entries) cmds.push(await loadCommand(e));
  const names = cmds.map((c) => c.name.join(' '));
  const w = Math.max(...names.map((n) => n.length));
  return cmds.map((c, i) => `  ${names[i].padEnd(w)}  ${c.summary}`);
}

async function topHelp(entries: CommandEntry[]): Promise<string> {
  return [
    `${PROGRAM} ${version()} - the Pass'Région reader simulator and dev issuer`,
    '',
    'Usage:',
    `  ${PROGRAM} <command> [options]`,
    `  ${PROGRAM} <command> --help`,
    '',
    'Commands:',
    ...(await listing(entries)),
    '',
    'Examples:',
    `  ${PROGRAM} issuer init`,
    `  ${PROGRAM} issuer card --profile cap1-cooking --pin 1234 --name "Camille Martin"`,
    `  ${PROGRAM} issuer reader --partner "Cinéma Le Méliès" --categories cinema,shows`,
    `  ${PROGRAM} sim`,
    `  ${PROGRAM} sim --script simulator/scenario/examples/happy-debit.json`,
    '',
    'The state (issuer, cards, readers, denylists) lives in .sim-state/ unless --state DIR says otherwise.',
    'Guide: docs/simulator.md',
  ].join('\n');
}

/** Run the command line `argv` (without node and script); resolves to the exit code. */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  const out = new Out(io.stdout, io.stderr, io.env);
  const entries = findCommands();
  try {
    if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
      out.line(await topHelp(entries));
      return 0;
    }
    if (argv[0] === '--version' || argv[0] === '-V') {
      out.line(version());
      return 0;
    }
    const m = matchCommand(entries, argv);
    if (!m) {
      // A group name (e.g. `passreader issuer`) or an unknown word.
      const words = argv.filter((a) => !a.startsWith('-'));
      for (let n = words.length; n >= 1; n--) {
        const members = groupMembers(entries, words.slice(0, n));
        if (members.length === 0) continue;
        const group = `${PROGRAM} ${words.slice(0, n).join(' ')}`;
        const asked = argv.includes('--help') || argv.includes('-h');
        if (n === words.length && (asked || argv.length === n)) {
          out.line(`${group} - commands:`, ...(await listing(members)), '', `Run '${group} <command> --help' for the options of one.`);
          return 0;
        }
        out.error(`error: unknown command '${group} ${words[n]}'`);
        out.error(`commands of '${group}':`);
        out.error((await listing(members)).join('\n'));
        return 2;
      }
      out.error(`error: unknown command '${argv[0]}'. Run '${PROGRAM} --help' for the list.`);
      return 2;
    }
    const cmd = await loadCommand(m.entry);
    const parsed = parseCommandArgs(cmd, m.rest);
    if (parsed.help) {
      out.line(helpText(cmd));
      return 0;
    }
    return await cmd.run({ values: parsed.values, positionals: parsed.positionals, out, cwd: io.cwd, stdin: io.stdin, env: io.env });
  } catch (e) {
    if (e instanceof CliError) {
      out.error(`error: ${e.message}`);
      if (e.hint) out.error(e.hint);
      return e.exitCode;
    }
    if (isCodedError(e)) {
      out.error(`error: ${e.message} (${statusName(e.code)})`);
      return 1;
    }
    out.error(`error: ${e instanceof Error ? (io.env.PASSREADER_DEBUG ? e.stack : e.message) : String(e)}`);
    return 1;
  }
}

/** Entry point of bin/passreader.mjs: run, then exit with the code once output is flushed. */
export async function runMain(argv: string[]): Promise<void> {
  // `passreader ... | head` closes the pipe early: stop quietly, as Unix tools do.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  const code = await main(argv);
  process.exitCode = code;
  // Interactive sessions may leave stdin listeners or timers behind: leave once stdout is drained.
  process.stdout.write('', () => process.exit(code));
}

/** Name of a command for messages (re-exported for command modules). */
export { fullName };
