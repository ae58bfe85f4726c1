//! Runs the shared fixture corpus (`tests/fixtures/<operation>/*.json`): each fixture names the
//! exact set of `(code, path)` findings the request must produce. The npm tests run the same
//! corpus through the wasm package, so both surfaces give the same answers.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures")
}

struct Fixture {
    name: String,
    body: Value,
}

fn load(operation_dir: &str) -> Vec<Fixture> {
    let dir = fixtures_root().join(operation_dir);
    let mut fixtures: Vec<Fixture> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| {
            let path = entry.unwrap().path();
            let text = fs::read_to_string(&path).unwrap();
            Fixture {
                name: format!(
                    "{operation_dir}/{}",
                    path.file_stem().unwrap().to_string_lossy()
                ),
                body: serde_json::from_str(&text)
                    .unwrap_or_else(|e| panic!("{}: {e}", path.display())),
            }
        })
        .collect();
    fixtures.sort_by(|a, b| a.name.cmp(&b.name));
    assert!(!fixtures.is_empty(), "no fixtures in {}", dir.display());
    fixtures
}

fn run(fixture: &Fixture) -> muster_core::Report {
    let body = &fixture.body;
    let operation = body["operation"].as_str().unwrap();
    let text = match body.get("requestText") {
        Some(Value::String(t)) => t.clone(),
        _ => body["request"].to_string(),
    };
    let context = body.get("context").map(Value::to_string);
    muster_core::validate_text(operation, &text, context.as_deref()).unwrap()
}

fn expected(fixture: &Fixture) -> BTreeSet<(String, String)> {
    fixture.body["expect"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["code"].as_str().unwrap().to_owned(),
                e["path"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// Every fixture folder under tests/fixtures, one per operation.
fn all_fixtures() -> Vec<Fixture> {
    let mut dirs: Vec<String> = fs::read_dir(fixtures_root())
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    dirs.sort();
    dirs.iter().flat_map(|d| load(d)).collect()
}

#[test]
fn fixtures_produce_exactly_their_findings() {
    let mut failures = Vec::new();
    for fixture in all_fixtures() {
        let report = run(&fixture);
        let actual: BTreeSet<(String, String)> = report
            .diagnostics
            .iter()
            .map(|d| (d.code.to_owned(), d.path.clone()))
            .collect();
        let want = expected(&fixture);
        if actual != want {
            failures.push(format!(
                "{}:\n  expected {want:?}\n  actual   {actual:?}\n  {:#?}",
                fixture.name, report.diagnostics
            ));
        }
        let has_error = report
            .diagnostics
            .iter()
            .any(|d| d.severity == muster_core::Severity::Error);
        assert_eq!(report.valid, !has_error, "{}", fixture.name);
    }
    assert!(
        failures.is_empty(),
        "{} fixture(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_rule_has_a_fixture() {
    let covered: BTreeSet<String> = all_fixtures()
        .iter()
        .flat_map(|f| expected(f).into_iter().map(|(code, _)| code))
        .collect();
    let missing: Vec<&str> = muster_core::rules()
        .iter()
        .map(|r| r.code)
        .filter(|c| !covered.contains(*c))
        .collect();
    assert!(missing.is_empty(), "rules without a fixture: {missing:?}");
}

#[test]
fn messages_snapshot() {
    let mut rendered = String::new();
    for fixture in all_fixtures() {
        let _ = writeln!(rendered, "## {}", fixture.name);
        for d in run(&fixture).diagnostics {
            let _ = writeln!(
                rendered,
                "{} {} {:?}: {}",
                d.severity.as_str(),
                d.code,
                d.path,
                d.message
            );
        }
    }
    insta::assert_snapshot!("fixture_messages", rendered);
}
