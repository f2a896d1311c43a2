import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ErrorObject } from 'ajv';

/**
 * A validator for SARIF logs built from the official 2.1.0 schema in test/fixtures/sarif. The schema is
 * draft-04; every keyword it uses means the same in draft-07 except `id`, so the copy is loaded with
 * its `$schema` and `id` dropped. The three formats it names are checked here rather than skipped.
 */
export function sarifSchemaErrors(): (log: unknown) => ErrorObject[] {
  const file = join(__dirname, '..', '..', 'fixtures', 'sarif', 'sarif-2.1.0-rtm.5.json');
  const { $schema: _draft, id: _id, ...schema } = JSON.parse(readFileSync(file, 'utf8'));
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  ajv.addFormat('uri', (value: string) => /^[a-z][a-z0-9+.-]*:/i.test(value) && URL.canParse(value));
  ajv.addFormat(
    'uri-reference',
    (value: string) => !/\s/.test(value) && URL.canParse(value, 'file:///base/'),
  );
  ajv.addFormat('date-time', (value: string) =>
    /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i.test(value),
  );
  const validate = ajv.compile(schema);
  return (log) => (validate(log) ? [] : [...(validate.errors ?? [])]);
}
