/**
 * Which Kubernetes kinds hold pods, and where: one table for built-in kinds and custom resources alike
 * (kube-linter keeps "deployment-like" kinds the same way, as one registry of group/kind pairs).
 * A new kind is one row here plus a fixture. Users add rows in preflight.yaml (`workloads.kinds`).
 *
 * Paths are dotted field names from the object's root; `[]` after a name reads every element of that
 * list, `{}` every value of that map (`spec.replicatedJobs[].template.spec.template`). The facts are
 * from the projects' own CRD references and samples, cited per row (and collected in
 * shared/reference/kubernetes-crds.md).
 */

/** Where one kind of pod is described in an object. */
export type PodPlace = PodTemplatePlace | PodSpecPlace | ContainerViewPlace | ReferencePlace;

interface RoleOf {
  /** The role these pods play (`leader`, `head`, `predictor`); absent for a kind with one template. */
  role?: string;
  /**
   * Take the role from a field of the list element the path goes through (`groupName` of a Ray worker
   * group, `name` of a JobSet replicated job); for a `{}` map, the role is the key unless this is set.
   */
  roleFrom?: string;
  /**
   * Absent is allowed: the place is skipped (a LeaderWorkerSet without a leader template). A place
   * that is required and matches nothing is an input error at the object.
   */
  optional?: boolean;
}

/** A PodTemplateSpec: `metadata` and a `spec` that holds `containers`. */
export interface PodTemplatePlace extends RoleOf {
  template: string;
}

/** A PodSpec, or a PodSpec-like object that holds `containers` itself (a KServe predictor). */
export interface PodSpecPlace extends RoleOf {
  podSpec: string;
}

/**
 * No pod spec at all: the operator builds one container from fields of its own (NVIDIA NIMService,
 * vLLM production-stack VLLMRuntime, a KAITO preset). The view maps those fields onto a container.
 */
export interface ContainerViewPlace extends RoleOf {
  /** The place applies when this field is present (`inference.preset`); absent: always. */
  when?: string;
  container: ContainerView;
}

export interface ContainerView {
  /** The container name findings use (the operator's own name for it where documented). */
  name: string;
  /** The image, written as repository and tag (and registry) fields; absent: `imageFrom` says why. */
  image?: { registry?: string; repository: string; tag?: string };
  /** Why the image cannot be read from the object (a preset picks the operator's own image). */
  imageFrom?: string;
  /** A list of Kubernetes EnvVar (`name`, `value` / `valueFrom`). */
  env?: string;
  /** A list of extra engine arguments. */
  args?: string;
  /** Kubernetes ResourceRequirements (`limits` / `requests`). */
  resources?: string;
  /** A GPU count as a plain field (`deploymentConfig.resources.gpu`). */
  gpus?: string;
  /** Fields that name a Secret: a name string, or a `{name}` object with `nameKey`, and its key. */
  secrets?: SecretField[];
}

export interface SecretField {
  path: string;
  /** The field holds `{ <nameKey>: ... }` rather than the name itself. */
  nameKey?: string;
  /** A field that names the key inside the Secret, and the key the operator uses when it is absent. */
  keyPath?: string;
  defaultKey?: string;
  /** A list of names (`pullSecrets: [ngc-secret]`). */
  list?: boolean;
  /** How findings name the reference: `authSecret`, `imagePullSecrets[]`. */
  via: string;
}

/**
 * The pods come from another object: the ServingRuntime a KServe `model:` selects, the Deployment an
 * Argo Rollout's `workloadRef` names, the training runtime a TrainJob's `runtimeRef` names. Resolved
 * against the other workloads of the inputs (see linkWorkloads); when it is not there, the workload
 * says what it cannot verify.
 */
export interface ReferencePlace extends RoleOf {
  reference: string;
  via: 'kserve-model' | 'workload-ref' | 'training-runtime-ref';
}

