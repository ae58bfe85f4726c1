//! DiscoverInstances: the API-side lookup, with its query, optional and health filters.

use serde::Serialize;
use serde_json::{Map, Value};

use super::attributes::{key_problem, value_problem};
use super::model::{Namespace, Service};
use super::registry::{HealthStatus, Instance, Registry};
use super::service::service_name_problem;
use crate::diagnostics::{rules, Diagnostic};
use crate::pointer::Pointer;
use crate::rng::Rng;
use crate::shape::{check_enum, check_structure, typed, Kind, Member};

const MEMBERS: [Member; 7] = [
    Member::required("NamespaceName", Kind::String),
    Member::required("ServiceName", Kind::String),
    Member::optional("MaxResults", Kind::Integer),
    Member::optional("QueryParameters", Kind::Map),
    Member::optional("OptionalParameters", Kind::Map),
    Member::optional("HealthStatus", Kind::String),
    Member::optional("OwnerAccount", Kind::String),
];

/// `MaxResults` when the request gives none.
pub const DEFAULT_MAX_RESULTS: usize = 100;

/// One instance of the response (`HttpInstanceSummary`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Summary {
    pub instance_id: String,
    pub namespace_name: String,
    pub service_name: String,
    pub health_status: HealthStatus,
    pub attributes: Map<String, Value>,
}

/// The DiscoverInstances response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Output {
    pub instances: Vec<Summary>,
    pub instances_revision: u64,
}

/// The API's answer: the response, or the error Cloud Map returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Found(Output),
    Refused {
        code: &'static str,
        message: String,
        diagnostics: Vec<Diagnostic>,
    },
}

/// Checks the request's shape and values.
pub fn validate_request(request: &Value) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let root = Pointer::root();
    let Some(object) = check_structure(request, &root, &MEMBERS, "DiscoverInstances", &mut out)
    else {
        return out;
    };
    // botocore `NamespaceNameHttp`: `^[!-~]{1,1024}$`.
    if let Some(name) = typed(object, "NamespaceName", Kind::String).and_then(Value::as_str) {
        if let Some(problem) = namespace_name_problem(name) {
            out.push(Diagnostic::new(
                &rules::CM122,
                &root.key("NamespaceName"),
                format!("NamespaceName {name:?} {problem}."),
            ));
        }
    }
    // botocore `ServiceName`, the pattern CreateService names are held to.
    if let Some(name) = typed(object, "ServiceName", Kind::String).and_then(Value::as_str) {
        if let Some(problem) = service_name_problem(name) {
            out.push(Diagnostic::new(
                &rules::CM123,
                &root.key("ServiceName"),
                format!("ServiceName {name:?} {problem}, so it names no service."),
            ));
        }
    }
    if let Some(n) = typed(object, "MaxResults", Kind::Integer).and_then(Value::as_i64) {
        if !(1..=1000).contains(&n) {
            out.push(Diagnostic::new(
                &rules::CM120,
                &root.key("MaxResults"),
                format!("MaxResults is {n}; it must be from 1 to 1000."),
            ));
        }
    }
    if let Some(s) = typed(object, "HealthStatus", Kind::String).and_then(Value::as_str) {
        check_enum(
            s,
            &["HEALTHY", "UNHEALTHY", "ALL", "HEALTHY_OR_ELSE_ALL"],
            "HealthStatus",
            &root.key("HealthStatus"),
            &mut out,
        );
    }
    for name in ["QueryParameters", "OptionalParameters"] {
        if let Some(Value::Object(map)) = typed(object, name, Kind::Map) {
            // botocore `AttrKey` and `AttrValue`, as for the attributes they are matched with.
            for (k, v) in map {
                let here = root.key(name).key(k);
                if let Some(problem) = key_problem(k) {
                    out.push(Diagnostic::new(
                        &rules::CM124,
                        &here,
                        format!("The {name} key {k:?} {problem}."),
                    ));
                }
                match v.as_str() {
                    None => out.push(Diagnostic::new(
                        &rules::REQ003,
                        &here,
                        crate::shape::type_message(k, Kind::String, v),
                    )),
                    Some(value) => {
                        if let Some(problem) = value_problem(value) {
                            out.push(Diagnostic::new(
                                &rules::CM124,
                                &here,
                                format!("The {name} value of {k:?} {problem}."),
                            ));
                        }
                    }
                }
            }
        }
    }
    if let Some(account) = typed(object, "OwnerAccount", Kind::String).and_then(Value::as_str) {
        if !crate::text::is_account_id(account) {
            out.push(Diagnostic::new(
                &rules::CM121,
                &root.key("OwnerAccount"),
                format!("OwnerAccount {account:?} is not a 12-digit AWS account ID."),
            ));
        }
    }
    out
}

