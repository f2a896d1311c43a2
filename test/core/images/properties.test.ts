import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  formatImageRef,
  type ImageRef,
  normalizeRepository,
  parseImageRef,
  sameRepository,
} from '../../../core/images';

const alnum = fc.string({
  unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'),
  minLength: 1,
  maxLength: 6,
});
const separator = fc.constantFrom('.', '_', '__', '-', '--', '---');

/** path-component := [a-z0-9]+ (separator [a-z0-9]+)* */
const pathComponent = fc
  .tuple(alnum, fc.array(fc.tuple(separator, alnum), { maxLength: 2 }))
  .map(([first, rest]) => first + rest.map(([sep, part]) => sep + part).join(''));
const path = fc.array(pathComponent, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('/'));

const domainComponent = fc.oneof(
  fc.string({ unit: fc.constantFrom(...'abcXYZ019'), minLength: 1, maxLength: 1 }),
  fc
    .tuple(
      fc.string({ unit: fc.constantFrom(...'aZ9'), minLength: 1, maxLength: 1 }),
      fc.string({ unit: fc.constantFrom(...'a-Z9'), maxLength: 4 }),
      fc.string({ unit: fc.constantFrom(...'bY8'), minLength: 1, maxLength: 1 }),
    )
    .map((parts) => parts.join('')),
);
const port = fc.option(
  fc.integer({ min: 1, max: 65535 }).map((n) => `:${n}`),
  { nil: '' },
);
const host = fc.oneof(
  fc.array(domainComponent, { minLength: 2, maxLength: 3 }).map((parts) => parts.join('.')),
  fc.constant('localhost'),
  fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((parts) => parts.join('.')),
  fc.constantFrom('[::1]', '[2001:db8::1]', '[fe80::a:B:c]'),
);
const registry = fc.option(
  fc.tuple(host, port).map(([h, p]) => `${h}${p}`),
  { nil: undefined },
);

const tag = fc
  .tuple(
    fc.string({ unit: fc.constantFrom(...'aZ9_'), minLength: 1, maxLength: 1 }),
    fc.string({ unit: fc.constantFrom(...'aZ9_.-'), maxLength: 20 }),
  )
  .map(([first, rest]) => first + rest);
const hex = (length: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: length, maxLength: length });
const digest = fc.oneof(
  hex(64).map((h) => `sha256:${h}`),
  hex(96).map((h) => `sha384:${h}`),
  hex(128).map((h) => `sha512:${h}`),
);

/** Without a registry, a first component with a "." (or localhost) would be read as one: not a path. */
const readsAsRegistry = (domain: string | undefined, name: string) =>
  domain === undefined && name.includes('/') && /\.|^localhost\//.test(name.split('/')[0]!);

const parts = fc
  .tuple(registry, path, fc.option(tag, { nil: undefined }), fc.option(digest, { nil: undefined }))
  .filter(([domain, name]) => !readsAsRegistry(domain, name));

function join(
  domain: string | undefined,
  name: string,
  t: string | undefined,
  d: string | undefined,
): string {
  return `${domain === undefined ? '' : `${domain}/`}${name}${t === undefined ? '' : `:${t}`}${d === undefined ? '' : `@${d}`}`;
}

/** Valid references, generated from the distribution/reference grammar. */
const reference = parts.map(([domain, name, t, d]) => join(domain, name, t, d));

function withoutOriginal(ref: ImageRef): Omit<ImageRef, 'original'> {
  const { original: _original, ...rest } = ref;
  return rest;
}

describe('image reference properties', () => {
  it('every reference from the grammar parses into its parts', () => {
    fc.assert(
      fc.property(parts, ([domain, name, t, d]) => {
        const text = join(domain, name, t, d);
        const ref = parseImageRef(text);
        assert.equal(ref.original, text);
        assert.equal(ref.registry, domain ?? 'docker.io');
        assert.equal(ref.repository, domain === undefined && !name.includes('/') ? `library/${name}` : name);
        assert.equal(ref.tag, t);
        assert.equal(ref.digest, d);
      }),
    );
  });

  it('parse → format → parse round-trips, canonical and familiar', () => {
    fc.assert(
      fc.property(reference, fc.boolean(), (text, familiar) => {
        const ref = parseImageRef(text);
        const formatted = formatImageRef(ref, { familiar });
        const again = parseImageRef(formatted);
        assert.deepEqual(withoutOriginal(again), withoutOriginal(ref));
        assert.equal(formatImageRef(again, { familiar }), formatted);
      }),
    );
  });

  it('the familiar form is never longer than the canonical one', () => {
    fc.assert(
      fc.property(reference, (text) => {
        const ref = parseImageRef(text);
        assert.ok(formatImageRef(ref, { familiar: true }).length <= formatImageRef(ref).length);
      }),
    );
  });

  it('a reference names the same repository as its normalized repository', () => {
    fc.assert(
      fc.property(reference, (text) => {
        const ref = parseImageRef(text);
        const repository = normalizeRepository(`${ref.registry}/${ref.repository}`);
        assert.equal(repository, `${ref.registry}/${ref.repository}`);
        assert.equal(sameRepository(text, repository), true);
        assert.equal(sameRepository(repository, text), true);
      }),
    );
  });
});
