//! The service editor's own diagnostics: the service the shared context form builds, checked as
//! a GetService `Service` with its namespace, and each finding placed on its control.

use muster_core::pointer::Pointer;
use muster_core::{CallError, Diagnostic, Operation, Report};
use serde_json::json;

use super::context::{ContextForm, Record};

/// The control a service diagnostic belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ServiceTarget {
    /// The service as a whole: the editor's fieldset.
    Whole,
    NamespaceType,
    ServiceName,
    Routing,
    /// The record-type checkboxes (a bad combination, an empty list).
    Records,
    /// One record's TTL.
    Ttl(Record),
    Health,
}

impl ServiceTarget {
    /// The DOM id of the control that clicking the diagnostic focuses.
    pub fn control_id(self) -> String {
        match self {
            ServiceTarget::Whole => "svc-editor".to_owned(),
            ServiceTarget::NamespaceType => "svc-ns-type".to_owned(),
            ServiceTarget::ServiceName => "svc-name".to_owned(),
            ServiceTarget::Routing => "svc-routing".to_owned(),
            ServiceTarget::Records => "svc-records".to_owned(),
            ServiceTarget::Ttl(record) => format!("svc-ttl-{}", record.name()),
            ServiceTarget::Health => "svc-health".to_owned(),
        }
    }
}

/// Validates the service the form builds (Id from the builder's ServiceId), with the namespace
/// as context when a type is chosen.
pub fn check(form: &ContextForm, service_id: Option<&str>) -> Result<Report, CallError> {
    let service = form.service_value(service_id);
    let context = form.namespace_value().map(|ns| json!({"namespace": ns}));
    muster_core::validate(Operation::Service, &service, context.as_ref())
}

/// Maps a diagnostic's path in the service to its control. `DnsRecords/N` is the N-th checked
/// record type, in the order the form writes them.
pub fn target(diagnostic: &Diagnostic, form: &ContextForm) -> ServiceTarget {
    let Some(segments) = Pointer::parse_segments(&diagnostic.path) else {
        return ServiceTarget::Whole;
    };
    let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
    match segments.as_slice() {
        ["Name", ..] => ServiceTarget::ServiceName,
        ["DnsConfig", "RoutingPolicy", ..] => ServiceTarget::Routing,
        ["DnsConfig", "DnsRecords", index, rest @ ..] => {
            let record = index
                .parse::<usize>()
                .ok()
                .and_then(|i| form.records.iter().nth(i));
            match (record, rest) {
                (Some(record), ["TTL", ..]) => ServiceTarget::Ttl(record),
                _ => ServiceTarget::Records,
            }
        }
        ["DnsConfig", ..] if form.has_dns() => ServiceTarget::Records,
        // The service's Type, or DNS settings in an HTTP namespace: the namespace decides.
        ["Type" | "DnsConfig", ..] => ServiceTarget::NamespaceType,
        ["HealthCheckConfig" | "HealthCheckCustomConfig", ..] => ServiceTarget::Health,
        _ => ServiceTarget::Whole,
    }
}

/// Each diagnostic with its control, errors first.
pub fn place(report: &Report, form: &ContextForm) -> Vec<(ServiceTarget, Diagnostic)> {
    let mut placed: Vec<(ServiceTarget, Diagnostic)> = report
        .diagnostics
        .iter()
        .map(|d| (target(d, form), d.clone()))
        .collect();
    placed.sort_by_key(|(_, d)| d.severity);
    placed
}

/// Whether an error (not a warning) is about `control`.
pub fn invalid(placed: &[(ServiceTarget, Diagnostic)], control: ServiceTarget) -> bool {
    placed
        .iter()
        .any(|(t, d)| *t == control && d.severity == muster_core::Severity::Error)
}

/// The DOM id of the `index`th entry of the service's diagnostics list.
pub fn diagnostic_id(index: usize) -> String {
    format!("svc-diagnostic-{index}")
}

