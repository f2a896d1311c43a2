import { append } from '../append';
import { isRecord } from './fields';

/** A piece of a CloudFormation string value that is only known at deploy time. */
export interface DeployTimePart {
  /** Why, in short: `AWS::Region`, `Fn::GetAtt`, `Ref to a parameter`. */
  reason: string;
  /** The piece in `Fn::Sub` syntax, e.g. `${AWS::Region}` or `${Repo.Arn}`. */
  sub: string;
  /** Set for pseudo parameters (`AWS::AccountId`, `AWS::Region`, ...). */
  pseudo?: string;
  /** Set for dynamic references (`{{resolve:ssm:...}}`): the value is fetched at deploy time. */
  dynamic?: true;
}

/** A CloudFormation string value as literal text and deploy-time parts, adjacent text merged. */
export type TemplateString = (string | DeployTimePart)[];

/**
 * Reads a string-valued property that may be written with intrinsics (`Fn::Join`, `Fn::Sub`, `Ref`) into
 * what is literal and what only deployment decides. `template` resolves `Ref`s: a parameter is unknown, an
 * ECR repository with a literal `RepositoryName` is that name (what `Ref` returns for it).
 */
export function templateString(value: unknown, template: Record<string, unknown>): TemplateString {
  // Most values are plain strings: nothing to resolve or merge.
  if (typeof value === 'string' && !value.includes(DYNAMIC_START)) return value === '' ? [] : [value];
  return merged(parts(value, template)).flatMap(dynamicReferences);
}

/**
 * A list-valued intrinsic with a statically known result: a literal list, `Fn::Split` of a literal
 * string. Anything else (a CommaDelimitedList parameter, an import) only deployment decides: undefined.
 */
export function staticList(value: unknown, template: Record<string, unknown>): unknown[] | undefined {
  if (Array.isArray(value)) return value;
  if (!isRecord(value) || Object.keys(value).length !== 1) return undefined;
  const split = value['Fn::Split'];
  if (!Array.isArray(split) || split.length !== 2 || typeof split[0] !== 'string') return undefined;
  const source = literalText(templateString(split[1], template));
  return source === undefined ? undefined : source.split(split[0]);
}

/** Why a dynamic reference is not a value here; rules treat the value as a secret's (never shown). */
export const DEPLOY_TIME_REFERENCE = 'a dynamic reference resolved at deploy time';

const DYNAMIC_START = '{{resolve:';

/**
 * `{{resolve:secretsmanager:…}}`, `{{resolve:ssm:…}}`, `{{resolve:ssm-secure:…}}` in a literal: CloudFormation
 * fetches the value at deploy time (User Guide, "Get values stored in other services using dynamic
 * references"). It is kept as the service and the parameter or secret name only, never its key or version.
 */
function dynamicReferences(part: string | DeployTimePart): TemplateString {
  if (typeof part !== 'string' || !part.includes(DYNAMIC_START)) return [part];
  const result: TemplateString = [];
  let last = 0;
  for (const match of part.matchAll(/\{\{resolve:([a-z-]+):(.*?)\}\}/g)) {
    result.push(part.slice(last, match.index));
    last = match.index + match[0].length;
    result.push({
      reason: DEPLOY_TIME_REFERENCE,
      sub: `{{resolve:${match[1]}:${referenceName(match[1]!, match[2]!)}}}`,
      dynamic: true,
    });
  }
  result.push(part.slice(last));
  return result.filter((piece) => piece !== '');
}

/** The secret id (a name or a full ARN) or parameter name, without JSON key, version stage or id. */
function referenceName(service: string, rest: string): string {
  const fields = rest.split(':');
  if (service === 'secretsmanager' && fields[0] === 'arn') return fields.slice(0, 7).join(':');
  return fields[0]!;
}

/** The value when it is wholly literal. */
export function literalText(value: TemplateString): string | undefined {
  if (value.length === 0) return '';
  return value.length === 1 && typeof value[0] === 'string' ? value[0] : undefined;
}

/** The value in `Fn::Sub` syntax: literal text with `${...}` for what deployment decides. */
export function subText(value: TemplateString): string {
  if (value.length === 1 && typeof value[0] === 'string') return value[0];
  return value.map((part) => (typeof part === 'string' ? part : part.sub)).join('');
}

