// The `muster` command line (pkg/bin/muster.mjs), run as a process the way a shell or CI runs it:
// arguments, standard input, exit status 0/1/2, text and JSON output, colour only on a terminal.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, rmSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { validate, exportRequest, exportFormats, simulateDns, rules, version, operations, planService } from "muster-wasm";
import { inferOperation } from "../../pkg/bin/muster.mjs";
import { loadFixtures, findings, expectedFindings } from "./fixtures.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const BIN = path.resolve(here, "../../pkg/bin/muster.mjs");
const ESC = "\u001b[";

// FORCE_COLOR is set on purpose: colour follows the terminal and NO_COLOR only.
const baseEnv = { ...process.env, FORCE_COLOR: "1" };
delete baseEnv.NO_COLOR;

let work;
const file = (name) => path.join(work, name);

function run(args, { input, env = {} } = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: work,
    input: input ?? "",
    encoding: "utf8",
    env: { ...baseEnv, ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Exit status 2, nothing on stdout, and exactly one line on stderr that matches `pattern`. */
function assertUsageError(r, pattern) {
  assert.equal(r.code, 2, `exit status; stderr: ${r.stderr}`);
  assert.equal(r.stdout, "");
  assert.equal(r.stderr.split("\n").filter(Boolean).length, 1, `one line: ${JSON.stringify(r.stderr)}`);
  assert.match(r.stderr, /^muster: /);
  assert.match(r.stderr, pattern);
}

const SERVICE = {
  Service: {
    Id: "srv-p5zdwlg5uvvzjita",
    Name: "web",
    DnsConfig: { RoutingPolicy: "MULTIVALUE", DnsRecords: [{ Type: "A", TTL: 60 }, { Type: "SRV", TTL: 60 }] },
    HealthCheckCustomConfig: {},
  },
};
const NAMESPACE = { Namespace: { Id: "ns-abcdefghijklmnop", Name: "example.local", Type: "DNS_PRIVATE" } };
const GOOD = {
  ServiceId: "srv-p5zdwlg5uvvzjita",
  InstanceId: "web-1",
  Attributes: { AWS_INSTANCE_IPV4: "10.0.0.1", AWS_INSTANCE_PORT: "8080" },
};
const BAD = { ServiceId: "srv-p5zdwlg5uvvzjita", InstanceId: "my service", Attributes: { AWS_INSTANCE_IPV4: "10.0.0.1" } };
const LIST_INSTANCES = {
  Instances: [
    { Id: "web-1", Attributes: { AWS_INSTANCE_IPV4: "10.0.0.1", AWS_INSTANCE_PORT: "8080" } },
    { Id: "web-2", Attributes: { AWS_INSTANCE_IPV4: "10.0.0.2", AWS_INSTANCE_PORT: "8080" } },
    { Id: "web-3", Attributes: { AWS_INSTANCE_IPV4: "10.0.0.3", AWS_INSTANCE_PORT: "8080" } },
  ],
};

before(() => {
  work = mkdtempSync(path.join(tmpdir(), "muster-cli-"));
  const write = (name, value) => writeFileSync(file(name), typeof value === "string" ? value : JSON.stringify(value, null, 2));
  write("good.json", GOOD);
  write("bad.json", BAD);
  write("service.json", SERVICE);
  write("namespace.json", NAMESPACE);
  write("context.json", { service: SERVICE, namespace: NAMESPACE });
  write("instances.json", LIST_INSTANCES);
  write("health.json", { Status: { "web-2": "UNHEALTHY" } });
  write("broken.json", '{\n  "ServiceId": "srv-1",\n  "InstanceId": \n}\n');
  write("bom.json", `\uFEFF${JSON.stringify(GOOD)}`);
  mkdirSync(file("folder.json"));
});

after(() => rmSync(work, { recursive: true, force: true }));

test("muster --help lists every command; each command has --help", () => {
  const r = run(["--help"]);
  assert.equal(r.code, 0);
  for (const name of ["validate", "export", "import", "dns", "rules"]) {
    assert.match(r.stdout, new RegExp(`^  ${name} `, "m"));
    const help = run([name, "--help"]);
    assert.equal(help.code, 0, name);
    assert.match(help.stdout, new RegExp(`^Usage: muster ${name}`), name);
    assert.equal(run(["help", name]).stdout, help.stdout);
  }
  assert.equal(run([]).stdout, r.stdout, "no arguments shows the help");
  assert.match(run(["validate", "-h"]).stdout, /RegisterInstance, CreateService/);
  assert.match(run(["export", "--help"]).stdout, /cloudformation-yaml/);
});

test("muster --version prints the package version", () => {
  const pkg = createRequire(import.meta.url)("muster-wasm/package.json");
  for (const flag of ["--version", "-v"]) {
    const r = run([flag]);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, `muster ${version()}\n`);
  }
  assert.equal(pkg.version, version());
  assert.equal(pkg.bin.muster, "./bin/muster.mjs");
  assert.ok(readFileSync(BIN, "utf8").startsWith("#!/usr/bin/env node\n"));
});

test("validate: a valid request exits 0 with a summary line", () => {
  const r = run(["validate", "good.json", "--service", "service.json", "--namespace", "namespace.json"]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, "good.json: valid RegisterInstance request: 0 errors, 0 warnings, 0 info (operation inferred from its members)\n");
  assert.equal(r.stderr, "");
});

test("validate: errors exit 1, one line per diagnostic with its docs link", () => {
  const r = run(["validate", "bad.json", "--operation", "RegisterInstance", "--context", "context.json"]);
  assert.equal(r.code, 1);
  const expected = validate("RegisterInstance", BAD, { service: SERVICE, namespace: NAMESPACE });
  const lines = r.stdout.split("\n");
  for (const d of expected.diagnostics) {
    const line = lines.find((l) => l.startsWith(d.path));
    assert.ok(line, `a line for ${d.path}`);
    assert.match(line, new RegExp(`^${d.path} +${d.code} +${d.severity} +`));
    assert.ok(line.endsWith(d.message), line);
    assert.equal(lines[lines.indexOf(line) + 1].trim(), d.docs);
  }
  assert.equal(lines.at(-2), "bad.json: invalid RegisterInstance request: 2 errors, 0 warnings, 0 info");
  assert.ok(!r.stdout.includes(ESC), "no colour when stdout is not a terminal, FORCE_COLOR or not");
});

test("validate reads standard input for -, and --format json prints the report", () => {
  const r = run(["validate", "-", "-o", "register-instance", "--format", "json", "--service", "service.json"], { input: JSON.stringify(BAD) });
  assert.equal(r.code, 1);
  assert.deepEqual(JSON.parse(r.stdout), validate("RegisterInstance", BAD, { service: SERVICE }));
  const ok = run(["validate", "-", "-f", "json"], { input: JSON.stringify(GOOD) });
  assert.equal(ok.code, 0);
  assert.deepEqual(JSON.parse(ok.stdout), validate("RegisterInstance", GOOD));
});

test("validate checks the text as written: duplicate keys, byte-order mark", () => {
  const r = run(["validate", "-", "-o", "RegisterInstance"], { input: '{"ServiceId": "srv-p5zdwlg5uvvzjita", "ServiceId": "srv-p5zdwlg5uvvzjitb", "InstanceId": "a", "Attributes": {}}' });
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^\/ServiceId +JSON003 +error/m);
  const bom = run(["validate", "bom.json", "-o", "RegisterInstance"]);
  assert.equal(bom.code, 0, bom.stdout + bom.stderr);
});