/// What is wrong with a DiscoverInstances namespace name (`^[!-~]{1,1024}$`), if anything.
fn namespace_name_problem(name: &str) -> Option<String> {
    let length = name.chars().count();
    if length == 0 {
        return Some("is empty; give the namespace's name".to_owned());
    }
    if length > 1024 {
        return Some(format!("is {length} characters long; the maximum is 1,024"));
    }
    name.chars()
        .position(|c| !matches!(c, '!'..='~'))
        .map(|i| {
            format!(
                "has a space or a character outside printable ASCII at position {}; namespace names here are printable ASCII without spaces",
                i + 1
            )
        })
}

/// Answers a DiscoverInstances request against one service's registry.
///
/// Where the API documentation is silent: names match case-insensitively (DNS names are); a
/// request without `HealthStatus` is treated as `HEALTHY`, the filter clients rely on, and
/// instances whose status is UNKNOWN are not HEALTHY for this filter.
pub fn discover(
    namespace: &Namespace,
    service: &Service,
    registry: &Registry,
    request: &Value,
    seed: u64,
) -> Outcome {
    let diagnostics = validate_request(request);
    if diagnostics
        .iter()
        .any(|d| d.severity == crate::Severity::Error)
    {
        let message = diagnostics
            .iter()
            .map(|d| &*d.message)
            .collect::<Vec<_>>()
            .join(" ");
        return Outcome::Refused {
            code: "InvalidInput",
            message,
            diagnostics,
        };
    }
    let text = |name: &str| {
        request
            .get(name)
            .and_then(Value::as_str)
            .unwrap_or_default()
    };
    let namespace_name = namespace.http_name().unwrap_or_default();
    if !text("NamespaceName").eq_ignore_ascii_case(namespace_name) {
        return refused(
            "NamespaceNotFound",
            format!(
                "No namespace named {:?}; the namespace is {namespace_name:?}.",
                text("NamespaceName")
            ),
        );
    }
    let service_name = service.name.as_deref().unwrap_or_default();
    if !text("ServiceName").eq_ignore_ascii_case(service_name) {
        return refused(
            "ServiceNotFound",
            format!(
                "No service named {:?} in {namespace_name}; the service is {service_name:?}.",
                text("ServiceName")
            ),
        );
    }
    let has_check =
        service.health_check_config.is_some() || service.health_check_custom_config.is_some();
    let mut found = filter_instances(registry, request, has_check);
    let mut rng = Rng::stream(seed, "DiscoverInstances");
    rng.shuffle(&mut found);
    let max = request
        .get("MaxResults")
        .and_then(Value::as_u64)
        .and_then(|n| usize::try_from(n).ok())
        .unwrap_or(DEFAULT_MAX_RESULTS);
    let instances = found
        .into_iter()
        .take(max)
        .map(|i| Summary {
            instance_id: i.id.clone(),
            namespace_name: namespace_name.to_owned(),
            service_name: service_name.to_owned(),
            health_status: if has_check {
                i.health_status
            } else {
                HealthStatus::Unknown
            },
            attributes: i
                .attributes
                .iter()
                .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                .collect(),
        })
        .collect();
    Outcome::Found(Output {
        instances,
        instances_revision: registry.revision,
    })
}

