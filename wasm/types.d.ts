/** How bad a finding is. Only `error` makes a request invalid. */
export type Severity = "error" | "warning" | "info";

/** One finding about a request. */
export interface Diagnostic {
  /** Stable rule code, e.g. `CM020`. See `rules()`. */
  code: string;
  severity: Severity;
  /** RFC 6901 JSON Pointer into the request, e.g. `/Attributes/AWS_INSTANCE_PORT`; `""` is the whole request. */
  path: string;
  /** What is wrong, why, and what to do. */
  message: string;
  /** The AWS documentation page that states the rule. */
  docs: string;
}

/** The result of `validate`: every problem found, not just the first. */
export interface ValidationReport {
  /** False exactly when some diagnostic has severity `error`. */
  valid: boolean;
  diagnostics: Diagnostic[];
}

/** One entry of the diagnostic-code table. */
export interface Rule {
  code: string;
  severity: Severity;
  summary: string;
  docs: string;
}

/** The operations `validate` accepts. */
export type Operation =
  | "RegisterInstance"
  | "CreateService"
  | "Service"
  | "DiscoverInstances"
  | "Namespace"
  | "RegisterContainerInstance"
  | "DeregisterContainerInstance"
  | "UpdateContainerInstancesState"
  | "ecs:CreateService"
  | "UpdateService";

/** Cloud Map `RegisterInstance` request, as the API takes it. */
export interface RegisterInstanceRequest {
  ServiceId: string;
  InstanceId: string;
  CreatorRequestId?: string;
  Attributes: Record<string, string>;
}

export type RoutingPolicy = "MULTIVALUE" | "WEIGHTED";
export type RecordType = "A" | "AAAA" | "CNAME" | "SRV";

export interface DnsRecord {
  Type: RecordType;
  TTL: number;
}

export interface DnsConfig {
  NamespaceId?: string;
  RoutingPolicy?: RoutingPolicy;
  DnsRecords: DnsRecord[];
}

export interface HealthCheckConfig {
  Type: "HTTP" | "HTTPS" | "TCP";
  ResourcePath?: string;
  FailureThreshold?: number;
}

export interface HealthCheckCustomConfig {
  FailureThreshold?: number;
}

/** A Cloud Map service as `GetService` returns it. */
export interface Service {
  Id?: string;
  Arn?: string;
  Name?: string;
  NamespaceId?: string;
  Description?: string;
  Type?: "HTTP" | "DNS_HTTP" | "DNS";
  DnsConfig?: DnsConfig;
  HealthCheckConfig?: HealthCheckConfig;
  HealthCheckCustomConfig?: HealthCheckCustomConfig;
  /** Epoch seconds, or ISO 8601 text as the AWS CLI v2 prints it. */
  CreateDate?: number | string;
  [member: string]: unknown;
}

/** A Cloud Map namespace as `GetNamespace` returns it. */
export interface Namespace {
  Id?: string;
  Name?: string;
  Type?: "DNS_PUBLIC" | "DNS_PRIVATE" | "HTTP";
  /** Epoch seconds, or ISO 8601 text as the AWS CLI v2 prints it. */
  CreateDate?: number | string;
  [member: string]: unknown;
}

/** What a request is checked against. Each member may also be the whole get-service / get-namespace output. */
export interface ValidationContext {
  service?: Service | { Service: Service } | null;
  namespace?: Namespace | { Namespace: Namespace } | null;
}

/** Cloud Map `CreateService` request. */
export interface CreateServiceRequest {
  Name: string;
  NamespaceId?: string;
  CreatorRequestId?: string;
  Description?: string;
  DnsConfig?: DnsConfig;
  HealthCheckConfig?: HealthCheckConfig;
  HealthCheckCustomConfig?: HealthCheckCustomConfig;
  Tags?: { Key: string; Value: string }[];
  Type?: "HTTP";
}

export type HealthStatus = "HEALTHY" | "UNHEALTHY" | "UNKNOWN";
export type HealthStatusFilter = "HEALTHY" | "UNHEALTHY" | "ALL" | "HEALTHY_OR_ELSE_ALL";

/** Cloud Map `DiscoverInstances` request. */
export interface DiscoverInstancesRequest {
  NamespaceName: string;
  ServiceName: string;
  MaxResults?: number;
  QueryParameters?: Record<string, string>;
  OptionalParameters?: Record<string, string>;
  /** Treated as `HEALTHY` when absent; ignored for services without a health check. */
  HealthStatus?: HealthStatusFilter;
  OwnerAccount?: string;
}