test("validate checks several files, each with its report, and exits with the worst status", () => {
  const both = run(["validate", "good.json", "bad.json", "--service", "service.json", "--namespace", "namespace.json"], { env: { NO_COLOR: "1" } });
  assert.equal(both.code, 1, both.stderr);
  assert.match(both.stdout, /^good\.json: valid RegisterInstance request/m);
  assert.match(both.stdout, /^bad\.json: invalid RegisterInstance request/m);
  assert.match(both.stdout, /^\/InstanceId +CM003/m);
  assert.match(both.stdout, /\n2 files: 1 valid, 1 invalid\n$/);
  const allGood = run(["validate", "good.json", "bom.json", "-o", "RegisterInstance"], { env: { NO_COLOR: "1" } });
  assert.equal(allGood.code, 0, allGood.stdout);
  assert.match(allGood.stdout, /2 files: 2 valid, 0 invalid\n$/);
  // JSON: one entry per file, in order, each the report validate() gives; standard input counts too.
  const context = { service: SERVICE, namespace: NAMESPACE };
  const asJson = run(["validate", "bad.json", "-", "--context", "context.json", "-f", "json"], { input: JSON.stringify(GOOD) });
  assert.equal(asJson.code, 1);
  assert.deepEqual(JSON.parse(asJson.stdout), [
    { file: "bad.json", operation: "RegisterInstance", ...validate("RegisterInstance", BAD, context) },
    { file: "<stdin>", operation: "RegisterInstance", ...validate("RegisterInstance", GOOD, context) },
  ]);
  // A file that cannot be checked is named on standard error; the others are still checked.
  const missing = run(["validate", "missing.json", "good.json", "broken.json", "-f", "json"]);
  assert.equal(missing.code, 2);
  const entries = JSON.parse(missing.stdout);
  assert.deepEqual(entries.map((e) => [e.file, e.valid, e.error !== undefined]), [
    ["missing.json", undefined, true],
    ["good.json", true, false],
    ["broken.json", undefined, true],
  ]);
  assert.match(missing.stderr, /^muster: cannot read missing\.json: no such file\nmuster: broken\.json is not valid JSON/);
  const text = run(["validate", "good.json", "folder.json"], { env: { NO_COLOR: "1" } });
  assert.equal(text.code, 2);
  assert.match(text.stdout, /2 files: 1 valid, 0 invalid, 1 not checked\n$/);
  assertUsageError(run(["validate", "-", "-"], { input: "{}" }), /only one input can be -/);
  // A context muster cannot use is one error for the command, not one per file.
  writeFileSync(file("service-number.json"), '{"service": 5}');
  assertUsageError(run(["validate", "good.json", "bad.json", "--context", "service-number.json"]), /Invalid context: the context's service/);
});

test("validate infers the operation only when one fits", () => {
  const ecs = run(["validate", "-"], { input: JSON.stringify({ containerInstances: ["0123456789abcdef0123456789abcdef"], status: "DRAINING" }) });
  assert.equal(ecs.code, 0, ecs.stdout + ecs.stderr);
  assert.match(ecs.stdout, /valid UpdateContainerInstancesState request/);
  const ambiguous = run(["validate", "-"], { input: '{"cluster": "prod"}' });
  assertUsageError(ambiguous, /could be RegisterContainerInstance, DeregisterContainerInstance, UpdateContainerInstancesState.*pass --operation/);
  assertUsageError(run(["validate", "-"], { input: "{}" }), /empty object.*--operation/);
  assertUsageError(run(["validate", "-"], { input: '{"Frobnicate": 1}' }), /match no operation/);
  const given = run(["validate", "-", "-o", "DeregisterContainerInstance"], { input: '{"cluster": "prod"}' });
  assert.equal(given.code, 1);
  assert.match(given.stdout, /REQ001/);
});

test("the operation can come first, as in validate(operation, request)", () => {
  // The request fits DeregisterContainerInstance best, so the first argument must be what decides.
  const ecs = run(["validate", "update-container-instances-state", "-"], { input: '{"cluster": "prod"}' });
  assert.equal(ecs.code, 1, ecs.stderr);
  assert.match(ecs.stdout, /^<stdin>: invalid UpdateContainerInstancesState request/m);
  assert.doesNotMatch(ecs.stdout, /inferred/);
  const ri = run(["validate", "RegisterInstance", "bad.json", "good.json", "--context", "context.json"]);
  assert.equal(ri.code, 1, ri.stderr);
  assert.match(ri.stdout, /^bad\.json: invalid RegisterInstance request/m);
  assert.match(ri.stdout, /^good\.json: valid RegisterInstance request/m);
  assert.match(ri.stdout, /^2 files: 1 valid, 1 invalid$/m);
  const exported = run(["export", "RegisterInstance", "good.json", "--format", "json"]);
  assert.equal(exported.code, 0, exported.stderr);
  assert.deepEqual(JSON.parse(exported.stdout), GOOD);
  // Alone it names what is missing; with --operation too it is a file name like any other.
  assertUsageError(run(["validate", "RegisterInstance"]), /validate: RegisterInstance is an operation; give the request too: muster validate RegisterInstance <file\|->/);
  assertUsageError(run(["export", "register-instance", "--format", "cli"]), /export: register-instance is an operation/);
  assertUsageError(run(["validate", "RegisterInstance", "-o", "RegisterInstance"]), /cannot read RegisterInstance: no such file/);
  // A misspelt operation is a missing file, with the operation it probably means.
  const typo = run(["validate", "registerinstanc", "good.json"]);
  assert.equal(typo.code, 2);
  assert.match(typo.stderr, /^muster: cannot read registerinstanc: no such file \(did you mean the operation RegisterInstance\?\)$/m);
  assertUsageError(run(["validate", "nothing.json"]), /cannot read nothing\.json: no such file\n$/);
  // A file of that name is read as the request.
  writeFileSync(file("Namespace"), JSON.stringify(GOOD));
  try {
    const named = run(["validate", "Namespace"]);
    assert.equal(named.code, 0, named.stderr);
    assert.match(named.stdout, /^Namespace: valid RegisterInstance request/m);
  } finally {
    rmSync(file("Namespace"));
  }
});

test("inference never picks the wrong operation for any fixture", () => {
  const dirs = ["register-instance", "create-service", "service", "discover-instances", "namespace", "register-container-instance", "deregister-container-instance", "update-container-instances-state"];
  let inferred = 0;
  for (const dir of dirs) {
    for (const fixture of loadFixtures(dir)) {
      let request = fixture.request;
      if (typeof request === "string") {
        try {
          request = JSON.parse(request);
        } catch {
          continue;
        }
      }
      const { operation } = inferOperation(request);
      if (operation !== null) {
        assert.equal(operation, fixture.operation, `${dir}/${fixture.name}`);
        inferred++;
      }
    }
  }
  assert.ok(inferred > 150, `most fixtures are inferred (${inferred})`);
});

test("inference: misspelt members, and shapes of operations not in this build", () => {
  assert.equal(inferOperation({ ServiceId: "srv-1", InstanceId: "a", Atributes: {} }).operation, "RegisterInstance");
  assert.equal(inferOperation({ ServiceId: "srv-1", Foo: 1, Bar: 2 }).operation, null, "one member of three is not enough");
  assert.equal(inferOperation({ Service: { Id: "srv-1" } }).operation, "Service");
  assert.equal(inferOperation({ Name: "web", DnsConfig: { DnsRecords: [] } }).operation, "CreateService");
  assert.equal(inferOperation({ Id: "ns-1", Name: "example.local", Type: "DNS_PRIVATE" }).operation, "Namespace");
  // An ECS CreateService request shares `tags` with RegisterContainerInstance, and nothing else.
  const ecsService = { serviceName: "web", taskDefinition: "web:1", desiredCount: 2, tags: [] };
  const expected = operations().includes("ecs:CreateService") ? "ecs:CreateService" : null;
  assert.equal(inferOperation(ecsService).operation, expected);
});

test("validate from the CLI reports what the fixtures expect", () => {
  for (const dir of ["register-instance", "create-service", "register-container-instance", "discover-instances"]) {
    for (const fixture of loadFixtures(dir).filter((f) => typeof f.request !== "string").slice(0, 3)) {
      const request = file(`${dir}-${fixture.name}.json`);
      writeFileSync(request, JSON.stringify(fixture.request));
      const args = ["validate", request, "-o", fixture.operation, "-f", "json"];
      if (fixture.context) {
        writeFileSync(`${request}.context`, JSON.stringify(fixture.context));
        args.push("--context", `${request}.context`);
      }
      const r = run(args);
      const report = JSON.parse(r.stdout);
      assert.deepEqual(findings(report), expectedFindings(fixture), `${dir}/${fixture.name}`);
      assert.equal(r.code, report.valid ? 0 : 1);
    }
  }
});

test("input that cannot be read or is not JSON: exit 2 with one line", () => {
  assertUsageError(run(["validate", "missing.json", "-o", "RegisterInstance"]), /cannot read missing.json: no such file/);
  assertUsageError(run(["validate", "folder.json"]), /cannot read folder.json: it is a directory/);
  assertUsageError(run(["validate", "broken.json"]), /broken.json is not valid JSON \(line 4, column 1/);
  assertUsageError(run(["validate", "-"], { input: "not json" }), /<stdin> is not valid JSON/);
  assertUsageError(run(["validate", "-"], { input: "" }), /<stdin> is not valid JSON \(it is empty\)/);
  assertUsageError(run(["validate", "good.json", "--context", "broken.json"]), /broken.json is not valid JSON/);
  assertUsageError(run(["validate", "good.json", "--service", "missing.json"]), /cannot read missing.json/);
  assertUsageError(run(["dns", "broken.json", "--service", "service.json", "--namespace", "namespace.json"]), /broken.json is not valid JSON/);
  assertUsageError(run(["export", "broken.json", "--format", "cli"]), /not valid JSON/);
});

test("unknown commands, options and values: exit 2 with one line", () => {
  assertUsageError(run(["frobnicate"]), /unknown command "frobnicate"; commands: validate, export, import, dns, rules/);
  assertUsageError(run(["--frobnicate"]), /unknown option --frobnicate/);
  assertUsageError(run(["validate", "good.json", "--frobnicate"]), /validate: unknown option --frobnicate/);
  assertUsageError(run(["validate", "good.json", "--operation"]), /option --operation needs a value/);
  assertUsageError(run(["validate", "good.json", "-o", "RegisterThing"]), /unknown operation "RegisterThing"; operations: RegisterInstance/);
  assertUsageError(run(["validate"]), /validate: missing argument; usage: muster validate/);
  assertUsageError(run(["export", "good.json", "bad.json", "-f", "cli"]), /export: too many arguments/);
  assertUsageError(run(["validate", "good.json", "bad.json", "-o", "RegisterThing"]), /unknown operation "RegisterThing"/);
  assertUsageError(run(["validate", "good.json", "--format", "xml"]), /--format must be text or json/);
  assertUsageError(run(["validate", "-", "--context", "-"]), /only one input can be -/);
  assertUsageError(run(["validate", "good.json", "--context", "context.json", "--service", "service.json"]), /not both/);
  assertUsageError(run(["rules", "extra"]), /too many arguments/);
  assertUsageError(run(["help", "frobnicate"]), /unknown command "frobnicate"/);
});

test("export prints the text; notes go to stderr", () => {
  const r = run(["export", "good.json", "--format", "cli", "--region", "eu-west-1"]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trimEnd(), exportRequest("RegisterInstance", GOOD, "cli", { region: "eu-west-1" }).text.trimEnd());
  assert.match(r.stdout, /^aws servicediscovery register-instance/);
  assert.match(r.stderr, /^note: /m);
  for (const format of exportFormats()) {
    const out = run(["export", "-", "-o", "RegisterInstance", "-f", format, "--profile", "dev"], { input: JSON.stringify(GOOD) });
    assert.equal(out.code, 0, `${format}: ${out.stderr}`);
    assert.equal(out.stdout.trimEnd(), exportRequest("RegisterInstance", GOOD, format, { profile: "dev" }).text.trimEnd(), format);
  }
  const endpoint = run(["export", "good.json", "-f", "boto3", "--endpoint-url", "http://127.0.0.1:5000"]);
  assert.match(endpoint.stdout, /http:\/\/127\.0\.0\.1:5000/);
});

test("export refuses an invalid request (exit 1) unless --force", () => {
  const r = run(["export", "bad.json", "--format", "cli"]);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, "");
  assert.match(r.stderr, /CM003 \/InstanceId/);
  assert.match(r.stderr, /--force/);
  const forced = run(["export", "bad.json", "--format", "json", "--force"]);
  assert.equal(forced.code, 0);
  assert.deepEqual(JSON.parse(forced.stdout), BAD);
  assertUsageError(run(["export", "good.json"]), /--format is required; formats: json, http/);
  assertUsageError(run(["export", "good.json", "--format", "yaml"]), /unknown export format "yaml"/);
  assertUsageError(
    run(["export", "-", "-o", "DeregisterContainerInstance", "-f", "terraform"], { input: '{"containerInstance": "0123456789abcdef0123456789abcdef"}' }),
    /terraform cannot express/,
  );
});

test("import reads a CLI command back into the request", () => {
  const command = exportRequest("RegisterInstance", GOOD, "cli").text;
  const r = run(["import", "-"], { input: command });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), GOOD);
  assert.match(r.stderr, /read a RegisterInstance request \(from cli\)/);
  const full = run(["import", "-", "--full", "--format", "cli"], { input: command });
  const parsed = JSON.parse(full.stdout);
  assert.equal(parsed.operation, "RegisterInstance");
  assert.equal(parsed.format, "cli");
  assert.deepEqual(parsed.request, GOOD);
  assertUsageError(run(["import", "-"], { input: "hello" }), /^muster: /);
  assertUsageError(run(["import", "-", "--format", "yaml"], { input: "{}" }), /Unknown import format "yaml"/);
});

