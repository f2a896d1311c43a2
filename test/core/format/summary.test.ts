import assert from 'node:assert/strict';
import { test } from 'node:test';
import { summarize } from '../../../core/format/summary';
import { summaryText } from '../../../core/format/summary-text';
import { sampleFindings } from './sample-findings';

test('summarize counts each severity and overrides; any error blocks', () => {
  const summary = summarize(sampleFindings());
  assert.deepEqual(summary, { errors: 2, warnings: 1, notes: 1, overridden: 1, blocking: true });
  assert.equal(summaryText(summary), '2 errors, 1 warning, 1 note (1 overridden)');
});

test('warnings and overridden findings alone do not block', () => {
  const summary = summarize(sampleFindings().filter((finding) => finding.severity !== 'error'));
  assert.equal(summary.blocking, false);
  assert.deepEqual(summarize([]), { errors: 0, warnings: 0, notes: 0, overridden: 0, blocking: false });
  assert.equal(summaryText(summarize([])), '0 errors, 0 warnings, 0 notes');
});