/** A registered instance for the simulators: a RegisterInstance request (ServiceId may be left out) plus its health. */
export interface SimulatedInstance {
  ServiceId?: string;
  InstanceId: string;
  CreatorRequestId?: string;
  Attributes: Record<string, string>;
  HealthStatus?: HealthStatus;
}

/** A seed: the same input and seed give the same output. Strings are hashed. */
export type Seed = number | string;

export type QueryType = "A" | "AAAA" | "SRV" | "CNAME" | "SOA" | "NS" | "TXT" | "MX";

/** What the simulators run on. */
export interface Simulation {
  namespace: Namespace | { Namespace: Namespace };
  service: Service | { Service: Service };
  instances?: SimulatedInstance[];
  seed?: Seed;
}

export interface DnsQuery {
  /** Defaults to the service's name in the namespace. */
  name?: string;
  /** Defaults to `A`; case-insensitive. */
  type?: QueryType | Lowercase<QueryType>;
}

export interface DnsRecordData {
  /** Absolute, lower-case name, e.g. `web.example.local.` */
  name: string;
  type: string;
  ttl: number;
  /** As dig prints it: `10.0.0.1`, `1 1 8080 i-1.web.local.`, `example.com.` */
  data: string;
}

/** An instance the simulator could not register (Cloud Map would have refused it). */
export interface SkippedInstance {
  index: number;
  instanceId: string;
  error: string;
  message: string;
}

export interface DnsAnswer {
  query: { name: string; type: string };
  rcode: "NOERROR" | "NXDOMAIN" | "REFUSED";
  answer: DnsRecordData[];
  authority: DnsRecordData[];
  additional: DnsRecordData[];
  /** Why the answer is what it is, in plain words. */
  notes: string[];
  /** The instances whose records are in the answer, in answer order. */
  instanceIds: string[];
  /** The whole response as dig prints it. */
  dig: string;
  skipped: SkippedInstance[];
}

export interface Distribution {
  queries: number;
  instances: { instanceId: string; healthStatus: HealthStatus; count: number; share: number }[];
  emptyAnswers: number;
  skipped: SkippedInstance[];
}

/** An error the AWS API would return. */
export interface ApiError {
  code: string;
  message: string;
  /** DuplicateRequest only: the OperationId of the earlier request with the same CreatorRequestId. */
  DuplicateOperationId?: string;
}

export interface DiscoverInstancesResponse {
  Instances: { InstanceId: string; NamespaceName: string; ServiceName: string; HealthStatus: HealthStatus; Attributes: Record<string, string> }[];
  InstancesRevision: number;
}

export interface Discovery {
  response: DiscoverInstancesResponse | null;
  error: ApiError | null;
  diagnostics: Diagnostic[];
  skipped: SkippedInstance[];
  /** Said when the service is one Cloud Map would not have created as written. */
  notes?: string[];
}

export interface PreviewContext extends ValidationContext {
  /** RegisterInstance requests already applied to the service (re-registering one is an update). */
  instances?: SimulatedInstance[];
  seed?: Seed;
}

export interface RecordChange {
  action: "create" | "update" | "delete";
  name: string;
  type: string;
  /** `null` for an alias record: Route 53 uses the load balancer's TTL. */
  ttl: number | null;
  value: string;
}

export interface HealthCheckChange {
  action: "create" | "replace";
  type: "HTTP" | "HTTPS" | "TCP" | "CUSTOM";
  endpoint: string;
  resourcePath: string | null;
  failureThreshold: number;
  initialStatus: HealthStatus;
}

/** What a request does: the API response, or the error the API would return. */
export interface Preview {
  valid: boolean;
  diagnostics: Diagnostic[];
  response: { OperationId: string } | null;
  error: ApiError | null;
  change: "create" | "update" | "retry" | null;
  records: RecordChange[];
  healthCheck: HealthCheckChange | null;
  notes: string[];
}

/** ECS `Resource` (totalResources, remainingResources, registeredResources). */
export interface EcsResource {
  name: string;
  type: "INTEGER" | "DOUBLE" | "LONG" | "STRINGSET";
  integerValue?: number;
  longValue?: number;
  doubleValue?: number;
  stringSetValue?: string[];
}

export interface EcsAttribute {
  name: string;
  value?: string;
  targetType?: "container-instance";
  targetId?: string;
}

