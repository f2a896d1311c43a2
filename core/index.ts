// `preflight-guard`: the rule core as a library. The domain model (what a check reads and reports), the
// rule catalog, the pure check, and the loaders for `preflight.yaml` and `model-card.json`. No Pulumi or
// CDK here: those fronts are `preflight-guard/policies` and `preflight-guard/constructs`.

export { type CheckInputs, type CheckResult, runCheck } from './check/run-check';
export { InputError } from './errors';
export { loadConfig } from './loaders/config';
export { loadModelCard } from './loaders/model-card';
export { type Config, type CudaProbeMode, DEFAULT_CONFIG, type Override } from './model/config';
export type { Fact, FactOrigin, RuntimeFacts } from './model/facts';
export type { Finding, Passed, RuleId, Severity } from './model/finding';
export type { Location } from './model/location';
export type { ModelCard } from './model/model-card';
export type { SecretProvider } from './model/secret-provider';
export type { Container, EnvVar, Origin, SecretRef, Workload } from './model/workload';
export { RULE_CATALOG, type RuleInfo } from './rules/catalog';
