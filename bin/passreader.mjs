#!/usr/bin/env node
// The `passreader` command: registers tsx (a dev dependency, present after `npm ci`) so the
// TypeScript sources run as they are, then hands the arguments to simulator/cli/main.ts.
import { register } from 'tsx/esm/api';

register();
const { runMain } = await import('../simulator/cli/main.ts');
await runMain(process.argv.slice(2));
