// ES module entry for Node: the CommonJS build loads its wasm synchronously, so no init is needed.
// `init`/`initSync` exist so code written for the browser build runs unchanged in Node.
import muster from "./muster_wasm.js";

export const {
  validate, previewResponse, simulateDns, dnsDistribution, discoverInstances,
  agentRequest, instanceTypes, simulateCluster, exportRequest, exportFormats, importRequest,
  rules, operations, version,
} = muster;

export default async function init() {}
export function initSync() {}
