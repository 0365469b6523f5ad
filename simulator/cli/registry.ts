/**
 * Where `passreader` finds its subcommands: one module per subcommand in each
 * command directory, named after the command's words joined by dots
 * (`issuer.card.ts` is `passreader issuer card`, `sim.ts` is `passreader sim`),
 * exporting `command: CliCommand`. Only the module of the command being run is
 * imported; help listings import them all.
 *
 * Directories searched, in order (a later one may not redefine a name):
 *   simulator/cli/commands/   the simulator and dev-issuer commands
 *   sdk/cli/commands/         host commands (info, debit, ...) when that folder exists
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CliCommand } from './command.js';

/** Repository root (two levels above this file). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Command directories, relative to the repository root. */
export const COMMAND_DIRS = ['simulator/cli/commands', 'sdk/cli/commands'];

/** A command module found on disk, not yet imported. */
export interface CommandEntry {
  name: string[];
  file: string;
}

/** Every command module on disk, sorted by name. */
export function findCommands(root = REPO_ROOT): CommandEntry[] {
  const seen = new Map<string, CommandEntry>();
  for (const d of COMMAND_DIRS) {
    const dir = join(root, d);
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).sort()) {
      if (!/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*\.ts$/.test(f) || f.endsWith('.test.ts') || f.endsWith('.d.ts')) continue;
      const words = f.slice(0, -3).split('.');
      const key = words.join(' ');
      if (!seen.has(key)) seen.set(key, { name: words, file: join(dir, f) });
    }
  }
  return [...seen.values()].sort((a, b) => a.name.join(' ').localeCompare(b.name.join(' ')));
}

/** Import a command module; throws when it does not export a matching `command`. */
export async function loadCommand(entry: CommandEntry): Promise<CliCommand> {
  const mod = (await import(pathToFileURL(entry.file).href)) as { command?: CliCommand };
  const c = mod.command;
  if (!c || typeof c.run !== 'function' || c.name.join(' ') !== entry.name.join(' ')) {
    throw new Error(`${entry.file} must export 'command' named '${entry.name.join(' ')}'`);
  }
  return c;
}

/**
 * The command `argv` names: the longest run of leading words that is a command.
 * Returns the entry and the remaining arguments, or null.
 */
export function matchCommand(entries: CommandEntry[], argv: string[]): { entry: CommandEntry; rest: string[] } | null {
  let best: { entry: CommandEntry; rest: string[] } | null = null;
  for (const e of entries) {
    if (e.name.length > argv.length) continue;
    if (e.name.every((w, i) => argv[i] === w) && (!best || e.name.length > best.entry.name.length)) {
      best = { entry: e, rest: argv.slice(e.name.length) };
    }
  }
  return best;
}

/** Entries whose names start with `prefix` (a command group such as ['issuer']). */
export function groupMembers(entries: CommandEntry[], prefix: string[]): CommandEntry[] {
  return entries.filter((e) => e.name.length > prefix.length && prefix.every((w, i) => e.name[i] === w));
}
