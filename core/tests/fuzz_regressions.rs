//! Every input saved under fuzz/regressions/<target>/ (crashes the fuzzer found, once fixed, and
//! seeds worth keeping) runs through its target on the stable toolchain, so a fix stays fixed.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::time::{Duration, Instant};

use muster_core::robustness::{run_target, TARGETS};

#[test]
fn saved_fuzz_inputs_still_pass() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/regressions");
    let mut ran = 0;
    for target in TARGETS {
        let dir = root.join(target);
        assert!(dir.is_dir(), "no regression folder for {target}");
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            {
                continue;
            }
            let data = std::fs::read(&path).unwrap();
            let start = Instant::now();
            run_target(target, &data);
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "{} took {:?}",
                path.display(),
                start.elapsed()
            );
            ran += 1;
        }
    }
    assert!(ran >= TARGETS.len(), "only {ran} saved inputs");
}
