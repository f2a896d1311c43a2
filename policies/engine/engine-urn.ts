/**
 * The URN the engine gives a resource: `urn:pulumi:<stack>::<project>::<qualified type>::<name>`, where
 * the qualified type is the parent's qualified type, `$`, and the type. The root stack's type is not
 * part of its children's (sdk/go/common/resource/urn/urn.go).
 */
export function engineUrn(
  stack: string,
  project: string,
  parentQualifiedType: string,
  type: string,
  name: string,
): string {
  const parentType = parentQualifiedType === 'pulumi:pulumi:Stack' ? '' : parentQualifiedType;
  const qualified = parentType ? `${parentType}$${type}` : type;
  return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}