export interface EcsTag {
  key?: string;
  value?: string;
}

export interface VersionInfo {
  agentVersion?: string;
  agentHash?: string;
  dockerVersion?: string;
}

/** ECS `RegisterContainerInstance` request (no member is required). */
export interface RegisterContainerInstanceRequest {
  cluster?: string;
  /** JSON text of the EC2 instance identity document. */
  instanceIdentityDocument?: string;
  instanceIdentityDocumentSignature?: string;
  totalResources?: EcsResource[];
  versionInfo?: VersionInfo;
  containerInstanceArn?: string;
  attributes?: EcsAttribute[];
  platformDevices?: { id: string; type: "GPU" | "NEURON_DEVICE" }[];
  tags?: EcsTag[];
}

/** ECS `DeregisterContainerInstance` request. */
export interface DeregisterContainerInstanceRequest {
  cluster?: string;
  containerInstance: string;
  force?: boolean;
}

/** ECS `UpdateContainerInstancesState` request. */
export interface UpdateContainerInstancesStateRequest {
  cluster?: string;
  containerInstances: string[];
  status: "ACTIVE" | "DRAINING";
}

/** Agent settings for `agentRequest`. */
export interface AgentOptions {
  /** An EC2 instance type from `instanceTypes()`, e.g. `m5.large`. */
  instanceType: string;
  os?: "linux" | "windows";
  /** ECS_CLUSTER (default `default`). */
  cluster?: string;
  region?: string;
  availabilityZone?: string;
  instanceId?: string;
  amiId?: string;
  accountId?: string;
  /** ECS_RESERVED_MEMORY in MiB. */
  reservedMemory?: number;
  /** ECS_RESERVED_PORTS: replaces the OS default list. */
  reservedPorts?: number[];
  /** ECS_RESERVED_PORTS_UDP. */
  reservedPortsUdp?: number[];
  /** ECS_ENABLE_GPU_SUPPORT: GPUs become platformDevices. */
  enableGpuSupport?: boolean;
  /** ECS_ENABLE_TASK_IAM_ROLE (on Windows it also reserves port 80). */
  enableTaskIamRole?: boolean;
  /** ECS_INSTANCE_ATTRIBUTES. */
  instanceAttributes?: Record<string, string>;
  agentVersion?: string;
  dockerVersion?: string;
  osFamily?: string;
}

export interface InstanceType {
  name: string;
  vcpus: number;
  memoryMib: number;
  gpus: number;
  inferentiaChips: number;
  architecture: "x86_64" | "arm64";
}

export type TaskStatus = "PENDING" | "RUNNING" | "STOPPED";

export interface ClusterTask {
  taskArn: string;
  /** `service:NAME` for service tasks. */
  group?: string;
  lastStatus: TaskStatus;
}

/** A container instance as DescribeContainerInstances returns it, plus the tasks on it. */
export interface ContainerInstance {
  containerInstanceArn: string;
  ec2InstanceId?: string;
  version: number;
  versionInfo: VersionInfo;
  remainingResources: EcsResource[];
  registeredResources: EcsResource[];
  status: "ACTIVE" | "DRAINING" | "INACTIVE" | "REGISTERING" | "DEREGISTERING" | "REGISTRATION_FAILED";
  statusReason?: string;
  agentConnected: boolean;
  runningTasksCount: number;
  pendingTasksCount: number;
  attributes: EcsAttribute[];
  /** Epoch seconds; ISO 8601 text is accepted on input. */
  registeredAt?: number | string;
  tags?: EcsTag[];
  tasks?: ClusterTask[];
}

export interface ClusterService {
  serviceName: string;
  desiredCount: number;
  deploymentConfiguration?: { minimumHealthyPercent?: number; maximumPercent?: number };
}

/** The simulation state of one cluster; pass it back to the next `simulateCluster` call. */
export interface ClusterState {
  clusterName: string;
  region: string;
  accountId: string;
  seed?: number;
  idsIssued?: number;
  containerInstances?: ContainerInstance[];
  services?: ClusterService[];
}

export interface StepClock {
  /** The next reading, in epoch seconds. */
  next: number;
  /** Seconds added at every reading. */
  step: number;
}

/** An ECS error response. */
export interface EcsApiError {
  __type: string;
  message: string;
}

