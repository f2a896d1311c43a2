export type AnnotationLevel = 'error' | 'warning' | 'notice';

/**
 * One GitHub Actions workflow command line, `::name key=value,...::message`, escaped the way the
 * runner unescapes it: in the message `%`, CR and LF; in property values also `:` and `,`, which
 * would otherwise end the value. A message can therefore never start a second command.
 */
export function workflowCommand(
  name: string,
  properties: Record<string, string | number | undefined>,
  message: string,
): string {
  const pairs = Object.entries(properties)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`);
  return `::${name}${pairs.length > 0 ? ` ${pairs.join(',')}` : ''}::${escapeData(message)}`;
}

function escapeData(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}
