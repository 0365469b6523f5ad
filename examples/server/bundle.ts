/**
 * Builds the pages' browser code with esbuild, in memory, when the server
 * starts: one ES module per page plus shared chunks (the simulator client is
 * a chunk loaded only when "Use simulated reader" is pressed).
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { dirname, join, relative } from 'node:path';

/** Built files by URL path under /assets/ (e.g. 'till.js', 'chunk-ABC.js'). */
export type Assets = Map<string, { body: Uint8Array; type: string }>;

const EXAMPLES = dirname(dirname(fileURLToPath(import.meta.url)));

/** Bundle the till and canteen pages for the browser. */
export async function buildAssets(): Promise<Assets> {
  const result = await build({
    absWorkingDir: EXAMPLES,
    entryPoints: { till: 'till/main.ts', canteen: 'canteen/main.ts' },
    bundle: true,
    splitting: true,
    format: 'esm',
    target: 'es2022',
    platform: 'browser',
    outdir: join(EXAMPLES, 'out'),
    write: false,
    sourcemap: 'inline',
    minify: false,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const assets: Assets = new Map();
  for (const f of result.outputFiles) {
    const name = relative(join(EXAMPLES, 'out'), f.path).split('\\').join('/');
    assets.set(name, { body: f.contents, type: 'text/javascript; charset=utf-8' });
  }
  return assets;
}
