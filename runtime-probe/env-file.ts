const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A file POSIX sh can source safely: one `export NAME='value'` per variable, every value single-quoted
 * (inside single quotes sh expands nothing: no `$()`, backticks, `\`, globs), a `'` written as `'\''`.
 * NUL cannot live in an environment variable, so it is dropped. The heading comment holds no value.
 */
export function envFileText(heading: string, vars: Record<string, string>): string {
  const lines = [`# ${heading.replace(/[\r\n]/g, ' ')}`];
  for (const [name, value] of Object.entries(vars)) {
    if (!NAME.test(name)) throw new Error(`not an environment variable name: ${JSON.stringify(name)}`);
    lines.push(`export ${name}=${shellQuote(value)}`);
  }
  return `${lines.join('\n')}\n`;
}

export function shellQuote(value: string): string {
  return `'${value.replace(/\0/g, '').replace(/'/g, `'\\''`)}'`;
}
