/**
 * Argument parsing with node:util parseArgs, and --help text, for one
 * subcommand. Unknown options, missing values and missing required options
 * are usage errors (exit code 2) that name the command and its --help.
 */
import { parseArgs } from 'node:util';
import type { CliCommand, OptionSpec } from './command.js';
import { usageError } from './command.js';

/** The program name shown in messages and help. */
export const PROGRAM = 'passreader';

/** Full name of a command, e.g. 'passreader issuer card'. */
export function fullName(cmd: Pick<CliCommand, 'name'>): string {
  return [PROGRAM, ...cmd.name].join(' ');
}

/** The implicit --help option of every command. */
const HELP: OptionSpec = { name: 'help', short: 'h', type: 'boolean', description: 'show this help' };

/** Parsed arguments of one command. */
export interface Parsed {
  help: boolean;
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

function describeParseError(e: unknown, cmd: CliCommand): string {
  const err = e as { code?: string; message?: string };
  const msg = String(err.message ?? e);
  if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const m = /Unknown option '([^']+)'/.exec(msg);
    return `unknown option ${m ? `'${m[1]}'` : ''} for '${fullName(cmd)}'`.replace('  ', ' ');
  }
  if (err.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    const m = /Unexpected argument '([^']+)'/.exec(msg);
    return `unexpected argument ${m ? `'${m[1]}'` : ''} for '${fullName(cmd)}'`.replace('  ', ' ');
  }
  if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return msg.replace(/\. To specify.*$/s, '').replace(/^Option/, 'option');
  }
  return msg;
}

/** Parse `argv` (the words after the command name) for `cmd`. Throws a usage CliError. */
export function parseCommandArgs(cmd: CliCommand, argv: string[]): Parsed {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const o of [...cmd.options, HELP]) {
    options[o.name] = { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) };
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: true });
  } catch (e) {
    throw usageError(describeParseError(e, cmd), `see '${fullName(cmd)} --help'`);
  }
  const values = parsed.values as Parsed['values'];
  const help = values.help === true;
  delete values.help;
  const positionals = parsed.positionals;
  if (!help) {
    const max = cmd.positionals?.length ?? 0;
    if (positionals.length > max) {
      throw usageError(`unexpected argument '${positionals[max]}' for '${fullName(cmd)}'`, `see '${fullName(cmd)} --help'`);
    }
    for (const o of cmd.options) {
      if (o.required && values[o.name] === undefined) {
        throw usageError(`'${fullName(cmd)}' needs --${o.name}${o.value ? ' ' + o.value : ''}`, `see '${fullName(cmd)} --help'`);
      }
    }
  }
  return { help, values, positionals };
}

/** The --help text of a command. */
export function helpText(cmd: CliCommand): string {
  const lines: string[] = [];
  lines.push(`${fullName(cmd)} - ${cmd.summary}`, '');
  lines.push('Usage:', `  ${fullName(cmd)} ${cmd.usage}`.trimEnd(), '');
  if (cmd.description) lines.push(...cmd.description.split('\n'), '');
  const opts = [...cmd.options, HELP];
  const left = opts.map((o) => `${o.short ? `-${o.short}, ` : '    '}--${o.name}${o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : ''}`);
  const w = Math.max(...left.map((l) => l.length));
  lines.push('Options:');
  opts.forEach((o, i) => {
    const flags = [o.required ? 'required' : '', o.multiple ? 'repeatable' : ''].filter(Boolean).join(', ');
    lines.push(`  ${left[i].padEnd(w)}  ${o.description}${flags ? ` (${flags})` : ''}`);
  });
  lines.push('', 'Examples:');
  for (const e of cmd.examples) lines.push(`  ${e}`);
  return lines.join('\n');
}

/** A string option value, or undefined. */
export function str(values: Parsed['values'], name: string): string | undefined {
  const v = values[name];
  if (Array.isArray(v)) return v[v.length - 1];
  return typeof v === 'string' ? v : undefined;
}

/** Every value of a repeatable string option. */
export function list(values: Parsed['values'], name: string): string[] {
  const v = values[name];
  if (Array.isArray(v)) return v;
  return typeof v === 'string' ? [v] : [];
}

/** An integer option in [min, max], or `fallback` when absent. Throws a usage error otherwise. */
export function intOption(values: Parsed['values'], name: string, fallback: number, min = 0, max = 0xffffffff): number {
  const s = str(values, name);
  if (s === undefined) return fallback;
  if (!/^\d+$/.test(s) || Number(s) < min || Number(s) > max) {
    throw usageError(`--${name} must be a whole number from ${min} to ${max} (got '${s}')`);
  }
  return Number(s);
}
