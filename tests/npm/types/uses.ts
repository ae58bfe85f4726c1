// Every export of muster-wasm, used as a TypeScript project would: typed inputs, typed results,
// narrowing on the discriminants. Must compile with `tsc --strict --noEmit` (tests/npm/types.test.mjs)
// under Node resolution (tsconfig.json) and bundler resolution (tsconfig.bundler.json). Never run.
import init, {
  agentRequest,
  discoverInstances,
  dnsDistribution,
  exportFormats,
  exportRequest,
  importRequest,
  initSync,
  instanceTypes,
  operations,
  parseClusterQuery,
  planService,
  previewResponse,
  rules,
  simulateCluster,
  simulateDns,
  simulatePlacement,
  start,
  validate,
  version,
} from "muster-wasm";
import type {
  ClusterQueryResult,
  PlacementResult,
  ServicePlan,
  TaskDefinition,
  ClusterCall,
  ClusterState,
  Diagnostic,
  DnsAnswer,
  ExportFormat,
  ExportedRequest,
  ImportedRequest,
  InstanceType,
  MusterError,
  Operation,
  Preview,
  RegisterContainerInstanceRequest,
  RegisterInstanceRequest,
  Rule,
  Service,
  Severity,
  ValidationContext,
  ValidationReport,
} from "muster-wasm";

/** Fails to compile unless T is exactly U. */
type Equal<T, U> = (<V>() => V extends T ? 1 : 2) extends <V>() => V extends U ? 1 : 2 ? true : false;
function expectType<T>(_value: T): void {}
function assertEqual<_ extends true>(): void {}

await init();
// initSync exists in both builds; in Node it takes nothing.
expectType<typeof initSync>(initSync);
// start() installs the panic hook; it runs on load, so calling it is never needed.
expectType<() => void>(start);

// --- validate ---------------------------------------------------------------------------------
const request: RegisterInstanceRequest = {
  ServiceId: "srv-p5zdwlg5uvvzjita",
  InstanceId: "web-1",
  Attributes: { AWS_INSTANCE_IPV4: "10.0.0.1", AWS_INSTANCE_PORT: "8080" },
};
const service: Service = {
  Id: "srv-p5zdwlg5uvvzjita",
  Name: "web",
  DnsConfig: { RoutingPolicy: "MULTIVALUE", DnsRecords: [{ Type: "SRV", TTL: 60 }] },
};
const context: ValidationContext = { service, namespace: { Namespace: { Name: "example.local", Type: "DNS_PRIVATE" } } };
const report = validate("RegisterInstance", request, context);
assertEqual<Equal<typeof report, ValidationReport>>();
const textReport: ValidationReport = validate("RegisterInstance", '{"ServiceId": "srv-1"}');
const valid: boolean = report.valid && textReport.valid;

function describe(d: Diagnostic): string {
  switch (d.severity) {
    case "error":
      return `${d.path} ${d.code}: ${d.message} (${d.docs})`;
    case "warning":
    case "info":
      return d.message;
    default: {
      const never: never = d.severity;
      return never;
    }
  }
}
report.diagnostics.map(describe);
const errors: Diagnostic[] = report.diagnostics.filter((d) => d.severity === "error");

validate("CreateService", { Name: "web", DnsConfig: { DnsRecords: [{ Type: "A", TTL: 60 }] } }, { namespace: { Type: "DNS_PRIVATE" } });
validate("Service", { Service: service });
validate("DiscoverInstances", { NamespaceName: "example.local", ServiceName: "web", HealthStatus: "HEALTHY_OR_ELSE_ALL" });
validate("Namespace", { Namespace: { Name: "example.local", Type: "HTTP" } });
validate("RegisterContainerInstance", { cluster: "prod", totalResources: [{ name: "CPU", type: "INTEGER", integerValue: 2048 }] });
validate("DeregisterContainerInstance", { cluster: "prod", containerInstance: "0123456789abcdef0123456789abcdef", force: true });
validate("UpdateContainerInstancesState", { containerInstances: ["0123456789abcdef0123456789abcdef"], status: "DRAINING" });

// Thrown errors carry a code.
try {
  validate("RegisterInstance", request, "not json");
} catch (err) {
  const e = err as MusterError;
  if (e.code === "INVALID_CONTEXT" || e.code === "UNKNOWN_OPERATION") console.log(e.message);
}

