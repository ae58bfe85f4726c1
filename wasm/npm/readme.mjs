// Writes the package README to stdout, with the diagnostic-code table read from the built package.
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const muster = require(path.join(here, "../../pkg/node/muster_wasm.js"));

const escape = (text) => text.replaceAll("|", "\\|");
const table = muster
  .rules()
  .map((r) => `| \`${r.code}\` | ${r.severity} | ${escape(r.summary)} | [AWS docs](${r.docs}) |`)
  .join("\n");

process.stdout.write(`# muster-wasm

Validate AWS Cloud Map \`RegisterInstance\` requests before you send them: every problem at once, each
with a stable code, a JSON Pointer to the offending member, a message that says what to do, and a link
to the AWS page that states the rule. Runs in Node 20+ and in browsers; nothing is sent anywhere.

Version ${muster.version()}. Operations: ${muster.operations().join(", ")}.

## Install

\`\`\`sh
npm install muster-wasm
\`\`\`

## Node (ES modules or CommonJS, no init call)

\`\`\`js
import { validate } from "muster-wasm";            // or: const { validate } = require("muster-wasm");

const report = validate("RegisterInstance", {
  ServiceId: "srv-p5zdwlg5uvvzjita",
  InstanceId: "myservice-53",
  Attributes: { AWS_INSTANCE_IPV4: "172.2.1.3" },
}, {
  service: { Id: "srv-p5zdwlg5uvvzjita", DnsConfig: { RoutingPolicy: "MULTIVALUE",
    DnsRecords: [{ Type: "A", TTL: 60 }, { Type: "SRV", TTL: 60 }] } },
  namespace: { Type: "DNS_PRIVATE", Name: "example.local" },
});
// report.valid === false
// report.diagnostics[0] = { code: "CM024", severity: "error", path: "/Attributes",
//   message: "The service has an SRV record, so AWS_INSTANCE_PORT is required.", docs: "https://..." }
\`\`\`

The request may also be JSON text; malformed JSON is reported as \`JSON001\` with its line and column.
The context (optional) is \`{ service, namespace }\`, each the \`Service\` / \`Namespace\` object of
\`aws servicediscovery get-service\` / \`get-namespace\` (the whole command output works too). Without
it, the rules that need the service are skipped and an \`info\` diagnostic (\`CM090\`) says so.

## Browser (native ES module)

\`\`\`html
<script type="module">
  import init, { validate } from "/node_modules/muster-wasm/web/muster_wasm.js";
  await init();                      // or init({ module_or_path: "/static/muster_wasm_bg.wasm" })
  console.log(validate("RegisterInstance", '{"ServiceId": "srv-1"}'));
</script>
\`\`\`

Bundlers pick the browser build through the \`default\` export condition.

## Errors

Findings are returned, never thrown. A call that cannot be carried out throws an \`Error\` with a
\`code\`: \`UNKNOWN_OPERATION\` (wrong operation name), \`INVALID_CONTEXT\` (context is not JSON or not a
service/namespace), \`INVALID_ARGUMENT\` (no request, or a value JSON cannot represent).

## API

- \`validate(operation, request, context?)\` → \`{ valid, diagnostics: [{ code, severity, path, message, docs }] }\`;
  \`valid\` is false exactly when some diagnostic has severity \`error\`. Operations: ${muster.operations().join(", ")}.
- \`previewResponse("RegisterInstance", request, { service, namespace, instances?, seed? })\` → the API response
  (\`OperationId\`) or error, \`change\` (create / update), the DNS \`records\` created or updated, and the
  \`healthCheck\` created or replaced.
- \`simulateDns({ namespace, service, instances, query: { name, type }, seed })\` → \`{ rcode, answer, authority,
  additional, notes, instanceIds, dig }\`, as Route 53 would answer (MULTIVALUE up to 8 healthy records,
  WEIGHTED one, health fallbacks, SRV with additional A/AAAA records, NODATA / NXDOMAIN with the SOA).
- \`dnsDistribution({ ...same, queries })\` → how often each instance is answered over many queries.
- \`discoverInstances({ namespace, service, instances, request, seed })\` → the DiscoverInstances response or error.
- \`agentRequest({ instanceType, os?, cluster?, reservedMemory?, reservedPorts?, enableGpuSupport?, ... })\` → the
  RegisterContainerInstance request the ECS agent would send; \`instanceTypes()\` lists the known types.
- \`simulateCluster({ operation, request, state?, clock? })\` → \`{ state, outcome, error, clock }\`: one ECS call
  (RegisterContainerInstance, DeregisterContainerInstance, UpdateContainerInstancesState,
  DescribeContainerInstances) applied to a cluster state; pass \`state\` and \`clock\` to the next call.
- \`rules()\` → the table below as \`[{ code, severity, summary, docs }]\`; \`operations()\`, \`version()\`.

\`instances\` are RegisterInstance requests (ServiceId may be left out) with an optional
\`HealthStatus\`. Every simulation takes a \`seed\`: the same input and seed give the same output.

\`\`\`js
import { agentRequest, simulateCluster, simulateDns } from "muster-wasm";

const request = agentRequest({ instanceType: "m5.large", cluster: "prod" });   // CPU 2048, MEMORY, PORTS, ...
let { state, outcome, clock } = simulateCluster({ operation: "RegisterContainerInstance", request });
console.log(outcome.response.containerInstance.containerInstanceArn);

const answer = simulateDns({
  namespace: { Name: "example.local", Type: "DNS_PRIVATE" },
  service: { Id: "srv-1", Name: "web", DnsConfig: { RoutingPolicy: "MULTIVALUE", DnsRecords: [{ Type: "SRV", TTL: 60 }] } },
  instances: [{ InstanceId: "web-1", Attributes: { AWS_INSTANCE_IPV4: "10.0.0.1", AWS_INSTANCE_PORT: "8080" } }],
  query: { type: "SRV" },
});
console.log(answer.dig);
\`\`\`

## Diagnostic codes

| code | severity | rule | reference |
|---|---|---|---|
${table}
`);
