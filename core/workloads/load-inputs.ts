import { append } from '../append';
import { InputError } from '../errors';
import { parseDocuments, parseJsonDocument, type SourceDocument } from '../loaders/documents';
import { readSourceFile, readStandardInput, STDIN_NAME } from '../loaders/source-file';
import { parseTemplateJson } from '../loaders/template-json';
import { modelCardsFromTemplate, type TemplateModelCard } from '../loaders/template-model-cards';
import type { ModelCard } from '../model/model-card';
import type { SecretProvider } from '../model/secret-provider';
import type { Workload } from '../model/workload';
import { secretProvidersFromCloudFormation } from '../secrets/cloudformation';
import { secretProvidersFromKubernetes } from '../secrets/kubernetes';
import { workloadsFromCloudFormation } from './cloudformation';
import { type DeviceClaimObject, deviceClaimObjects, resolveDeviceClaims } from './device-claims';
import { documentFormat } from './document-format';
import { inputFiles } from './input-files';
import { kubernetesWorkloadReader, linkWorkloads } from './kubernetes';
import { BUILT_IN_KINDS, type WorkloadKinds } from './workload-kinds';

export interface LoadOptions {
  /** Per-file size limit; readSourceFile's default when absent. */
  maxBytes?: number;
  /** The workload kinds to read (`workloadKinds(config.workloads.kinds)`); the built-in table when absent. */
  kinds?: WorkloadKinds;
}

export interface LoadedInputs {
  workloads: Workload[];
  secretProviders: SecretProvider[];
  recordedCards: TemplateModelCard[];
  /** Every file that was read, or tried: `<stdin>` for `-`. */
  files: string[];
  /**
   * Input errors of single files or documents (unreadable, malformed, a field of the wrong shape): what
   * they held is left out and every other file is still read, as kube-linter and eslint do. The caller
   * reports them and exits 2.
   */
  errors: InputError[];
}

/**
 * The workloads of the given files and folders (see inputFiles for what a folder gives; `-` is standard
 * input), the secrets the same documents provide, the model cards CDK templates record, and every file
 * that was read. Each document is parsed once and judged by its shape: CloudFormation, Kubernetes, or
 * neither (skipped). A path that does not exist still throws: nothing was given to read.
 */
export function loadWorkloads(paths: string[], options: LoadOptions = {}): LoadedInputs {
  const files = inputFiles(paths);
  const loaded: LoadedInputs = { workloads: [], secretProviders: [], recordedCards: [], files, errors: [] };
  const validatedCards = new Map<string, ModelCard>();
  const workloadsFromKubernetes = kubernetesWorkloadReader(options.kinds ?? BUILT_IN_KINDS);
  const deviceClaims: DeviceClaimObject[] = [];
  for (const file of files) {
    let documents: SourceDocument[];
    try {
      documents = documentsOf(file, options);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      loaded.errors.push(error);
      continue;
    }
    for (const doc of documents) {
      try {
        readDocument(doc, validatedCards, loaded, workloadsFromKubernetes, deviceClaims);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        loaded.errors.push(error);
      }
    }
  }
  // Pods that come from another object (a KServe model's ServingRuntime) are found across files.
  loaded.workloads = linkWorkloads(loaded.workloads);
  resolveDeviceClaims(loaded.workloads, deviceClaims);
  return loaded;
}

/** Adds what one document holds, all or nothing: a document that fails half-way adds none of it. */
function readDocument(
  doc: SourceDocument,
  validatedCards: Map<string, ModelCard>,
  loaded: LoadedInputs,
  workloadsFromKubernetes: (doc: SourceDocument) => Workload[],
  deviceClaims: DeviceClaimObject[],
): void {
  const format = documentFormat(doc.value);
  if (format === 'cloudformation') {
    const workloads = workloadsFromCloudFormation(doc);
    const secretProviders = secretProvidersFromCloudFormation(doc);
    const recordedCards = modelCardsFromTemplate(doc, validatedCards);
    append(loaded.workloads, workloads);
    append(loaded.secretProviders, secretProviders);
    append(loaded.recordedCards, recordedCards);
  } else if (format === 'kubernetes') {
    const workloads = workloadsFromKubernetes(doc);
    const secretProviders = secretProvidersFromKubernetes(doc);
    const claims = deviceClaimObjects(doc);
    append(loaded.workloads, workloads);
    append(loaded.secretProviders, secretProviders);
    append(deviceClaims, claims);
  }
}

function documentsOf(file: string, options: LoadOptions): SourceDocument[] {
  // `helm template … | preflight check -`: a stream of YAML documents (JSON is YAML too).
  if (file === STDIN_NAME) return parseDocuments(readStandardInput(options.maxBytes), file);
  const text = readSourceFile(file, options.maxBytes);
  const name = file.toLowerCase();
  // `cdk synth` output is machine-written JSON: read it without the (costly) YAML parse.
  if (name.endsWith('.template.json')) return [parseTemplateJson(text, file)];
  // JSON is held to JSON's rules: a YAML parser would accept a broken `.json` file.
  return name.endsWith('.json') ? [parseJsonDocument(text, file)] : parseDocuments(text, file);
}
