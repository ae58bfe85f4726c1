//! The builder's state and transitions as plain Rust, free of Leptos, tested natively.

pub mod agent;
pub mod cluster;
pub mod container;
pub mod context;
pub mod display;
pub mod embed;
pub mod examples;
pub mod export;
pub mod findings;
pub mod hints;
pub mod placement;
pub mod registry;
pub mod request;
pub mod route;
pub mod scenario;
pub mod service;
pub mod simulate;
pub mod source;
pub mod theme;

use muster_core::{CallError, Diagnostic, Report};

pub use context::ContextForm;
pub use findings::{Part, Target};
pub use request::{Edit, EditError, Field, FormNotice, FormState, RequestForm};
pub use route::View;

/// The operation this page builds.
pub const OPERATION: &str = "RegisterInstance";

/// Validates the request text against the context form.
pub fn check(text: &str, context: &ContextForm) -> Result<Report, CallError> {
    let service_id = request::service_id(text);
    let context_json = context.to_json(service_id.as_deref());
    muster_core::validate_text(OPERATION, text, context_json.as_deref())
}

/// Each diagnostic with its place in the form: errors first, then warnings, then infos, each
/// group in the report's (path) order.
pub fn place(report: &Report, form: &RequestForm) -> Vec<(Target, Diagnostic)> {
    let keys = form.keys();
    let mut placed: Vec<(Target, Diagnostic)> = report
        .diagnostics
        .iter()
        .map(|d| (findings::target(d, &keys), d.clone()))
        .collect();
    placed.sort_by_key(|(_, d)| d.severity);
    placed
}

#[cfg(test)]
mod tests {
    use super::*;
    use request::{apply, parse_form, seed_text};

    fn codes(report: &Report) -> Vec<&'static str> {
        report.diagnostics.iter().map(|d| d.code).collect()
    }

    #[test]
    fn the_seed_is_valid_against_the_seed_context() {
        let report = check(&seed_text(), &ContextForm::default()).unwrap();
        assert!(report.valid, "{:?}", report.diagnostics);
        assert!(!codes(&report).contains(&"CM090"));
    }

    #[test]
    fn a_bad_instance_id_is_cm003_on_the_instance_id_field() {
        let text = apply(
            &seed_text(),
            &Edit::SetField(Field::InstanceId, "bad id!".into()),
        )
        .unwrap();
        let report = check(&text, &ContextForm::default()).unwrap();
        assert!(!report.valid);
        let placed = place(&report, &parse_form(&text).unwrap());
        assert!(placed
            .iter()
            .any(|(t, d)| d.code == "CM003" && *t == Target::Field(Field::InstanceId)));
    }

    #[test]
    fn removing_the_port_with_an_srv_record_is_cm024_on_the_attributes_section() {
        let text = apply(&seed_text(), &Edit::RemoveAttribute(1)).unwrap();
        let report = check(&text, &ContextForm::default()).unwrap();
        let placed = place(&report, &parse_form(&text).unwrap());
        assert!(
            placed
                .iter()
                .any(|(t, d)| d.code == "CM024" && *t == Target::Attributes),
            "{placed:?}"
        );
        // Without the SRV record the port is not needed.
        let no_srv = ContextForm {
            records: context::Records::of(&[context::Record::A]),
            ..ContextForm::default()
        };
        assert!(!codes(&check(&text, &no_srv).unwrap()).contains(&"CM024"));
    }

    #[test]
    fn invalid_json_is_json001_at_the_top() {
        let report = check("{\"ServiceId\": ", &ContextForm::default()).unwrap();
        assert_eq!(codes(&report), ["JSON001"]);
        let placed = place(&report, &RequestForm::default());
        assert_eq!(placed[0].0, Target::Top);
    }

    #[test]
    fn placed_diagnostics_put_errors_first() {
        let text = apply(
            &seed_text(),
            &Edit::SetField(Field::InstanceId, "bad id!".into()),
        )
        .unwrap();
        let text = apply(
            &text,
            &Edit::SetAttributeValue {
                index: 1,
                value: "0808".into(),
            },
        )
        .unwrap();
        let report = check(&text, &ContextForm::default()).unwrap();
        // The core orders by path, so the port warning comes before the InstanceId error.
        assert_eq!(codes(&report), ["CM017", "CM003"]);
        let placed = place(&report, &parse_form(&text).unwrap());
        let order: Vec<&str> = placed.iter().map(|(_, d)| d.code).collect();
        assert_eq!(order, ["CM003", "CM017"]);
    }

    #[test]
    fn without_a_service_the_context_rules_are_skipped() {
        let context = ContextForm {
            without_service: true,
            ..ContextForm::default()
        };
        let text = apply(&seed_text(), &Edit::RemoveAttribute(1)).unwrap();
        let report = check(&text, &context).unwrap();
        assert!(report.valid);
        assert!(codes(&report).contains(&"CM090"));
    }

    #[test]
    fn the_context_service_id_follows_the_request() {
        let text = apply(
            &seed_text(),
            &Edit::SetField(Field::ServiceId, "srv-abcdefabcdefabcd".into()),
        )
        .unwrap();
        let report = check(&text, &ContextForm::default()).unwrap();
        assert!(
            !codes(&report).contains(&"CM031"),
            "{:?}",
            report.diagnostics
        );
    }
}
