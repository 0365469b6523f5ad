/**
 * Regenerates the status table of protocol/spec/04-status.md from STATUS_TABLE
 * (protocol/status.ts) and the details schemas (protocol/messages/details.ts):
 *   node --import tsx test/messages/gen-status-md.ts
 * status-md.test.ts fails when the file and the tables disagree.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { statusTable, STATUS_BEGIN, STATUS_END } from './describe.js';

const path = fileURLToPath(new URL('../../protocol/spec/04-status.md', import.meta.url));
const md = readFileSync(path, 'utf8');
const a = md.indexOf(STATUS_BEGIN);
const b = md.indexOf(STATUS_END);
if (a < 0 || b < a) throw new Error('markers not found in ' + path);
writeFileSync(path, md.slice(0, a + STATUS_BEGIN.length) + '\n' + statusTable() + '\n' + md.slice(b));
console.log('updated ' + path);