export interface ClusterOutcome {
  /** The API response, e.g. `{ containerInstance }`. */
  response: Record<string, unknown>;
  orphanedTasks?: ClusterTask[];
  rescheduled?: { taskArn: string; serviceName: string; replacementTaskArn?: string; containerInstanceArn?: string; reason?: string }[];
  drains?: {
    serviceName: string;
    desiredCount: number;
    minimumHealthyPercent: number;
    maximumPercent: number;
    minimumHealthyTasks: number;
    maximumTasks: number;
    stoppedPending: string[];
    steps: { step: number; healthy: number; total: number; stopped: string[]; started: { taskArn: string; containerInstanceArn: string }[] }[];
    completed: boolean;
    stalled?: string;
    note?: string;
  }[];
  untouchedTasks?: string[];
}

export interface ClusterCall {
  state: ClusterState;
  outcome: ClusterOutcome | null;
  error: EcsApiError | null;
  clock: StepClock;
}

export type ClusterOperation =
  | "RegisterContainerInstance"
  | "DeregisterContainerInstance"
  | "UpdateContainerInstancesState"
  | "DescribeContainerInstances";

/** The `code` of an Error thrown by this package. */
export type ErrorCode =
  | "UNKNOWN_OPERATION"
  | "INVALID_CONTEXT"
  | "INVALID_ARGUMENT"
  | "INVALID_REQUEST"
  | "UNSUPPORTED_FORMAT"
  | "IMPORT_FAILED"
  | "INTERNAL";

export type ExportFormat =
  | "json"
  | "http"
  | "curl"
  | "cli"
  | "cli-input-json"
  | "cli-input-yaml"
  | "powershell"
  | "boto3"
  | "js-sdk-v3"
  | "cloudformation-yaml"
  | "cloudformation-json"
  | "terraform";

export interface ExportOptions {
  /** Default us-east-1. */
  region?: string;
  /** A custom endpoint (local emulator, VPC endpoint), written into cli, boto3, js and curl output. */
  endpointUrl?: string;
  /** A named profile (cli, powershell, boto3, js). */
  profile?: string;
  /** Export even when validation finds errors (default false: INVALID_REQUEST is thrown). */
  allowInvalid?: boolean;
}

export interface ExportedRequest {
  format: ExportFormat;
  text: string;
  /** A file name for saving `text`. */
  filename: string;
  /** How to run it, and what was left out and why. */
  notes: string[];
}

export type ImportFormat = "json" | "cli-input-json" | "cli-input-yaml" | "cli" | "powershell" | "http" | "curl" | "get-instance" | "list-instances" | "get-service" | "describe-services" | "describe-container-instances";

export interface ImportedRequest {
  operation: Operation;
  request: Record<string, unknown>;
  format: ImportFormat;
  /** What was changed or left out, and what to fill in. */
  notes: string[];
  /**
   * The request as JSON text, given only when a number in it is beyond JavaScript's exact
   * integers (2^53), which `request` then holds rounded. validate and exportRequest take it.
   */
  requestText?: string;
}

/** ECS placement constraint (`memberOf` with a cluster query expression, or `distinctInstance`). */
export interface PlacementConstraint {
  type: "memberOf" | "distinctInstance";
  expression?: string;
}

/** ECS placement strategy; `field` is `cpu`/`memory` for binpack, `instanceId`/`host`/`attribute:NAME` for spread. */
export interface PlacementStrategy {
  type: "random" | "spread" | "binpack";
  field?: string;
}

/** ECS `serviceRegistries` entry. */
export interface ServiceRegistry {
  registryArn?: string;
  port?: number;
  containerName?: string;
  containerPort?: number;
}

export interface DeploymentConfiguration {
  minimumHealthyPercent?: number;
  maximumPercent?: number;
  deploymentCircuitBreaker?: { enable: boolean; rollback: boolean };
}

export interface AwsVpcConfiguration {
  subnets: string[];
  securityGroups?: string[];
  assignPublicIp?: "ENABLED" | "DISABLED";
}

export type LaunchType = "EC2" | "FARGATE" | "EXTERNAL" | "MANAGED_INSTANCES";

