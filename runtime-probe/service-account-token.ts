import { InputError } from '../core/errors';

/**
 * The bearer token in a ServiceAccount token file, as client-go reads it (`strings.TrimSpace`: a
 * trailing CRLF or newline is not part of it). A token is visible ASCII; a line break or other control
 * character inside it cannot go in an HTTP header, so it is refused by position, never quoted.
 */
export function serviceAccountToken(text: string, file: string): string {
  const token = text.trim();
  const bad = /[^\x21-\x7e]/.exec(token);
  if (bad) {
    const before = text.slice(0, text.indexOf(token) + bad.index);
    const line = before.split(/\r\n|\n|\r/).length;
    const column = before.length - Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r'));
    const what = /[\r\n]/.test(bad[0])
      ? 'a line break'
      : /\p{Cc}/u.test(bad[0])
        ? 'a control character'
        : /\s/.test(bad[0])
          ? 'a space'
          : 'a character outside visible ASCII';
    throw new InputError(
      `the ServiceAccount token holds ${what} inside it: it cannot be sent as a bearer token (mount the token file as Kubernetes writes it)`,
      { file, line, column },
    );
  }
  return token;
}
