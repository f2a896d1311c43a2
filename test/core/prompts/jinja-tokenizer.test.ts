import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import nunjucks from 'nunjucks';
import { JinjaTokenizer } from '../../../core/prompts/jinja-tokenizer';
import type { Token, Tokenizer } from '../../../core/prompts/nunjucks-internals';

const CORPUS = join(__dirname, '..', '..', 'fixtures', 'prompts');
const lexer = (nunjucks as unknown as { lexer: { lex(src: string): Tokenizer } }).lexer;

/**
 * Every token with its position, then the error that stopped the lexer (if one did). Whitespace inside
 * tags is left out: ours does not return it, since the parser only skips it.
 */
function tokens(tokenizer: Tokenizer): (Token | string)[] {
  const out: (Token | string)[] = [];
  try {
    for (let token = tokenizer.nextToken(); token; token = tokenizer.nextToken()) {
      if (token.type !== 'whitespace') out.push({ ...token });
    }
  } catch (error) {
    out.push(`error: ${(error as Error).message} at ${tokenizer.lineno}:${tokenizer.colno}`);
  }
  return out;
}

function templatesIn(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return templatesIn(path);
    return /\.(j2|jinja)$/.test(name) ? [path] : [];
  });
}

describe('the fast Jinja tokenizer', () => {
  it('gives the stock nunjucks lexer’s tokens and positions on every corpus template', () => {
    const files = templatesIn(CORPUS);
    assert.ok(files.length >= 15);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      assert.deepEqual(tokens(new JinjaTokenizer(text, {})), tokens(lexer.lex(text)), file);
    }
  });

  it('gives the stock lexer’s tokens, positions and errors on generated templates', () => {
    // No digits: the one intended difference is an integer after a dot.
    const unit = fc.constantFrom(
      ...'{}%#-+ \n\tab.()"\'|=~\\r/_[],:'.split(''),
      '{{',
      '}}',
      '{%',
      '%}',
      '{#',
      '#}',
    );
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 60 }), (text) => {
        assert.deepEqual(tokens(new JinjaTokenizer(text, {})), tokens(lexer.lex(text)));
      }),
      { numRuns: 3000 },
    );
  });

  it('reads an integer after a dot as an item name, as Jinja does', () => {
    const values = tokens(new JinjaTokenizer('{{ m.content.0.type }}', {})).map((token) =>
      typeof token === 'string' ? token : `${token.type}:${token.value}@${token.colno}`,
    );
    assert.deepEqual(values.slice(1, 8), [
      'symbol:m@3',
      'operator:.@4',
      'symbol:content@5',
      'operator:.@12',
      'symbol:0@13',
      'operator:.@14',
      'symbol:type@15',
    ]);
  });
});