/**
 * A field of the object that says something about its runtime, and how to read it: `hf-uri`
 * (`hf://org/model:revision` → model id and revision), `model-id` (a model id as written),
 * `ray-serve-config` (a Ray Serve config as a YAML string: each application's `runtime_env`),
 * `ray-runtime-env` (a `runtime_env` as a YAML string: `pip` pins → runtime versions, `env_vars`).
 */
export interface SpecFactField {
  path: string;
  read: 'hf-uri' | 'model-id' | 'ray-serve-config' | 'ray-runtime-env';
  /** Only the app containers of this role are concerned; absent: every role. */
  role?: string;
}

export interface WorkloadKind {
  /** The API group (`''` for the core group); any version of it matches. */
  group: string;
  kind: string;
  pods: PodPlace[];
  facts?: SpecFactField[];
  /**
   * When no place matches, the object is still valid: its pods come from something the inputs do not
   * hold (KServe's config presets, an existing RayCluster). One container says so ("cannot verify").
   * Without it, an object that matches no required place is an input error.
   */
  otherwise?: { container: string; imageFrom: string };
  /**
   * The operator writes the command of a container that gives none (KubeRay starts `ray start`), so the
   * image's entrypoint never runs there: an engine image's entrypoint is not read as the launcher.
   */
  commandByOperator?: string;
  /** Where the paths come from: a CRD reference, the project's samples. */
  source: string;
  /** Set for a row a user declared: where (`preflight.yaml:12:5`), so errors can point there. */
  declaredIn?: string;
}

const APPS = 'kubernetes.io/docs/reference/kubernetes-api/workload-resources';

