// The ECS container-instance API through the package: validation, agent presets and the cluster.
import { test } from "node:test";
import assert from "node:assert/strict";
import { validate, agentRequest, instanceTypes, simulateCluster } from "muster-wasm";
import { loadFixtures, findings, expectedFindings } from "./fixtures.mjs";

for (const dir of ["register-container-instance", "deregister-container-instance", "update-container-instances-state", "create-service", "service", "namespace", "discover-instances"]) {
  test(`fixture corpus ${dir} gives the same findings as in Rust`, () => {
    const fixtures = loadFixtures(dir);
    assert.ok(fixtures.length > 0);
    for (const f of fixtures) {
      const report = validate(f.operation, f.requestText ?? f.request, f.context ?? null);
      assert.deepEqual(findings(report), expectedFindings(f), f.name);
    }
  });
}

test("agent presets: CPU is vCPUs x 1024 and the request validates", () => {
  const types = instanceTypes();
  const m5 = types.find((t) => t.name === "m5.large");
  assert.equal(m5.vcpus, 2);
  const request = agentRequest({ instanceType: "m5.large", cluster: "prod", reservedMemory: 256 });
  const cpu = request.totalResources.find((r) => r.name === "CPU");
  assert.deepEqual(cpu, { name: "CPU", type: "INTEGER", integerValue: 2048 });
  const ports = request.totalResources.find((r) => r.name === "PORTS");
  assert.deepEqual([...ports.stringSetValue].sort(), ["22", "2375", "2376", "51678", "51679"]);
  assert.equal(request.cluster, "prod");
  assert.equal(validate("RegisterContainerInstance", request).valid, true);
  const doc = JSON.parse(request.instanceIdentityDocument);
  assert.equal(doc.instanceType, "m5.large");
});

test("agent presets: GPUs become platformDevices only with GPU support; Windows reserves its ports", () => {
  const gpu = agentRequest({ instanceType: "g4dn.12xlarge", enableGpuSupport: true });
  assert.equal(gpu.platformDevices.length, 4);
  assert.ok(gpu.platformDevices.every((d) => d.type === "GPU"));
  assert.equal(agentRequest({ instanceType: "g4dn.12xlarge" }).platformDevices ?? undefined, undefined);
  const win = agentRequest({ instanceType: "m5.large", os: "windows" });
  const ports = win.totalResources.find((r) => r.name === "PORTS").stringSetValue;
  for (const p of ["3389", "5985", "445"]) assert.ok(ports.includes(p), p);
  assert.throws(() => agentRequest({ instanceType: "m5.hugest" }), (e) => e.code === "INVALID_ARGUMENT" && /m5\./.test(e.message));
});

test("cluster: register, refuse deregistration with tasks, force it", () => {
  const registered = simulateCluster({ operation: "RegisterContainerInstance", request: agentRequest({ instanceType: "c5.xlarge" }), seed: 3 });
  assert.equal(registered.error, null);
  const ci = registered.outcome.response.containerInstance;
  assert.equal(ci.status, "ACTIVE");
  assert.equal(ci.agentConnected, true);
  assert.deepEqual(ci.registeredResources, ci.remainingResources);
  assert.ok(ci.attributes.some((a) => a.name === "ecs.availability-zone"));

  const state = structuredClone(registered.state);
  state.containerInstances[0].tasks = [{ taskArn: "arn:aws:ecs:us-east-1:123456789012:task/default/0123456789abcdef0123456789abcdef", group: "service:web", lastStatus: "RUNNING" }];
  state.containerInstances[0].runningTasksCount = 1;
  const refused = simulateCluster({ state, operation: "DeregisterContainerInstance", request: { containerInstance: ci.containerInstanceArn }, clock: registered.clock });
  assert.equal(refused.outcome, null);
  assert.equal(refused.error.__type, "InvalidParameterException");
  const forced = simulateCluster({ state, operation: "DeregisterContainerInstance", request: { containerInstance: ci.containerInstanceArn, force: true } });
  assert.equal(forced.error, null);
  assert.equal(forced.outcome.orphanedTasks.length, 1);
  assert.equal(forced.state.containerInstances.length, 0);
});

