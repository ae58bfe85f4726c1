// Node side of the simulation benchmarks: the same workloads as core/benches/simulate.rs, through
// the npm package. Prints one JSON object.
import { dnsDistribution, simulateDns } from "muster-wasm";
import { dnsAtQuota } from "./workloads.mjs";

const input = dnsAtQuota();
// 100,000 queries in one call: the distribution runs every query through the simulator.
const warm = dnsDistribution({ ...input, queries: 1000, seed: 1 });
if (warm.instances.length !== 1000) throw new Error("workload did not register 1,000 instances");
// The best of three runs: one run alone swung by a third from run to run (GC and JIT timing).
let batchMs = Infinity;
for (let run = 0; run < 3; run++) {
  const start = process.hrtime.bigint();
  const result = dnsDistribution({ ...input, queries: 100000, seed: 7 });
  batchMs = Math.min(batchMs, Number(process.hrtime.bigint() - start) / 1e6);
  if (result.queries !== 100000) throw new Error("wrong query count");
}

// One query per call, the way a UI calls it: registry and zone are rebuilt each time.
const single = 200;
const t0 = process.hrtime.bigint();
for (let i = 0; i < single; i++) simulateDns({ ...input, seed: i });
const perCallMs = Number(process.hrtime.bigint() - t0) / 1e6 / single;

console.log(JSON.stringify({ dns100kQueriesMs: batchMs, simulateDnsCallAtQuotaMs: perCallMs }));
