/**
 * Run an ES5 script under duktape 2.7 (the Debian package's `duk` command): a
 * real ES5.1 interpreter without Promise, Map, arrows, let/const or classes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What `duk file.js` did: its output and exit code (0 = the script finished without an uncaught error). */
export interface DukResult {
  stdout: string;
  stderr: string;
  code: number;
}

/** The message given when `duk` is not installed. */
export const DUK_MISSING = 'duk (duktape) is not installed: install the Debian package duktape: bash scripts/ensure-system-deps.sh';

/** True when the `duk` command can be run. */
export function hasDuk(): boolean {
  const r = spawnSync('duk', ['-e', 'print(1)'], { encoding: 'utf8', timeout: 10_000 });
  return !r.error && r.stdout.trim() === '1';
}

/**
 * Write `script` to a temporary file and run `duk` on it. Throws an Error
 * saying how to install duktape when `duk` is missing; never throws for a
 * script error (see `code` and `stderr`). `command` replaces `duk` (tests).
 */
export function runDuk(script: string, options: { timeoutMs?: number; command?: string } = {}): DukResult {
  const dir = mkdtempSync(join(tmpdir(), 'duk-'));
  const file = join(dir, 'script.js');
  try {
    writeFileSync(file, script);
    const r = spawnSync(options.command ?? 'duk', [file], { encoding: 'utf8', timeout: options.timeoutMs ?? 120_000, maxBuffer: 64 * 1024 * 1024 });
    if (r.error) {
      if ((r.error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(DUK_MISSING);
      throw r.error;
    }
    return { stdout: r.stdout, stderr: r.stderr, code: r.status ?? (r.signal ? 128 : 1) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
