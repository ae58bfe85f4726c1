// Hostile input through the npm package: huge, deep, malformed and invisible input to every
// exported function. Each call returns a finding or throws the package's Error with a `code`
// (never a wasm trap, never a hang), in time that grows linearly with the input. The bounds are
// loose on purpose: they catch a quadratic blow-up or a hang, not a slow or busy machine.
import { test } from "node:test";
import assert from "node:assert/strict";

// The panic hook reports through console.error: record every call for the whole file. The module
// is imported after the spy is in place so nothing it logs is missed.
const consoleErrors = [];
const originalConsoleError = console.error;
console.error = (...args) => {
  consoleErrors.push(args.map(String).join(" "));
  originalConsoleError(...args);
};
const muster = await import("muster-wasm");
const {
  validate, previewResponse, simulateDns, dnsDistribution, discoverInstances, agentRequest, simulateCluster,
  simulatePlacement, planService, parseClusterQuery, exportRequest, importRequest,
} = muster;

const ERROR_CODES = ["UNKNOWN_OPERATION", "INVALID_CONTEXT", "INVALID_ARGUMENT", "INVALID_REQUEST", "UNSUPPORTED_FORMAT", "IMPORT_FAILED"];
const MB = 1024 * 1024;

const CONTEXT = {
  service: { Id: "srv-p5zdwlg5uvvzjita", Name: "web", DnsConfig: { RoutingPolicy: "MULTIVALUE", DnsRecords: [{ Type: "A", TTL: 60 }, { Type: "SRV", TTL: 60 }] } },
  namespace: { Name: "example.local", Type: "DNS_PRIVATE" },
};
const ADDRESS = { AWS_INSTANCE_IPV4: "10.0.0.1", AWS_INSTANCE_PORT: "80" };
const request = (attributes, extra = {}) => ({ ServiceId: "srv-p5zdwlg5uvvzjita", InstanceId: "i-1", Attributes: attributes, ...extra });
/** RegisterInstance JSON text with the members given as JSON text. */
const requestText = (attributes) => `{"ServiceId": "srv-p5zdwlg5uvvzjita", "InstanceId": "i-1", "Attributes": {${attributes}}}`;

const codes = (report) => [...new Set(report.diagnostics.map((d) => d.code))].sort();
const check = (request, context = CONTEXT) => validate("RegisterInstance", request, context);

/** Runs `work`, returns [result, milliseconds]. */
function timed(work) {
  const start = performance.now();
  const result = work();
  return [result, performance.now() - start];
}

/** Runs `work` and asserts it took less than `ms`. */
function within(ms, work, what = "the call") {
  const [result, took] = timed(work);
  assert.ok(took < ms, `${what} took ${took.toFixed(0)} ms (limit ${ms} ms)`);
  return result;
}

/**
 * Runs `work(n)` and `work(4 * n)` and asserts the larger one is not much more than four times
 * slower: linear work is ~4x, quadratic ~16x. A floor absorbs the noise of very short runs.
 */
function linear(work, n, what) {
  work(n); // warm up the code paths and grow the wasm memory once
  const [, small] = timed(() => work(n));
  const [, large] = timed(() => work(4 * n));
  assert.ok(large < 10 * small + 300, `${what}: n=${n} took ${small.toFixed(0)} ms, 4n took ${large.toFixed(0)} ms`);
  return { small, large };
}

/** Asserts `work` throws the package's Error with one of the documented codes. */
function throwsCode(work, expected, what = "the call") {
  let thrown;
  try {
    work();
  } catch (e) {
    thrown = e;
  }
  assert.ok(thrown !== undefined, `${what} should throw`);
  assert.ok(thrown instanceof Error, `${what} threw ${thrown}`);
  assert.ok(!(thrown instanceof WebAssembly.RuntimeError), `${what} trapped: ${thrown.message}`);
  assert.ok(ERROR_CODES.includes(thrown.code), `${what} threw code ${thrown.code}: ${thrown.message}`);
  if (expected) assert.equal(thrown.code, expected, `${what}: ${thrown.message}`);
  assert.ok(thrown.message.length > 0);
  return thrown;
}

/** Either a result or the package's Error with a code; never a trap. */
function answersOrThrowsCode(work, what) {
  try {
    return work();
  } catch (e) {
    assert.ok(e instanceof Error && !(e instanceof WebAssembly.RuntimeError), `${what} trapped: ${e}`);
    assert.ok(ERROR_CODES.includes(e.code), `${what} threw code ${e.code}: ${e.message}`);
    return e;
  }
}

