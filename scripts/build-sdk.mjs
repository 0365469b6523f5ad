// Packages the host SDK into dist/sdk/:
//   browser.js  ESM bundle of sdk/index.ts for browser tills (no node-only module inside)
//   node.js     ESM bundle of sdk/node.ts for Node programs (node-usb stays an import)
//   simulator.js ESM bundle of sdk/simulator.ts (the SDK plus in-process and bridge simulators)
//   types/      TypeScript declarations of the three entries
// Usage: node scripts/build-sdk.mjs
import { execFileSync } from 'node:child_process';
import { rmSync, statSync } from 'node:fs';
import * as esbuild from 'esbuild';

process.chdir(new URL('..', import.meta.url).pathname);
rmSync('dist/sdk', { recursive: true, force: true });
const common = { bundle: true, format: 'esm', target: 'es2022', sourcemap: true, legalComments: 'none', logLevel: 'error' };
await esbuild.build({ ...common, entryPoints: ['sdk/index.ts'], outfile: 'dist/sdk/browser.js', platform: 'browser' });
await esbuild.build({ ...common, entryPoints: ['sdk/node.ts'], outfile: 'dist/sdk/node.js', platform: 'node', packages: 'external' });
await esbuild.build({ ...common, entryPoints: ['sdk/simulator.ts'], outfile: 'dist/sdk/simulator.js', platform: 'node', packages: 'external' });
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '--declaration', '--emitDeclarationOnly', '--noEmit', 'false',
  '--outDir', 'dist/sdk/types', '--rootDir', '.', '--target', 'ES2022', '--module', 'ESNext', '--moduleResolution', 'bundler',
  '--strict', '--skipLibCheck', '--types', 'node,w3c-web-usb', '--lib', 'ES2022,DOM,DOM.Iterable',
  'sdk/index.ts', 'sdk/node.ts', 'sdk/simulator.ts'], { stdio: 'inherit' });
for (const f of ['browser.js', 'node.js', 'simulator.js']) {
  console.log(`dist/sdk/${f.padEnd(14)} ${String(statSync(`dist/sdk/${f}`).size).padStart(8)} bytes`);
}
console.log('dist/sdk/types/sdk/{index,node,simulator}.d.ts');
