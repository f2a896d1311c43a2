import { dirname, join } from 'node:path';
import { NestedStack, type PolicyValidationStack, type Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * The validated stacks plus their nested stacks, which the CDK leaves out of the plugin's context
 * (their templates are assets of the parent) but `preflight check cdk.out` reads like any template.
 * `constructs` is the app's whole tree.
 */
export function withNestedStacks(
  constructs: readonly IConstruct[],
  stacks: readonly PolicyValidationStack[],
): PolicyValidationStack[] {
  const byPath = new Map(stacks.map((stack) => [stack.stackConstructPath, stack]));
  const nested: PolicyValidationStack[] = [];
  for (const construct of constructs) {
    if (!NestedStack.isNestedStack(construct)) continue;
    let root: Stack = construct;
    while (NestedStack.isNestedStack(root) && root.nestedStackParent) root = root.nestedStackParent;
    const parent = byPath.get(root.node.path);
    if (!parent) continue;
    nested.push({
      stackConstructPath: construct.node.path,
      templatePath: join(dirname(parent.templatePath), construct.templateFile),
      accountId: parent.accountId,
      region: parent.region,
    });
  }
  return [...stacks, ...nested];
}
