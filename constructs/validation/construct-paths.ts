import type { PolicyValidationStack } from 'aws-cdk-lib';
import { CfnElement, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** The construct path of a template's resource, when the app's construct tree is at hand. */
export type ConstructPathOf = (templatePath: string, logicalId: string) => string | undefined;

/**
 * Maps (template, logical id) to the path of the construct that made the resource, the way the CDK
 * report names it. The index is built once, and only when a finding asks: a clean synth pays nothing.
 */
export function constructPaths(
  constructs: readonly IConstruct[],
  stacks: readonly PolicyValidationStack[],
): ConstructPathOf {
  const stackPaths = new Map(stacks.map((stack) => [stack.templatePath, stack.stackConstructPath]));
  let index: Map<string, string> | undefined;
  return (templatePath, logicalId) => {
    const stackPath = stackPaths.get(templatePath);
    if (stackPath === undefined) return undefined;
    index ??= resourceIndex(constructs);
    return index.get(key(stackPath, logicalId));
  };
}

function resourceIndex(constructs: readonly IConstruct[]): Map<string, string> {
  const index = new Map<string, string>();
  for (const construct of constructs) {
    if (!CfnElement.isCfnElement(construct)) continue;
    const stack = Stack.of(construct);
    const logicalId: unknown = stack.resolve(construct.logicalId);
    if (typeof logicalId === 'string') index.set(key(stack.node.path, logicalId), construct.node.path);
  }
  return index;
}

function key(stackPath: string, logicalId: string): string {
  return `${stackPath}\u0000${logicalId}`;
}
