import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCheck } from '../../../core/check/run-check';
import { DEFAULT_CONFIG } from '../../../core/model/config';
import { loadWorkloads } from '../../../core/workloads/load-inputs';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'workloads', 'k8s-args');

describe('image-unresolved: an invalid image reference', () => {
  it('is an error finding on its container, placed at the image, and every other container is still checked', () => {
    const { workloads } = loadWorkloads([join(FIXTURES, 'image-placeholders.yaml')]);
    const { findings } = runCheck({ workloads, cards: [] }, DEFAULT_CONFIG, '2026-12-06');
    const invalid = findings.filter((finding) => finding.rule === 'image-unresolved');
    assert.deepEqual(
      invalid.map((finding) => [finding.target, finding.severity, finding.effective, finding.location?.line]),
      [
        ['Deployment/placeholder-server container server', 'error', '$IMAGE_URL', 15],
        [
          'Deployment/placeholder-server container sidecar',
          'error',
          'us-docker.pkg.dev/PROJECT_ID/serving/metrics-sidecar:latest',
          17,
        ],
        ['Deployment/placeholder-server container templated', 'error', '${IMAGE}', 19],
      ],
    );
    assert.match(invalid[0]!.message, /invalid image reference "\$IMAGE_URL"/);
    // The run went on: the Pod's env typo is still found.
    assert.ok(findings.some((finding) => finding.rule === 'env-var-typo'));
  });
});
