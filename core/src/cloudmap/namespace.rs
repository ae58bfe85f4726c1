//! Validation of a Cloud Map namespace as GetNamespace returns it (the context of the others).

use serde_json::Value;

use super::service::check_output_members;
use crate::diagnostics::{rules, Diagnostic};
use crate::pointer::Pointer;
use crate::shape::{check_enum, check_structure, typed, Kind, Member};

const NAMESPACE: [Member; 10] = [
    Member::optional("Id", Kind::String),
    Member::optional("Arn", Kind::String),
    Member::optional("ResourceOwner", Kind::String),
    Member::required("Name", Kind::String),
    Member::required("Type", Kind::String),
    Member::optional("Description", Kind::String),
    Member::optional("ServiceCount", Kind::Integer),
    Member::optional("Properties", Kind::Structure),
    Member::optional("CreateDate", Kind::Timestamp),
    Member::optional("CreatorRequestId", Kind::String),
];
const PROPERTIES: [Member; 2] = [
    Member::optional("DnsProperties", Kind::Structure),
    Member::optional("HttpProperties", Kind::Structure),
];
const DNS_PROPERTIES: [Member; 2] = [
    Member::optional("HostedZoneId", Kind::String),
    Member::optional("SOA", Kind::Structure),
];
const SOA: [Member; 1] = [Member::required("TTL", Kind::Long)];
const HTTP_PROPERTIES: [Member; 1] = [Member::optional("HttpName", Kind::String)];

/// Validates a `Namespace` (or the whole `{"Namespace": ...}` output of get-namespace).
pub fn validate_namespace(value: &Value) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let (value, root) = match value
        .as_object()
        .filter(|o| o.len() == 1)
        .and_then(|o| o.get("Namespace"))
    {
        Some(inner) => (inner, Pointer::root().key("Namespace")),
        None => (value, Pointer::root()),
    };
    let Some(object) = check_structure(value, &root, &NAMESPACE, "Namespace", &mut out) else {
        return out;
    };
    let owned = [
        "Id",
        "Arn",
        "ResourceOwner",
        "Description",
        "CreatorRequestId",
    ];
    check_output_members(object, &root, &owned, &rules::CM131, &mut out);
    let namespace_type = typed(object, "Type", Kind::String).and_then(Value::as_str);
    if let Some(t) = namespace_type {
        check_enum(
            t,
            &["DNS_PUBLIC", "DNS_PRIVATE", "HTTP"],
            "Type",
            &root.key("Type"),
            &mut out,
        );
    }
    if let Some(name) = typed(object, "Name", Kind::String).and_then(Value::as_str) {
        if let Some(problem) = name_problem(name, namespace_type) {
            out.push(Diagnostic::new(
                &rules::CM130,
                &root.key("Name"),
                format!("The namespace name {name:?} {problem}."),
            ));
        }
    }
    let Some(properties) = typed(object, "Properties", Kind::Structure) else {
        return out;
    };
    let path = root.key("Properties");
    let Some(properties) = check_structure(properties, &path, &PROPERTIES, "Properties", &mut out)
    else {
        return out;
    };
    if let Some(dns) = typed(properties, "DnsProperties", Kind::Structure) {
        let dns_path = path.key("DnsProperties");
        if let Some(dns) =
            check_structure(dns, &dns_path, &DNS_PROPERTIES, "DnsProperties", &mut out)
        {
            check_output_members(dns, &dns_path, &["HostedZoneId"], &rules::CM131, &mut out);
            if let Some(soa) = typed(dns, "SOA", Kind::Structure) {
                let soa_path = dns_path.key("SOA");
                if let Some(soa) = check_structure(soa, &soa_path, &SOA, "SOA", &mut out) {
                    if let Some(ttl) = soa.get("TTL").and_then(Value::as_i64) {
                        if !(0..=2_147_483_647).contains(&ttl) {
                            out.push(Diagnostic::new(
                                &rules::CM103,
                                &soa_path.key("TTL"),
                                format!(
                                    "SOA TTL is {ttl}; it must be from 0 to 2147483647 seconds."
                                ),
                            ));
                        }
                    }
                }
            }
        }
    }
    if let Some(http) = typed(properties, "HttpProperties", Kind::Structure) {
        let http_path = path.key("HttpProperties");
        let checked = check_structure(
            http,
            &http_path,
            &HTTP_PROPERTIES,
            "HttpProperties",
            &mut out,
        );
        // The name DiscoverInstances takes for the namespace (botocore `NamespaceNameHttp`).
        let http_name = checked
            .and_then(|h| typed(h, "HttpName", Kind::String))
            .and_then(Value::as_str);
        if let Some(problem) = http_name.and_then(|name| name_problem(name, Some("HTTP"))) {
            out.push(Diagnostic::new(
                &rules::CM130,
                &http_path.key("HttpName"),
                format!("HttpName {problem}."),
            ));
        }
    }
    out
}

/// botocore's name patterns: public DNS names are dotted labels of at most 253 characters;
/// private DNS and HTTP names are printable ASCII without spaces (253 and 1,024 at most) and do
/// not start with `arn:`.
fn name_problem(name: &str, namespace_type: Option<&str>) -> Option<String> {
    let length = name.chars().count();
    let max = if namespace_type == Some("HTTP") {
        1024
    } else {
        253
    };
    if length == 0 || length > max {
        return Some(format!(
            "is {length} characters long; it must have 1 to {max}"
        ));
    }
    if name.starts_with("arn:") {
        return Some("starts with arn:; give the name, not an ARN".to_owned());
    }
    if let Some(c) = name.chars().find(|c| !matches!(c, '!'..='~')) {
        return Some(format!(
            "contains {}; names are printable ASCII without spaces",
            super::attributes::char_name(c)
        ));
    }
    if namespace_type == Some("DNS_PUBLIC") {
        let labels_ok = name.split('.').count() >= 2
            && name.split('.').all(|l| {
                !l.is_empty()
                    && l.len() <= 63
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            });
        if !labels_ok {
            return Some("is not a public domain name: at least two dot-separated labels of letters, digits and '-' (not at either end)".to_owned());
        }
    }
    None
}