function deepObject(depth) {
  let value = {};
  for (let i = 0; i < depth; i++) value = { x: value };
  return value;
}
function deepArray(depth) {
  let value = [];
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}
const DEEP_TEXT = "[".repeat(100_000) + "]".repeat(100_000);

const ARN = "arn:aws:ecs:us-east-1:123456789012:container-instance/prod";
const containerInstance = (i, attributes = []) => ({
  containerInstanceArn: `${ARN}/${i}`,
  remainingResources: [{ name: "CPU", type: "INTEGER", integerValue: 1024 }, { name: "MEMORY", type: "INTEGER", integerValue: 1024 }],
  attributes,
});
const TASK_DEFINITION = { containerDefinitions: [{ name: "c", cpu: 1, memory: 1 }] };
const DNS_INPUT = { namespace: CONTEXT.namespace, service: CONTEXT.service, instances: [{ InstanceId: "a", Attributes: ADDRESS, HealthStatus: "HEALTHY" }], query: { name: "web.example.local", type: "A" }, seed: 1 };
const DISCOVER_INPUT = { namespace: { Name: "example.local", Type: "HTTP" }, service: CONTEXT.service, instances: DNS_INPUT.instances, request: { NamespaceName: "example.local", ServiceName: "web" }, seed: 1 };

test("a 50 MB request is answered in seconds, as text and as an object", () => {
  const blob = "a".repeat(50 * MB);
  const text = requestText(`"AWS_INSTANCE_IPV4": "10.0.0.1", "AWS_INSTANCE_PORT": "80", "blob": "${blob}"`);
  // Value too long, attributes too large in total.
  assert.deepEqual(codes(within(10_000, () => check(text), "50 MB of JSON text")), ["CM006", "CM008"]);
  assert.deepEqual(codes(within(10_000, () => check(request({ ...ADDRESS, blob })), "a 50 MB object")), ["CM006", "CM008"]);
  within(10_000, () => throwsCode(() => exportRequest("RegisterInstance", text, "cli"), "INVALID_REQUEST"), "exporting 50 MB");
  const preview = within(10_000, () => previewResponse("RegisterInstance", text, CONTEXT), "previewing 50 MB");
  assert.ok(preview && typeof preview === "object");
  const imported = within(15_000, () => importRequest(`aws servicediscovery register-instance --service-id srv-1 --instance-id ${"x".repeat(50 * MB)}`), "importing a 50 MB command");
  assert.equal(imported.request.InstanceId.length, 50 * MB);
  assert.equal(check(imported.request).diagnostics.find((d) => d.path === "/InstanceId")?.code, "CM003");
});

test("request size: validation, preview and import grow linearly", () => {
  const of = (n) => requestText(`"AWS_INSTANCE_IPV4": "10.0.0.1", "AWS_INSTANCE_PORT": "80", "blob": "${"a".repeat(n)}"`);
  linear((n) => check(of(n)), 2 * MB, "validate");
  linear((n) => previewResponse("RegisterInstance", of(n), CONTEXT), 2 * MB, "previewResponse");
  linear((n) => importRequest(of(n)), 2 * MB, "importRequest of JSON");
  linear((n) => importRequest(`aws servicediscovery register-instance --service-id srv-1 --instance-id ${"x".repeat(n)}`), 2 * MB, "importRequest of a command");
});

