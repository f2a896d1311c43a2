import type { Extension, JinjaNode, Lexer, NodeClass, Nodes, Parser } from './nunjucks-internals';

/**
 * Jinja tags nunjucks lacks and real chat templates use: `with` (a scope), `break` / `continue`
 * (`jinja2.ext.loopcontrols`, which transformers enables) and `generation` (transformers'
 * AssistantTracker). Each parses into its own node type for the scope walker; nothing here renders.
 */
export function jinjaExtensions(nodes: Nodes): Extension[] {
  const With = nodes.Node.extend('With', { fields: ['assignments', 'body'] });
  const LoopControl = nodes.Node.extend('LoopControl', { fields: ['name'] });
  const Generation = nodes.Node.extend('Generation', { fields: ['body'] });
  return [
    { tags: ['with'], parse: (parser, _nodes, lexer) => parseWith(parser, lexer, With, nodes.Pair!) },
    {
      tags: ['break', 'continue'],
      parse: (parser) => {
        const tag = parser.nextToken()!;
        parser.advanceAfterBlockEnd(tag.value);
        return new LoopControl(tag.lineno, tag.colno, tag.value);
      },
    },
    {
      tags: ['generation'],
      parse: (parser) => {
        const tag = parser.nextToken()!;
        parser.advanceAfterBlockEnd(tag.value);
        const body = parser.parseUntilBlocks('endgeneration');
        parser.advanceAfterBlockEnd();
        return new Generation(tag.lineno, tag.colno, body);
      },
    },
  ];
}

/** `{% with a = x, b = y %}...{% endwith %}`, or a bare `{% with %}` that only opens a scope. */
function parseWith(parser: Parser, lexer: Lexer, With: NodeClass, Pair: NodeClass): JinjaNode {
  const tag = parser.nextToken()!;
  const assignments: JinjaNode[] = [];
  while (parser.peekToken()?.type !== lexer.TOKEN_BLOCK_END) {
    if (assignments.length > 0 && !parser.skip(lexer.TOKEN_COMMA)) {
      parser.fail('expected a comma between assignments in with');
    }
    const name = parser.parsePrimary(true);
    if (name.typename !== 'Symbol') parser.fail('expected a name to assign in with', name.lineno, name.colno);
    if (!parser.skipValue(lexer.TOKEN_OPERATOR, '=')) parser.fail('expected = after the name in with');
    assignments.push(new Pair(name.lineno, name.colno, name, parser.parseExpression()));
  }
  parser.advanceAfterBlockEnd(tag.value);
  const body = parser.parseUntilBlocks('endwith');
  parser.advanceAfterBlockEnd();
  return new With(tag.lineno, tag.colno, assignments, body);
}
