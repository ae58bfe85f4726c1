// simulatePlacement, planService and parseClusterQuery through the npm package: the same answers
// as the core, plain JSON-compatible objects, thrown errors only for unusable calls.
import { test } from "node:test";
import assert from "node:assert/strict";
import { simulatePlacement, planService, parseClusterQuery, validate } from "muster-wasm";

const ARN = "arn:aws:ecs:us-east-1:123456789012:container-instance/prod";
const instance = (id, zone, cpu, memory) => ({
  containerInstanceArn: `${ARN}/${id}`,
  status: "ACTIVE",
  agentConnected: true,
  remainingResources: [
    { name: "CPU", type: "INTEGER", integerValue: cpu },
    { name: "MEMORY", type: "INTEGER", integerValue: memory },
    { name: "PORTS", type: "STRINGSET", stringSetValue: ["22"] },
  ],
  attributes: [{ name: "ecs.availability-zone", value: zone }, { name: "ecs.instance-type", value: "m5.large" }],
});
const cluster = [
  instance("a1", "us-east-1a", 4096, 2048), instance("a2", "us-east-1a", 4096, 1024),
  instance("b1", "us-east-1b", 4096, 4096), instance("c1", "us-east-1c", 4096, 8192),
];
const taskDefinition = { family: "web", networkMode: "bridge",
  containerDefinitions: [{ name: "web", cpu: 256, memory: 512, portMappings: [{ containerPort: 8080, hostPort: 0 }] }] };

test("spread then binpack: balanced zones, fullest instance first", () => {
  const plan = simulatePlacement({
    containerInstances: { containerInstances: cluster }, taskDefinition: { taskDefinition }, count: 3, group: "service:web",
    placementStrategy: [{ type: "spread", field: "attribute:ecs.availability-zone" }, { type: "binpack", field: "memory" }],
    seed: 1,
  });
  assert.equal(plan.valid, true);
  assert.deepEqual(plan.tasks.map((t) => t.availabilityZone).sort(), ["us-east-1a", "us-east-1b", "us-east-1c"]);
  assert.ok(plan.tasks.find((t) => t.availabilityZone === "us-east-1a").containerInstanceArn.endsWith("/a2"));
  assert.equal(JSON.stringify(plan), JSON.stringify(simulatePlacement(JSON.stringify({
    containerInstances: cluster, taskDefinition, count: 3, group: "service:web",
    placementStrategy: [{ type: "spread", field: "attribute:ecs.availability-zone" }, { type: "binpack", field: "memory" }],
    seed: 1,
  }))), "object and JSON-text input give the same plan");
});

test("an unsatisfiable constraint leaves tasks unplaced with ECS's reason and event", () => {
  const plan = simulatePlacement({ containerInstances: cluster, taskDefinition, count: 2, group: "service:web",
    placementConstraints: [{ type: "memberOf", expression: "attribute:ecs.instance-type =~ g4dn.*" }] });
  assert.equal(plan.tasks.length, 0);
  assert.deepEqual(plan.failures.map((f) => f.reason), ["MemberOf placement constraint unsatisfied", "MemberOf placement constraint unsatisfied"]);
  assert.match(plan.events[0], /^service web was unable to place a task because no container instance met all of its requirements/);
});

test("invalid settings are findings; unusable input throws with a code", () => {
  const out = simulatePlacement({ containerInstances: cluster, taskDefinition, placementStrategy: [{ type: "binpack", field: "disk" }] });
  assert.equal(out.valid, false);
  assert.deepEqual(out.diagnostics.map((d) => [d.code, d.path]), [["PL004", "/placementStrategy/0/field"]]);
  assert.equal("tasks" in out, false);
  for (const bad of [undefined, null, "{", { taskDefinition }, { containerInstances: [], taskDefinition, count: 9999 }]) {
    assert.throws(() => simulatePlacement(bad), (e) => e instanceof Error && e.code === "INVALID_ARGUMENT");
  }
});

test("planService: registrations ECS would make pass muster's own validation", () => {
  const plan = planService({
    cluster,
    taskDefinition,
    service: { serviceName: "web", cluster: "prod", taskDefinition: "web:1", desiredCount: 4,
      serviceRegistries: [{ registryArn: "arn:aws:servicediscovery:us-east-1:123456789012:service/srv-e4anhexample0004", containerName: "web", containerPort: 8080 }] },
    cloudMap: {
      namespace: { Id: "ns-e4anhexample0004", Name: "prod.local", Type: "DNS_PRIVATE" },
      service: { Id: "srv-e4anhexample0004", Name: "web", DnsConfig: { RoutingPolicy: "MULTIVALUE", DnsRecords: [{ Type: "SRV", TTL: 60 }] } },
    },
    seed: 2,
  });
  assert.equal(plan.valid, true);
  assert.equal(plan.registrations.length, 4);
  for (const r of plan.registrations) {
    assert.equal(r.valid, true);
    assert.deepEqual(validate("RegisterInstance", r.request, {
      service: { Id: "srv-e4anhexample0004", Name: "web", DnsConfig: { RoutingPolicy: "MULTIVALUE", DnsRecords: [{ Type: "SRV", TTL: 60 }] } },
    }).valid, true);
    const task = plan.placement.tasks.find((t) => t.taskArn === r.taskArn);
    assert.equal(r.request.Attributes.AWS_INSTANCE_PORT, String(task.hostPorts[0].hostPort));
  }
  assert.equal(plan.dns.answer.length, 4);
  assert.match(plan.dns.dig, /IN\s+SRV/);
});

test("parseClusterQuery: a tree with columns, or a located error", () => {
  const ok = parseClusterQuery("attribute:ecs.instance-type =~ g2.* and attribute:ecs.availability-zone != us-east-1d");
  assert.equal(ok.valid, true);
  assert.equal(ok.tree.type, "and");
  assert.equal(ok.dynamic, false);
  assert.equal(parseClusterQuery("not(task:group == database)").dynamic, true);
  const bad = parseClusterQuery("attribute:ecs.instance-type === t2.small");
  assert.equal(bad.valid, false);
  assert.ok(bad.error.column > 1 && bad.error.endColumn >= bad.error.column);
  const started = performance.now();
  assert.equal(parseClusterQuery("attribute:a == " + "x".repeat(10000)).valid, false);
  assert.ok(performance.now() - started < 1000, "a 10,000-character expression is refused quickly");
  assert.throws(() => parseClusterQuery(42), (e) => e.code === "INVALID_ARGUMENT");
});