test("JSON text nested 100,000 deep is a syntax finding or an INVALID_ARGUMENT, never a stack overflow", () => {
  const report = within(2_000, () => check(requestText(`"x": ${DEEP_TEXT}`)));
  assert.deepEqual(codes(report), ["JSON001"]);
  assert.match(report.diagnostics[0].message, /recursion limit/);
  assert.deepEqual(codes(check(DEEP_TEXT)), ["JSON001"]);
  throwsCode(() => check(request(ADDRESS), `{"service": ${DEEP_TEXT}}`), "INVALID_CONTEXT", "a deep context");
  const wrapped = (key) => `{"${key}": ${DEEP_TEXT}}`;
  const calls = {
    previewResponse: () => previewResponse("RegisterInstance", DEEP_TEXT, CONTEXT),
    simulateDns: () => simulateDns(wrapped("instances")),
    dnsDistribution: () => dnsDistribution(wrapped("instances")),
    discoverInstances: () => discoverInstances(wrapped("request")),
    agentRequest: () => agentRequest(wrapped("attributes")),
    simulateCluster: () => simulateCluster(`{"operation": "RegisterContainerInstance", "request": ${DEEP_TEXT}}`),
    simulatePlacement: () => simulatePlacement(wrapped("containerInstances")),
    planService: () => planService(wrapped("service")),
    exportRequest: () => exportRequest("RegisterInstance", DEEP_TEXT, "cli"),
    "exportRequest options": () => exportRequest("RegisterInstance", request(ADDRESS), "cli", wrapped("region")),
  };
  for (const [name, call] of Object.entries(calls)) within(2_000, () => throwsCode(call, "INVALID_ARGUMENT", name), name);
  within(2_000, () => throwsCode(() => importRequest(DEEP_TEXT), "IMPORT_FAILED", "importRequest"));
  within(2_000, () => throwsCode(() => importRequest(`aws servicediscovery register-instance --attributes '${DEEP_TEXT}'`), undefined, "importRequest of a command"));
});

test("JS objects nested 100,000 deep throw INVALID_ARGUMENT through every entry point", () => {
  const deep = deepObject(100_000);
  const deepList = deepArray(100_000);
  const calls = {
    validate: () => check(request({ ...ADDRESS, x: deep })),
    "validate context": () => check(request(ADDRESS), { service: deep }),
    previewResponse: () => previewResponse("RegisterInstance", request({ x: deepList }), CONTEXT),
    simulateDns: () => simulateDns({ ...DNS_INPUT, instances: deepList }),
    dnsDistribution: () => dnsDistribution({ ...DNS_INPUT, queries: 10, service: deep }),
    discoverInstances: () => discoverInstances({ ...DISCOVER_INPUT, request: deep }),
    agentRequest: () => agentRequest({ instanceType: "m5.large", attributes: deepList }),
    simulateCluster: () => simulateCluster({ operation: "RegisterContainerInstance", request: deep }),
    simulatePlacement: () => simulatePlacement({ containerInstances: [containerInstance(1)], taskDefinition: deep, count: 1 }),
    planService: () => planService({ cluster: [containerInstance(1)], taskDefinition: TASK_DEFINITION, service: deep }),
    exportRequest: () => exportRequest("RegisterInstance", request({ x: deep }), "cli"),
  };
  for (const [name, call] of Object.entries(calls)) {
    const e = within(2_000, () => throwsCode(call, "INVALID_ARGUMENT", name), name);
    assert.match(e.message, /cannot be written as JSON/, name);
  }
});

test("a million attributes: every finding, in linear time", () => {
  const attributes = (n) => {
    const out = {};
    for (let i = 0; i < n; i++) out[`k${i}`] = "v";
    return out;
  };
  const million = request(attributes(1_000_000));
  // Too many custom attributes, too large in total, and the A record has no address or port.
  const expected = ["CM007", "CM008", "CM020", "CM023", "CM024"];
  assert.deepEqual(codes(within(60_000, () => check(million), "a million attributes")), expected);
  assert.deepEqual(codes(within(60_000, () => check(JSON.stringify(million)), "a million attributes as text")), expected);
  linear((n) => check(JSON.stringify(request(attributes(n)))), 62_500, "validate by attribute count");
  linear((n) => importRequest(JSON.stringify(request(attributes(n)))), 62_500, "importRequest by attribute count");
  throwsCode(() => exportRequest("RegisterInstance", million, "boto3"), "INVALID_REQUEST");
});

