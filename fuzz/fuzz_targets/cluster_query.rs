//! Fuzz target `cluster_query`: see muster_core::robustness.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    muster_core::robustness::run_target("cluster_query", data);
});
