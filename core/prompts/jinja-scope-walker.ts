import { branch, type Frame, lookup, merge, type ScopeKind, scope, scopeOf } from './jinja-frames';
import { guardFacts } from './jinja-guard-facts';
import { children, isNode, isSymbol, testName } from './jinja-nodes';
import type { JinjaNode } from './nunjucks-internals';
import type { Fallback, TextPosition, VariableUse } from './template-scan';

interface Assignment extends TextPosition {
  name: string;
  scope: ScopeKind;
}

/** Tests whose operand may be undefined without an error: the operand is a guard, not a use. */
const PRESENCE_TESTS = new Set(['defined', 'undefined', 'none']);

/**
 * Walks a nunjucks AST with Jinja's scoping rules and returns every read of a name the template does
 * not bind itself, each with its position and how the template copes with the name being absent.
 * Bound: `set` from that point on (in the enclosing loop, macro or `with` only), `for` targets and
 * `loop` in the loop body, macro parameters with `varargs` / `kwargs` / `caller`, `call` block
 * parameters, `with` assignments, `import` / `from ... import` names. Guards: `is defined`,
 * `is undefined`, `is none`, plain truthiness, through `not` / `and` / `or` / `if` / `elif` /
 * `else` / inline `if`. Defaults: `| default(...)` and `| d(...)` on a bare name. Only the root of
 * `a.b[c]` is a read of `a` (`c` is read too). Globals are not known here; the caller drops them.
 */
export function jinjaVariableUses(root: JinjaNode): VariableUse[] {
  const walk = new ScopeWalk();
  const template: Frame = { kind: 'template', bound: new Map(), maybe: new Set() };
  walk.node(root, template);
  // Macro bodies run when called, after the template's top-level assignments: walked last, they see them.
  for (let task = walk.deferred.shift(); task; task = walk.deferred.shift()) task();
  return walk.finish();
}

class ScopeWalk {
  readonly uses: VariableUse[] = [];
  readonly assignments: Assignment[] = [];
  readonly deferred: (() => void)[] = [];

  node(node: unknown, frame: Frame): void {
    if (!isNode(node)) {
      if (Array.isArray(node)) for (const child of node) this.node(child, frame);
      return;
    }
    switch (node.typename) {
      case 'Root':
      case 'NodeList':
      case 'Output':
        for (const child of node.children as unknown[]) this.node(child, frame);
        break;
      case 'TemplateData':
      case 'Literal':
      case 'Super':
      case 'LoopControl':
        break;
      case 'Symbol':
        this.read(node, frame, 'none');
        break;
      case 'Set':
        this.set(node, frame);
        break;
      case 'For':
      case 'AsyncEach':
      case 'AsyncAll':
        this.for(node, frame);
        break;
      case 'If':
      case 'IfAsync':
        this.if(node, frame);
        break;
      case 'InlineIf':
        this.inlineIf(node, frame);
        break;
      case 'And':
        this.node(node.left, frame);
        this.node(node.right, this.guarded(frame, guardFacts(node.left).whenTrue));
        break;
      case 'Or':
        // `name or "fallback"`: an undefined name is falsy, so the right side is its default.
        if (isSymbol(node.left)) this.read(node.left, frame, 'default');
        else this.node(node.left, frame);
        this.node(node.right, this.guarded(frame, guardFacts(node.left).whenFalse));
        break;
      case 'Macro':
        this.macro(node, frame);
        break;
      case 'Caller':
        this.callable(node, frame, 'call');
        break;
      case 'With':
        this.with(node, frame);
        break;
      case 'Import':
        this.node(node.template, frame);
        this.bindTarget(node.target, frame);
        break;
      case 'FromImport':
        this.node(node.template, frame);
        for (const name of children(node.names)) {
          this.bindTarget(name.typename === 'Pair' ? name.value : name, frame);
        }
        break;
      case 'Filter':
      case 'FilterAsync':
        this.filter(node, frame);
        break;
      case 'Is':
        this.is(node, frame);
        break;
      case 'FunCall':
        this.node(node.name, frame);
        this.node(node.args, frame);
        break;
      case 'LookupVal':
        this.node(node.target, frame);
        if (!isNode(node.val) || node.val.typename !== 'Literal') this.node(node.val, frame);
        break;
      case 'Dict':
      case 'KeywordArgs':
        this.pairs(node, frame);
        break;
      case 'Block':
        this.node(node.body, frame);
        break;
      default:
        // Everything else (output, operators, literals of lists, include, extends, ...) only reads its parts.
        for (const field of node.fields) this.node(node[field], frame);
    }
  }