test("numbers: 1e400, -0, Infinity, \"NaN\", 2^53+1", () => {
  assert.deepEqual(codes(check(requestText(`"AWS_INSTANCE_PORT": 1e400`))), ["JSON001"]);
  assert.match(check(requestText(`"AWS_INSTANCE_PORT": 1e400`)).diagnostics[0].message, /out of range/);
  // Numbers where AWS wants strings: a type finding, whatever the number.
  assert.deepEqual(codes(check(requestText(`"AWS_INSTANCE_IPV4": "10.0.0.1", "AWS_INSTANCE_PORT": -0`))), ["REQ003"]);
  assert.deepEqual(codes(check(request({ AWS_INSTANCE_IPV4: "10.0.0.1", AWS_INSTANCE_PORT: -0 }))), ["REQ003"]);
  // JSON.stringify writes Infinity and NaN as null.
  assert.deepEqual(codes(check(request({ AWS_INSTANCE_IPV4: "10.0.0.1", AWS_INSTANCE_PORT: Infinity }))), ["REQ003"]);
  assert.deepEqual(codes(check(request({ AWS_INSTANCE_IPV4: "10.0.0.1", AWS_INSTANCE_PORT: NaN }))), ["REQ003"]);
  assert.deepEqual(codes(check(request({ AWS_INSTANCE_IPV4: "10.0.0.1", AWS_INSTANCE_PORT: "NaN" }))), ["CM011"]);
  assert.deepEqual(codes(check(request({ AWS_INSTANCE_IPV4: "10.0.0.1", AWS_INSTANCE_PORT: "9007199254740993" }))), ["CM011"]);
  assert.deepEqual(codes(check(requestText(`"AWS_INSTANCE_IPV4": "10.0.0.1", "AWS_INSTANCE_PORT": 9007199254740993`))), ["REQ003"]);
  // In an integer member, -0 is 0 (as Python's json and JSON.stringify read it); -0.0 is a float.
  const desired = (count) => `{"serviceName": "web", "taskDefinition": "web:1", "desiredCount": ${count}}`;
  assert.equal(validate("CreateService", desired("-0")).valid, true);
  assert.equal(validate("CreateService", { serviceName: "web", taskDefinition: "web:1", desiredCount: -0 }).valid, true);
  assert.deepEqual(codes(validate("CreateService", desired("-0.0"))), ["REQ003"]);
  const service = `{"Name": "web", "DnsConfig": {"DnsRecords": [{"Type": "A", "TTL": 9007199254740993}]}}`;
  assert.deepEqual(codes(validate("CreateService", service)), ["CM103"]);
  // A BigInt cannot be written as JSON.
  throwsCode(() => check(request({ ...ADDRESS, big: 2n ** 64n })), "INVALID_ARGUMENT");

  // Seeds, counts and TTLs in the simulators.
  throwsCode(() => simulateDns(`{"namespace": ${JSON.stringify(CONTEXT.namespace)}, "service": ${JSON.stringify(CONTEXT.service)}, "instances": [], "seed": 9007199254740993}`), "INVALID_ARGUMENT");
  throwsCode(() => simulateDns(`{"namespace": ${JSON.stringify(CONTEXT.namespace)}, "service": ${JSON.stringify(CONTEXT.service)}, "instances": [], "seed": 1e400}`), "INVALID_ARGUMENT");
  for (const seed of [-0, "NaN", -1, 0.5, Infinity]) answersOrThrowsCode(() => simulateDns({ ...DNS_INPUT, seed }), `seed ${String(seed)}`);
  for (const queries of [-1, 1e400, 2 ** 53 + 1, "NaN", 1e12]) {
    within(5_000, () => answersOrThrowsCode(() => dnsDistribution({ ...DNS_INPUT, queries }), `queries ${queries}`), `queries ${queries}`);
  }
  for (const count of [-0, -1, 1e300, 2 ** 53 + 1, "NaN"]) {
    within(5_000, () => answersOrThrowsCode(() => simulatePlacement({ containerInstances: [containerInstance(1)], taskDefinition: TASK_DEFINITION, count }), `count ${count}`), `count ${count}`);
  }
  within(5_000, () => answersOrThrowsCode(() => planService({ cluster: [containerInstance(1)], taskDefinition: TASK_DEFINITION, service: { serviceName: "web", desiredCount: 1e20 } }), "desiredCount 1e20"));
  const maxResults = discoverInstances({ ...DISCOVER_INPUT, request: { NamespaceName: "example.local", ServiceName: "web", MaxResults: 2 ** 53 + 1 } });
  assert.ok(maxResults && typeof maxResults === "object");
  answersOrThrowsCode(() => simulateCluster({ operation: "RegisterContainerInstance", request: { cluster: "prod", totalResources: [{ name: "CPU", type: "INTEGER", integerValue: 2 ** 53 + 1 }, { name: "MEMORY", type: "INTEGER", integerValue: -0 }] } }), "simulateCluster numbers");
});

