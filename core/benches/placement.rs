//! Placement at the ECS quotas: a 5,000-task service planned on 5,000 container instances with
//! `[spread AZ, binpack memory]` and one memberOf constraint. Reads the workload the Node side
//! writes (`MUSTER_PLACEMENT_INPUT`, from tests/bench/workloads.mjs) so both run the same input;
//! prints one JSON object of figures (run by scripts/bench).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::time::Instant;

use serde_json::{json, Value};

fn main() {
    let path = std::env::var("MUSTER_PLACEMENT_INPUT").unwrap_or_else(|_| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../target/bench/placement-input.json"
        )
        .to_owned()
    });
    let input: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let warm = muster_core::api::plan_service(&input).unwrap();
    let placed = warm.placement.as_ref().unwrap().tasks.len();
    assert_eq!(placed, 5000, "the workload must place every task");
    // Best of five: the plan alone (as moto's run_task is timed), and with its JSON output.
    let runs = 5;
    let (mut plan_ms, mut with_json_ms) = (f64::MAX, f64::MAX);
    for _ in 0..runs {
        let start = Instant::now();
        let plan = muster_core::api::plan_service(std::hint::black_box(&input)).unwrap();
        plan_ms = plan_ms.min(start.elapsed().as_secs_f64() * 1000.0);
        std::hint::black_box(serde_json::to_string(&plan).unwrap());
        with_json_ms = with_json_ms.min(start.elapsed().as_secs_f64() * 1000.0);
    }
    println!(
        "{}",
        json!({"plan5000Ms": plan_ms, "plan5000WithJsonMs": with_json_ms, "placed": placed})
    );
}
