import { PolicyPack } from '@pulumi/policy';
import { keepSecretMarks } from './adapters/secret-marks';
import { POLICIES } from './policies';

// The pack's entry point (PulumiPolicy.yaml's folder points its package.json here). Constructing a
// PolicyPack starts the gRPC server, so nothing else may import this file.
keepSecretMarks();
new PolicyPack('preflight-guard', { policies: [...POLICIES] });
