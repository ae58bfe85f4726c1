// The Cloud Map simulators through the package: previewResponse, simulateDns, dnsDistribution,
// discoverInstances.
import { test } from "node:test";
import assert from "node:assert/strict";
import { previewResponse, simulateDns, dnsDistribution, discoverInstances } from "muster-wasm";

const namespace = { Name: "example.local", Type: "DNS_PRIVATE" };
const service = {
  Id: "srv-p5zdwlg5uvvzjita",
  Name: "web",
  DnsConfig: { RoutingPolicy: "MULTIVALUE", DnsRecords: [{ Type: "A", TTL: 60 }, { Type: "SRV", TTL: 60 }] },
  HealthCheckCustomConfig: {},
};
const instance = (id, ip, health) => ({ InstanceId: id, Attributes: { AWS_INSTANCE_IPV4: ip, AWS_INSTANCE_PORT: "8080" }, HealthStatus: health });
const three = [instance("a", "10.0.0.1", "HEALTHY"), instance("b", "10.0.0.2", "UNHEALTHY"), instance("c", "10.0.0.3", "HEALTHY")];

test("three instances, one unhealthy: DNS answers exactly the healthy ones", () => {
  const r = simulateDns({ namespace, service, instances: three, query: { name: "web.example.local", type: "A" }, seed: 1 });
  assert.equal(r.rcode, "NOERROR");
  assert.deepEqual(r.answer.map((x) => x.data).sort(), ["10.0.0.1", "10.0.0.3"]);
  assert.deepEqual([...r.instanceIds].sort(), ["a", "c"]);
  for (const rec of r.answer) assert.deepEqual(rec, { name: "web.example.local.", type: "A", ttl: 60, data: rec.data });
  assert.match(r.dig, /;; ANSWER SECTION:/);
  assert.deepEqual(r.skipped, []);
});

test("SRV answers carry the targets' addresses in additional", () => {
  const r = simulateDns({ namespace, service, instances: [instance("myservice-53", "172.2.1.3", "HEALTHY")], query: { type: "srv" } });
  assert.deepEqual(r.answer, [{ name: "web.example.local.", type: "SRV", ttl: 60, data: "1 1 8080 myservice-53.web.example.local." }]);
  assert.deepEqual(r.additional, [{ name: "myservice-53.web.example.local.", type: "A", ttl: 60, data: "172.2.1.3" }]);
});

test("more than eight healthy records: eight at random, varying with the seed", () => {
  const many = Array.from({ length: 20 }, (_, i) => instance(`i-${i}`, `10.0.1.${i + 1}`, "HEALTHY"));
  const answers = new Set();
  for (let seed = 0; seed < 10; seed++) {
    const r = simulateDns({ namespace, service, instances: many, seed });
    assert.equal(r.answer.length, 8);
    answers.add(JSON.stringify([...r.instanceIds].sort()));
  }
  assert.ok(answers.size > 5);
  const again = simulateDns({ namespace, service, instances: many, seed: 3 });
  assert.deepEqual(again, simulateDns({ namespace, service, instances: many, seed: 3 }));
});

test("NXDOMAIN and NODATA carry the SOA", () => {
  const nx = simulateDns({ namespace, service, instances: three, query: { name: "api.example.local" } });
  assert.equal(nx.rcode, "NXDOMAIN");
  assert.equal(nx.authority[0].type, "SOA");
  const nodata = simulateDns({ namespace, service, instances: three, query: { type: "AAAA" } });
  assert.equal(nodata.rcode, "NOERROR");
  assert.equal(nodata.answer.length, 0);
});

test("instances Cloud Map would refuse are skipped and reported", () => {
  const r = simulateDns({ namespace, service, instances: [instance("ok", "10.0.0.1"), { InstanceId: "bad", Attributes: { AWS_INSTANCE_IPV4: "300.1.1.1", AWS_INSTANCE_PORT: "1" } }] });
  assert.deepEqual(r.skipped.map((s) => [s.index, s.instanceId, s.error]), [[1, "bad", "InvalidInput"]]);
  assert.deepEqual(r.instanceIds, ["ok"]);
});

test("bad simulator input throws INVALID_ARGUMENT", () => {
  assert.throws(() => simulateDns({ service, instances: three }), (e) => e.code === "INVALID_ARGUMENT" && /namespace/.test(e.message));
  assert.throws(() => simulateDns({ namespace, service, query: { type: "AXFR" } }), (e) => e.code === "INVALID_ARGUMENT");
  assert.throws(() => simulateDns(), (e) => e.code === "INVALID_ARGUMENT");
});

