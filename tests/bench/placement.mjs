// Node side of the placement benchmark: the same 5,000-instance, 5,000-task service plan as
// core/benches/placement.rs, through the npm package. Writes the shared workload to the path given
// (the native and moto benchmarks read it) and prints one JSON object.
import { writeFileSync } from "node:fs";
import { planService } from "muster-wasm";
import { placementAtQuota, PLACEMENT_TASKS } from "./workloads.mjs";

const input = placementAtQuota();
if (process.argv[2]) writeFileSync(process.argv[2], JSON.stringify(input));
const warm = planService(input);
if (warm.placement.tasks.length !== PLACEMENT_TASKS) throw new Error("the workload must place every task");
let best = Infinity;
for (let run = 0; run < 5; run++) {
  const start = process.hrtime.bigint();
  planService(input);
  best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
}
console.log(JSON.stringify({ plan5000Ms: best }));
