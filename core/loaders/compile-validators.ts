// Build step (`npm run build`): ajv's standalone code generation turns schemas/*.schema.json into plain
// JavaScript validators, written beside the built schema-errors.js, so that no command compiles a schema
// at start-up (about 150 ms of CPU each time a config or card was read). Run: node dist/core/loaders/compile-validators.js
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import { AJV_OPTIONS, PRECOMPILED_VALIDATORS } from './schema-errors';

const schemasDir = join(__dirname, '..', '..', '..', 'schemas');
const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true } });
for (const file of readdirSync(schemasDir)
  .filter((name) => name.endsWith('.schema.json'))
  .sort()) {
  ajv.addSchema(JSON.parse(readFileSync(join(schemasDir, file), 'utf8')));
}
// Without an argument, standaloneCode exports every added schema under its $id.
writeFileSync(PRECOMPILED_VALIDATORS, standaloneCode(ajv));
console.log(`precompiled schema validators: ${PRECOMPILED_VALIDATORS}`);
