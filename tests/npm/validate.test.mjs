// The package's ES module entry in Node, imported by name through its exports map.
import { test } from "node:test";
import assert from "node:assert/strict";
import init, { validate, rules, operations, version } from "muster-wasm";
import { loadFixtures, findings, expectedFindings } from "./fixtures.mjs";

const SRV_CONTEXT = {
  service: { Id: "srv-p5zdwlg5uvvzjita", DnsConfig: { RoutingPolicy: "MULTIVALUE", DnsRecords: [{ Type: "A", TTL: 60 }, { Type: "SRV", TTL: 60 }] } },
  namespace: { Type: "DNS_PRIVATE", Name: "example.local" },
};
const SEED = {
  ServiceId: "srv-p5zdwlg5uvvzjita",
  InstanceId: "myservice-53",
  CreatorRequestId: "7a48a98a-72e6-4849-bfa7-1a458e030d7b",
  Attributes: { AWS_INSTANCE_IPV4: "172.2.1.3", AWS_INSTANCE_PORT: "808" },
};

test("the seed example is valid against its service", () => {
  const report = validate("RegisterInstance", SEED, SRV_CONTEXT);
  assert.deepEqual(report, { valid: true, diagnostics: [] });
});

test("a missing port is an error with pointer, message and docs", () => {
  const request = { ...SEED, Attributes: { AWS_INSTANCE_IPV4: "172.2.1.3" } };
  const report = validate("RegisterInstance", request, SRV_CONTEXT);
  assert.equal(report.valid, false);
  assert.equal(report.diagnostics.length, 1);
  const [d] = report.diagnostics;
  assert.equal(d.code, "CM024");
  assert.equal(d.severity, "error");
  assert.equal(d.path, "/Attributes");
  assert.match(d.message, /AWS_INSTANCE_PORT is required/);
  assert.match(d.docs, /^https:\/\/docs\.aws\.amazon\.com\//);
});

test("JSON text and objects are equivalent, for request and context", () => {
  const request = { ...SEED, InstanceId: "bad id" };
  const a = validate("RegisterInstance", request, SRV_CONTEXT);
  const b = validate("RegisterInstance", JSON.stringify(request), JSON.stringify(SRV_CONTEXT));
  assert.deepEqual(a, b);
  assert.deepEqual(findings(a), ["CM003 /InstanceId"]);
});

test("malformed JSON is a finding with line and column, not a throw", () => {
  const report = validate("RegisterInstance", '{\n  "ServiceId": "srv-1",\n  oops\n}');
  assert.equal(report.valid, false);
  assert.equal(report.diagnostics[0].code, "JSON001");
  assert.match(report.diagnostics[0].message, /line 3, column 3/);
});

test("without context the service rules are reported as not checked", () => {
  const report = validate("RegisterInstance", SEED);
  assert.equal(report.valid, true);
  assert.deepEqual(findings(report), ["CM090 "]);
});

test("unusable calls throw an Error with a code", () => {
  assert.throws(() => validate("RegisterInstanceX", SEED), (e) => e instanceof Error && e.code === "UNKNOWN_OPERATION" && /Did you mean RegisterInstance/.test(e.message));
  assert.throws(() => validate("RegisterInstance", SEED, "{oops"), (e) => e instanceof Error && e.code === "INVALID_CONTEXT");
  assert.throws(() => validate("RegisterInstance", SEED, { service: { DnsConfig: { DnsRecords: [{ Type: "MX", TTL: 1 }] } } }), (e) => e.code === "INVALID_CONTEXT");
  assert.throws(() => validate("RegisterInstance"), (e) => e.code === "INVALID_ARGUMENT");
  const cyclic = { ...SEED };
  cyclic.self = cyclic;
  assert.throws(() => validate("RegisterInstance", cyclic), (e) => e.code === "INVALID_ARGUMENT");
});

test("outputs are plain JSON-compatible objects", () => {
  const report = validate("RegisterInstance", { ServiceId: 1 });
  assert.equal(Object.getPrototypeOf(report), Object.prototype);
  assert.deepEqual(JSON.parse(JSON.stringify(report)), report);
  for (const d of report.diagnostics) {
    assert.deepEqual(Object.keys(d).sort(), ["code", "docs", "message", "path", "severity"]);
  }
});

test("rules(), operations(), version() and a no-op init", async () => {
  await init();
  const table = rules();
  assert.ok(table.length >= 35);
  assert.equal(new Set(table.map((r) => r.code)).size, table.length);
  for (const r of table) assert.ok(["error", "warning", "info"].includes(r.severity) && r.summary && r.docs.startsWith("https://"));
  const ops = operations();
  for (const op of ["RegisterInstance", "CreateService", "Service", "DiscoverInstances"]) assert.ok(ops.includes(op), op);
  assert.equal(new Set(ops).size, ops.length);
  assert.match(version(), /^\d+\.\d+\.\d+$/);
});

test("the fixture corpus gives the same findings through the package as in Rust", () => {
  const fixtures = loadFixtures("register-instance");
  assert.ok(fixtures.length > 50);
  for (const f of fixtures) {
    const report = validate(f.operation, f.requestText ?? f.request, f.context ?? null);
    assert.deepEqual(findings(report), expectedFindings(f), f.name);
    assert.equal(report.valid, !report.diagnostics.some((d) => d.severity === "error"), f.name);
  }
});

test("a report reads the same whatever characters its paths and messages hold", () => {
  // Keys Cloud Map refuses, holding U+001F (the separator of the report's fields inside the
  // package), other controls, quotes and non-ASCII: each comes back whole, at its own path.
  const keys = ["a\u001fb", "tab\there", "quote\"\u00e9", "caf\u00e9\u2028", "x\u001f"];
  const attributes = { AWS_INSTANCE_IPV4: "172.2.1.3", AWS_INSTANCE_PORT: "808" };
  for (const key of keys) attributes[key] = "";
  const report = validate("RegisterInstance", { ...SEED, Attributes: attributes }, SRV_CONTEXT);
  for (const key of keys) {
    const at = report.diagnostics.filter((d) => d.path === `/Attributes/${key}`);
    assert.ok(at.length > 0, `a finding at /Attributes/${JSON.stringify(key)}`);
  }
  for (const d of report.diagnostics) {
    assert.deepEqual(Object.keys(d), ["code", "severity", "path", "message", "docs"]);
    assert.match(d.code, /^[A-Z]+[0-9]+$/);
    assert.ok(["error", "warning", "info"].includes(d.severity));
  }
  // Without the separator the same keys still read whole.
  const plain = validate("RegisterInstance", { ...SEED, Attributes: { ...attributes, "a\u001fb": undefined, "x\u001f": undefined } }, SRV_CONTEXT);
  assert.ok(plain.diagnostics.some((d) => d.path === "/Attributes/caf\u00e9\u2028"));
  assert.equal(plain.valid, false);
});
