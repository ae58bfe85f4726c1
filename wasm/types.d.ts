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
export type Operation = "RegisterInstance" | "CreateService" | "Service" | "DiscoverInstances";

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
  [member: string]: unknown;
}

/** A Cloud Map namespace as `GetNamespace` returns it. */
export interface Namespace {
  Id?: string;
  Name?: string;
  Type?: "DNS_PUBLIC" | "DNS_PRIVATE" | "HTTP";
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
  ttl: number;
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
  change: "create" | "update" | null;
  records: RecordChange[];
  healthCheck: HealthCheckChange | null;
  notes: string[];
}

/** The `code` of an Error thrown by this package. */
export type ErrorCode = "UNKNOWN_OPERATION" | "INVALID_CONTEXT" | "INVALID_ARGUMENT" | "INTERNAL";

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
/** Validates a CreateService request or a GetService `Service`; the context's namespace enables the namespace rules. */
export function validate(
  operation: "CreateService" | "Service",
  request: CreateServiceRequest | Service | { Service: Service } | Record<string, unknown> | string,
  context?: ValidationContext | string | null,
): ValidationReport;
export function validate(
  operation: "DiscoverInstances",
  request: DiscoverInstancesRequest | Record<string, unknown> | string,
  context?: null,
): ValidationReport;

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

/** Every diagnostic code with its severity, summary and documentation link. */
export function rules(): Rule[];

/** The operation names `validate` accepts. */
export function operations(): Operation[];

/** The package version. */
export function version(): string;
