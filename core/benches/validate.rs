//! Validation throughput natively: every request of the shared corpus (written by
//! tests/bench/validate.mjs to `MUSTER_VALIDATION_CORPUS`, JSON lines) validated from its JSON
//! text, as AJV in Node does (with JSON.parse), and from requests parsed beforehand, as botocore
//! is handed them. Prints one JSON object.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::time::Instant;

use muster_core::Operation;
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
    // botocore is handed parsed requests (Python dicts), so also time the checks alone, on
    // requests parsed beforehand.
    let parsed: Vec<(Operation, Value)> = corpus
        .iter()
        .map(|(op, text)| (op.parse().unwrap(), serde_json::from_str(text).unwrap()))
        .collect();
    let run_parsed = || {
        parsed
            .iter()
            .filter(|(op, request)| !muster_core::validate(*op, request, None).unwrap().valid)
            .count()
    };
    let invalid = run();
    assert_eq!(run_parsed(), invalid, "text and parsed requests must agree");
    println!(
        "{}",
        json!({"nativeMs": best_of_three(run), "nativeParsedMs": best_of_three(run_parsed),
            "nativeInvalid": invalid, "requests": corpus.len()})
    );
}

/// The best of three timed runs, in milliseconds.
fn best_of_three(run: impl Fn() -> usize) -> f64 {
    let mut best = f64::MAX;
    for _ in 0..3 {
        let start = Instant::now();
        std::hint::black_box(run());
        best = best.min(start.elapsed().as_secs_f64() * 1000.0);
    }
    best
}
