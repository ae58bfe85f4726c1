//! Validation of a Cloud Map service: a CreateService request, or the `Service` a GetService
//! returns (what RegisterInstance and the simulators are checked against).

use serde_json::{Map, Value};

use super::model::NamespaceType;
use crate::diagnostics::{rules, Diagnostic, Rule};
use crate::pointer::Pointer;
use crate::shape::{check_enum, check_structure, typed, Kind, Member};

const CREATE_SERVICE: [Member; 9] = [
    Member::required("Name", Kind::String),
    Member::optional("NamespaceId", Kind::String),
    Member::optional("CreatorRequestId", Kind::String),
    Member::optional("Description", Kind::String),
    Member::optional("DnsConfig", Kind::Structure),
    Member::optional("HealthCheckConfig", Kind::Structure),
    Member::optional("HealthCheckCustomConfig", Kind::Structure),
    Member::optional("Tags", Kind::List),
    Member::optional("Type", Kind::String),
];

const SERVICE: [Member; 14] = [
    Member::optional("Id", Kind::String),
    Member::optional("Arn", Kind::String),
    Member::optional("ResourceOwner", Kind::String),
    Member::optional("Name", Kind::String),
    Member::optional("NamespaceId", Kind::String),
    Member::optional("Description", Kind::String),
    Member::optional("InstanceCount", Kind::Integer),
    Member::optional("DnsConfig", Kind::Structure),
    Member::optional("Type", Kind::String),
    Member::optional("HealthCheckConfig", Kind::Structure),
    Member::optional("HealthCheckCustomConfig", Kind::Structure),
    Member::optional("CreateDate", Kind::Timestamp),
    Member::optional("CreatorRequestId", Kind::String),
    Member::optional("CreatedByAccount", Kind::String),
];

const DNS_CONFIG: [Member; 3] = [
    Member::optional("NamespaceId", Kind::String),
    Member::optional("RoutingPolicy", Kind::String),
    Member::required("DnsRecords", Kind::List),
];
const DNS_RECORD: [Member; 2] = [
    Member::required("Type", Kind::String),
    Member::required("TTL", Kind::Long),
];
const HEALTH_CHECK: [Member; 3] = [
    Member::required("Type", Kind::String),
    Member::optional("ResourcePath", Kind::String),
    Member::optional("FailureThreshold", Kind::Integer),
];
const CUSTOM_HEALTH_CHECK: [Member; 1] = [Member::optional("FailureThreshold", Kind::Integer)];
const TAG: [Member; 2] = [
    Member::required("Key", Kind::String),
    Member::required("Value", Kind::String),
];

/// A note on a service Cloud Map would not have created as written (a TTL out of range, a
/// CNAME record with MULTIVALUE routing, a health check the namespace does not take, ...), for
/// what is checked or shown against it: muster follows the service as given and says so.
pub fn impossible_service_note(
    service: &Value,
    namespace: Option<NamespaceType>,
) -> Option<String> {
    let errors: Vec<_> = validate_service(service, ServiceShape::Service, namespace)
        .into_iter()
        .filter(|d| d.severity == crate::Severity::Error)
        .collect();
    let first = errors.first()?;
    Some(format!(
        "The service has {} (first: {} at {}), so Cloud Map would not have created it as written; what is shown here follows it as given.",
        crate::text::count(errors.len(), "error", "errors"),
        first.code,
        if first.path.is_empty() { "the service" } else { &first.path }
    ))
}

/// Which shape is being checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServiceShape {
    /// A CreateService request.
    CreateService,
    /// A `Service` as GetService returns it (or the whole `{"Service": ...}` output).
    Service,
}

