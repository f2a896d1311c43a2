import { InputError } from '../errors';
import type { Finding, Passed } from '../model/finding';
import { shownText } from './shown-text';

/** Every text field of a finding as a report shows it; location and rule are kept as they are. */
export function shownFinding(finding: Finding): Finding {
  const shown: Finding = {
    ...finding,
    message: shownText(finding.message),
    target: shownText(finding.target),
  };
  for (const key of ['declared', 'effective', 'source', 'fix'] as const) {
    const value = finding[key];
    if (value !== undefined) shown[key] = shownText(value);
  }
  if (finding.override)
    shown.override = {
      ...finding.override,
      reason: shownText(finding.override.reason),
      ...(finding.override.expires === undefined ? {} : { expires: shownText(finding.override.expires) }),
    };
  return shown;
}

export function shownPassed(pass: Passed): Passed {
  const shown: Passed = { ...pass, target: shownText(pass.target), subject: shownText(pass.subject) };
  if (pass.value !== undefined) shown.value = shownText(pass.value);
  if (pass.source !== undefined) shown.source = shownText(pass.source);
  return shown;
}

/** An input error's message and field as a report shows them (its location is labelled where it is printed). */
export function shownInputError(error: InputError): InputError {
  return new InputError(
    shownText(error.message),
    error.location,
    error.field === undefined ? undefined : shownText(error.field),
  );
}