function parts(value: unknown, template: Record<string, unknown>): TemplateString {
  if (typeof value === 'string') return [value];
  if (typeof value === 'number' || typeof value === 'boolean') return [String(value)];
  if (!isRecord(value) || Object.keys(value).length !== 1)
    return [{ reason: 'not a string', sub: placeholder('?') }];
  const [fn, arg] = Object.entries(value)[0]!;
  if (fn === 'Ref' && typeof arg === 'string') return [ref(arg, template)];
  if (fn === 'Fn::Sub') return sub(arg, template);
  if (fn === 'Fn::Join') return join(arg, template);
  if (fn === 'Fn::GetAtt') {
    const attribute = Array.isArray(arg) ? arg.join('.') : String(arg);
    return [{ reason: 'Fn::GetAtt', sub: placeholder(attribute) }];
  }
  if (fn === 'Fn::Select') return select(arg, template);
  if (fn === 'Fn::ImportValue') {
    const name = literalText(templateString(arg, template));
    return [
      { reason: name ? `Fn::ImportValue ${name}` : fn, sub: placeholder(name ? `ImportValue:${name}` : fn) },
    ];
  }
  return [{ reason: fn, sub: placeholder(fn) }];
}

/** `Fn::Select [index, list]`: known when the index and the list are. */
function select(arg: unknown, template: Record<string, unknown>): TemplateString {
  if (Array.isArray(arg) && arg.length === 2) {
    const index = literalText(templateString(arg[0], template));
    const list = staticList(arg[1], template);
    if (index !== undefined && /^\d+$/.test(index) && list && Number(index) < list.length) {
      return parts(list[Number(index)], template);
    }
  }
  return [{ reason: 'Fn::Select', sub: placeholder('Fn::Select') }];
}

function ref(name: string, template: Record<string, unknown>): string | DeployTimePart {
  if (name.startsWith('AWS::')) return { reason: name, sub: placeholder(name), pseudo: name };
  if (isRecord(template.Parameters) && Object.hasOwn(template.Parameters, name)) {
    return { reason: 'Ref to a parameter', sub: placeholder(name) };
  }
  const resource = isRecord(template.Resources) ? template.Resources[name] : undefined;
  if (isRecord(resource) && resource.Type === 'AWS::ECR::Repository' && isRecord(resource.Properties)) {
    const repositoryName = resource.Properties.RepositoryName;
    if (typeof repositoryName === 'string') return repositoryName;
  }
  return { reason: 'Ref to a resource', sub: placeholder(name) };
}

function join(arg: unknown, template: Record<string, unknown>): TemplateString {
  if (!Array.isArray(arg) || arg.length !== 2 || typeof arg[0] !== 'string' || !Array.isArray(arg[1])) {
    return [{ reason: 'Fn::Join', sub: placeholder('Fn::Join') }];
  }
  const [delimiter, items] = arg as [string, unknown[]];
  return items.flatMap((item, index) => [...(index > 0 ? [delimiter] : []), ...parts(item, template)]);
}

/** `Fn::Sub`: `${Name}` is a Ref or, with a dot, a GetAtt; `${!Name}` is the literal `${Name}`. */
function sub(arg: unknown, template: Record<string, unknown>): TemplateString {
  const [text, variables] = Array.isArray(arg) ? arg : [arg, {}];
  if (typeof text !== 'string') return [{ reason: 'Fn::Sub', sub: placeholder('Fn::Sub') }];
  const result: TemplateString = [];
  let last = 0;
  for (const match of text.matchAll(/\$\{([^}]*)\}/g)) {
    result.push(text.slice(last, match.index));
    last = match.index + match[0].length;
    const name = match[1]!;
    if (name.startsWith('!')) result.push(placeholder(name.slice(1)));
    else if (isRecord(variables) && Object.hasOwn(variables, name))
      append(result, parts(variables[name], template));
    else if (!name.startsWith('AWS::') && name.includes('.'))
      result.push({ reason: 'Fn::GetAtt', sub: match[0] });
    else result.push(ref(name, template));
  }
  result.push(text.slice(last));
  return result;
}

function merged(value: TemplateString): TemplateString {
  const result: TemplateString = [];
  for (const part of value) {
    const previous = result[result.length - 1];
    if (typeof part === 'string' && typeof previous === 'string') result[result.length - 1] = previous + part;
    else if (part !== '') result.push(part);
  }
  return result;
}

/** `${name}`, the way `Fn::Sub` writes a deploy-time value. */
function placeholder(name: string): string {
  return `\${${name}}`;
}