test("distribution: WEIGHTED spreads single answers over the healthy instances", () => {
  const weighted = { ...service, DnsConfig: { ...service.DnsConfig, RoutingPolicy: "WEIGHTED" } };
  const d = dnsDistribution({ namespace, service: weighted, instances: three, queries: 600, seed: 9 });
  assert.equal(d.queries, 600);
  const counts = Object.fromEntries(d.instances.map((i) => [i.instanceId, i.count]));
  assert.equal(counts.b, 0);
  assert.equal(counts.a + counts.c, 600);
  assert.ok(counts.a > 220 && counts.c > 220, JSON.stringify(counts));
});

test("discoverInstances: the API example's response shape", () => {
  const http = { Name: "example.com", Type: "HTTP" };
  const svc = { Id: "srv-1", Name: "myservice", Type: "HTTP" };
  const d = discoverInstances({
    namespace: http, service: svc,
    instances: [{ InstanceId: "myservice-53", Attributes: { AWS_INSTANCE_IPV4: "172.2.1.3", AWS_INSTANCE_PORT: "808" } }],
    request: { HealthStatus: "ALL", MaxResults: 10, NamespaceName: "example.com", ServiceName: "myservice" },
  });
  assert.equal(d.error, null);
  assert.deepEqual(d.response.Instances, [{
    InstanceId: "myservice-53", NamespaceName: "example.com", ServiceName: "myservice", HealthStatus: "UNKNOWN",
    Attributes: { AWS_INSTANCE_IPV4: "172.2.1.3", AWS_INSTANCE_PORT: "808" },
  }]);
  assert.equal(d.response.InstancesRevision, 1);
  const missing = discoverInstances({ namespace: http, service: svc, request: { NamespaceName: "nope", ServiceName: "myservice" } });
  assert.equal(missing.response, null);
  assert.equal(missing.error.code, "NamespaceNotFound");
});

test("previewResponse: OperationId format, records, create vs update", () => {
  const request = { ServiceId: service.Id, InstanceId: "myservice-53", Attributes: { AWS_INSTANCE_IPV4: "172.2.1.3", AWS_INSTANCE_PORT: "808" } };
  const p = previewResponse("RegisterInstance", request, { service, namespace, seed: 5 });
  assert.match(p.response.OperationId, /^[a-z0-9]{32}-[a-z0-9]{8}$/);
  assert.equal(p.change, "create");
  assert.deepEqual(p.records.map((r) => `${r.action} ${r.type} ${r.name} ${r.value}`), [
    "create A web.example.local. 172.2.1.3",
    "create SRV web.example.local. 1 1 808 myservice-53.web.example.local.",
    "create A myservice-53.web.example.local. 172.2.1.3",
  ]);
  assert.equal(p.healthCheck.type, "CUSTOM");
  const update = previewResponse("RegisterInstance", request, { service, namespace, instances: [request] });
  assert.equal(update.change, "update");
  assert.equal(update.healthCheck.action, "replace");
  const invalid = previewResponse("RegisterInstance", { ...request, Attributes: {} }, { service, namespace });
  assert.equal(invalid.response, null);
  assert.equal(invalid.error.code, "InvalidInput");
});

test("a key repeated in JSON text input is refused, with where it is", () => {
  const text = `{"namespace": ${JSON.stringify(namespace)}, "service": ${JSON.stringify(service)},
    "instances": [{"InstanceId": "a", "Attributes": {"AWS_INSTANCE_IPV4": "10.0.0.1", "AWS_INSTANCE_PORT": "8080", "AWS_INSTANCE_IPV4": "10.0.0.9"}}],
    "query": {"name": "web.example.local", "type": "A"}}`;
  assert.throws(() => simulateDns(text), (err) => {
    assert.equal(err.code, "INVALID_ARGUMENT");
    assert.match(err.message, /^At \/instances\/0\/Attributes\/AWS_INSTANCE_IPV4: The key "AWS_INSTANCE_IPV4" appears more than once/);
    return true;
  });
  // The same input without the repeat answers.
  assert.equal(simulateDns(text.replace(`, "AWS_INSTANCE_IPV4": "10.0.0.9"`, "")).rcode, "NOERROR");
  assert.throws(() => simulateDns("{\"namespace\": "), (err) => err.code === "INVALID_ARGUMENT" && /^Not valid JSON at line 1/.test(err.message) && !/Fix the syntax/.test(err.message));
});
