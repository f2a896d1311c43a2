import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Ajv, { type ValidateFunction } from 'ajv';
import { AJV_OPTIONS } from '../../../core/loaders/schema-errors';
import { REPO_ROOT } from '../../harness/run-cli';

// The build's ajv standalone validators (dist/, written by `npm run build`, which `npm test` runs first)
// must say what compiling the schema at run time says.
const built = require(join(REPO_ROOT, 'dist', 'core', 'loaders', 'schema-validators.js')) as Record<
  string,
  ValidateFunction
>;
const schemas = readdirSync(join(REPO_ROOT, 'schemas'))
  .filter((name) => name.endsWith('.schema.json'))
  .map((name) => JSON.parse(readFileSync(join(REPO_ROOT, 'schemas', name), 'utf8')) as { $id: string });

const SAMPLES: unknown[] = [
  {},
  [],
  'text',
  { bogus: 1 },
  { model_cards: 'x' },
  { secret_timeout: -1, cuda_probe: { mode: 'sometimes' } },
  { name: 7, tokenizer_sha: 'nothex', image: { repository: 3 } },
  { variables: { a: { type: 'nope' } } },
];

describe('precompiled schema validators (ajv standalone, built)', () => {
  it('one per schema, under its $id', () => {
    assert.deepEqual(Object.keys(built).sort(), schemas.map((schema) => schema.$id).sort());
  });

  for (const schema of schemas) {
    it(`${schema.$id.split('/').pop()}: the same verdict and first error as the schema compiled at run time`, () => {
      const compiled = new Ajv(AJV_OPTIONS).compile(schema);
      const precompiled = built[schema.$id]!;
      for (const sample of SAMPLES) {
        const strip = (errors: typeof compiled.errors) =>
          (errors ?? []).map(({ instancePath, keyword, params, message, parentSchema }) => ({
            instancePath,
            keyword,
            params,
            message,
            description: (parentSchema as { description?: string } | undefined)?.description,
          }));
        assert.equal(precompiled(sample), compiled(sample), JSON.stringify(sample));
        assert.deepEqual(strip(precompiled.errors), strip(compiled.errors), JSON.stringify(sample));
      }
    });
  }
});