/// `aria-describedby` of a service control: its hint, then the diagnostics list entries about
/// it (the service's findings are listed under the editor, not next to each control).
pub fn described_by(
    placed: &[(ServiceTarget, Diagnostic)],
    control: ServiceTarget,
    hint_id: Option<&str>,
) -> Option<String> {
    let ids: Vec<String> = hint_id
        .map(str::to_owned)
        .into_iter()
        .chain(
            placed
                .iter()
                .enumerate()
                .filter(|(_, (t, _))| *t == control)
                .map(|(i, _)| diagnostic_id(i)),
        )
        .collect();
    (!ids.is_empty()).then(|| ids.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::context::{HealthCheck, NamespaceChoice, Records, Routing};

    #[test]
    fn controls_are_described_by_the_findings_about_them() {
        let mut form = ContextForm::default();
        form.ttls.set(Record::A, "soon".into());
        let placed = place(&check(&form, None).unwrap(), &form);
        let ttl = ServiceTarget::Ttl(Record::A);
        let index = placed.iter().position(|(t, _)| *t == ttl).unwrap();
        assert_eq!(described_by(&placed, ttl, None), Some(diagnostic_id(index)));
        assert_eq!(
            described_by(&placed, ServiceTarget::Health, Some("hint-svc-health")),
            Some("hint-svc-health".to_owned())
        );
        assert_eq!(described_by(&placed, ServiceTarget::Routing, None), None);
    }

    fn codes_at(form: &ContextForm) -> Vec<(&'static str, ServiceTarget)> {
        let report = check(form, Some("srv-p5zdwlg5uvvzjita")).unwrap();
        place(&report, form)
            .into_iter()
            .map(|(t, d)| (d.code, t))
            .collect()
    }

    #[test]
    fn the_seed_service_is_valid() {
        let report = check(&ContextForm::default(), Some("srv-p5zdwlg5uvvzjita")).unwrap();
        assert!(report.valid, "{:?}", report.diagnostics);
        assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    }

    #[test]
    fn findings_land_on_their_controls() {
        let mut form = ContextForm::default();
        form.ttls.set(Record::Srv, "-5".into());
        form.service_name = "-bad".into();
        let found = codes_at(&form);
        assert!(
            found.contains(&("CM103", ServiceTarget::Ttl(Record::Srv))),
            "{found:?}"
        );
        assert!(
            found.contains(&("CM101", ServiceTarget::ServiceName)),
            "{found:?}"
        );

        let cname = ContextForm {
            records: Records::of(&[Record::A, Record::Cname]),
            ..ContextForm::default()
        };
        let found = codes_at(&cname);
        assert!(
            found.contains(&("CM104", ServiceTarget::Records)),
            "{found:?}"
        );
        assert!(
            found.contains(&("CM102", ServiceTarget::Routing)),
            "{found:?}"
        );

        let private_route53 = ContextForm {
            health: HealthCheck::Http,
            ..ContextForm::default()
        };
        assert!(codes_at(&private_route53).contains(&("CM107", ServiceTarget::Health)));
        let public = ContextForm {
            health: HealthCheck::Http,
            routing: Routing::Weighted,
            namespace: NamespaceChoice::DnsPublic,
            ..ContextForm::default()
        };
        assert!(codes_at(&public).is_empty(), "{:?}", codes_at(&public));
    }

    #[test]
    fn a_ttl_that_is_not_a_number_is_a_type_error_on_that_ttl() {
        let mut form = ContextForm::default();
        form.ttls.set(Record::A, "soon".into());
        let found = codes_at(&form);
        assert_eq!(
            found.first().map(|f| f.1),
            Some(ServiceTarget::Ttl(Record::A)),
            "{found:?}"
        );
        let placed = place(&check(&form, None).unwrap(), &form);
        assert!(invalid(&placed, ServiceTarget::Ttl(Record::A)));
        assert!(!invalid(&placed, ServiceTarget::Ttl(Record::Srv)));
    }

    #[test]
    fn no_records_in_a_dns_namespace_points_at_the_records() {
        let form = ContextForm {
            records: Records::default(),
            ..ContextForm::default()
        };
        assert!(codes_at(&form).contains(&("CM104", ServiceTarget::Records)));
        assert_eq!(
            ServiceTarget::Ttl(Record::Aaaa).control_id(),
            "svc-ttl-AAAA"
        );
        assert_eq!(ServiceTarget::Whole.control_id(), "svc-editor");
    }
}
