/**
 * The shape of one `passreader` subcommand. Each subcommand is one module that
 * exports `command` (see registry.ts for how modules are found): a name of one
 * or more words, a help text with examples, its options, and `run`.
 */
import type { Out } from './output.js';

/** One option of a subcommand (long form `--name`; parsed with node:util parseArgs). */
export interface OptionSpec {
  /** Long name without dashes, e.g. 'state'. */
  name: string;
  type: 'string' | 'boolean';
  /** One-letter alias. */
  short?: string;
  /** Placeholder shown in the help (string options), e.g. 'DIR'. */
  value?: string;
  /** One line of help. */
  description: string;
  /** May be given several times (values collected in an array). */
  multiple?: boolean;
  /** Must be given. */
  required?: boolean;
}

/** What `run` receives: parsed options and positionals, the output and the process context. */
export interface CommandContext {
  /** Option values by long name (strings, booleans, or arrays for `multiple`). */
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
  out: Out;
  /** Working directory (state directories resolve against it). */
  cwd: string;
  /** Standard input (interactive mode). */
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  /** Environment variables. */
  env: NodeJS.ProcessEnv;
}

/** One subcommand. */
export interface CliCommand {
  /** Words after `passreader`, e.g. ['issuer', 'card']. */
  name: string[];
  /** One line for command lists. */
  summary: string;
  /** Usage line(s) after the command name, e.g. '--profile NAME --pin PIN --name TEXT [options]'. */
  usage: string;
  /** Longer description (optional). */
  description?: string;
  /** Example command lines (shown in --help). */
  examples: string[];
  options: OptionSpec[];
  /** Positional arguments accepted: their names for the help; none when absent. */
  positionals?: string[];
  /** Run; resolves to the exit code. Throw CliError for a usage (2) or runtime (1) failure. */
  run(ctx: CommandContext): Promise<number> | number;
}

/** An error the CLI reports as one line `error: ...` with its exit code (2 = usage, 1 = failure). */
export class CliError extends Error {
  constructor(message: string, readonly exitCode: 1 | 2 = 1, readonly hint?: string) {
    super(message);
    this.name = 'CliError';
  }
}

/** A usage error (exit code 2). */
export function usageError(message: string, hint?: string): CliError {
  return new CliError(message, 2, hint);
}

/** The `--state DIR` option shared by every command that uses a state directory. */
export const STATE_OPTION: OptionSpec = {
  name: 'state', type: 'string', value: 'DIR',
  description: 'state directory (default: .sim-state in the current directory)',
};