test("duplicate keys in JSON text are a JSON003 error", () => {
  const report = check(`{"ServiceId": "srv-p5zdwlg5uvvzjita", "ServiceId": "srv-other", "InstanceId": "i-1", "Attributes": {"AWS_INSTANCE_IPV4": "10.0.0.1", "AWS_INSTANCE_PORT": "80"}}`);
  assert.equal(report.valid, false);
  assert.ok(codes(report).includes("JSON003"), JSON.stringify(report));
  const attributes = check(requestText(`"AWS_INSTANCE_IPV4": "10.0.0.1", "AWS_INSTANCE_PORT": "80", "AWS_INSTANCE_PORT": "81"`));
  assert.ok(codes(attributes).includes("JSON003"));
  assert.equal(attributes.valid, false);
  // Many duplicates stay linear.
  linear((n) => check(requestText(Array.from({ length: n }, () => `"k": "v"`).join(","))), 25_000, "duplicate keys");
  for (const text of [`{"a": 1, "a": 2}`, `{"operation": "RegisterContainerInstance", "operation": "DeregisterContainerInstance", "request": {}}`]) {
    answersOrThrowsCode(() => simulateCluster(text), "simulateCluster duplicates");
    answersOrThrowsCode(() => importRequest(text), "importRequest duplicates");
  }
});

test("lone surrogates from JS: in requests a JSON finding that names them, elsewhere INVALID_ARGUMENT", () => {
  // In an object, JSON.stringify escapes a lone surrogate (\ud800), which is not valid JSON.
  for (const [what, req] of [
    ["value", request({ ...ADDRESS, k: "\uD800" })],
    ["key", request({ ...ADDRESS, ["k\uD800"]: "v" })],
    ["trailing surrogate", request({ ...ADDRESS, k: "a\uDC00b" })],
    ["InstanceId", request(ADDRESS, { InstanceId: "\uDFFF" })],
  ]) {
    assert.deepEqual(codes(check(req)), ["JSON001"], what);
  }
  assert.deepEqual(codes(check(requestText(`"k": "\\ud800"`))), ["JSON001"]);
  // In JSON text, a raw lone surrogate is named as one, where it is (not as U+FFFD, which the
  // user never wrote).
  const value = check(requestText(`"AWS_INSTANCE_IPV4": "10.0.0.1", "AWS_INSTANCE_PORT": "80", "k": "\uD800"`));
  assert.deepEqual(codes(value), ["JSON001"]);
  assert.match(value.diagnostics[0].message, /surrogate/);
  assert.doesNotMatch(value.diagnostics[0].message, /U\+FFFD/);
  const key = check(requestText(`"AWS_INSTANCE_IPV4": "10.0.0.1", "AWS_INSTANCE_PORT": "80", "k\uDC00": "v"`));
  assert.deepEqual(codes(key), ["JSON001"]);
  assert.match(key.diagnostics[0].message, /surrogate/);
  // Long text is read another way (encoded whole, then looked at again only when it holds
  // U+FFFD): a lone surrogate there is named all the same, and a real U+FFFD stays itself.
  const long = "x".repeat(2000);
  const far = check(requestText(`"AWS_INSTANCE_IPV4": "10.0.0.1", "pad": "${long}", "k": "\uD800"`));
  assert.deepEqual(codes(far), ["JSON001"]);
  assert.match(far.diagnostics[0].message, /surrogate/);
  const replacement = check(requestText(`"AWS_INSTANCE_IPV4": "10.0.0.1", "pad": "${long}", "k": "\uFFFD"`));
  assert.ok(codes(replacement).includes("CM006"), JSON.stringify(replacement.diagnostics));
  assert.match(replacement.diagnostics.find((d) => d.code === "CM006").message, /U\+FFFD/);
  // In the context, the operation name and every other entry point.
  throwsCode(() => check(request(ADDRESS), { service: { Id: "\uD800" } }), "INVALID_CONTEXT");
  throwsCode(() => validate("RegisterInstance\uD800", request(ADDRESS)), "UNKNOWN_OPERATION");
  const lone = { x: "\uD800", ["\uDC00"]: 1 };
  const calls = {
    previewResponse: () => previewResponse("RegisterInstance", request({ ...ADDRESS, ...lone }), CONTEXT),
    simulateDns: () => simulateDns({ ...DNS_INPUT, query: { name: "web\uD800.example.local", type: "A" } }),
    dnsDistribution: () => dnsDistribution({ ...DNS_INPUT, queries: 5, instances: [{ InstanceId: "\uD800", Attributes: ADDRESS }] }),
    discoverInstances: () => discoverInstances({ ...DISCOVER_INPUT, request: { NamespaceName: "example.local", ServiceName: "web", QueryParameters: lone } }),
    agentRequest: () => agentRequest({ instanceType: "m5.large\uD800" }),
    simulateCluster: () => simulateCluster({ operation: "RegisterContainerInstance", request: { cluster: "prod", attributes: [{ name: "\uD800", value: "\uDC00" }] } }),
    simulatePlacement: () => simulatePlacement({ containerInstances: [containerInstance(1, [{ name: "stack", value: "\uD800" }])], taskDefinition: TASK_DEFINITION, count: 1 }),
    planService: () => planService({ cluster: [containerInstance(1)], taskDefinition: TASK_DEFINITION, service: { serviceName: "web\uD800", desiredCount: 1 } }),
    exportRequest: () => exportRequest("RegisterInstance", request({ ...ADDRESS, ...lone }), "cli", { allowInvalid: true }),
  };
  for (const [name, call] of Object.entries(calls)) throwsCode(call, "INVALID_ARGUMENT", name);
  // Strings that reach the package directly arrive with U+FFFD.
  assert.equal(importRequest(`{"ServiceId": "\uD800", "InstanceId": "i-1"}`).request.ServiceId, "\uFFFD");
  throwsCode(() => importRequest(`{"ServiceId": "\\ud800"}`), "IMPORT_FAILED");
  throwsCode(() => importRequest("{}", "\uD800"), "INVALID_ARGUMENT");
  throwsCode(() => exportRequest("RegisterInstance", request(ADDRESS), "cli\uD800"), "INVALID_ARGUMENT");
  const parsed = parseClusterQuery("attribute:a\uD800 == b");
  assert.equal(parsed.valid, false);
  assert.match(parsed.error.message, /cannot appear in an attribute name/);
  assert.equal(parseClusterQuery("attribute:a == \uD800").valid, true);
});