test("import prints a long beyond 2^53 exactly, and says so", () => {
  const r = run(["import", "-"], { input: "aws ecs register-container-instance --total-resources name=BIG,type=LONG,longValue=9007199254740993" });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /"longValue": 9007199254740993\b/);
  assert.match(r.stderr, /note: .*2\^53/);
});

test("dns prints the answer as dig does, from list-instances output and a health file", () => {
  const r = run(["dns", "instances.json", "--service", "service.json", "--namespace", "namespace.json", "--health", "health.json", "--seed", "7"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /;; ANSWER SECTION:/);
  assert.match(r.stdout, /web\.example\.local\.\s+60\s+IN\s+A\s+10\.0\.0\.1/);
  assert.doesNotMatch(r.stdout, /10\.0\.0\.2/, "the unhealthy instance is left out");
  assert.match(r.stdout, /;; note: 1 of 3 A records are unhealthy/);
  const notes = r.stdout.split("\n").filter((line) => line.startsWith(";; note: "));
  assert.deepEqual(notes, [...new Set(notes)], "each note once");
  const outside = run(["dns", "instances.json", "--service", "service.json", "--namespace", "namespace.json", "-q", "nope"]);
  assert.equal(outside.stdout.match(/;; note: nope\. is outside the namespace/g)?.length, 1, outside.stdout);

  const json = run(["dns", "-", "--service", "service.json", "--namespace", "namespace.json", "-t", "SRV", "-q", "web.example.local", "--seed", "3", "--format", "json"], {
    input: JSON.stringify(LIST_INSTANCES.Instances.map(({ Id, ...rest }) => ({ InstanceId: Id, ...rest }))),
  });
  assert.equal(json.code, 0, json.stderr);
  const expected = simulateDns({
    service: SERVICE,
    namespace: NAMESPACE,
    instances: LIST_INSTANCES.Instances.map(({ Id, ...rest }) => ({ InstanceId: Id, ...rest })),
    query: { name: "web.example.local", type: "SRV" },
    seed: 3,
  });
  assert.deepEqual(JSON.parse(json.stdout), expected);
  assert.equal(expected.answer.length, 3);

  const skipped = run(["dns", "-", "--service", "service.json", "--namespace", "namespace.json"], {
    input: JSON.stringify({ InstanceId: "no-port", Attributes: { AWS_INSTANCE_IPV4: "10.0.0.9" } }),
  });
  assert.match(skipped.stdout, /;; skipped no-port \(instance 0\): InvalidInput/);
  assertUsageError(run(["dns", "instances.json", "--service", "service.json"]), /--namespace <file> is required/);
  assertUsageError(run(["dns", "instances.json", "--service", "service.json", "--namespace", "namespace.json", "-t", "AXFR"]), /AXFR/);
  assertUsageError(run(["dns", "-", "--service", "service.json", "--namespace", "namespace.json"], { input: "42" }), /holds no instances/);
});

test("plan prints where the tasks land and what Cloud Map registers; exit 1 when a task is left", () => {
  const instance = (id, zone) => ({
    containerInstanceArn: `arn:aws:ecs:us-east-1:123456789012:container-instance/prod/${id}`,
    status: "ACTIVE", agentConnected: true,
    remainingResources: [{ name: "CPU", type: "INTEGER", integerValue: 1024 }, { name: "MEMORY", type: "INTEGER", integerValue: 2048 }],
    attributes: [{ name: "ecs.availability-zone", value: zone }],
  });
  const cluster = { containerInstances: [instance("a1", "us-east-1a"), instance("b1", "us-east-1b")] };
  const taskDefinition = { taskDefinition: { family: "web", networkMode: "bridge",
    containerDefinitions: [{ name: "web", cpu: 512, memory: 256, portMappings: [{ containerPort: 8080, hostPort: 0 }] }] } };
  const namespace = { Namespace: { Id: "ns-e4anhexample0004", Name: "prod.local", Type: "DNS_PRIVATE" } };
  const cloudMapService = { Service: { Id: "srv-e4anhexample0004", Name: "web",
    DnsConfig: { RoutingPolicy: "MULTIVALUE", DnsRecords: [{ Type: "SRV", TTL: 60 }] } } };
  const service = (desiredCount) => ({ serviceName: "web", cluster: "prod", taskDefinition: "web:1", desiredCount,
    serviceRegistries: [{ registryArn: "arn:aws:servicediscovery:us-east-1:123456789012:service/srv-e4anhexample0004",
      containerName: "web", containerPort: 8080 }] });
  for (const [name, value] of Object.entries({ cluster, taskDefinition, namespace, cloudMapService })) {
    writeFileSync(file(`${name}.json`), JSON.stringify(value));
  }
  const args = ["--cluster", "cluster.json", "--task-definition", "taskDefinition.json",
    "--namespace", "namespace.json", "--cloud-map-service", "cloudMapService.json", "--seed", "3"];
  const ok = run(["plan", "-", ...args], { input: JSON.stringify(service(4)) });
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /Placed 4 of 4 tasks/);
  assert.match(ok.stdout, /Cloud Map: 4 RegisterInstance requests/);
  assert.match(ok.stdout, /IN\s+SRV/);
  const json = run(["plan", "-", ...args, "--format", "json"], { input: JSON.stringify(service(4)) });
  const expected = planService({ service: service(4), cluster, taskDefinition,
    cloudMap: { namespace, service: cloudMapService }, seed: 3 });
  assert.deepEqual(JSON.parse(json.stdout), expected);
  const short = run(["plan", "-", ...args], { input: JSON.stringify(service(5)) });
  assert.equal(short.code, 1);
  assert.match(short.stdout, /1 task not placed: RESOURCE:CPU/);
  assert.match(short.stdout, /event: service web was unable to place a task/);
  assertUsageError(run(["plan", "-"], { input: "{}" }), /--cluster <file> is required/);
});

