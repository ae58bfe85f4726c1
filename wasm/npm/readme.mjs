// Writes the package README (pkg/README.md) to stdout. Lists, the CLI usage and the diagnostic-code
// table are read from the built package, so they cannot drift from it. Every ```js block without
// "browser" on its first line is run by tests/npm/readme.test.mjs, and every export needs a
// "### `name(`" section here (tests/npm/readme.test.mjs fails otherwise).
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const pkg = path.join(here, "../../pkg");
const require = createRequire(import.meta.url);
const muster = require(path.join(pkg, "node/muster_wasm.js"));
const { COMMANDS } = await import(pathToFileURL(path.join(pkg, "bin/muster.mjs")).href);

const escape = (text) => text.replaceAll("|", "\\|");
const code = (items) => items.map((i) => `\`${i}\``).join(", ");
const table = muster
  .rules()
  .map((r) => `| \`${r.code}\` | ${r.severity} | ${escape(r.summary)} | [AWS docs](${r.docs}) |`)
  .join("\n");
const cliUsage = Object.values(COMMANDS)
  .map((c) => c.usage)
  .join("\n");
const cliCommands = Object.entries(COMMANDS)
  .map(([name, c]) => `| \`muster ${name}\` | ${escape(c.summary)} |`)
  .join("\n");

// The functions with a section below, in order. An export missing here is listed under Placement.
const DOCUMENTED = [
  "validate", "previewResponse", "simulateDns", "dnsDistribution", "discoverInstances", "agentRequest",
  "instanceTypes", "simulateCluster", "exportRequest", "exportFormats", "importRequest", "rules",
  "operations", "version", "init", "initSync", "start",
  "simulatePlacement", "planService", "parseClusterQuery",
];
const undocumented = Object.keys(muster).filter((name) => !DOCUMENTED.includes(name));
const pending = undocumented.length
  ? `Exported by this build but not yet described here: ${code(undocumented)}.`
  : "Nothing is pending: every export of this build has its section above.";