test("NUL bytes, right-to-left and zero-width characters are named in the findings", () => {
  const nul = check(request({ ...ADDRESS, nul: "a\0b" }, { InstanceId: "i-\0" }));
  assert.deepEqual(codes(nul), ["CM003", "CM006"]);
  assert.ok(nul.diagnostics.every((d) => /U\+0000/.test(d.message)), JSON.stringify(nul));
  const invisible = check(request({ ...ADDRESS, "zero\u200Bwidth": "v", rtl: "a\u202Eb", "\u2067isolate": "\uFEFF" }, { InstanceId: "i-\u202E1" }));
  assert.deepEqual(codes(invisible), ["CM003", "CM005", "CM006"]);
  const messages = invisible.diagnostics.map((d) => d.message).join("\n");
  for (const name of ["U+200B", "U+202E", "U+2067", "U+FEFF"]) assert.ok(messages.includes(name), `${name} in\n${messages}`);
  // The same through the JSON text, and in the other entry points.
  assert.deepEqual(codes(check(JSON.stringify(request({ ...ADDRESS, "zero\u200Bwidth": "v", rtl: "a\u202Eb" })))), ["CM005", "CM006"]);
  const ecs = validate("RegisterContainerInstance", { cluster: "prod\u0000\u202E", attributes: [{ name: "stack\u200B", value: "a\u202Eb" }] });
  assert.equal(ecs.valid, false);
  const hostileNames = { Name: "example\u202E.local\u0000", Type: "DNS_PRIVATE" };
  answersOrThrowsCode(() => simulateDns({ ...DNS_INPUT, namespace: hostileNames, query: { name: "web\u200B.example.local", type: "A" } }), "simulateDns names");
  answersOrThrowsCode(() => discoverInstances({ ...DISCOVER_INPUT, namespace: { ...hostileNames, Type: "HTTP" }, request: { NamespaceName: "example\u202E.local", ServiceName: "web\u0000", QueryParameters: { "\u200B": "\u0000" } } }), "discoverInstances names");
  answersOrThrowsCode(() => previewResponse("RegisterInstance", request({ ...ADDRESS, "\u202E": "\u0000" }), CONTEXT), "previewResponse names");
  answersOrThrowsCode(() => simulateCluster({ operation: "RegisterContainerInstance", request: { cluster: "a\u0000\u202E", attributes: [{ name: "\u200B", value: "\u0000" }] } }), "simulateCluster names");
  answersOrThrowsCode(() => planService({ cluster: [containerInstance(1)], taskDefinition: TASK_DEFINITION, service: { serviceName: "\u0000\u202E", desiredCount: 1 } }), "planService names");
  // An export of an invalid request is refused; when forced, the invisible characters stay escaped or quoted.
  throwsCode(() => exportRequest("RegisterInstance", request({ ...ADDRESS, rtl: "a\u202Eb'$(id)\"\0" }), "cli"), "INVALID_REQUEST");
  for (const format of ["cli", "boto3", "js-sdk-v3", "cloudformation-yaml", "terraform", "curl", "powershell"]) {
    const out = answersOrThrowsCode(() => exportRequest("RegisterInstance", request({ ...ADDRESS, rtl: "a\u202Eb'$(id)\"\0" }), format, { allowInvalid: true }), format);
    if (!(out instanceof Error)) assert.equal(typeof out.text, "string", format);
  }
  const imported = importRequest("aws servicediscovery register-instance --service-id srv-1 --instance-id 'i-\u202E\u200B' --attributes AWS_INSTANCE_IPV4=10.0.0.1");
  assert.equal(imported.request.InstanceId, "i-\u202E\u200B");
  answersOrThrowsCode(() => importRequest("aws servicediscovery register-instance --service-id 'srv-1\0"), "importRequest NUL");
});