test("rules lists every code; --format json is rules()", () => {
  const r = run(["rules"]);
  assert.equal(r.code, 0);
  for (const rule of rules()) {
    assert.match(r.stdout, new RegExp(`^${rule.code} +${rule.severity} +`, "m"));
    assert.ok(r.stdout.includes(rule.docs));
  }
  assert.deepEqual(JSON.parse(run(["rules", "--format", "json"]).stdout), rules());
  assert.ok(operations().length > 0);
});

test("colour only on a terminal, and never with NO_COLOR", { skip: !existsSync("/usr/bin/script") && "needs script(1) for a pseudo-terminal" }, () => {
  // script(1) runs the command on a pseudo-terminal.
  const onTty = (env) =>
    spawnSync("script", ["-qec", `"${process.execPath}" "${BIN}" validate bad.json`, "/dev/null"], {
      cwd: work,
      encoding: "utf8",
      env: { ...baseEnv, ...env },
    });
  const coloured = onTty({});
  assert.ok(coloured.stdout.includes(`${ESC}31merror`), JSON.stringify(coloured.stdout.slice(0, 200)));
  const plain = onTty({ NO_COLOR: "1" });
  assert.match(plain.stdout, /CM003/);
  assert.ok(!plain.stdout.includes(ESC));
});

