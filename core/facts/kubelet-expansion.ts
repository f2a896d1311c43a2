import type { Container } from '../model/workload';

/**
 * What a container's variable holds for `$(NAME)` references: a value, or "set at run time" (a
 * `valueFrom` entry, or an entry whose own value refers to one) with the name of the variable that makes
 * it so.
 */
export type ContainerVariable = { value: string } | { runtime: string };

/** Expanded text; `runtime` names the variables it refers to whose values are only known at run time. */
export interface Expansion {
  text: string;
  runtime: string[];
}

/**
 * The variables a container's `$(NAME)` references see, as the kubelet builds them
 * (pkg/kubelet/kubelet_pods.go, makeEnvironmentVariables): `env` entries in order, each `value` expanded
 * against the entries before it (a later entry is not yet defined, so it stays as written), a later
 * entry of the same name replacing an earlier one. `envFrom` sources are not read: a name no entry
 * defines may come from them.
 */
export function containerVariables(container: Container): Map<string, ContainerVariable> {
  const variables = new Map<string, ContainerVariable>();
  for (const env of container.env) {
    if (env.value === undefined) {
      variables.set(env.name, { runtime: env.name });
      continue;
    }
    const expanded = expandReferences(env.value, variables, container.envFromSources > 0);
    variables.set(
      env.name,
      expanded.runtime.length ? { runtime: expanded.runtime[0]! } : { value: expanded.text },
    );
  }
  return variables;
}

/**
 * Kubernetes' `$(VAR_NAME)` expansion of `command`, `args` and env values, byte for byte as
 * k8s.io/kubernetes third_party/forked/golang/expansion (Expand, tryReadVariableName): `$$` is a literal
 * `$`; `$(NAME)` is replaced by the variable's value, or stays as written when the variable is not
 * defined; `$(` without a closing `)` and `$` before any other character stay as written.
 * A reference to a variable set at run time stays as written and is named in `runtime`; so is one to
 * an undefined name when `envFrom` may define it.
 */
export function expandReferences(
  input: string,
  variables: ReadonlyMap<string, ContainerVariable>,
  envFrom = false,
): Expansion {
  if (!input.includes('$')) return { text: input, runtime: [] };
  const runtime: string[] = [];
  let text = '';
  let checkpoint = 0;
  for (let cursor = 0; cursor < input.length; cursor++) {
    if (input[cursor] !== '$' || cursor + 1 >= input.length) continue;
    text += input.slice(checkpoint, cursor);
    const next = input[cursor + 1];
    let advance = 1;
    if (next === '$') text += '$';
    else if (next === '(') {
      const close = input.indexOf(')', cursor + 2);
      if (close === -1) text += '$(';
      else {
        const name = input.slice(cursor + 2, close);
        const variable = variables.get(name);
        if (variable && 'value' in variable) text += variable.value;
        else {
          if (variable) runtime.push(variable.runtime);
          else if (envFrom) runtime.push(name);
          text += `$(${name})`;
        }
        advance = close - cursor;
      }
    } else text += `$${next}`;
    cursor += advance;
    checkpoint = cursor + 1;
  }
  return { text: text + input.slice(checkpoint), runtime };
}
