import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RULE_CATALOG } from '../../core/rules/catalog';
import { prose, readDoc } from './markdown';

/** The `## \`rule-id\`` sections of docs/rules.md, in order. */
function ruleSections(): string[] {
  return prose('docs/rules.md').flatMap(({ text }) => {
    const heading = /^## `([^`]+)`\s*$/.exec(text);
    return heading ? [heading[1]!] : [];
  });
}

describe('docs/rules.md against the rule catalog (core/rules/catalog.ts)', () => {
  it('has one section per rule id: no rule without docs, no docs without a rule', () => {
    const sections = ruleSections();
    const ids: string[] = RULE_CATALOG.map((rule) => rule.id);
    assert.deepEqual(
      sections.filter((id) => !ids.includes(id)),
      [],
      'sections in docs/rules.md that name no rule',
    );
    assert.deepEqual(
      ids.filter((id) => !sections.includes(id)),
      [],
      'rules of the catalog without a section in docs/rules.md',
    );
    assert.equal(new Set(sections).size, sections.length, 'a rule documented twice');
  });

  it('gives every section some words and the rule its default level, not just a heading', () => {
    const text = readDoc('docs/rules.md');
    for (const rule of RULE_CATALOG) {
      const start = text.indexOf(`## \`${rule.id}\`\n`);
      const next = text.indexOf('\n## ', start + 1);
      const section = text.slice(start, next === -1 ? undefined : next);
      assert.ok(section.split(/\s+/).length > 30, `${rule.id}: section too short`);
    }
  });

  it("the README's rules table has one row per rule, linking its section, with the catalog's level and description", () => {
    const rows = prose('README.md').flatMap(({ text }) => {
      const row = /^\| \[`([^`]+)`\]\(docs\/rules\.md#([^)]+)\) +\| (\w+) +\| (.*?) +\|$/.exec(text);
      return row ? [{ id: row[1]!, anchor: row[2]!, severity: row[3]!, description: row[4]! }] : [];
    });
    assert.deepEqual(
      rows,
      RULE_CATALOG.map((rule) => ({
        id: rule.id,
        anchor: rule.id,
        severity: rule.defaultSeverity,
        description: rule.description,
      })),
    );
  });
});