/// The query, health and optional filters.
///
/// The API reference does not give their order. QueryParameters and HealthStatus are hard
/// filters, so they go first (as moto applies them); OptionalParameters then narrow what is left
/// only when some instance still matches them, so an optional filter that only unhealthy
/// instances match never hides the healthy ones.
fn filter_instances<'a>(
    registry: &'a Registry,
    request: &Value,
    has_check: bool,
) -> Vec<&'a Instance> {
    let params = |name: &str| -> Vec<(String, String)> {
        request
            .get(name)
            .and_then(Value::as_object)
            .map(|m| {
                m.iter()
                    .filter_map(|(k, v)| v.as_str().map(|s| (k.clone(), s.to_owned())))
                    .collect()
            })
            .unwrap_or_default()
    };
    let matches = |instance: &Instance, wanted: &[(String, String)]| {
        wanted
            .iter()
            .all(|(k, v)| instance.attribute(k) == Some(v.as_str()))
    };
    let query = params("QueryParameters");
    let optional = params("OptionalParameters");
    let found: Vec<&Instance> = registry
        .instances()
        .iter()
        .filter(|i| matches(i, &query))
        .collect();
    let healthy = |i: &&Instance| i.health_status == HealthStatus::Healthy;
    let found: Vec<&Instance> = if has_check {
        match request
            .get("HealthStatus")
            .and_then(Value::as_str)
            .unwrap_or("HEALTHY")
        {
            "ALL" => found,
            "UNHEALTHY" => found
                .into_iter()
                .filter(|i| i.health_status == HealthStatus::Unhealthy)
                .collect(),
            "HEALTHY_OR_ELSE_ALL" if !found.iter().any(healthy) => found,
            _ => found.into_iter().filter(healthy).collect(),
        }
    } else {
        found
    };
    let narrowed: Vec<&Instance> = found
        .iter()
        .copied()
        .filter(|i| matches(i, &optional))
        .collect();
    if !optional.is_empty() && !narrowed.is_empty() {
        narrowed
    } else {
        found
    }
}

