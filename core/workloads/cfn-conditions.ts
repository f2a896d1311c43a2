import { isRecord } from './fields';

type Path = (string | number)[];

/** Which branch of each condition a reading takes: true for `Fn::If`'s second item, false for its third. */
export type ConditionChoice = ReadonlyMap<string, boolean>;

/** One reading of a value under a choice of its conditions. */
export interface ConditionVariant {
  choice: ConditionChoice;
  /** The value with every `Fn::If` replaced by its chosen branch and `AWS::NoValue` dropped; undefined when the whole value is dropped. */
  value: unknown;
  /** `when condition UseGPU`, `when condition UseGPU, unless condition HasToken`; '' without conditions. */
  label: string;
}

/** More conditions than this in one container definition is more readings than anyone would read. */
const MAX_CONDITIONS = 4;

/**
 * Every reading of a value that holds `Fn::If`s: one per combination of its conditions, both branches of
 * each read. Without `Fn::If` there is one reading, the value itself (`AWS::NoValue` dropped). Returns
 * undefined when there are more than MAX_CONDITIONS conditions.
 */
export function conditionVariants(value: unknown): ConditionVariant[] | undefined {
  const found = { conditions: new Set<string>(), noValue: false };
  scan(value, found);
  const { conditions } = found;
  if (conditions.size > MAX_CONDITIONS) return undefined;
  // Most task definitions (all of `cdk synth`'s, nearly) hold neither: read them as they are, uncopied.
  if (conditions.size === 0 && !found.noValue) return [{ choice: new Map(), value, label: '' }];
  const names = [...conditions];
  const variants: ConditionVariant[] = [];
  for (let bits = 0; bits < 2 ** names.length; bits++) {
    const choice = new Map(names.map((name, index) => [name, (bits & (1 << index)) === 0]));
    variants.push({ choice, value: chosen(value, choice), label: conditionLabel(choice) });
  }
  return variants;
}

function scan(value: unknown, found: { conditions: Set<string>; noValue: boolean }): void {
  if (Array.isArray(value)) {
    for (const item of value) scan(item, found);
  } else if (isRecord(value)) {
    const branches = ifBranches(value);
    if (branches) found.conditions.add(branches.condition);
    if (isNoValue(value)) found.noValue = true;
    for (const key of Object.keys(value)) scan(value[key], found);
  }
}

function conditionLabel(choice: ConditionChoice): string {
  return [...choice].map(([name, holds]) => `${holds ? 'when' : 'unless'} condition ${name}`).join(', ');
}

/** `{Fn::If: [Condition, whenTrue, whenFalse]}` read apart. */
function ifBranches(value: Record<string, unknown>): { condition: string } | undefined {
  const arg = value['Fn::If'];
  if (Object.keys(value).length !== 1 || !Array.isArray(arg) || arg.length !== 3) return undefined;
  return typeof arg[0] === 'string' ? { condition: arg[0] } : undefined;
}

function isNoValue(value: unknown): boolean {
  return isRecord(value) && value.Ref === 'AWS::NoValue' && Object.keys(value).length === 1;
}

/** Follows `Fn::If`s to the chosen branch; `path` (when given) gets the steps taken. */
function branchOf(value: unknown, choice: ConditionChoice, path?: Path): unknown {
  let current = value;
  for (;;) {
    if (!isRecord(current)) return current;
    const branches = ifBranches(current);
    const holds = branches && choice.get(branches.condition);
    if (holds === undefined) return current;
    const index = holds ? 1 : 2;
    path?.push('Fn::If', index);
    current = (current['Fn::If'] as unknown[])[index];
  }
}

function chosen(value: unknown, choice: ConditionChoice): unknown {
  const branch = branchOf(value, choice);
  if (isNoValue(branch)) return undefined;
  if (Array.isArray(branch)) {
    const items: unknown[] = [];
    for (const item of branch) {
      const kept = chosen(item, choice);
      if (kept !== undefined) items.push(kept);
    }
    return items;
  }
  if (!isRecord(branch)) return branch;
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(branch)) {
    const kept = chosen(branch[key], choice);
    if (kept !== undefined) result[key] = kept;
  }
  return result;
}

/**
 * Where a path into a reading (ConditionVariant.value) stands in the value as written: through each
 * `Fn::If`'s chosen branch, and to list items by their index before `AWS::NoValue` items were dropped.
 */
export function writtenPath(
  value: unknown,
  path: readonly (string | number)[],
  choice: ConditionChoice,
): Path {
  const written: Path = [];
  let current = branchOf(value, choice, written);
  for (const key of path) {
    if (Array.isArray(current) && typeof key === 'number') {
      let kept = -1;
      let index = -1;
      for (let i = 0; i < current.length && index < 0; i++) {
        if (!isNoValue(branchOf(current[i], choice))) kept++;
        if (kept === key) index = i;
      }
      if (index < 0) return [...written, key];
      written.push(index);
      current = current[index];
    } else {
      written.push(key);
      current = isRecord(current) ? current[key] : undefined;
    }
    current = branchOf(current, choice, written);
  }
  return written;
}
