/** Where the built ES5 bundles are (dist/firmware/), and building them when missing. */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

/** The repository root. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Absolute path of dist/firmware/<name> ('protocol.js', 'jerryscript.js', 'espruino.js'). */
export function bundlePath(name: string): string {
  return join(ROOT, 'dist', 'firmware', name);
}

/**
 * The text of a built bundle. Builds dist/firmware/ first (node
 * scripts/build-firmware.mjs --quiet) when protocol.js is missing; `npm test`
 * has already built it.
 */
export function readBundle(name = 'protocol.js'): string {
  if (!existsSync(bundlePath('protocol.js'))) {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-firmware.mjs'), '--quiet'], { cwd: ROOT, stdio: 'inherit' });
  }
  return readFileSync(bundlePath(name), 'utf8');
}