  /** A condition: bare names in it are tested for truthiness, which an absent value passes as false. */
  condition(node: unknown, frame: Frame): void {
    if (isSymbol(node)) this.read(node, frame, 'none', true);
    else if (isNode(node) && node.typename === 'Not') this.condition(node.target, frame);
    else if (isNode(node) && (node.typename === 'And' || node.typename === 'Or')) {
      this.condition(node.left, frame);
      const facts = guardFacts(node.left);
      this.condition(
        node.right,
        this.guarded(frame, node.typename === 'And' ? facts.whenTrue : facts.whenFalse),
      );
    } else this.node(node, frame);
  }

  read(symbol: JinjaNode, frame: Frame, fallback: Fallback, tested = false): void {
    const name = symbol.value as string;
    const first = name.charCodeAt(0);
    if (first >= 48 && first <= 57) return; // `1e3` lexes as a name in nunjucks; in Jinja it is a number
    const binding = lookup(name, frame);
    if (binding === 'local') return;
    const use: VariableUse = {
      name,
      line: symbol.lineno + 1,
      column: symbol.colno + 1,
      length: name.length,
      fallback: binding === 'guarded' ? 'guard' : fallback,
    };
    if (tested) use.tested = true;
    if (binding === 'maybe' && use.fallback === 'none') use.maybe = true;
    if (use.fallback === 'none' && !use.maybe) {
      // Assigned before, yet not visible here: inside a loop, macro or `with` that has closed.
      const earlier = this.assignments.findLast(
        (assignment) => assignment.name === name && assignment.scope !== 'template',
      );
      if (earlier) {
        use.assigned = {
          line: earlier.line,
          column: earlier.column,
          why: 'inner-scope',
          scope: earlier.scope,
        };
      }
    }
    this.uses.push(use);
  }

  assign(symbol: JinjaNode, frame: Frame): void {
    const name = symbol.value as string;
    frame.bound.set(name, 'local');
    this.assignments.push({ name, line: symbol.lineno + 1, column: symbol.colno + 1, scope: scopeOf(frame) });
  }

  /** A `set`, `import` or loop target: a name, a tuple of names, or `ns.attr` (which reads `ns`). */
  bindTarget(target: unknown, frame: Frame): void {
    if (!isNode(target)) return;
    if (target.typename === 'Symbol') this.assign(target, frame);
    else if (target.typename === 'Array' || target.typename === 'Group') {
      for (const part of children(target)) this.bindTarget(part, frame);
    } else this.node(target, frame);
  }

  set(node: JinjaNode, frame: Frame): void {
    // The value is read before the names are bound: `{% set x = x + 1 %}` reads the outer `x`.
    this.node(node.value ?? (node.body as JinjaNode | undefined), frame);
    for (const target of node.targets as JinjaNode[]) this.bindTarget(target, frame);
  }

  for(node: JinjaNode, frame: Frame): void {
    let iterable = node.arr as JinjaNode;
    let filter: JinjaNode | undefined;
    // `for x in xs if cond` parses as an inline `if` without `else`; its condition sees the target.
    if (iterable.typename === 'InlineIf' && iterable.else_ === null) {
      filter = iterable.cond as JinjaNode;
      iterable = iterable.body as JinjaNode;
    }
    // Iterating an undefined value iterates nothing: the iterable is tested, like a condition.
    if (isSymbol(iterable)) this.read(iterable, frame, 'none', true);
    else this.node(iterable, frame);
    const loop = scope('for', frame);
    this.bindTarget(node.name, loop);
    if (filter) this.node(filter, loop);
    loop.bound.set('loop', 'local');
    this.node(node.body, loop);
    if (node.else_) {
      // The `else` block runs only when nothing was iterated, and never sees the target or `loop`.
      const otherwise = branch(frame);
      this.node(node.else_, otherwise);
      merge(frame, [otherwise, branch(frame)]);
    }
  }

  if(node: JinjaNode, frame: Frame): void {
    this.condition(node.cond, frame);
    const facts = guardFacts(node.cond);
    const then = this.guarded(frame, facts.whenTrue);
    this.node(node.body, then);
    const otherwise = this.guarded(frame, facts.whenFalse);
    this.node(node.else_, otherwise);
    // An arm that raises never reaches what follows the `if`: only the arms that complete are merged.
    merge(
      frame,
      [
        [then, node.body],
        [otherwise, node.else_],
      ]
        .filter(([, body]) => !raises(body))
        .map(([arm]) => arm as Frame),
    );
  }