/** ECS `CreateService` request (the members muster checks; the rest pass through). */
export interface EcsCreateServiceRequest {
  serviceName: string;
  cluster?: string;
  taskDefinition?: string;
  desiredCount?: number;
  launchType?: LaunchType;
  schedulingStrategy?: "REPLICA" | "DAEMON";
  serviceRegistries?: ServiceRegistry[];
  placementConstraints?: PlacementConstraint[];
  placementStrategy?: PlacementStrategy[];
  deploymentConfiguration?: DeploymentConfiguration;
  networkConfiguration?: { awsvpcConfiguration?: AwsVpcConfiguration };
  capacityProviderStrategy?: { capacityProvider: string; weight?: number; base?: number }[];
  [member: string]: unknown;
}

/** ECS `UpdateService` request. */
export interface EcsUpdateServiceRequest extends Omit<EcsCreateServiceRequest, "serviceName"> {
  service: string;
}

export interface PortMapping {
  containerPort?: number;
  /** 0 or absent in bridge mode: a dynamic host port. */
  hostPort?: number;
  protocol?: "tcp" | "udp";
  name?: string;
}

export interface ContainerDefinition {
  name: string;
  cpu?: number;
  memory?: number;
  memoryReservation?: number;
  portMappings?: PortMapping[];
  resourceRequirements?: { type: "GPU" | "InferenceAccelerator"; value: string }[];
  [member: string]: unknown;
}

/** A task definition as `describe-task-definition` returns it (or the whole output). */
export interface TaskDefinition {
  family?: string;
  revision?: number;
  taskDefinitionArn?: string;
  networkMode?: "bridge" | "host" | "awsvpc" | "none";
  containerDefinitions: ContainerDefinition[];
  /** Task size: CPU units ("256") or vCPUs ("1 vCPU"). */
  cpu?: string;
  /** Task size: MiB ("512") or GB ("1 GB"). */
  memory?: string;
  requiresAttributes?: EcsAttribute[];
  placementConstraints?: PlacementConstraint[];
  requiresCompatibilities?: string[];
  [member: string]: unknown;
}

/** Context for ECS CreateService / UpdateService validation. */
export interface EcsServiceContext {
  taskDefinition?: TaskDefinition | { taskDefinition: TaskDefinition };
  cloudMapService?: Service | { Service: Service };
}

/** A container instance for placement: a describe-container-instances entry (plus an optional private IP). */
export interface PlacementInstance {
  containerInstanceArn: string;
  ec2InstanceId?: string;
  status?: string;
  agentConnected?: boolean;
  remainingResources?: EcsResource[];
  registeredResources?: EcsResource[];
  attributes?: EcsAttribute[];
  runningTasksCount?: number;
  pendingTasksCount?: number;
  versionInfo?: VersionInfo;
  registeredAt?: number | string;
  /** Not in the ECS shape: the EC2 private IPv4 address, used for bridge/host registrations. */
  privateIpAddress?: string;
  [member: string]: unknown;
}

/** A task already running (describe-tasks entry). */
export interface ExistingTask {
  taskArn?: string;
  containerInstanceArn: string;
  group?: string;
  lastStatus?: string;
  [member: string]: unknown;
}

export interface PlacementInput {
  containerInstances: PlacementInstance[] | { containerInstances: PlacementInstance[] };
  tasks?: ExistingTask[] | { tasks: ExistingTask[] } | null;
  taskDefinition: TaskDefinition | { taskDefinition: TaskDefinition };
  /** Tasks to place (default 1, at most 5000). */
  count?: number;
  placementConstraints?: PlacementConstraint[];
  placementStrategy?: PlacementStrategy[];
  /** Task group; `service:NAME` gets the service default strategy. Default `family:FAMILY`. */
  group?: string;
  launchType?: "EC2" | "EXTERNAL" | "FARGATE";
  seed?: Seed;
  /** How many tasks to explain instance by instance (default 10). */
  explainTasks?: number;
}

export interface HostPort {
  containerName: string;
  containerPort: number;
  hostPort: number;
  protocol: "tcp" | "udp";
}

export interface PlacedTask {
  taskArn: string;
  containerInstanceArn: string;
  group: string;
  hostPorts: HostPort[];
  availabilityZone?: string;
  gpuIds?: string[];
}

/** RunTask-style failure: the closest instance and ECS's reason (`RESOURCE:CPU`, `AGENT`, `ATTRIBUTE`, ...). */
export interface PlacementFailure {
  arn: string;
  reason: string;
  detail: string;
}

export interface InstanceVerdict {
  containerInstanceArn: string;
  availabilityZone?: string;
  /** The first rule that removed the instance. */
  removedBy?: string;
  detail?: string;
  /** For survivors: each strategy's score, lower is better. */
  scores?: number[];
  chosen: boolean;
}

