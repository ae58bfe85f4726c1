// Mistakes the package's types must catch. Every line marked `// @expect-error TSnnnn` must fail with
// that error, and no other line may fail (tests/npm/types.test.mjs runs tsc and compares).
import { agentRequest, exportRequest, importRequest, previewResponse, rules, simulateCluster, simulateDns, validate } from "muster-wasm";
import type { Diagnostic, DnsAnswer, RegisterInstanceRequest } from "muster-wasm";

const request: RegisterInstanceRequest = { ServiceId: "srv-p5zdwlg5uvvzjita", InstanceId: "web-1", Attributes: {} };
const namespace = { Name: "example.local", Type: "DNS_PRIVATE" as const };
const service = { Id: "srv-1", Name: "web" };
const body = { ServiceId: "srv-1", InstanceId: "a", Attributes: {} };

// A misspelt operation name.
validate("RegisterInstanse", request); // @expect-error TS2769
// No request at all.
validate("RegisterInstance"); // @expect-error TS2554
validate(); // @expect-error TS2554
// A number where a string goes.
exportRequest("RegisterInstance", body, 42); // @expect-error TS2345
importRequest(42); // @expect-error TS2345
// A format that does not exist.
exportRequest("RegisterInstance", body, "yaml"); // @expect-error TS2345
importRequest("aws ...", "yaml"); // @expect-error TS2345
// A field the result does not have.
const report = validate("RegisterInstance", request);
report.errors; // @expect-error TS2339
report.diagnostics[0]?.line; // @expect-error TS2339
// Results are typed: not a string, not any.
const valid: string = report.valid; // @expect-error TS2322
// A severity that does not exist.
const severe = (d: Diagnostic) => d.severity === "fatal"; // @expect-error TS2367
// A required member left out of a typed request.
const partial: RegisterInstanceRequest = { ServiceId: "srv-1", InstanceId: "a" }; // @expect-error TS2741
// Attribute values are strings.
const numeric: RegisterInstanceRequest = { ServiceId: "srv-1", InstanceId: "a", Attributes: { AWS_INSTANCE_PORT: 8080 } }; // @expect-error TS2322
// The simulators need a namespace and a service.
simulateDns({ service, instances: [] }); // @expect-error TS2345
// A query type DNS has no answer for here.
simulateDns({ namespace, service, query: { type: "AXFR" } }); // @expect-error TS2322
// rcode is a closed set.
const failed = (a: DnsAnswer) => a.rcode === "SERVFAIL"; // @expect-error TS2367
// agentRequest needs an instance type.
agentRequest({ cluster: "prod" }); // @expect-error TS2345
// simulateCluster knows four operations.
simulateCluster({ operation: "RunTask" }); // @expect-error TS2322
// previewResponse is for RegisterInstance only.
previewResponse("CreateService", request); // @expect-error TS2345
// Nullable results must be checked before use.
const preview = previewResponse("RegisterInstance", request);
preview.response.OperationId; // @expect-error TS18047
// DiscoverInstances and the ECS operations take no context.
validate("DiscoverInstances", { NamespaceName: "a", ServiceName: "b" }, { service }); // @expect-error TS2769
// rules() are read-only data, but typed: summary is a string.
const count: number = rules()[0]?.summary; // @expect-error TS2322

export { valid, severe, partial, numeric, failed, count };
