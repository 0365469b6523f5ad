import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
// @ts-expect-error plain ESM script without types
import { assembleSpec } from '../../scripts/build-spec.mjs';

const spec = readFileSync(new URL('../../protocol/SPEC.md', import.meta.url), 'utf8');

test('protocol/SPEC.md is assembled from the current section files', () => {
  assert.ok(spec === assembleSpec(), 'SPEC.md is stale: run node scripts/build-spec.mjs');
});

test('SPEC.md has every section of the overview, in order', () => {
  const titles = [...spec.matchAll(/^# (\d)\. /gm)].map((m) => Number(m[1]));
  assert.equal(titles, [1, 2, 3, 4, 5, 6, 7, 8]);
});

test.run();