  inlineIf(node: JinjaNode, frame: Frame): void {
    this.condition(node.cond, frame);
    const facts = guardFacts(node.cond);
    this.node(node.body, this.guarded(frame, facts.whenTrue));
    this.node(node.else_, this.guarded(frame, facts.whenFalse));
  }

  /** A branch in which a test has shown `names` to be defined. */
  guarded(frame: Frame, names: ReadonlySet<string>): Frame {
    const arm = branch(frame);
    for (const name of names) if (lookup(name, frame) !== 'local') arm.bound.set(name, 'guarded');
    return arm;
  }

  macro(node: JinjaNode, frame: Frame): void {
    this.assign(node.name as JinjaNode, frame);
    this.callable(node, frame, 'macro');
  }

  /** A macro or `call` block body: its parameters, plus `varargs`, `kwargs` and `caller` in a macro. */
  callable(node: JinjaNode, frame: Frame, kind: 'macro' | 'call'): void {
    const params: string[] = kind === 'macro' ? ['varargs', 'kwargs', 'caller'] : [];
    for (const param of children(node.args)) {
      if (param.typename === 'Symbol') params.push(param.value as string);
      else if (param.typename === 'KeywordArgs') {
        for (const pair of children(param)) {
          params.push((pair.key as JinjaNode).value as string);
          this.node(pair.value, frame);
        }
      }
    }
    const body = () => {
      const inner = scope(kind, frame);
      for (const param of params) inner.bound.set(param, 'local');
      this.node(node.body, inner);
    };
    if (kind === 'macro') this.deferred.push(body);
    else body();
  }

  with(node: JinjaNode, frame: Frame): void {
    const assignments = node.assignments as JinjaNode[];
    // Every value is read outside the new scope, before any of its names exists.
    for (const pair of assignments) this.node(pair.value, frame);
    const inner = scope('with', frame);
    for (const pair of assignments) this.assign(pair.key as JinjaNode, inner);
    this.node(node.body, inner);
  }

  filter(node: JinjaNode, frame: Frame): void {
    const args = children(node.args);
    const operand = args[0];
    const name = (node.name as JinjaNode).value;
    if ((name === 'default' || name === 'd') && operand?.typename === 'Symbol') {
      this.read(operand, frame, 'default');
    } else this.node(operand, frame);
    for (let index = 1; index < args.length; index++) this.node(args[index], frame);
  }

  is(node: JinjaNode, frame: Frame): void {
    const left = node.left as JinjaNode;
    const test = node.right as JinjaNode;
    const call = test.typename === 'FunCall' ? test : undefined;
    if (left.typename === 'Symbol' && PRESENCE_TESTS.has(testName(test))) this.read(left, frame, 'guard');
    else this.node(left, frame);
    // The test's name is not a variable; the arguments of `is divisibleby(n)` are.
    if (call) this.node(call.args, frame);
  }

  /** Dict literals and keyword arguments: a bare-name key is a name, not a read. */
  pairs(node: JinjaNode, frame: Frame): void {
    for (const pair of children(node)) {
      if ((pair.key as JinjaNode).typename !== 'Symbol') this.node(pair.key, frame);
      this.node(pair.value, frame);
    }
  }

  /** Uses in source order; a use before an assignment further down says so. */
  finish(): VariableUse[] {
    this.uses.sort((a, b) => a.line - b.line || a.column - b.column);
    for (const use of this.uses) {
      if (use.fallback !== 'none' || use.maybe || use.assigned) continue;
      const later = this.assignments.find(
        (assignment) => assignment.name === use.name && isAfter(assignment, use),
      );
      if (later) use.assigned = { line: later.line, column: later.column, why: 'later' };
    }
    return this.uses;
  }
}

/**
 * True when a statement list always ends the render by raising: one of its statements outputs a
 * `raise_exception(...)` call (the global transformers and vLLM give chat templates), or is an `if`
 * whose every arm raises. Nested loops and macros do not count: they may run zero times.
 */
function raises(body: unknown): boolean {
  if (!isNode(body)) return false;
  switch (body.typename) {
    case 'NodeList':
    case 'Root':
      return children(body).some(raises);
    case 'Output':
      return children(body).some(
        (child) =>
          child.typename === 'FunCall' &&
          isSymbol(child.name) &&
          (child.name as JinjaNode).value === 'raise_exception',
      );
    case 'If':
      return raises(body.body) && raises(body.else_);
    default:
      return false;
  }
}

function isAfter(a: TextPosition, b: TextPosition): boolean {
  return a.line > b.line || (a.line === b.line && a.column > b.column);
}
