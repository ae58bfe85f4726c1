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
export type Operation = "RegisterInstance";

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

/** Every diagnostic code with its severity, summary and documentation link. */
export function rules(): Rule[];

/** The operation names `validate` accepts. */
export function operations(): Operation[];

/** The package version. */
export function version(): string;