/// Validates a service; `namespace` (its type), when known, enables the namespace rules.
pub fn validate_service(
    value: &Value,
    shape: ServiceShape,
    namespace: Option<NamespaceType>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let (members, what): (&[Member], &str) = match shape {
        ServiceShape::CreateService => (&CREATE_SERVICE, "CreateService"),
        ServiceShape::Service => (&SERVICE, "Service"),
    };
    let mut root = Pointer::root();
    let mut value = value;
    if shape == ServiceShape::Service {
        if let Some(inner) = value
            .as_object()
            .filter(|o| o.len() == 1)
            .and_then(|o| o.get("Service"))
        {
            value = inner;
            root = root.key("Service");
        }
    }
    let Some(object) = check_structure(value, &root, members, what, &mut out) else {
        return out;
    };

    if let Some(name) = typed(object, "Name", Kind::String).and_then(Value::as_str) {
        if let Some(problem) = service_name_problem(name) {
            out.push(Diagnostic::new(
                &rules::CM101,
                &root.key("Name"),
                format!("The service name {name:?} {problem}."),
            ));
        }
    }
    check_length(object, &root, "Description", 1024, &rules::CM114, &mut out);
    check_length(
        object,
        &root,
        "CreatorRequestId",
        64,
        &rules::CM114,
        &mut out,
    );
    // CreateService takes the namespace's ID or, for a namespace shared with the account, its
    // ARN (botocore `Arn`, up to 255); a service names its namespace by ID (`ResourceId`, 64).
    let namespace_max = match shape {
        ServiceShape::CreateService => 255,
        ServiceShape::Service => 64,
    };
    check_length(
        object,
        &root,
        "NamespaceId",
        namespace_max,
        &rules::CM114,
        &mut out,
    );
    if shape == ServiceShape::Service {
        let owned = ["Id", "Arn", "ResourceOwner", "CreatedByAccount"];
        check_output_members(object, &root, &owned, &rules::CM117, &mut out);
    }
    let service_type = typed(object, "Type", Kind::String).and_then(Value::as_str);
    if let Some(t) = service_type {
        let allowed: &[&str] = match shape {
            ServiceShape::CreateService => &["HTTP"],
            ServiceShape::Service => &["HTTP", "DNS_HTTP", "DNS"],
        };
        check_enum(t, allowed, "Type", &root.key("Type"), &mut out);
    }
    let records = check_dns_config(object, &root, &mut out);
    check_health_and_namespace(object, &root, &records, namespace, service_type, &mut out);
    if let Some(Value::Array(tags)) = typed(object, "Tags", Kind::List) {
        check_tags(tags, &root.key("Tags"), &mut out);
    }
    out
}

/// The health-check rules and the rules that depend on the namespace type.
fn check_health_and_namespace(
    object: &Map<String, Value>,
    root: &Pointer,
    records: &[&str],
    namespace: Option<NamespaceType>,
    service_type: Option<&str>,
    out: &mut Vec<Diagnostic>,
) {
    let has_dns = object.contains_key("DnsConfig");
    let health = typed(object, "HealthCheckConfig", Kind::Structure);
    if let Some(check) = health {
        check_health_check(check, &root.key("HealthCheckConfig"), out);
    }
    if let Some(custom) = typed(object, "HealthCheckCustomConfig", Kind::Structure) {
        let path = root.key("HealthCheckCustomConfig");
        if let Some(custom) = check_structure(
            custom,
            &path,
            &CUSTOM_HEALTH_CHECK,
            "HealthCheckCustomConfig",
            out,
        ) {
            if custom.contains_key("FailureThreshold") {
                out.push(Diagnostic::new(
                    &rules::CM113,
                    &path.key("FailureThreshold"),
                    "HealthCheckCustomConfig.FailureThreshold is deprecated and ignored: Cloud Map always uses 1 and acts about 30 seconds after UpdateInstanceCustomHealthStatus.",
                ));
            }
            // Ignored, but the API reference still gives it the range 1 to 10, and the model
            // (FailureThreshold, min 1, max 10) makes a value outside it a ValidationException.
            if let Some(n) = custom.get("FailureThreshold").and_then(Value::as_i64) {
                if !(1..=10).contains(&n) {
                    out.push(Diagnostic::new(
                        &rules::CM109,
                        &path.key("FailureThreshold"),
                        format!("HealthCheckCustomConfig.FailureThreshold is {n}; though ignored, it must be from 1 to 10, or the request is refused. Remove it."),
                    ));
                }
            }
        }
        if health.is_some() {
            out.push(Diagnostic::new(
                &rules::CM108,
                &path,
                "A service takes either HealthCheckConfig (a Route 53 check) or HealthCheckCustomConfig (your own), not both.",
            ));
        }
    }
    if health.is_some() && records.contains(&"CNAME") {
        out.push(Diagnostic::new(
            &rules::CM106,
            &root.key("HealthCheckConfig"),
            "A service with a CNAME record cannot have HealthCheckConfig (Cloud Map answers InvalidInput). Use HealthCheckCustomConfig or another record type.",
        ));
    }
    match namespace {
        Some(NamespaceType::DnsPrivate) if health.is_some() => out.push(Diagnostic::new(
            &rules::CM107,
            &root.key("HealthCheckConfig"),
            "Route 53 health checks reach only public endpoints, so HealthCheckConfig is for public DNS and HTTP namespaces. In a private namespace use HealthCheckCustomConfig.",
        )),
        Some(NamespaceType::Http) if has_dns => out.push(Diagnostic::new(
            &rules::CM111,
            &root.key("DnsConfig"),
            "HTTP namespaces have no DNS: instances are found only with DiscoverInstances. Remove DnsConfig.",
        )),
        _ => {}
    }
    if service_type == Some("HTTP") && has_dns {
        out.push(Diagnostic::new(
            &rules::CM111,
            &root.key("DnsConfig"),
            "Type HTTP makes the service discoverable only through the API, so it takes no DnsConfig.",
        ));
    }
}

