/** One resource as the program registered it under mocks, in the engine's terms. */
export interface ResourceRecord {
  type: string;
  name: string;
  custom: boolean;
  /** The URN the engine would give it (not the mock monitor's). */
  urn: string;
  /** The parent's engine URN; the root stack for top-level resources. */
  parent: string;
  /** `urn::id` of an explicit provider, as the program sent it (mock URN), or ''. */
  provider: string;
  dependencies: string[];
  propertyDependencies: Record<string, string[]>;
  /** Inputs in wire form: secret objects and unknown sentinels kept. */
  inputs: Record<string, unknown>;
  /** Outputs in wire form (mock state, or what a component registered). */
  outputs: Record<string, unknown>;
  id: string;
  options: {
    protect: boolean;
    ignoreChanges: string[];
    additionalSecretOutputs: string[];
    deleteBeforeReplace: boolean;
    deleteBeforeReplaceDefined: boolean;
    customTimeouts: { create: string; update: string; delete: string };
  };
}

/** What running a program under mocks gives. */
export interface ProgramCapture {
  project: string;
  stack: string;
  organization: string;
  resources: ResourceRecord[];
  /** Stack config (`<ns>:<key>` → value) as PULUMI_CONFIG would hold it. */
  config: Record<string, string>;
}

/** A record with no inputs, outputs, provider or options set: what the engine sends for a bare resource. */
export function emptyRecord(
  type: string,
  name: string,
  urn: string,
  parent: string,
  custom: boolean,
): ResourceRecord {
  return {
    type,
    name,
    urn,
    parent,
    custom,
    provider: '',
    dependencies: [],
    propertyDependencies: {},
    inputs: {},
    outputs: {},
    id: '',
    options: {
      protect: false,
      ignoreChanges: [],
      additionalSecretOutputs: [],
      deleteBeforeReplace: false,
      deleteBeforeReplaceDefined: false,
      customTimeouts: { create: '', update: '', delete: '' },
    },
  };
}