process.stdout.write(`# muster-wasm

Check AWS service-registration requests before you send them. muster-wasm validates Cloud Map
\`RegisterInstance\`, \`CreateService\`, \`DiscoverInstances\`, services and namespaces, and ECS
\`RegisterContainerInstance\` / \`DeregisterContainerInstance\` / \`UpdateContainerInstancesState\`. It
reports every problem at once, each with a stable code, a JSON Pointer to the member, a message that
says what to do and a link to the AWS page that states the rule. It also simulates what follows: the
records a registration creates, what Route 53 answers, what \`DiscoverInstances\` returns, what the ECS
agent would send, and how a cluster registers and drains instances. It writes requests as AWS CLI
commands, boto3, the JS SDK, CloudFormation or Terraform, and reads them back.

It is one Rust core compiled to WebAssembly: it runs in Node 20+ and in browsers, offline, and sends
nothing anywhere. TypeScript declarations are included.

Version ${muster.version()}. Operations: ${code(muster.operations())}.

## Install

\`\`\`sh
npm install muster-wasm
npx muster --help          # the command line, see below
\`\`\`

## Node

ES modules or CommonJS; the wasm is loaded on import, so there is no init call. Node gets a build
of the wasm compiled for speed (browsers get the smaller one compiled for size); both behave the same.

\`\`\`js
import { validate } from "muster-wasm";            // or: const { validate } = require("muster-wasm");

const report = validate("RegisterInstance", {
  ServiceId: "srv-p5zdwlg5uvvzjita",
  InstanceId: "web-1",
  Attributes: { AWS_INSTANCE_IPV4: "10.0.0.1" },
}, {
  service: { Id: "srv-p5zdwlg5uvvzjita", Name: "web",
    DnsConfig: { RoutingPolicy: "MULTIVALUE", DnsRecords: [{ Type: "A", TTL: 60 }, { Type: "SRV", TTL: 60 }] } },
  namespace: { Name: "example.local", Type: "DNS_PRIVATE" },
});
console.log(report.valid);            // false
console.log(report.diagnostics[0]);
// { code: "CM024", severity: "error", path: "/Attributes",
//   message: "The service has an SRV record, so AWS_INSTANCE_PORT is required.",
//   docs: "https://docs.aws.amazon.com/cloud-map/latest/api/API_RegisterInstance.html#..." }
\`\`\`

## Browser

The browser build is an ES module that fetches its \`.wasm\` when you call \`init()\`; call it once and
await it before anything else. After that every function works as in Node, and every example below
runs unchanged.

With a bundler (Vite, webpack, Rollup, esbuild), import the package by name: the \`exports\` map
gives bundlers the browser build (no \`node\` condition applies) and they emit the \`.wasm\` as an asset.

\`\`\`js
// browser, bundled (Vite, webpack, ...)
import init, { validate } from "muster-wasm";

await init();
document.querySelector("#out").textContent = JSON.stringify(validate("RegisterInstance", '{"ServiceId": "srv-1"}'));
\`\`\`

Without a bundler, load the module from wherever you serve the package's \`web/\` folder:

\`\`\`html
<script type="module">
  import init, { validate } from "/node_modules/muster-wasm/web/muster_wasm.js";
  await init();                                        // fetches muster_wasm_bg.wasm next to the module
  // or: await init({ module_or_path: "/static/muster.wasm" })   when the .wasm lives elsewhere
  console.log(validate("RegisterInstance", '{"ServiceId": "srv-1"}'));
</script>
\`\`\`

\`initSync({ module })\` instantiates from bytes or a \`WebAssembly.Module\` you already have (in a
worker, for instance). Serve the \`.wasm\` as \`application/wasm\` so it can be compiled while it downloads.

## Command line

\`npx muster\` (or \`muster\` in an npm script) runs the same checks on files. A file argument of \`-\`
reads standard input. Exit status: 0 done (the request is valid; warnings allowed), 1 the request has
errors, 2 the command could not run (unknown option, missing file, input that is not JSON). Colour
is used only on a terminal, and never when \`NO_COLOR\` is set. Requests are often untrusted input:
control, bidirectional and zero-width characters from them (an ESC sequence in a key, a line break
in a pointer) are printed as escapes such as \`\\u{1b}\`, and as JSON escapes with \`--format json\`, so
they cannot act on the terminal or forge a line of the report.

| command | what it does |
|---|---|
${cliCommands}

\`\`\`text
${cliUsage}
\`\`\`

\`\`\`sh
# In CI: fail the job when a request has errors
npx muster validate register.json --service service.json --namespace namespace.json

# Many requests at once: a report each, a total line, the worst exit status
npx muster validate requests/*.json --context context.json

# The operation first, as in validate(operation, request); left out, it is inferred from the members
npx muster validate RegisterInstance register.json

# Straight from the AWS CLI. --operation may be left out when only one operation fits the members
aws servicediscovery get-service --id srv-p5zdwlg5uvvzjita | npx muster validate - --operation Service

# Write a request as a command, then read it back
npx muster export register.json --format cli --region eu-west-1 > register.sh
npx muster import register.sh | npx muster validate - --operation RegisterInstance --format json

# What Route 53 would answer for the registered instances
aws servicediscovery list-instances --service-id srv-p5zdwlg5uvvzjita > instances.json
npx muster dns instances.json --service service.json --namespace namespace.json --type SRV

npx muster rules --format json
\`\`\`

\`muster <command> --help\` shows every option.

## API

Requests and inputs are plain objects or JSON text (so a file's contents can be passed as they are).
Results are plain JSON-compatible objects. Findings are returned, never thrown; only a call that
cannot be carried out throws (see [Errors](#errors)). Every simulation takes a \`seed\`: the same input
and seed give the same output. The examples are for Node; in the browser, \`await init()\` first.

### \`validate(operation, request, context?)\`

Checks a request and returns \`{ valid, diagnostics }\`: \`valid\` is false exactly when some diagnostic
has severity \`error\`. Each diagnostic is \`{ code, severity, path, message, docs }\`, \`path\` a JSON
Pointer into the request (\`""\` is the whole request). For Cloud Map operations \`context\` is
\`{ service, namespace }\`, each the output of \`aws servicediscovery get-service\` / \`get-namespace\` or
the object inside it; without a service, the rules that need it are skipped and \`CM090\` (info) says so
(those the namespace's type decides alone are still checked). A service Cloud Map could not have
created (a CNAME record with MULTIVALUE routing, say) is used as given, with the warning \`CM091\`.
For ECS \`CreateService\` / \`UpdateService\` it is \`{ taskDefinition, cloudMapService }\` (the outputs of
\`describe-task-definition\` and \`get-service\`), which the service-discovery and network rules check
against; without a task definition \`ECS060\` (info) says which rules were skipped.
Malformed JSON text is reported as \`JSON001\` with its line and column; a key given twice as \`JSON003\`.

\`\`\`js
import { validate } from "muster-wasm";

const report = validate("UpdateContainerInstancesState", {
  cluster: "prod",
  containerInstances: ["0123456789abcdef0123456789abcdef"],
  status: "DRAINED",
});
for (const d of report.diagnostics) console.log(\`\${d.path} \${d.code} \${d.severity}: \${d.message}\`);
// /status ECS032 error: status "DRAINED" is not a status that can be set; use DRAINING ...
\`\`\`

### \`previewResponse(operation, request, context)\`

What a \`RegisterInstance\` call would do: the API response (\`OperationId\`) or error, whether it
creates or updates the instance, the DNS records it creates, and the health check. \`context\` is
\`{ service, namespace, instances?, seed? }\`; \`instances\` are registrations already applied.

\`\`\`js
import { previewResponse } from "muster-wasm";

const preview = previewResponse("RegisterInstance", {
  ServiceId: "srv-p5zdwlg5uvvzjita",
  InstanceId: "web-1",
  Attributes: { AWS_INSTANCE_IPV4: "10.0.0.1", AWS_INSTANCE_PORT: "8080" },
}, {
  service: { Id: "srv-p5zdwlg5uvvzjita", Name: "web", HealthCheckCustomConfig: { FailureThreshold: 1 },
    DnsConfig: { RoutingPolicy: "MULTIVALUE", DnsRecords: [{ Type: "A", TTL: 60 }, { Type: "SRV", TTL: 60 }] } },
  namespace: { Name: "example.local", Type: "DNS_PRIVATE" },
  seed: 1,
});
console.log(preview.change, preview.response?.OperationId);   // "create" "sm7u61up..."
console.log(preview.records.map((r) => \`\${r.name} \${r.type} \${r.value}\`));
// [ "web.example.local. A 10.0.0.1", "web.example.local. SRV 1 1 8080 web-1.web.example.local.", ... ]
console.log(preview.healthCheck?.type);                       // "CUSTOM"
\`\`\`

### \`simulateDns(input)\`

Answers one DNS query as Route 53 would for the namespace: \`{ rcode, answer, authority, additional,
notes, instanceIds, dig, skipped }\`. \`input\` is \`{ namespace, service, instances, query?: { name?, type? },
seed? }\`; \`instances\` are RegisterInstance requests (\`ServiceId\` may be left out) with an optional
\`HealthStatus\`. MULTIVALUE answers up to eight healthy records, WEIGHTED one; SRV answers carry the
targets' addresses; unknown names get NXDOMAIN with the SOA. \`dig\` is the whole answer as dig prints it.
Instances Cloud Map would refuse are left out and listed in \`skipped\`.

\`\`\`js
import { simulateDns } from "muster-wasm";

const answer = simulateDns({
  namespace: { Name: "example.local", Type: "DNS_PRIVATE" },
  service: { Id: "srv-1", Name: "web", HealthCheckCustomConfig: {},
    DnsConfig: { RoutingPolicy: "MULTIVALUE", DnsRecords: [{ Type: "SRV", TTL: 60 }] } },
  instances: [
    { InstanceId: "web-1", Attributes: { AWS_INSTANCE_IPV4: "10.0.0.1", AWS_INSTANCE_PORT: "8080" } },
    { InstanceId: "web-2", Attributes: { AWS_INSTANCE_IPV4: "10.0.0.2", AWS_INSTANCE_PORT: "8080" }, HealthStatus: "UNHEALTHY" },
  ],
  query: { type: "SRV" },
  seed: 1,
});
console.log(answer.rcode, answer.instanceIds);   // NOERROR [ "web-1" ]
console.log(answer.dig);
// ;; ANSWER SECTION:
// web.example.local.		60	IN	SRV	1 1 8080 web-1.web.example.local.
// ;; ADDITIONAL SECTION:
// web-1.web.example.local.	60	IN	A	10.0.0.1
\`\`\`

### \`dnsDistribution(input)\`

Runs \`queries\` queries (seeds \`seed\`, \`seed + 1\`, ...) and counts how often each instance is
answered: \`{ queries, instances: [{ instanceId, healthStatus, count, share }], emptyAnswers, skipped }\`.
Same input as \`simulateDns\`, plus \`queries\`.

\`\`\`js
import { dnsDistribution } from "muster-wasm";

const spread = dnsDistribution({
  namespace: { Name: "example.local", Type: "DNS_PRIVATE" },
  service: { Id: "srv-1", Name: "web", DnsConfig: { RoutingPolicy: "WEIGHTED", DnsRecords: [{ Type: "A", TTL: 60 }] } },
  instances: [
    { InstanceId: "web-1", Attributes: { AWS_INSTANCE_IPV4: "10.0.0.1" } },
    { InstanceId: "web-2", Attributes: { AWS_INSTANCE_IPV4: "10.0.0.2" } },
  ],
  queries: 1000,
  seed: 7,
});
console.log(spread.instances.map((i) => \`\${i.instanceId} \${i.count}\`));   // about 500 each
\`\`\`

### \`discoverInstances(input)\`

Answers a \`DiscoverInstances\` request: \`{ response, error, diagnostics, skipped }\`, \`response\` as the
API returns it (\`Instances\`, \`InstancesRevision\`) or \`error\` (\`{ code, message }\`) as the API would
fail. \`input\` is \`{ namespace, service, instances, request, seed? }\`. Without \`HealthStatus\` the
request filters as \`HEALTHY\`; names match case-insensitively.

\`\`\`js
import { discoverInstances } from "muster-wasm";

const found = discoverInstances({
  namespace: { Name: "example.com", Type: "HTTP" },
  service: { Id: "srv-1", Name: "web", Type: "HTTP" },
  instances: [
    { InstanceId: "web-1", Attributes: { stage: "prod", url: "https://10.0.0.1" } },
    { InstanceId: "web-2", Attributes: { stage: "test" } },
  ],
  request: { NamespaceName: "example.com", ServiceName: "web", QueryParameters: { stage: "prod" } },
});
console.log(found.error ?? found.response.Instances.map((i) => i.InstanceId));   // [ "web-1" ]
\`\`\`

### \`agentRequest(options)\`

The \`RegisterContainerInstance\` request the ECS agent would send from an EC2 instance type and agent
settings (\`ECS_CLUSTER\`, \`ECS_RESERVED_MEMORY\`, \`ECS_RESERVED_PORTS\`, \`ECS_ENABLE_GPU_SUPPORT\`, ...):
\`{ instanceType, os?, cluster?, region?, reservedMemory?, reservedPorts?, enableGpuSupport?,
enableTaskIamRole?, instanceAttributes?, ... }\`. Throws \`INVALID_ARGUMENT\` for an unknown type.

\`\`\`js
import { agentRequest } from "muster-wasm";

const request = agentRequest({ instanceType: "m5.large", cluster: "prod", reservedMemory: 256 });
console.log(request.totalResources.map((r) => \`\${r.name}=\${r.integerValue ?? r.stringSetValue}\`));
// [ "CPU=2048", "MEMORY=7729", "PORTS=22,2375,2376,51678,51679", "PORTS_UDP=" ]
\`\`\`

### \`instanceTypes()\`

The EC2 instance types \`agentRequest\` knows: \`[{ name, vcpus, memoryMib, gpus, inferentiaChips,
architecture }]\`.

\`\`\`js
import { instanceTypes } from "muster-wasm";

const graviton = instanceTypes().filter((t) => t.architecture === "arm64");
console.log(graviton.map((t) => \`\${t.name}: \${t.vcpus} vCPU, \${t.memoryMib} MiB\`));
\`\`\`

### \`simulateCluster(input)\`

Applies one ECS call to a cluster state and returns \`{ state, outcome, error, clock }\`: the next state,
the API response (with what happened to tasks: orphaned, rescheduled, drained step by step) or the
ECS error (\`{ __type, message }\`). Operations: \`RegisterContainerInstance\`,
\`DeregisterContainerInstance\`, \`UpdateContainerInstancesState\`, \`DescribeContainerInstances\`.
Pass \`state\` and \`clock\` back to the next call. Without \`state\` the cluster is \`default\`; name
another with \`state: { clusterName, region, accountId }\` (a name ECS would refuse, a Region that is not
a Region code or an account that is not 12 digits throws \`INVALID_ARGUMENT\`). An identity document
from another Region than the cluster's is refused with ECS's \`ClientException\`, as ECS refuses an
instance that is not in the cluster's Region, and so is re-registering an instance as another
instance type ("Container instance type changes are not supported."). \`DescribeContainerInstances\` takes the
request ECS takes (\`{ cluster, containerInstances, include }\`): instances it does not hold are
\`failures\` with reason \`MISSING\`, and tags appear only with \`include: ["TAGS"]\`. Replacement tasks
(after a forced deregistration or while draining) go where the service scheduler puts them: the
Availability Zone, then the instance, with the fewest tasks of that service.

\`\`\`js
import { agentRequest, simulateCluster } from "muster-wasm";

let call = simulateCluster({
  operation: "RegisterContainerInstance",
  request: agentRequest({ instanceType: "c5.xlarge", cluster: "prod" }),
  state: { clusterName: "prod", region: "us-east-1", accountId: "123456789012" },
});
const arn = call.outcome.response.containerInstance.containerInstanceArn;

call = simulateCluster({
  operation: "UpdateContainerInstancesState",
  request: { cluster: "prod", containerInstances: [arn], status: "DRAINING" },
  state: call.state,
  clock: call.clock,
});
console.log(call.error ?? call.state.containerInstances[0].status);   // "DRAINING"
\`\`\`

### \`exportRequest(operation, request, format, options?)\`

Writes a valid request in another form: \`{ format, text, filename, notes }\`. \`options\` is
\`{ region?, endpointUrl?, profile?, allowInvalid? }\`. A request with validation errors throws
\`INVALID_REQUEST\` unless \`allowInvalid\`; a format that cannot express the request throws
\`UNSUPPORTED_FORMAT\`. Formats: ${code(muster.exportFormats())}.

\`\`\`js
import { exportRequest } from "muster-wasm";

const out = exportRequest("RegisterInstance", {
  ServiceId: "srv-p5zdwlg5uvvzjita",
  InstanceId: "web-1",
  Attributes: { AWS_INSTANCE_IPV4: "10.0.0.1" },
}, "cli", { region: "eu-west-1" });
console.log(out.text);
// aws servicediscovery register-instance \\
//   --service-id srv-p5zdwlg5uvvzjita \\
//   --instance-id web-1 \\
//   --attributes AWS_INSTANCE_IPV4=10.0.0.1 \\
//   --region eu-west-1
console.log(out.filename, out.notes);
\`\`\`

### \`exportFormats()\`

The formats \`exportRequest\` writes, in a stable order.

\`\`\`js
import { exportFormats } from "muster-wasm";

console.log(exportFormats());   // [ "json", "http", "curl", "cli", ... "terraform" ]
\`\`\`

### \`importRequest(text, format?, operation?)\`

Reads a request from text: a request body, an AWS CLI command line for bash, a curl command, an
HTTP request, a \`--cli-input-json\` skeleton, or \`get-instance\` / \`list-instances\` / \`get-service\` output, or ECS
\`describe-services\` (a CreateService request) / \`describe-container-instances\` (the
RegisterContainerInstance request that re-registers the instance) output. Returns
\`{ operation, request, format, notes }\`; \`notes\` say what was changed or left out. Format and
operation are detected when not given. Throws \`IMPORT_FAILED\` when the text is none of these,
naming the export-only formats (SDK code, Terraform, CloudFormation) when it is one.
A \`--cli-input-yaml\` file, and commands for PowerShell or the Windows command prompt, are read by
the muster web app; this package leaves those readers out to stay small, and says so (convert the
file to JSON first, for example with \`yq -o=json\`; paste the command for bash).
When a number in the request is beyond JavaScript's exact integers (2^53), \`requestText\` holds the
request as exact JSON text (\`validate\` and \`exportRequest\` take it) and a note says so.

\`\`\`js
import { importRequest } from "muster-wasm";

const got = importRequest(
  "aws servicediscovery register-instance --service-id srv-p5zdwlg5uvvzjita --instance-id web-1 " +
  "--attributes AWS_INSTANCE_IPV4=10.0.0.1",
);
console.log(got.operation, got.format, got.request);
// RegisterInstance cli { ServiceId: "srv-p5zdwlg5uvvzjita", InstanceId: "web-1", Attributes: { ... } }
\`\`\`

### \`rules()\`

Every diagnostic code: \`[{ code, severity, summary, docs }]\`, the [table below](#diagnostic-codes).

\`\`\`js
import { rules } from "muster-wasm";

const byCode = new Map(rules().map((r) => [r.code, r]));
console.log(byCode.get("CM024").summary);
\`\`\`

### \`operations()\`

The operation names \`validate\` accepts.

\`\`\`js
import { operations } from "muster-wasm";

console.log(operations());   // [ "RegisterInstance", "CreateService", ... ]
\`\`\`

### \`version()\`

The package version.

\`\`\`js
import { version } from "muster-wasm";

console.log(version());   // "${muster.version()}"
\`\`\`

### \`init(options?)\`

Browser build: fetches and instantiates the \`.wasm\`; await it once before any other call. \`options\`
is \`{ module_or_path }\`: a URL, a \`Response\`, bytes or a \`WebAssembly.Module\` (default: the
\`.wasm\` next to the module). In Node it is the default export too, and does nothing, so code written
for the browser runs unchanged.

\`\`\`js
import init, { version } from "muster-wasm";

await init();
console.log(version());
\`\`\`

### \`initSync(options?)\`

Browser build: instantiates synchronously from \`{ module }\` (bytes or a \`WebAssembly.Module\`). In
Node it does nothing.

\`\`\`js
// browser, in a worker that received the compiled module
import { initSync, validate } from "muster-wasm";

self.onmessage = ({ data }) => {
  initSync({ module: data.module });
  self.postMessage(validate("RegisterInstance", data.request));
};
\`\`\`

### \`start()\`

Installs the panic hook that reports an internal failure on the console. It runs when the module
loads, so there is no need to call it.

## Placement

ECS task placement: where tasks land on container instances, why every other instance was passed
over, and which Cloud Map instances ECS registers for them. The order is ECS's: ACTIVE instances
with a connected agent; CPU, memory, GPUs and host ports (TCP and UDP, reserved ports included;
awsvpc uses none); the task definition's \`requiresAttributes\`; the constraints (\`memberOf\`,
\`distinctInstance\`); then the strategies, each later one breaking the ties of the earlier ones.

### \`simulatePlacement(input)\`

Places \`count\` tasks (RunTask-style; up to 5,000 in one plan, where one RunTask call starts at
most 10). \`containerInstances\` is what
\`describe-container-instances\` returns (a list or the whole output); \`taskDefinition\` what
\`describe-task-definition\` returns; \`tasks\` (optional) the tasks already running
(\`describe-tasks\`), which spread and \`task:group\` count. Without \`placementStrategy\` a
\`service:NAME\` group spreads by zone then instance, any other group is random. Invalid settings
give \`{ valid: false, diagnostics }\`; otherwise \`{ valid: true, tasks, failures, events,
containerInstances, explanation }\`. Failures carry ECS's reasons (\`RESOURCE:CPU\`,
\`RESOURCE:MEMORY\`, \`RESOURCE:PORTS\`, \`RESOURCE:GPU\`, \`AGENT\`, \`ATTRIBUTE\`, constraint
unsatisfied) with the closest instance.

\`\`\`js
import { simulatePlacement } from "muster-wasm";

const instance = (id, zone, memory) => ({
  containerInstanceArn: \`arn:aws:ecs:us-east-1:123456789012:container-instance/prod/\${id}\`,
  status: "ACTIVE", agentConnected: true,
  remainingResources: [
    { name: "CPU", type: "INTEGER", integerValue: 4096 },
    { name: "MEMORY", type: "INTEGER", integerValue: memory },
  ],
  attributes: [{ name: "ecs.availability-zone", value: zone }],
});
const plan = simulatePlacement({
  containerInstances: [instance("a1", "us-east-1a", 2048), instance("b1", "us-east-1b", 8192)],
  taskDefinition: { family: "web", containerDefinitions: [{ name: "web", cpu: 256, memory: 512 }] },
  count: 3,
  placementStrategy: [{ type: "binpack", field: "memory" }],
  seed: 1,
});
console.log(plan.tasks.map((t) => t.availabilityZone));   // [ "us-east-1a", "us-east-1a", "us-east-1a" ]
\`\`\`

### \`planService(input)\`

Plans an ECS service from its CreateService request: validates it (the \`serviceRegistries\` rules
against the task definition and the Cloud Map service), places \`desiredCount\` tasks or picks the
tasks a scale-in stops, and returns the RegisterInstance requests ECS would send for each new task
(instance ID = task ID, the host port mapped from \`containerPort\`, the \`ECS_*\`,
\`AVAILABILITY_ZONE\`, \`REGION\` and \`EC2_INSTANCE_ID\` attributes), each validated, plus the DNS answer and the
DiscoverInstances result for the service. Add \`privateIpAddress\` to an instance to use its real
address; otherwise one is made up and the registration says \`simulatedAddress: true\`. Without
\`cloudMap.service\` there is nothing to register into, and \`notes\` says so.

\`\`\`js
import { planService } from "muster-wasm";

const out = planService({
  cluster: [{
    containerInstanceArn: "arn:aws:ecs:us-east-1:123456789012:container-instance/prod/a1",
    privateIpAddress: "10.0.1.5",
    remainingResources: [{ name: "CPU", type: "INTEGER", integerValue: 2048 }, { name: "MEMORY", type: "INTEGER", integerValue: 4096 }],
    attributes: [{ name: "ecs.availability-zone", value: "us-east-1a" }],
  }],
  taskDefinition: { family: "web", networkMode: "bridge", containerDefinitions: [
    { name: "web", cpu: 256, memory: 512, portMappings: [{ containerPort: 8080, hostPort: 0 }] }] },
  service: { serviceName: "web", cluster: "prod", taskDefinition: "web:1", desiredCount: 2,
    serviceRegistries: [{ registryArn: "arn:aws:servicediscovery:us-east-1:123456789012:service/srv-e4anhexample0004",
      containerName: "web", containerPort: 8080 }] },
  cloudMap: {
    namespace: { Id: "ns-e4anhexample0004", Name: "prod.local", Type: "DNS_PRIVATE" },
    service: { Id: "srv-e4anhexample0004", Name: "web",
      DnsConfig: { RoutingPolicy: "MULTIVALUE", DnsRecords: [{ Type: "SRV", TTL: 60 }] } },
  },
});
console.log(out.registrations.map((r) => r.request.Attributes.AWS_INSTANCE_PORT));   // [ "49153", "49154" ]
console.log(out.dns.dig);
\`\`\`

### \`parseClusterQuery(expression)\`

Parses a cluster query language expression (the \`memberOf\` language): \`{ valid: true, tree,
dynamic }\` with the syntax tree (every node with its 1-based \`column\` / \`endColumn\`, counted in
characters: \`Array.from(expression)\` indexes them, a JS string index differs after an emoji), or
\`{ valid: false, error: { message, column, endColumn } }\`. \`dynamic\` says whether the result can
change as tasks are placed (\`task:group\`, \`runningTasksCount\`). Regexes (\`=~\`) match the whole
value, as Java's \`Pattern.matches\` does; look-around and backreferences are refused.

\`\`\`js
import { parseClusterQuery } from "muster-wasm";

console.log(parseClusterQuery("attribute:ecs.instance-type =~ t3.* and not(task:group == database)").tree.type);   // "and"
console.log(parseClusterQuery("attribute:ecs.instance-type === t2.small").error.column);   // 31
\`\`\`

${pending}

## Errors

Only a call that cannot be carried out throws: an \`Error\` with a \`code\`.

| code | when |
|---|---|
| \`UNKNOWN_OPERATION\` | the operation name is not one of \`operations()\` |
| \`INVALID_CONTEXT\` | the context is not JSON, or not a service / namespace |
| \`INVALID_ARGUMENT\` | a required argument is missing, is not JSON, or has a bad value (an unknown format, instance type or query type) |
| \`INVALID_REQUEST\` | \`exportRequest\` of a request with validation errors (without \`allowInvalid\`) |
| \`UNSUPPORTED_FORMAT\` | \`exportRequest\` to a format that cannot express the request |
| \`IMPORT_FAILED\` | \`importRequest\` could not read the text |
| \`INTERNAL\` | a bug: please report it with the input |

\`\`\`js
import { exportRequest } from "muster-wasm";

try {
  exportRequest("RegisterInstance", { ServiceId: "srv-1" }, "cli");
} catch (err) {
  console.log(err.code);   // "INVALID_REQUEST"; err.message lists the errors
}
\`\`\`

## Diagnostic codes

| code | severity | rule | reference |
|---|---|---|---|
${table}
`);