test("a closed pipe is not an error", () => {
  const r = spawnSync("sh", ["-c", `"${process.execPath}" "${BIN}" rules | head -n 1`], { encoding: "utf8", env: baseEnv });
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^JSON001 /);
  assert.equal(r.stderr, "");
});

test("text output shows control and bidirectional characters from the request as escapes", () => {
  // An untrusted request whose key would clear the screen, colour the rest red and forge a line,
  // and whose value reverses the text after it.
  const key = "k\u001b[2J\u001b[31m\nFAKE  CM000  info  all good\r\u202e";
  const request = { ServiceId: "srv-p5zdwlg5uvvzjita", InstanceId: "web-1", Attributes: { AWS_INSTANCE_IPV4: "10.0.0.1", [key]: "v\u202e\u0085" } };
  const hidden = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;
  const text = run(["validate", "-", "--operation", "RegisterInstance"], { input: JSON.stringify(request) });
  assert.equal(text.code, 1, text.stderr);
  assert.doesNotMatch(text.stdout, hidden, "no raw control character reaches the terminal");
  assert.match(text.stdout, /\/Attributes\/k\\u\{1b\}\[2J\\u\{1b\}\[31m\\u\{a\}FAKE  CM000  info  all good\\u\{d\}\\u\{202e\}\s+CM005/);
  // Every line is a diagnostic, its docs link, the blank line or the summary: nothing forged.
  const lines = text.stdout.trimEnd().split("\n");
  assert.ok(lines.every((line) => /^(\(root\)|\/Attributes\/)|^\s+https:|^$|^<stdin>: /.test(line)), lines.join("\n"));

  // JSON output escapes them too, and still parses to the report validate() gives.
  const json = run(["validate", "-", "--operation", "RegisterInstance", "--format", "json"], { input: JSON.stringify(request) });
  assert.doesNotMatch(json.stdout, hidden);
  assert.match(json.stdout, /\\u202e/);
  assert.deepEqual(JSON.parse(json.stdout), validate("RegisterInstance", JSON.stringify(request)));

  // Arguments quoted back in errors, on standard error.
  const missing = run(["validate", "no\u001b[31msuch.json"]);
  assert.equal(missing.code, 2);
  assert.doesNotMatch(missing.stderr, hidden);
  assert.match(missing.stderr, /no\\u\{1b\}\[31msuch\.json/);
});

test("dns text shows instance IDs from the input safely, line by line", () => {
  const instances = [{ InstanceId: "web\u001b]0;title\u0007-1", Attributes: { AWS_INSTANCE_IPV4: "10.0.0.1", AWS_INSTANCE_PORT: "8080" } }];
  const dns = run(["dns", "-", "--service", "service.json", "--namespace", "namespace.json", "-t", "SRV"], { input: JSON.stringify(instances) });
  assert.equal(dns.code, 0, dns.stderr);
  assert.doesNotMatch(dns.stdout, /[\u001b\u0007]/);
  assert.ok(dns.stdout.split("\n").length > 3, "the dig output keeps its lines");
});
