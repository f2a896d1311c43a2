// The CDK validation plugin: the preflight-guard rules at `cdk synth`.

export { MIN_REASON_LENGTH } from '../../core/check/cdk-acknowledgements';
export { PreflightGuardValidation, type PreflightGuardValidationProps } from './plugin';