// --- rules, operations, version ----------------------------------------------------------------
const table: Rule[] = rules();
const severities: Severity[] = table.map((r) => r.severity);
const ops: Operation[] = operations();
const v: string = version();

// --- previewResponse ----------------------------------------------------------------------------
const preview: Preview = previewResponse("RegisterInstance", request, { service, namespace: { Name: "example.local", Type: "DNS_PRIVATE" }, seed: 1 });
if (preview.response !== null) {
  const id: string = preview.response.OperationId;
} else if (preview.error !== null) {
  const code: string = preview.error.code;
}
for (const record of preview.records) {
  const action: "create" | "update" | "delete" = record.action;
  const line = `${record.name} ${record.ttl} ${record.type} ${record.value}`;
}
if (preview.healthCheck) {
  const threshold: number = preview.healthCheck.failureThreshold;
  const path: string | null = preview.healthCheck.resourcePath;
}
const change: "create" | "update" | "retry" | null = preview.change;

// --- simulateDns / dnsDistribution / discoverInstances ---------------------------------------
const namespace = { Name: "example.local", Type: "DNS_PRIVATE" as const };
const instances = [
  { InstanceId: "web-1", Attributes: { AWS_INSTANCE_IPV4: "10.0.0.1", AWS_INSTANCE_PORT: "8080" }, HealthStatus: "HEALTHY" as const },
];
const answer: DnsAnswer = simulateDns({ namespace, service, instances, query: { name: "web.example.local", type: "srv" }, seed: "any string" });
switch (answer.rcode) {
  case "NOERROR":
    for (const r of answer.answer) console.log(r.name, r.ttl.toFixed(0), r.type, r.data);
    break;
  case "NXDOMAIN":
  case "REFUSED":
    console.log(answer.authority.length, answer.notes.join("\n"));
    break;
}
const dig: string = answer.dig;
const skippedIds: string[] = answer.skipped.map((s) => `${s.index}:${s.instanceId}:${s.error}`);

const distribution = dnsDistribution({ namespace, service, instances, queries: 100, seed: 1 });
for (const i of distribution.instances) {
  const share: number = i.share;
  const health: "HEALTHY" | "UNHEALTHY" | "UNKNOWN" = i.healthStatus;
}
const empty: number = distribution.emptyAnswers;

const discovery = discoverInstances({
  namespace: { Name: "example.com", Type: "HTTP" },
  service: { Id: "srv-1", Name: "web", Type: "HTTP" },
  instances,
  request: { NamespaceName: "example.com", ServiceName: "web", QueryParameters: { stage: "prod" } },
});
if (discovery.response) {
  for (const i of discovery.response.Instances) console.log(i.InstanceId, i.HealthStatus, i.Attributes["AWS_INSTANCE_IPV4"]);
  const revision: number = discovery.response.InstancesRevision;
} else if (discovery.error) {
  console.log(discovery.error.code, discovery.error.message);
}
const discoveryNotes: string[] = discovery.notes ?? [];

// --- agentRequest / instanceTypes / simulateCluster ---------------------------------------------
const types: InstanceType[] = instanceTypes();
const arm: string[] = types.filter((t) => t.architecture === "arm64").map((t) => `${t.name} ${t.vcpus} ${t.memoryMib}`);
const agent: RegisterContainerInstanceRequest = agentRequest({ instanceType: "m5.large", os: "linux", cluster: "prod", reservedPorts: [22], enableGpuSupport: false });
for (const resource of agent.totalResources ?? []) {
  if (resource.type === "STRINGSET") console.log(resource.stringSetValue?.join(","));
  else console.log(resource.integerValue ?? resource.longValue ?? resource.doubleValue);
}

const first: ClusterCall = simulateCluster({ operation: "RegisterContainerInstance", request: agent, seed: 3 });
let state: ClusterState = first.state;
if (first.error) {
  const type: string = first.error.__type;
} else if (first.outcome) {
  const response: Record<string, unknown> = first.outcome.response;
  for (const drain of first.outcome.drains ?? []) {
    const done: boolean = drain.completed;
    const steps: number = drain.steps.length;
  }
}
for (const ci of state.containerInstances ?? []) {
  const status: "ACTIVE" | "DRAINING" | "INACTIVE" | "REGISTERING" | "DEREGISTERING" | "REGISTRATION_FAILED" = ci.status;
  const running: number = ci.runningTasksCount;
  const tasks = (ci.tasks ?? []).filter((t) => t.lastStatus === "RUNNING");
}
const second = simulateCluster({
  operation: "UpdateContainerInstancesState",
  request: { containerInstances: ["0123456789abcdef0123456789abcdef"], status: "DRAINING" },
  state,
  clock: first.clock,
});
state = second.state;
const next: number = second.clock.next;