export const BUILT_IN_WORKLOAD_KINDS: readonly WorkloadKind[] = [
  { group: '', kind: 'Pod', pods: [{ podSpec: 'spec' }], source: `${APPS}/pod-v1` },
  { group: '', kind: 'PodTemplate', pods: [{ template: 'template' }], source: `${APPS}/pod-template-v1` },
  {
    group: '',
    kind: 'ReplicationController',
    pods: [{ template: 'spec.template' }],
    source: `${APPS}/replication-controller-v1`,
  },
  ...['apps', 'extensions'].flatMap((group) =>
    ['Deployment', 'DaemonSet', 'ReplicaSet'].map(
      (kind): WorkloadKind => ({
        group,
        kind,
        pods: [{ template: 'spec.template' }],
        source: `${APPS}/${kind.toLowerCase()}-v1 (extensions/v1beta1 before Kubernetes 1.16)`,
      }),
    ),
  ),
  {
    group: 'apps',
    kind: 'StatefulSet',
    pods: [{ template: 'spec.template' }],
    source: `${APPS}/stateful-set-v1`,
  },
  { group: 'batch', kind: 'Job', pods: [{ template: 'spec.template' }], source: `${APPS}/job-v1` },
  {
    group: 'batch',
    kind: 'CronJob',
    pods: [{ template: 'spec.jobTemplate.spec.template' }],
    source: `${APPS}/cron-job-v1`,
  },

  // KServe: each component is a PodSpec with containers inline, or (predictor) a `model:` whose
  // container comes from a ServingRuntime.
  {
    group: 'serving.kserve.io',
    kind: 'InferenceService',
    pods: [
      { podSpec: 'spec.predictor', role: 'predictor', optional: true },
      { reference: 'spec.predictor.model', via: 'kserve-model', role: 'predictor', optional: true },
      { podSpec: 'spec.transformer', role: 'transformer', optional: true },
      { podSpec: 'spec.explainer', role: 'explainer', optional: true },
    ],
    facts: [{ path: 'spec.predictor.model.storageUri', read: 'hf-uri', role: 'predictor' }],
    source: 'kserve.github.io/website reference/api V1beta1InferenceServiceSpec, V1beta1PredictorSpec',
  },
  ...['ServingRuntime', 'ClusterServingRuntime'].map(
    (kind): WorkloadKind => ({
      group: 'serving.kserve.io',
      kind,
      pods: [{ podSpec: 'spec' }],
      source:
        'kserve.github.io/website modelserving/servingruntimes (spec.containers, spec.imagePullSecrets)',
    }),
  ),
  {
    group: 'serving.kserve.io',
    kind: 'LLMInferenceService',
    // `template` serves (and decodes when `prefill` is set); `worker` makes it multi-node (an LWS).
    pods: [
      { podSpec: 'spec.template', role: 'decode', optional: true },
      { podSpec: 'spec.worker', role: 'decode-worker', optional: true },
      { podSpec: 'spec.prefill.template', role: 'prefill', optional: true },
      { podSpec: 'spec.prefill.worker', role: 'prefill-worker', optional: true },
    ],
    facts: [{ path: 'spec.model.uri', read: 'hf-uri' }],
    otherwise: {
      container: 'main',
      imageFrom: "KServe's LLMInferenceServiceConfig presets (spec.baseRefs or the well-known defaults)",
    },
    source: 'kserve/website docs/model-serving/generative-inference/llmisvc/llmisvc-configuration.md',
  },
  {
    group: 'leaderworkerset.x-k8s.io',
    kind: 'LeaderWorkerSet',
    pods: [
      { template: 'spec.leaderWorkerTemplate.leaderTemplate', role: 'leader', optional: true },
      { template: 'spec.leaderWorkerTemplate.workerTemplate', role: 'worker' },
    ],
    source: 'kubernetes-sigs/lws config/samples; vllm-project/vllm docs/deployment/frameworks/lws.md',
  },
  {
    group: 'ray.io',
    kind: 'RayService',
    pods: [
      { template: 'spec.rayClusterConfig.headGroupSpec.template', role: 'head' },
      {
        template: 'spec.rayClusterConfig.workerGroupSpecs[].template',
        role: 'worker',
        roleFrom: 'groupName',
        optional: true,
      },
    ],
    facts: [{ path: 'spec.serveConfigV2', read: 'ray-serve-config' }],
    commandByOperator: 'ray start (KubeRay builds the Ray container command)',
    source: 'ray-project/kuberay ray-operator/config/samples/vllm/ray-service.vllm.yaml',
  },
  {
    group: 'ray.io',
    kind: 'RayCluster',
    pods: [
      { template: 'spec.headGroupSpec.template', role: 'head' },
      { template: 'spec.workerGroupSpecs[].template', role: 'worker', roleFrom: 'groupName', optional: true },
    ],
    commandByOperator: 'ray start (KubeRay builds the Ray container command)',
    source: 'ray-project/kuberay ray-operator/config/samples/ray-cluster.complete.yaml',
  },
  {
    group: 'ray.io',
    kind: 'RayJob',
    pods: [
      // Absent with `clusterSelector` (the job runs on an existing RayCluster).
      { template: 'spec.rayClusterSpec.headGroupSpec.template', role: 'head', optional: true },
      {
        template: 'spec.rayClusterSpec.workerGroupSpecs[].template',
        role: 'worker',
        roleFrom: 'groupName',
        optional: true,
      },
      { template: 'spec.submitterPodTemplate', role: 'submitter', optional: true },
    ],
    facts: [{ path: 'spec.runtimeEnvYAML', read: 'ray-runtime-env' }],
    otherwise: { container: 'ray-head', imageFrom: 'the RayCluster that spec.clusterSelector picks' },
    commandByOperator: 'ray start (KubeRay builds the Ray container command)',
    source: 'ray-project/kuberay docs/reference/api.md (RayJobSpec)',
  },
  {
    group: 'serving.knative.dev',
    kind: 'Service',
    pods: [{ template: 'spec.template' }],
    source: 'knative/serving config/core/300-resources/service.yaml (RevisionTemplateSpec)',
  },
  {
    group: 'jobset.x-k8s.io',
    kind: 'JobSet',
    pods: [{ template: 'spec.replicatedJobs[].template.spec.template', roleFrom: 'name' }],
    source: 'kubernetes-sigs/jobset site/content/en/docs/reference/jobset.v1alpha2.md',
  },
  {
    group: 'argoproj.io',
    kind: 'Rollout',
    pods: [
      { template: 'spec.template', optional: true },
      { reference: 'spec.workloadRef', via: 'workload-ref', optional: true },
    ],
    source: 'argoproj.github.io/argo-rollouts/features/specification, /migrating (workloadRef)',
  },
  {
    group: 'kubeflow.org',
    kind: 'PyTorchJob',
    pods: [{ template: 'spec.pytorchReplicaSpecs{}.template' }],
    source: 'kubeflow/training-operator examples/pytorch (pytorchReplicaSpecs.Master / Worker)',
  },
  {
    group: 'trainer.kubeflow.org',
    kind: 'TrainJob',
    // The trainer's container is `node` of the runtime's `node` job.
    pods: [{ reference: 'spec.runtimeRef', via: 'training-runtime-ref', role: 'node' }],
    source: 'kubeflow.org/docs/components/trainer/operator-guides/runtime (runtimeRef, trainer overrides)',
  },
  ...['TrainingRuntime', 'ClusterTrainingRuntime'].map(
    (kind): WorkloadKind => ({
      group: 'trainer.kubeflow.org',
      kind,
      pods: [{ template: 'spec.template.spec.replicatedJobs[].template.spec.template', roleFrom: 'name' }],
      source: 'kubeflow.org/docs/components/trainer/operator-guides/runtime (a JobSet template)',
    }),
  ),
  {
    group: 'kaito.sh',
    kind: 'Workspace',
    // `inference` is top-level, not under `spec`.
    pods: [
      { template: 'inference.template', optional: true },
      {
        when: 'inference.preset',
        container: {
          name: 'preset',
          imageFrom: "the KAITO preset's own image (inference.preset.name)",
          secrets: [{ path: 'inference.preset.presetOptions.modelAccessSecret', via: 'modelAccessSecret' }],
        },
        optional: true,
      },
    ],
    source: 'kaito-project/kaito examples/inference/kaito_workspace_llama-3.1_8b_instruct.yaml',
  },
  {
    group: 'apps.nvidia.com',
    kind: 'NIMService',
    pods: [
      {
        container: {
          name: 'nim',
          image: { repository: 'spec.image.repository', tag: 'spec.image.tag' },
          env: 'spec.env',
          resources: 'spec.resources',
          secrets: [
            { path: 'spec.authSecret', defaultKey: 'NGC_API_KEY', via: 'authSecret' },
            { path: 'spec.image.pullSecrets', list: true, via: 'image.pullSecrets[]' },
          ],
        },
      },
    ],
    source: 'docs.nvidia.com/nim-operator/latest/service.html (NIMService spec)',
  },
  {
    group: 'production-stack.vllm.ai',
    kind: 'VLLMRuntime',
    pods: [
      {
        container: {
          name: 'vllm',
          image: {
            registry: 'spec.deploymentConfig.image.registry',
            repository: 'spec.deploymentConfig.image.name',
          },
          env: 'spec.vllmConfig.env',
          args: 'spec.vllmConfig.extraArgs',
          gpus: 'spec.deploymentConfig.resources.gpu',
          secrets: [
            {
              path: 'spec.model.hfTokenSecret',
              nameKey: 'name',
              keyPath: 'spec.model.hfTokenName',
              defaultKey: 'token',
              via: 'model.hfTokenSecret',
            },
            { path: 'spec.deploymentConfig.image.pullSecretName', via: 'image.pullSecretName' },
          ],
        },
      },
    ],
    facts: [{ path: 'spec.model.modelURL', read: 'model-id' }],
    source: 'vllm-project/production-stack operator/api/v1alpha1/vllmruntime_types.go, config/samples',
  },
];