/// Members only AWS's own output carries (GetService, GetNamespace), against the model:
/// `ResourceId` up to 64 characters, `Arn` 255, `ResourceDescription` 1,024, and `AWSAccountId`
/// exactly 12 digits. A pasted output that breaks them was edited or is not AWS's.
pub(crate) fn check_output_members(
    object: &Map<String, Value>,
    root: &Pointer,
    names: &[&str],
    rule: &Rule,
    out: &mut Vec<Diagnostic>,
) {
    for &name in names {
        let Some(text) = typed(object, name, Kind::String).and_then(Value::as_str) else {
            continue;
        };
        if !matches!(name, "ResourceOwner" | "CreatedByAccount") {
            let max = match name {
                "Arn" => 255,
                "Description" => 1024,
                _ => 64,
            };
            check_length(object, root, name, max, rule, out);
        } else if !crate::text::is_account_id(text) {
            out.push(Diagnostic::new(
                rule,
                &root.key(name),
                format!("{name} {text:?} is not a 12-digit AWS account ID."),
            ));
        }
    }
}

/// `name` has at most `max` characters; `rule` is the finding if not.
fn check_length(
    object: &Map<String, Value>,
    root: &Pointer,
    name: &str,
    max: usize,
    rule: &Rule,
    out: &mut Vec<Diagnostic>,
) {
    if let Some(text) = typed(object, name, Kind::String).and_then(Value::as_str) {
        let length = text.chars().count();
        if length > max {
            out.push(Diagnostic::new(
                rule,
                &root.key(name),
                format!("{name} is {length} characters long; the maximum is {max}."),
            ));
        }
    }
}

/// The DNS record types a service can list.
const RECORD_TYPES: [&str; 4] = ["A", "AAAA", "CNAME", "SRV"];