// --- exportRequest / exportFormats / importRequest ----------------------------------------------
const formats: ExportFormat[] = exportFormats();
// exportRequest takes Record<string, unknown>, which an interface type is not: spread it.
const exported: ExportedRequest = exportRequest("RegisterInstance", { ...request }, "terraform", { region: "eu-west-1", allowInvalid: false });
const file: string = `${exported.filename}: ${exported.text.length} (${exported.notes.length} notes)`;
for (const format of formats) exportRequest("RegisterInstance", JSON.stringify(request), format);

const imported: ImportedRequest = importRequest(exported.text);
const again: ImportedRequest = importRequest("aws servicediscovery register-instance --service-id srv-1", "cli", "RegisterInstance");
if (imported.operation === "RegisterInstance") {
  const body: Record<string, unknown> = imported.request;
  validate(imported.operation, body);
}
// A number beyond 2^53 comes back exactly as text too.
const exact: string = again.requestText ?? JSON.stringify(again.request);
validate(again.operation, exact);
const importedFormat: "json" | "cli-input-json" | "cli-input-yaml" | "cli" | "powershell" | "http" | "curl" | "get-instance" | "list-instances" | "get-service" | "describe-services" | "describe-container-instances" = again.format;

export { valid, errors, severities, ops, v, change, dig, skippedIds, empty, arm, next, file, importedFormat };

// --- simulatePlacement / planService / parseClusterQuery ----------------------------------------
const taskDefinition: TaskDefinition = {
  family: "web",
  networkMode: "bridge",
  containerDefinitions: [{ name: "web", cpu: 256, memory: 512, portMappings: [{ containerPort: 8080, hostPort: 0 }] }],
};
const placementResult: PlacementResult = simulatePlacement({
  containerInstances: [{ containerInstanceArn: "arn:aws:ecs:us-east-1:123456789012:container-instance/prod/a1" }],
  taskDefinition,
  count: 2,
  placementStrategy: [{ type: "spread", field: "attribute:ecs.availability-zone" }, { type: "binpack", field: "memory" }],
  placementConstraints: [{ type: "memberOf", expression: "attribute:ecs.os-type == linux" }],
  seed: 1,
});
let placedPorts = 0;
if (placementResult.valid) {
  for (const task of placementResult.tasks) placedPorts += task.hostPorts.reduce((n, p) => n + p.hostPort, 0);
  const reasons: string[] = placementResult.failures.map((f) => f.reason);
  const removed = placementResult.explanation.tasks.flatMap((t) => t.instances.map((i) => i.removedBy ?? "kept"));
  void reasons;
  void removed;
} else {
  const codes: string[] = placementResult.diagnostics.map((d) => d.code);
  void codes;
}
const servicePlan: ServicePlan = planService({
  cluster: { containerInstances: [], tasks: [] },
  taskDefinition: { taskDefinition },
  service: { serviceName: "web", taskDefinition: "web:1", desiredCount: 2,
    serviceRegistries: [{ registryArn: "arn:aws:servicediscovery:us-east-1:123456789012:service/srv-1", containerName: "web", containerPort: 8080 }] },
  cloudMap: { namespace: { Name: "prod.local", Type: "DNS_PRIVATE" }, service: { Id: "srv-1", Name: "web" } },
});
const registeredPorts: (string | undefined)[] = servicePlan.registrations.map((r) => r.request.Attributes?.AWS_INSTANCE_PORT);
const planDig: string | undefined = servicePlan.dns?.dig;
const stoppedCount: number = servicePlan.placement?.stoppedTasks?.length ?? 0;
const planNotes: string[] = servicePlan.notes ?? [];
const query: ClusterQueryResult = parseClusterQuery("attribute:ecs.instance-type =~ t3.*");
const queryColumn: number = query.valid ? query.tree.type.length : query.error.column;
const ecsReport = validate("ecs:CreateService", { serviceName: "web" }, { taskDefinition });

export { placedPorts, registeredPorts, planDig, stoppedCount, queryColumn, ecsReport, discoveryNotes, planNotes };
