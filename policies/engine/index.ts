// The offline engine behind `preflight preview` and the policy tests: it runs Pulumi programs under
// mocks and drives a policy pack over the real Analyzer gRPC protocol, as `pulumi preview` would.
export { formatPreview } from './display';
export { readPolicyPackConfig } from './policy-pack-config';
export { emptyRecord, type ProgramCapture, type ResourceRecord } from './records';
export {
  analyzeCapture,
  captureProgram,
  type PolicyDiagnostic,
  type PreviewResult,
  ProgramError,
  runPreview,
} from './run-preview';
