/**
 * Spec §3 and §4 cannot drift from the code: the field tables of
 * protocol/spec/03-messages.md, its details table and hex examples, and the
 * status table of 04-status.md are checked against protocol/messages and
 * protocol/status.ts.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { STATUS_TABLE } from '../../protocol/status.js';
import { COMMAND_TABLE, EVENT_TABLE, detailsSchema, fieldKey } from '../../protocol/messages/index.js';
import { loadVectors } from '../vectors/load.js';
import { NAMED_SCHEMAS, isRequired } from './schemas.js';
import { schemaRows, tableAfter, statusTable, describeType, STATUS_BEGIN, STATUS_END } from './describe.js';

const read = (name: string) => readFileSync(fileURLToPath(new URL('../../protocol/spec/' + name, import.meta.url)), 'utf8');
const md3 = read('03-messages.md');
const md4 = read('04-status.md');

test('§3: every marked field table matches its schema (key, field, type, presence)', () => {
  const marked = [...md3.matchAll(/<!-- schema: ([A-Z_]+) -->/g)].map((m) => m[1]);
  assert.ok(marked.length >= 20, `${marked.length} tables`);
  for (const name of marked) {
    const schema = NAMED_SCHEMAS.find(([n]) => n === name)?.[1];
    assert.ok(schema, `unknown schema ${name}`);
    const rows = tableAfter(md3, `<!-- schema: ${name} -->`)!;
    assert.equal(rows.map((r) => r.slice(0, 4)), schemaRows(schema!), name);
    for (const r of rows) assert.ok(r[4].length > 3, `${name}.${r[1]}: meaning missing`);
  }
});

test('§3: every schema with fields is documented (details in the details table)', () => {
  for (const [name, schema] of NAMED_SCHEMAS) {
    if (!Object.keys(schema).length || name.endsWith('_DETAILS')) continue;
    assert.ok(md3.includes(`<!-- schema: ${name} -->`), `${name} has no table in 03-messages.md`);
  }
});

test('§3.7: the details table lists exactly the details schemas', () => {
  const rows = tableAfter(md3, '<!-- details -->')!;
  const expected: string[][] = [];
  for (const s of STATUS_TABLE) {
    const schema = detailsSchema(s.code);
    if (!schema) continue;
    for (const [field, f] of Object.entries(schema)) {
      expected.push([s.name, String(fieldKey(f)), field, describeType(f), isRequired(f) ? 'required' : 'optional']);
    }
  }
  const got = rows.map((r) => [r[0].replace(/^`?([A-Z_]+)` \(0x[0-9A-F]{2}\)$/, '$1'), r[1], r[2], r[3], r[4]]);
  assert.equal(got, expected);
  for (const r of rows) {
    const s = STATUS_TABLE.find((x) => r[0].startsWith(x.name + '`'))!;
    assert.ok(r[0].endsWith(`(0x${s.code.toString(16).padStart(2, '0').toUpperCase()})`), r[0]);
  }
});

test('§3: command and event tables list the codes of protocol/messages/codes.ts', () => {
  for (const c of COMMAND_TABLE) {
    const hex = '0x' + c.code.toString(16).padStart(2, '0').toUpperCase();
    assert.ok(md3.includes(`| ${hex} | ${c.name} |`), `${c.name} in the command table`);
    assert.ok(md3.includes(`### ${hex} ${c.name}`), `${c.name} section`);
  }
  for (const e of EVENT_TABLE) {
    const hex = '0x' + e.code.toString(16).padStart(2, '0').toUpperCase();
    assert.ok(md3.includes(`| ${hex} | ${e.name} |`), `${e.name} in the event table`);
  }
});

test('§3: every hex example is a vector', () => {
  const v = loadVectors<Record<string, { hex: string }[] | string>>('messages');
  const known = new Set<string>();
  for (const list of Object.values(v)) if (Array.isArray(list)) for (const x of list) known.add(x.hex);
  const examples = [...md3.matchAll(/^hex: ([0-9a-f]+)$/gm)].map((m) => m[1]);
  assert.ok(examples.length >= 10, `${examples.length} examples`);
  for (const h of examples) assert.ok(known.has(h), `example ${h} is not in messages.json`);
});

test('§4: the generated status table equals STATUS_TABLE (run gen-status-md.ts after a change)', () => {
  const a = md4.indexOf(STATUS_BEGIN);
  const b = md4.indexOf(STATUS_END);
  assert.ok(a >= 0 && b > a, 'markers');
  assert.is(md4.slice(a + STATUS_BEGIN.length, b).trim(), statusTable());
});

test('§4.4: the statuses said to require details are those whose details schema has a required field', () => {
  const m = /The details of (.*?) are required/s.exec(md4);
  assert.ok(m);
  const said = [...m![1].matchAll(/`([A-Z_]+)`/g)].map((x) => x[1]).sort();
  const real = STATUS_TABLE.filter((s) => {
    const d = detailsSchema(s.code);
    return d && Object.values(d).some(isRequired);
  }).map((s) => s.name).sort();
  assert.equal(said, real);
});

test('§4.2: every status code lies in a defined range, FRAME_* in 0x10-0x1F, codes unique and sorted', () => {
  let prev = -1;
  for (const s of STATUS_TABLE) {
    assert.ok(s.code > prev, `${s.name} out of order`);
    prev = s.code;
    assert.ok(s.code < 0x80, `${s.name} in a reserved range`);
    assert.is(s.name.startsWith('FRAME_'), s.code >= 0x10 && s.code <= 0x1f, s.name);
  }
});

test.run();