/// Checks DnsConfig; returns the record types it lists (valid ones only).
fn check_dns_config(
    object: &Map<String, Value>,
    root: &Pointer,
    out: &mut Vec<Diagnostic>,
) -> Vec<&'static str> {
    let mut types = Vec::new();
    let Some(config) = typed(object, "DnsConfig", Kind::Structure) else {
        return types;
    };
    let path = root.key("DnsConfig");
    let Some(config) = check_structure(config, &path, &DNS_CONFIG, "DnsConfig", out) else {
        return types;
    };
    if config.contains_key("NamespaceId") {
        out.push(Diagnostic::new(&rules::CM112, &path.key("NamespaceId"), "DnsConfig.NamespaceId is deprecated; give NamespaceId at the top level of the request instead."));
    }
    check_length(config, &path, "NamespaceId", 64, &rules::CM114, out);
    let routing = typed(config, "RoutingPolicy", Kind::String).and_then(Value::as_str);
    if let Some(r) = routing {
        check_enum(
            r,
            &["MULTIVALUE", "WEIGHTED"],
            "RoutingPolicy",
            &path.key("RoutingPolicy"),
            out,
        );
    }
    let Some(Value::Array(records)) = typed(config, "DnsRecords", Kind::List) else {
        return types;
    };
    let records_path = path.key("DnsRecords");
    for (i, record) in records.iter().enumerate() {
        let here = records_path.index(i);
        let Some(record) = check_structure(record, &here, &DNS_RECORD, "DnsRecord", out) else {
            continue;
        };
        if let Some(t) = typed(record, "Type", Kind::String).and_then(Value::as_str) {
            match RECORD_TYPES.into_iter().find(|k| *k == t) {
                Some(known) if types.contains(&known) => out.push(Diagnostic::new(
                    &rules::CM104,
                    &here.key("Type"),
                    format!(
                        "The {known} record is listed twice; each record type may appear once."
                    ),
                )),
                Some(known) => types.push(known),
                None => check_enum(t, &RECORD_TYPES, "Type", &here.key("Type"), out),
            }
        }
        if let Some(ttl) = record.get("TTL").and_then(Value::as_i64) {
            if !(0..=2_147_483_647).contains(&ttl) {
                out.push(Diagnostic::new(
                    &rules::CM103,
                    &here.key("TTL"),
                    format!("TTL is {ttl}; it must be from 0 to 2147483647 seconds."),
                ));
            }
        }
    }
    if records.is_empty() {
        out.push(Diagnostic::new(
            &rules::CM104,
            &records_path,
            "DnsRecords is empty; list at least one record type (A, AAAA, CNAME or SRV).",
        ));
    }
    let mut sorted = types.clone();
    crate::order::heap_sort_by(&mut sorted, |a, b| a < b);
    let combination = sorted.join("+");
    match combination.as_str() {
        "" | "A" | "AAAA" | "A+AAAA" | "SRV" | "A+SRV" | "CNAME" => {}
        "AAAA+SRV" | "A+AAAA+SRV" => out.push(Diagnostic::new(
            &rules::CM105,
            &records_path,
            format!("{combination} is not among the combinations AWS documents (A, AAAA, A+AAAA, SRV, A+SRV, CNAME); check that Cloud Map accepts it before relying on it."),
        )),
        _ => out.push(Diagnostic::new(
            &rules::CM104,
            &records_path,
            format!("The record types {combination} cannot be combined; a CNAME record stands alone. Valid: A, AAAA, A+AAAA, SRV, A+SRV, CNAME."),
        )),
    }
    if types.contains(&"CNAME") && routing != Some("WEIGHTED") {
        out.push(Diagnostic::new(
            &rules::CM102,
            &path.key("RoutingPolicy"),
            format!(
                "A CNAME record needs WEIGHTED routing, but the routing policy is {}.",
                routing.unwrap_or("MULTIVALUE (the default)")
            ),
        ));
    }
    types
}

fn check_health_check(check: &Value, path: &Pointer, out: &mut Vec<Diagnostic>) {
    let Some(check) = check_structure(check, path, &HEALTH_CHECK, "HealthCheckConfig", out) else {
        return;
    };
    let check_type = typed(check, "Type", Kind::String).and_then(Value::as_str);
    if let Some(t) = check_type {
        check_enum(t, &["HTTP", "HTTPS", "TCP"], "Type", &path.key("Type"), out);
    }
    if let Some(n) = check.get("FailureThreshold").and_then(Value::as_i64) {
        if !(1..=10).contains(&n) {
            out.push(Diagnostic::new(
                &rules::CM109,
                &path.key("FailureThreshold"),
                format!("FailureThreshold is {n}; it must be from 1 to 10."),
            ));
        }
    }
    if let Some(resource) = typed(check, "ResourcePath", Kind::String).and_then(Value::as_str) {
        let length = resource.chars().count();
        if check_type == Some("TCP") {
            out.push(Diagnostic::new(&rules::CM110, &path.key("ResourcePath"), "A TCP health check only opens a connection, so it takes no ResourcePath. Remove it, or use HTTP or HTTPS."));
        } else if length > 255 {
            out.push(Diagnostic::new(
                &rules::CM110,
                &path.key("ResourcePath"),
                format!("ResourcePath is {length} characters long; the maximum is 255."),
            ));
        }
    }
}