test("cluster: DescribeContainerInstances answers for the instances named", () => {
  const request = { ...agentRequest({ instanceType: "c5.xlarge" }), tags: [{ key: "team", value: "web" }] };
  const registered = simulateCluster({ operation: "RegisterContainerInstance", request, seed: 5 });
  const arn = registered.outcome.response.containerInstance.containerInstanceArn;
  const describe = (req) => simulateCluster({ state: registered.state, operation: "DescribeContainerInstances", request: req });
  const plain = describe({ containerInstances: [arn, "0123456789abcdef0123456789abcdef"] }).outcome.response;
  assert.equal(plain.containerInstances.length, 1);
  assert.equal(plain.containerInstances[0].containerInstanceArn, arn);
  assert.equal(plain.containerInstances[0].tags, undefined);
  assert.deepEqual(plain.failures.map((f) => f.reason), ["MISSING"]);
  const tagged = describe({ containerInstances: [arn], include: ["TAGS"] }).outcome.response;
  assert.deepEqual(tagged.containerInstances[0].tags, [{ key: "team", value: "web" }]);
  assert.equal(describe({}).error.__type, "InvalidParameterException");
  assert.equal(describe({ cluster: "prod", containerInstances: [arn] }).error.__type, "ClusterNotFoundException");
});

test("cluster: bad calls", () => {
  assert.throws(() => simulateCluster({ operation: "RunTask" }), (e) => e.code === "UNKNOWN_OPERATION");
  assert.throws(() => simulateCluster({ operation: "DescribeContainerInstances", state: { clusterName: 1 } }), (e) => e.code === "INVALID_ARGUMENT");
  const invalid = simulateCluster({ operation: "RegisterContainerInstance", request: { cluster: "bad name!" } });
  assert.equal(invalid.error.__type, "InvalidParameterException");
  const state = { clusterName: "prod", region: "US East", accountId: "123456789012" };
  assert.throws(() => simulateCluster({ operation: "DescribeContainerInstances", state }),
    (e) => e.code === "INVALID_ARGUMENT" && e.message.includes("state.region") && e.message.includes("not a Region code"));
  // An instance of eu-west-1 cannot join a cluster in us-east-1; the same agent in us-east-1 can.
  const inState = { ...state, region: "us-east-1" };
  const elsewhere = simulateCluster({ operation: "RegisterContainerInstance", state: inState,
    request: agentRequest({ instanceType: "c5.xlarge", cluster: "prod", region: "eu-west-1" }) });
  assert.equal(elsewhere.error.__type, "ClientException");
  assert.match(elsewhere.error.message, /in eu-west-1, and this cluster is in us-east-1/);
  assert.equal(elsewhere.state.containerInstances.length, 0);
  const home = simulateCluster({ operation: "RegisterContainerInstance", state: inState,
    request: agentRequest({ instanceType: "c5.xlarge", cluster: "prod", region: "us-east-1" }) });
  assert.equal(home.error, null);
  assert.equal(home.state.containerInstances.length, 1);
});

// The tag pattern ^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$ checked code point by code point against V8's
// own reading of it (Node and Rust here both follow Unicode 17).
test("tag values accept exactly the characters of the model's pattern", () => {
  const pattern = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]$/u;
  const accepted = [];
  const suspects = []; // alphabetic or whitespace but outside the pattern: each is tried alone
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const c = String.fromCodePoint(cp);
    if (pattern.test(c)) accepted.push(c);
    else if (/[\p{Alphabetic}\p{White_Space}\p{M}]/u.test(c)) suspects.push(c);
  }
  const request = (values) => ({
    instanceIdentityDocument: JSON.stringify({ instanceId: "i-0123456789abcdef0", region: "us-east-1", availabilityZone: "us-east-1a", instanceType: "m5.large" }),
    tags: values.map((value, i) => ({ key: `k${i}`, value })),
  });
  const tagFindings = (report) => report.diagnostics.filter((d) => d.path.startsWith("/tags"));
  // 50 tags of 256 characters a request: every accepted character must pass.
  for (let i = 0; i < accepted.length; i += 50 * 256) {
    const chunk = accepted.slice(i, i + 50 * 256);
    const values = [];
    for (let j = 0; j < chunk.length; j += 256) values.push(chunk.slice(j, j + 256).join(""));
    assert.deepEqual(tagFindings(validate("RegisterContainerInstance", request(values))), [], `from U+${chunk[0].codePointAt(0).toString(16)}`);
  }
  assert.ok(suspects.length > 1500, `${suspects.length} suspects`);
  const passed = suspects.filter((c) => tagFindings(validate("RegisterContainerInstance", request([c]))).length === 0);
  assert.deepEqual(passed.map((c) => `U+${c.codePointAt(0).toString(16).toUpperCase()}`), []);
});