export interface TaskExplanation {
  task: number;
  containerInstanceArn?: string;
  candidates: number;
  instances: InstanceVerdict[];
}

export interface TaskRequirement {
  cpu: number;
  memory: number;
  gpu: number;
  ports: { containerName: string; containerPort: number; hostPort: number | null; udp: boolean }[];
}

export interface PlacementExplanation {
  requirement: TaskRequirement;
  networkMode: "bridge" | "host" | "awsvpc" | "none";
  group: string;
  strategies: string[];
  defaultStrategy: boolean;
  constraints: string[];
  tasks: TaskExplanation[];
  unexplainedTasks: number;
  scoreLegend: string[];
}

export interface Plan {
  tasks: PlacedTask[];
  failures: PlacementFailure[];
  /** Tasks a scale-in stops. */
  stoppedTasks?: { taskArn: string; containerInstanceArn: string }[];
  /** Service events ECS would log. */
  events?: string[];
  error?: { code: string; message: string };
  containerInstances: PlacementInstance[];
  explanation: PlacementExplanation;
}

/** Invalid placement settings give diagnostics and no plan. */
export type PlacementResult =
  | ({ valid: true; diagnostics: Diagnostic[] } & Plan)
  | { valid: false; diagnostics: Diagnostic[] };

export interface ServicePlanInput {
  cluster:
    | PlacementInstance[]
    | { containerInstances: PlacementInstance[]; tasks?: ExistingTask[] };
  taskDefinition: TaskDefinition | { taskDefinition: TaskDefinition };
  service: EcsCreateServiceRequest;
  cloudMap?: { namespace?: Namespace | { Namespace: Namespace }; service?: Service | { Service: Service } } | null;
  seed?: Seed;
  explainTasks?: number;
}

export interface PlannedRegistration {
  taskArn: string;
  request: RegisterInstanceRequest;
  /** True when AWS_INSTANCE_IPV4 is made up (no privateIpAddress, or an awsvpc ENI). */
  simulatedAddress: boolean;
  valid: boolean;
  diagnostics: Diagnostic[];
}

export interface ServicePlan {
  valid: boolean;
  diagnostics: Diagnostic[];
  placement: Plan | null;
  registrations: PlannedRegistration[];
  dns: DnsAnswer | null;
  discovery: Discovery | null;
  /** What the plan could not show, and why (e.g. a service registry without cloudMap.service). */
  notes?: string[];
}

export interface QueryNode {
  type: "and" | "or" | "not" | "predicate";
  [member: string]: unknown;
}

export type ClusterQueryResult =
  | { valid: true; tree: QueryNode; dynamic: boolean }
  | { valid: false; error: { message: string; column: number; endColumn: number } };

/** An Error thrown for a call that cannot be carried out (never for findings). */
export interface MusterError extends Error {
  code: ErrorCode;
}

/**
 * Validates a request and returns every finding.
 * @param operation the AWS operation name, e.g. `"RegisterInstance"`
 * @param request the request as an object or JSON text (malformed JSON is reported as `JSON001`)
 * @param context optional target service and namespace, as an object or JSON text
 * @throws MusterError with code `UNKNOWN_OPERATION`, `INVALID_CONTEXT` or `INVALID_ARGUMENT`
 */
export function validate(
  operation: "RegisterInstance",
  request: RegisterInstanceRequest | Record<string, unknown> | string,
  context?: ValidationContext | string | null,
): ValidationReport;
/**
 * Validates a CreateService request or a GetService `Service`; the context's namespace enables the namespace rules.
 * `CreateService` is ECS's when the request has camelCase members or the context has `taskDefinition` / `cloudMapService`.
 */
export function validate(
  operation: "CreateService" | "Service",
  request: CreateServiceRequest | Service | { Service: Service } | EcsCreateServiceRequest | Record<string, unknown> | string,
  context?: ValidationContext | EcsServiceContext | string | null,
): ValidationReport;
export function validate(
  operation: "DiscoverInstances",
  request: DiscoverInstancesRequest | Record<string, unknown> | string,
  context?: null,
): ValidationReport;

