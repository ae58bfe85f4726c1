// The validation benchmark corpus: RegisterInstance and RegisterContainerInstance requests, valid
// and invalid mixed (each invalid one has one mistake botocore can see, or one only muster checks),
// generated from a fixed seed so every tool in the benchmark validates the same requests.
export const CORPUS_SIZE = 100000;

function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

function registerInstance(r, i) {
  const attributes = { AWS_INSTANCE_IPV4: `10.${i & 255}.${(i >> 8) & 255}.${(i % 250) + 1}`, AWS_INSTANCE_PORT: String(1024 + (i % 60000)) };
  const custom = Math.floor(r() * 6);
  for (let k = 0; k < custom; k++) attributes[`stage_${k}`] = `value-${i}-${k}`;
  return { ServiceId: "srv-p5zdwlg5uvvzjita", InstanceId: `task-${i.toString(36)}`, CreatorRequestId: `req-${i}`, Attributes: attributes };
}

function registerContainerInstance(r, i) {
  return {
    cluster: "prod",
    instanceIdentityDocument: JSON.stringify({ instanceId: `i-${i.toString(16).padStart(17, "0")}`, region: "us-east-1", availabilityZone: "us-east-1a", instanceType: "c5.xlarge" }),
    totalResources: [
      { name: "CPU", type: "INTEGER", integerValue: 4096 },
      { name: "MEMORY", type: "INTEGER", integerValue: 7482 },
      { name: "PORTS", type: "STRINGSET", stringSetValue: ["22", "2375", "2376", "51678", "51679"] },
      { name: "PORTS_UDP", type: "STRINGSET", stringSetValue: [] },
    ],
    versionInfo: { agentVersion: "1.80.0", agentHash: "abc123", dockerVersion: "DockerVersion: 25.0.0" },
    attributes: [{ name: "ecs.os-type", value: "linux" }, { name: "stack", value: r() < 0.5 ? "prod" : "dev" }],
    tags: [{ key: "team", value: "payments" }],
  };
}

// Mistakes botocore's ParamValidator reports (types, required members, unknown members, enums).
const shapeMistakes = {
  RegisterInstance: [
    (q) => { delete q.InstanceId; },
    (q) => { q.Attributes = "AWS_INSTANCE_IPV4=1.2.3.4"; },
    (q) => { q.Attributes.AWS_INSTANCE_PORT = 8080; },
    (q) => { q.ServiceName = q.ServiceId; },
  ],
  RegisterContainerInstance: [
    (q) => { q.totalResources[0].integerValue = "4096"; },
    (q) => { q.attributes = [{ value: "x" }]; },
    (q) => { q.tags = {}; },
    (q) => { q.Cluster = q.cluster; },
  ],
};
// Mistakes only muster reports (lengths, patterns, cross-field rules).
const ruleMistakes = {
  RegisterInstance: [
    (q) => { q.InstanceId = "bad id with spaces"; },
    (q) => { q.Attributes.AWS_INSTANCE_IPV4 = "10.0.0.300"; },
    (q) => { q.Attributes.AWS_INSTANCE_PORT = "70000"; },
    (q) => { q.Attributes.AWS_INIT_HEALTH_STATUS = "SICK"; },
  ],
  RegisterContainerInstance: [
    (q) => { q.totalResources[1].integerValue = -5; },
    (q) => { q.totalResources.push({ name: "CPU", type: "INTEGER", integerValue: 1 }); },
    (q) => { q.attributes.push({ name: "stack", value: "prod" }); },
    (q) => { q.tags.push({ key: "aws:team", value: "x" }); },
  ],
};

/** [{ operation, request }] */
export function validationCorpus(size = CORPUS_SIZE) {
  const r = rng(2026);
  const out = [];
  for (let i = 0; i < size; i++) {
    const operation = i % 2 === 0 ? "RegisterInstance" : "RegisterContainerInstance";
    const request = operation === "RegisterInstance" ? registerInstance(r, i) : registerContainerInstance(r, i);
    const roll = r();
    const pick = (list) => list[Math.floor(r() * list.length)];
    if (roll < 0.2) pick(shapeMistakes[operation])(request);
    else if (roll < 0.4) pick(ruleMistakes[operation])(request);
    out.push({ operation, request });
  }
  return out;
}

/** The largest valid RegisterInstance: 30 custom attributes, about 5,000 characters. */
export function largestRegisterInstance() {
  const Attributes = { AWS_INSTANCE_IPV4: "172.2.1.3", AWS_INSTANCE_PORT: "808" };
  for (let k = 0; k < 30; k++) Attributes[`custom_attribute_${String(k).padStart(2, "0")}`] = `v${k}-`.padEnd(140, "x");
  return { ServiceId: "srv-p5zdwlg5uvvzjita", InstanceId: "i-0123456789abcdef0", CreatorRequestId: "2019-01-01T00:00:00Z", Attributes };
}

// JSON Schemas of the same shapes, written from botocore's service models (required members,
// types, max/min lengths, patterns, enums, no unknown members), for AJV.
const str = (extra = {}) => ({ type: "string", ...extra });
export const schemas = {
  RegisterInstance: {
    type: "object",
    additionalProperties: false,
    required: ["ServiceId", "InstanceId", "Attributes"],
    properties: {
      ServiceId: str({ maxLength: 255 }),
      InstanceId: str({ maxLength: 64, pattern: "^[0-9a-zA-Z_/:.@-]+$" }),
      CreatorRequestId: str({ maxLength: 64 }),
      Attributes: {
        type: "object",
        propertyNames: { maxLength: 255, pattern: "^[a-zA-Z0-9!-~]+$" },
        additionalProperties: str({ maxLength: 1024, pattern: "^([a-zA-Z0-9!-~][ \\ta-zA-Z0-9!-~]*){0,1}[a-zA-Z0-9!-~]{0,1}$" }),
      },
    },
  },
  RegisterContainerInstance: {
    type: "object",
    additionalProperties: false,
    properties: {
      cluster: str(), instanceIdentityDocument: str(), instanceIdentityDocumentSignature: str(), containerInstanceArn: str(),
      totalResources: { type: "array", items: { type: "object", additionalProperties: false, properties: {
        name: str(), type: str(), doubleValue: { type: "number" }, longValue: { type: "integer" }, integerValue: { type: "integer" },
        stringSetValue: { type: "array", items: str() } } } },
      versionInfo: { type: "object", additionalProperties: false, properties: { agentVersion: str(), agentHash: str(), dockerVersion: str() } },
      attributes: { type: "array", items: { type: "object", additionalProperties: false, required: ["name"], properties: {
        name: str(), value: str(), targetType: { enum: ["container-instance"] }, targetId: str() } } },
      platformDevices: { type: "array", items: { type: "object", additionalProperties: false, required: ["id", "type"], properties: {
        id: str(), type: { enum: ["GPU", "NEURON_DEVICE"] } } } },
      tags: { type: "array", maxItems: 50, items: { type: "object", additionalProperties: false, properties: {
        key: str({ minLength: 1, maxLength: 128, pattern: "^[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*$" }),
        value: str({ maxLength: 256, pattern: "^[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*$" }) } } },
    },
  },
};