test("JSON text reaches the core unchanged whatever its characters and wherever they start", () => {
  // Text is written to wasm memory sized for ASCII first, and the rest re-encoded when a wider
  // character does not fit: try each width after ASCII runs of many lengths, short and long.
  for (const wide of ["é", "中", "🙂", "\u0001", "é🙂中"]) {
    for (const prefix of [0, 1, 2, 7, 100, 255, 256, 257, 1000, 3000]) {
      const pad = Object.fromEntries(Array.from({ length: Math.ceil(prefix / 1000) }, (_, i) => [`pad${i}`, "a".repeat(Math.min(1000, prefix - i * 1000))]));
      const note = wide.repeat(3) + "z";
      const text = JSON.stringify(request({ ...ADDRESS, ...pad, note }));
      assert.deepEqual(importRequest(text).request.Attributes.note, note, `${prefix} + ${JSON.stringify(wide)}`);
      const finding = validate("RegisterInstance", text).diagnostics.find((d) => d.path === "/Attributes/note");
      const first = wide.codePointAt(0).toString(16).toUpperCase().padStart(4, "0");
      assert.ok(finding?.message.includes(`U+${first}`), `${prefix} + ${JSON.stringify(wide)}: ${finding?.message}`);
    }
  }
});

test("10,000-character cluster query expressions are refused at once, directly and in placement", () => {
  const shapes = {
    long: `attribute:a == ${"x".repeat(10_000)}`,
    parentheses: `${"(".repeat(5_000)}attribute:a == b${")".repeat(5_000)}`,
    chain: Array(600).fill("attribute:a == b").join(" and "),
    nots: `${"not ".repeat(2_500)}attribute:a == b`,
    list: `attribute:a in [${Array(3_500).fill("xx").join(",")}]`,
    regex: `attribute:a =~ ${"(a+)+".repeat(2_000)}`,
  };
  for (const [name, expression] of Object.entries(shapes)) {
    assert.ok(expression.length >= 10_000, name);
    const parsed = within(1_000, () => parseClusterQuery(expression), name);
    assert.equal(parsed.valid, false, name);
    assert.match(parsed.error.message, /2000/, name);
    const constraint = [{ type: "memberOf", expression }];
    const plan = within(2_000, () => simulatePlacement({ containerInstances: [containerInstance(1)], taskDefinition: TASK_DEFINITION, count: 1, placementConstraints: constraint }), name);
    assert.equal(plan.valid, false, name);
    assert.ok(plan.diagnostics.some((d) => d.code === "PL009" && d.path === "/placementConstraints/0/expression"), `${name}: ${JSON.stringify(plan.diagnostics)}`);
    const service = within(2_000, () => planService({ cluster: [containerInstance(1)], taskDefinition: TASK_DEFINITION, service: { serviceName: "web", desiredCount: 1, placementConstraints: constraint } }), name);
    assert.equal(service.valid, false, name);
    assert.ok(service.diagnostics.some((d) => d.code === "PL009"), name);
  }
  // Just under the limit, the worst shapes still answer quickly.
  for (const expression of [`${"(".repeat(990)}attribute:a == b${")".repeat(990)}`, `${"not ".repeat(490)}attribute:a == b`, Array(99).fill("attribute:a == b").join(" or ")]) {
    assert.ok(expression.length <= 2_000);
    const parsed = within(1_000, () => parseClusterQuery(expression));
    assert.equal(typeof parsed.valid, "boolean");
    within(2_000, () => simulatePlacement({ containerInstances: [containerInstance(1)], taskDefinition: TASK_DEFINITION, count: 1, placementConstraints: [{ type: "memberOf", expression }] }));
  }
  throwsCode(() => parseClusterQuery({ expression: "x" }), "INVALID_ARGUMENT");
  throwsCode(() => parseClusterQuery(undefined), "INVALID_ARGUMENT");
});