fn check_tags(tags: &[Value], path: &Pointer, out: &mut Vec<Diagnostic>) {
    if tags.len() > 200 {
        out.push(Diagnostic::new(
            &rules::CM115,
            path,
            format!(
                "There are {} tags; a resource can have at most 200.",
                tags.len()
            ),
        ));
    }
    let mut seen = std::collections::HashSet::new();
    for (i, tag) in tags.iter().enumerate() {
        let here = path.index(i);
        let Some(tag) = check_structure(tag, &here, &TAG, "Tag", out) else {
            continue;
        };
        if let Some(key) = typed(tag, "Key", Kind::String).and_then(Value::as_str) {
            if !seen.insert(key) {
                out.push(Diagnostic::new(
                    &rules::CM116,
                    &here.key("Key"),
                    format!("The tag key {key:?} is given twice; each key may appear once (AWS answers InvalidInput)."),
                ));
            }
            if key.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("aws:")) {
                out.push(Diagnostic::new(
                    &rules::CM116,
                    &here.key("Key"),
                    format!("The tag key {key:?} starts with aws:, which is reserved for AWS's own tags."),
                ));
            }
            let n = key.chars().count();
            if n == 0 || n > 128 {
                out.push(Diagnostic::new(
                    &rules::CM115,
                    &here.key("Key"),
                    format!("Tag keys have 1 to 128 characters; this one has {n}."),
                ));
            }
        }
        if let Some(value) = typed(tag, "Value", Kind::String).and_then(Value::as_str) {
            let n = value.chars().count();
            if n > 256 {
                out.push(Diagnostic::new(
                    &rules::CM115,
                    &here.key("Value"),
                    format!("Tag values have at most 256 characters; this one has {n}."),
                ));
            }
        }
    }
}

/// botocore `ServiceName`: 1-127 characters of dot-separated labels, each a single letter or
/// digit, or 2-63 of letters, digits, `-` and `_` that neither start nor end with `-`; or `.`.
pub(crate) fn service_name_problem(name: &str) -> Option<String> {
    if name == "." {
        return None;
    }
    let length = name.chars().count();
    if length == 0 || length > 127 {
        return Some(format!(
            "is {length} characters long; service names have 1 to 127"
        ));
    }
    for label in name.split('.') {
        let chars: Vec<char> = label.chars().collect();
        let edge_ok = |c: &char| c.is_ascii_alphanumeric() || *c == '_';
        let ok = match chars.as_slice() {
            [] => false,
            [only] => only.is_ascii_alphanumeric(),
            [first, middle @ .., last] => {
                chars.len() <= 63
                    && edge_ok(first)
                    && edge_ok(last)
                    && middle
                        .iter()
                        .all(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            }
        };
        if !ok {
            return Some(format!(
                "has the label {label:?}; labels are 1 to 63 letters, digits, '-' and '_', not starting or ending with '-'"
            ));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_names_follow_the_botocore_pattern() {
        for ok in [
            "web",
            "_http._tcp",
            "a",
            "my-service.v2",
            ".",
            "a_b",
            &"x".repeat(63),
        ] {
            assert_eq!(service_name_problem(ok), None, "{ok}");
        }
        for bad in [
            "",
            "-web",
            "web-",
            "a..b",
            "we b",
            &"x".repeat(64),
            &"a.".repeat(64),
        ] {
            assert!(service_name_problem(bad).is_some(), "{bad}");
        }
    }
}