/** Validates an ECS container-instance request (no context). */
export function validate(
  operation: "RegisterContainerInstance" | "DeregisterContainerInstance" | "UpdateContainerInstancesState",
  request:
    | RegisterContainerInstanceRequest
    | DeregisterContainerInstanceRequest
    | UpdateContainerInstancesStateRequest
    | Record<string, unknown>
    | string,
  context?: null,
): ValidationReport;
/** Validates a Cloud Map namespace (get-namespace output). */
export function validate(operation: "Namespace", request: Namespace | { Namespace: Namespace } | Record<string, unknown> | string, context?: null): ValidationReport;

/** Validates an ECS CreateService / UpdateService request; the context's task definition and Cloud Map service enable the serviceRegistries rules. */
export function validate(
  operation: "ecs:CreateService" | "UpdateService",
  request: EcsCreateServiceRequest | EcsUpdateServiceRequest | Record<string, unknown> | string,
  context?: EcsServiceContext | string | null,
): ValidationReport;

/**
 * Any operation name held in an `Operation` variable, e.g. each of `operations()`; a literal name
 * takes the overload above that types its request and context.
 */
export function validate<O extends Operation>(
  operation: Operation extends O ? O : never,
  request: Record<string, unknown> | string,
  context?: ValidationContext | EcsServiceContext | string | null,
): ValidationReport;

/** Places tasks on container instances as ECS would. @throws MusterError INVALID_ARGUMENT for unusable input */
export function simulatePlacement(input: PlacementInput | string): PlacementResult;

/** Plans an ECS service: placement or scale-in, the Cloud Map registrations for the tasks, and the DNS answer. */
export function planService(input: ServicePlanInput | string): ServicePlan;

/** Parses a cluster query language expression. */
export function parseClusterQuery(expression: string): ClusterQueryResult;

/** The RegisterContainerInstance request the ECS agent would send. @throws MusterError INVALID_ARGUMENT for an unknown instance type or bad options */
export function agentRequest(options: AgentOptions | string): RegisterContainerInstanceRequest;

/** The EC2 instance types `agentRequest` knows. */
export function instanceTypes(): InstanceType[];

/** Applies one ECS call to a cluster state; chain calls by passing `state` and `clock` back. */
export function simulateCluster(
  input:
    | {
        operation: ClusterOperation;
        request?: RegisterContainerInstanceRequest | DeregisterContainerInstanceRequest | UpdateContainerInstancesStateRequest | Record<string, unknown>;
        state?: ClusterState | null;
        clock?: StepClock | null;
        /** Seeds the IDs of a new cluster. */
        seed?: Seed;
      }
    | string,
): ClusterCall;

/** Previews RegisterInstance: the response (OperationId) or API error, and the records and health check it creates or replaces. */
export function previewResponse(
  operation: "RegisterInstance",
  request: RegisterInstanceRequest | Record<string, unknown> | string,
  context?: PreviewContext | string | null,
): Preview;

/** Answers one DNS query as Route 53 would for the Cloud Map namespace. */
export function simulateDns(input: (Simulation & { query?: DnsQuery }) | string): DnsAnswer;

/** Runs `queries` DNS queries (seeds seed, seed+1, ...) and counts each instance's answers. */
export function dnsDistribution(input: (Simulation & { query?: DnsQuery; queries?: number }) | string): Distribution;

/** Answers a DiscoverInstances request: the response or the API error. */
export function discoverInstances(input: (Simulation & { request: DiscoverInstancesRequest }) | string): Discovery;

/**
 * Writes a request as an AWS CLI command, boto3, JS SDK v3, CloudFormation, Terraform, curl, ... .
 * @throws MusterError INVALID_REQUEST (validation errors), UNSUPPORTED_FORMAT (the format cannot express the request), INVALID_ARGUMENT
 */
export function exportRequest(operation: Operation, request: Record<string, unknown> | string, format: ExportFormat, options?: ExportOptions | null): ExportedRequest;

/** The formats `exportRequest` writes. */
export function exportFormats(): ExportFormat[];

/**
 * Reads a request from a body, an AWS CLI command line, a --cli-input-json / skeleton file, or a get-instance / list-instances / get-service output.
 * Format and operation are detected when not given.
 * @throws MusterError IMPORT_FAILED, UNKNOWN_OPERATION, INVALID_ARGUMENT
 */
export function importRequest(text: string, format?: ImportFormat | null, operation?: Operation | null): ImportedRequest;

/** Every diagnostic code with its severity, summary and documentation link. */
export function rules(): Rule[];

/** The operation names `validate` accepts. */
export function operations(): Operation[];

/** The package version. */
export function version(): string;