test("catastrophic-backtracking regexes in =~ run in linear time during placement", () => {
  const expression = "attribute:stack =~ (a+)+$ or attribute:stack =~ (a|aa)*b or attribute:stack =~ (.*a){20}";
  const place = (n) => {
    const value = `${"a".repeat(n)}!`;
    const instances = Array.from({ length: 50 }, (_, i) => containerInstance(i, [{ name: "stack", value }]));
    return simulatePlacement({ containerInstances: instances, taskDefinition: TASK_DEFINITION, count: 10, placementConstraints: [{ type: "memberOf", expression }] });
  };
  const plan = within(20_000, () => place(2_000), "placement with backtracking regexes");
  assert.equal(plan.tasks.length, 0);
  assert.equal(plan.failures.length, 10);
  assert.match(plan.failures[0].reason, /MemberOf placement constraint unsatisfied/);
  const { small, large } = linear(place, 1_000, "regex matching by value length");
  assert.ok(large < 20_000, `4n took ${large} ms`);
  assert.ok(small >= 0);
  // The same through planService and in a distinctInstance/memberOf mix.
  const service = within(20_000, () => planService({
    cluster: Array.from({ length: 20 }, (_, i) => containerInstance(i, [{ name: "stack", value: `${"a".repeat(2_000)}!` }])),
    taskDefinition: TASK_DEFINITION,
    service: { serviceName: "web", desiredCount: 5, placementConstraints: [{ type: "distinctInstance" }, { type: "memberOf", expression }] },
  }), "planService with backtracking regexes");
  assert.ok(service && typeof service === "object");
});

test("wrong types everywhere are findings or coded errors", () => {
  const values = [null, undefined, 0, -0, "", "null", "[]", "{}", [], {}, true, Symbol("s"), () => 1, new Date(0), new Map([[1, 2]]), new Uint8Array(4)];
  const entryPoints = {
    validate: (v) => validate("RegisterInstance", v),
    "validate context": (v) => validate("RegisterInstance", request(ADDRESS), v),
    previewResponse: (v) => previewResponse("RegisterInstance", v),
    simulateDns, dnsDistribution, discoverInstances, agentRequest, simulateCluster, simulatePlacement, planService,
    parseClusterQuery,
    exportRequest: (v) => exportRequest("RegisterInstance", v, "cli"),
    "exportRequest options": (v) => exportRequest("RegisterInstance", request(ADDRESS), "cli", v),
  };
  for (const [name, call] of Object.entries(entryPoints)) {
    for (const v of values) answersOrThrowsCode(() => call(v), `${name}(${typeof v === "symbol" ? "symbol" : String(v)})`);
  }
});

test("the panic hook never fired and the module still answers", () => {
  const panics = consoleErrors.filter((line) => /panicked/.test(line));
  assert.deepEqual(panics, [], "the wasm panic hook reported a panic");
  // A trap would leave the module unusable: a normal call still answers.
  assert.deepEqual(check(request(ADDRESS)), { valid: true, diagnostics: [] });
  assert.equal(parseClusterQuery("attribute:ecs.instance-type =~ t2.*").valid, true);
  assert.equal(simulateDns(DNS_INPUT).rcode, "NOERROR");
  console.error = originalConsoleError;
});
