//! Validation throughput natively: every request of the shared corpus (written by
//! tests/bench/validate.mjs to `MUSTER_VALIDATION_CORPUS`, JSON lines) validated from its JSON
//! text, as the other tools in the benchmark do. Prints one JSON object.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::time::Instant;

use serde_json::{json, Value};

fn main() {
    let path = std::env::var("MUSTER_VALIDATION_CORPUS").unwrap_or_else(|_| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../target/bench/validation-corpus.jsonl"
        )
        .to_owned()
    });
    let corpus: Vec<(String, String)> = std::fs::read_to_string(&path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let item: Value = serde_json::from_str(line).unwrap();
            (
                item["operation"].as_str().unwrap().to_owned(),
                item["request"].to_string(),
            )
        })
        .collect();
    let run = || {
        corpus
            .iter()
            .filter(|(op, text)| !muster_core::validate_text(op, text, None).unwrap().valid)
            .count()
    };
    let invalid = run();
    let mut best = f64::MAX;
    for _ in 0..3 {
        let start = Instant::now();
        std::hint::black_box(run());
        best = best.min(start.elapsed().as_secs_f64() * 1000.0);
    }
    println!(
        "{}",
        json!({"nativeMs": best, "nativeInvalid": invalid, "requests": corpus.len()})
    );
}
