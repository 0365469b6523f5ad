/**
 * Prints a markdown table (key, field, type, presence, empty meaning) for every
 * schema of the catalogue, preceded by its `<!-- schema: NAME -->` marker, to
 * paste into protocol/spec/03-messages.md when a schema changes:
 *   node --import tsx test/messages/gen-messages-md.ts [NAME...]
 * spec-tables.test.ts checks the first four columns of every marked table.
 */
import { NAMED_SCHEMAS } from './schemas.js';
import { schemaTable } from './describe.js';

const only = process.argv.slice(2);
for (const [name, schema] of NAMED_SCHEMAS) {
  if (only.length && !only.includes(name)) continue;
  console.log(`<!-- schema: ${name} -->\n${schemaTable(schema)}\n`);
}
