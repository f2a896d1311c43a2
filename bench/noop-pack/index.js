// The benchmark's baseline: the same policy names, kinds, levels and config schemas as the real pack,
// and validation functions that return at once. What the real pack costs beyond this is its rules.
const { PolicyPack } = require('@pulumi/policy');
const { POLICIES } = require('../../dist/policies/policies');

new PolicyPack('preflight-guard', {
  policies: POLICIES.map((policy) => {
    const { validateResource, validateStack, remediateResource, ...shape } = policy;
    return validateStack ? { ...shape, validateStack: () => {} } : { ...shape, validateResource: () => {} };
  }),
});