fn refused(code: &'static str, message: String) -> Outcome {
    Outcome::Refused {
        code,
        message,
        diagnostics: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cloudmap::model::Context;
    use crate::cloudmap::registry::from_requests;
    use serde_json::json;

    fn setup(with_check: bool) -> (Context, Registry) {
        let mut service = json!({"Id": "srv-1", "Name": "web", "Type": "HTTP"});
        if with_check {
            service["HealthCheckCustomConfig"] = json!({});
        }
        let context = Context::from_value(
            &json!({"service": service, "namespace": {"Name": "shop", "Type": "HTTP"}}),
        )
        .unwrap();
        let instances = vec![
            json!({"InstanceId": "a", "Attributes": {"stage": "prod", "zone": "a"}, "HealthStatus": "HEALTHY"}),
            json!({"InstanceId": "b", "Attributes": {"stage": "prod", "zone": "b"}, "HealthStatus": "UNHEALTHY"}),
            json!({"InstanceId": "c", "Attributes": {"stage": "beta", "zone": "a"}, "HealthStatus": "HEALTHY"}),
        ];
        let (registry, skipped) = from_requests(&instances, &context);
        assert!(skipped.is_empty());
        (context, registry)
    }

    fn ids(request: &Value, with_check: bool) -> Vec<String> {
        let (context, registry) = setup(with_check);
        match discover(
            context.namespace.as_ref().unwrap(),
            context.service.as_ref().unwrap(),
            &registry,
            request,
            0,
        ) {
            Outcome::Found(out) => {
                let mut ids: Vec<String> =
                    out.instances.into_iter().map(|i| i.instance_id).collect();
                ids.sort();
                ids
            }
            Outcome::Refused { code, .. } => vec![format!("error:{code}")],
        }
    }

    #[test]
    fn query_optional_and_health_filters() {
        let base = json!({"NamespaceName": "SHOP", "ServiceName": "web"});
        assert_eq!(
            ids(&base.clone(), true),
            vec!["a", "c"],
            "HEALTHY by default"
        );
        let all = json!({"NamespaceName": "shop", "ServiceName": "web", "HealthStatus": "ALL"});
        assert_eq!(ids(&all, true), vec!["a", "b", "c"]);
        let prod = json!({"NamespaceName": "shop", "ServiceName": "web", "HealthStatus": "ALL", "QueryParameters": {"stage": "prod"}});
        assert_eq!(ids(&prod, true), vec!["a", "b"]);
        let optional = json!({"NamespaceName": "shop", "ServiceName": "web", "HealthStatus": "ALL", "QueryParameters": {"stage": "prod"}, "OptionalParameters": {"zone": "b"}});
        assert_eq!(ids(&optional, true), vec!["b"]);
        let ignored = json!({"NamespaceName": "shop", "ServiceName": "web", "HealthStatus": "ALL", "QueryParameters": {"stage": "beta"}, "OptionalParameters": {"zone": "b"}});
        assert_eq!(
            ids(&ignored, true),
            vec!["c"],
            "optional parameters that match nothing are ignored"
        );
        let fail_open = json!({"NamespaceName": "shop", "ServiceName": "web", "HealthStatus": "HEALTHY_OR_ELSE_ALL", "QueryParameters": {"zone": "b"}});
        assert_eq!(ids(&fail_open, true), vec!["b"]);
        let unhealthy =
            json!({"NamespaceName": "shop", "ServiceName": "web", "HealthStatus": "UNHEALTHY"});
        assert_eq!(ids(&unhealthy, true), vec!["b"]);
        // Only the unhealthy b is in zone b: the optional filter gives way, a stays.
        let healthy_first = json!({"NamespaceName": "shop", "ServiceName": "web", "QueryParameters": {"stage": "prod"}, "OptionalParameters": {"zone": "b"}});
        assert_eq!(ids(&healthy_first, true), vec!["a"]);
    }

    #[test]
    fn without_health_check_the_filter_is_ignored_and_status_is_unknown() {
        assert_eq!(
            ids(
                &json!({"NamespaceName": "shop", "ServiceName": "web", "HealthStatus": "HEALTHY"}),
                false
            ),
            vec!["a", "b", "c"]
        );
        let (context, registry) = setup(false);
        let Outcome::Found(out) = discover(
            context.namespace.as_ref().unwrap(),
            context.service.as_ref().unwrap(),
            &registry,
            &json!({"NamespaceName": "shop", "ServiceName": "web"}),
            0,
        ) else {
            panic!()
        };
        assert!(out
            .instances
            .iter()
            .all(|i| i.health_status == HealthStatus::Unknown));
        assert_eq!(out.instances_revision, 3);
    }

    #[test]
    fn errors_and_limits() {
        assert_eq!(
            ids(
                &json!({"NamespaceName": "other", "ServiceName": "web"}),
                true
            ),
            vec!["error:NamespaceNotFound"]
        );
        assert_eq!(
            ids(
                &json!({"NamespaceName": "shop", "ServiceName": "api"}),
                true
            ),
            vec!["error:ServiceNotFound"]
        );
        assert_eq!(
            ids(
                &json!({"NamespaceName": "shop", "ServiceName": "web", "MaxResults": 0}),
                true
            ),
            vec!["error:InvalidInput"]
        );
        assert_eq!(
            ids(
                &json!({"NamespaceName": "shop", "ServiceName": "web", "HealthStatus": "SICK"}),
                true
            ),
            vec!["error:InvalidInput"]
        );
        assert_eq!(ids(&json!({"NamespaceName": "shop", "ServiceName": "web", "HealthStatus": "ALL", "MaxResults": 1}), true).len(), 1);
    }
}
