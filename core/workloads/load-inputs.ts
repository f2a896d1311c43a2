import { parseDocuments, parseJsonDocument, type SourceDocument } from '../loaders/documents';
import { readSourceFile } from '../loaders/source-file';
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

/**
 * The workloads of the given files and folders (see inputFiles for what a folder gives), the secrets the
 * same documents provide, the model cards CDK templates record, and every file that was read. Each
 * document is parsed once and judged by its shape: CloudFormation, Kubernetes, or neither (skipped).
 */
export function loadWorkloads(
  paths: string[],
  options: LoadOptions = {},
): {
  workloads: Workload[];
  secretProviders: SecretProvider[];
  recordedCards: TemplateModelCard[];
  files: string[];
} {
  const files = inputFiles(paths);
  const workloads: Workload[] = [];
  const secretProviders: SecretProvider[] = [];
  const recordedCards: TemplateModelCard[] = [];
  const validatedCards = new Map<string, ModelCard>();
  const workloadsFromKubernetes = kubernetesWorkloadReader(options.kinds ?? BUILT_IN_KINDS);
  const deviceClaims: DeviceClaimObject[] = [];
  for (const file of files) {
    for (const doc of documentsOf(file, options)) {
      const format = documentFormat(doc.value);
      if (format === 'cloudformation') {
        workloads.push(...workloadsFromCloudFormation(doc));
        secretProviders.push(...secretProvidersFromCloudFormation(doc));
        recordedCards.push(...modelCardsFromTemplate(doc, validatedCards));
      } else if (format === 'kubernetes') {
        workloads.push(...workloadsFromKubernetes(doc));
        secretProviders.push(...secretProvidersFromKubernetes(doc));
        deviceClaims.push(...deviceClaimObjects(doc));
      }
    }
  }
  // Pods that come from another object (a KServe model's ServingRuntime) are found across files.
  const linked = linkWorkloads(workloads);
  resolveDeviceClaims(linked, deviceClaims);
  return { workloads: linked, secretProviders, recordedCards, files };
}

function documentsOf(file: string, options: LoadOptions): SourceDocument[] {
  const text = readSourceFile(file, options.maxBytes);
  const name = file.toLowerCase();
  // `cdk synth` output is machine-written JSON: read it without the (costly) YAML parse.
  if (name.endsWith('.template.json')) return [parseTemplateJson(text, file)];
  // JSON is held to JSON's rules: a YAML parser would accept a broken `.json` file.
  return name.endsWith('.json') ? [parseJsonDocument(text, file)] : parseDocuments(text, file);
}
