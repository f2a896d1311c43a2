import { parseDocuments, parseJsonDocument, type SourceDocument } from '../loaders/documents';
import { readSourceFile } from '../loaders/source-file';
import type { Workload } from '../model/workload';
import { workloadsFromCloudFormation } from './cloudformation';
import { documentFormat } from './document-format';
import { inputFiles } from './input-files';
import { workloadsFromKubernetes } from './kubernetes';

export interface LoadOptions {
  /** Per-file size limit; readSourceFile's default when absent. */
  maxBytes?: number;
}

/**
 * The workloads of the given files and folders (see inputFiles for what a folder gives), with every file
 * that was read. Each document is judged by its shape: CloudFormation, Kubernetes, or neither (skipped).
 */
export function loadWorkloads(
  paths: string[],
  options: LoadOptions = {},
): { workloads: Workload[]; files: string[] } {
  const files = inputFiles(paths);
  const workloads: Workload[] = [];
  for (const file of files) {
    for (const doc of documentsOf(file, options)) {
      const format = documentFormat(doc.value);
      if (format === 'cloudformation') workloads.push(...workloadsFromCloudFormation(doc));
      else if (format === 'kubernetes') workloads.push(...workloadsFromKubernetes(doc));
    }
  }
  return { workloads, files };
}

function documentsOf(file: string, options: LoadOptions): SourceDocument[] {
  const text = readSourceFile(file, options.maxBytes);
  // JSON is held to JSON's rules: a YAML parser would accept a broken `.json` file.
  return file.toLowerCase().endsWith('.json') ? [parseJsonDocument(text, file)] : parseDocuments(text, file);
}
