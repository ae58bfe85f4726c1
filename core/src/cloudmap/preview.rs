//! What a RegisterInstance request does: the API response and the changes behind it (DNS records
//! created or updated, the health check created or replaced).

use serde::Serialize;
use serde_json::Value;

use super::dns::Zone;
use super::model::{Context, NamespaceType, Service};
use super::registry::{from_requests, Change, Instance, Registry, RegistryError};
use crate::diagnostics::{rules, Diagnostic};
use crate::rng::Rng;

/// The Route 53 default when HealthCheckConfig gives no FailureThreshold (Cloud Map's model
/// names no default; Route 53's API uses 3).
pub const DEFAULT_FAILURE_THRESHOLD: i64 = 3;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordChange {
    /// `create`, `update` or `delete`.
    pub action: &'static str,
    pub name: String,
    #[serde(rename = "type")]
    pub record_type: String,
    /// `None` for an alias record: it has no TTL of its own ("Route 53 uses the TTL for the
    /// AWS resource", botocore's DnsRecord.TTL), and ELB's is not the registration's.
    pub ttl: Option<i64>,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HealthCheckChange {
    /// `create`, or `replace` when re-registering deletes the old check and creates a new one.
    pub action: &'static str,
    /// `HTTP`, `HTTPS`, `TCP` (Route 53) or `CUSTOM`.
    #[serde(rename = "type")]
    pub check_type: String,
    /// `IP:PORT` a Route 53 check probes; empty for custom checks.
    pub endpoint: String,
    pub resource_path: Option<String>,
    pub failure_threshold: i64,
    pub initial_status: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ApiResponse {
    pub operation_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiError {
    pub code: &'static str,
    pub message: String,
    /// DuplicateRequest's `DuplicateOperationId` (botocore's model): the operation of the
    /// earlier request with the same CreatorRequestId.
    #[serde(
        rename = "DuplicateOperationId",
        skip_serializing_if = "Option::is_none"
    )]
    pub duplicate_operation_id: Option<String>,
}

impl ApiError {
    pub fn new(code: &'static str, message: String) -> Self {
        Self {
            code,
            message,
            duplicate_operation_id: None,
        }
    }
}

/// The preview: either `response` or `error` is set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Preview {
    pub valid: bool,
    pub diagnostics: Vec<Diagnostic>,
    pub response: Option<ApiResponse>,
    pub error: Option<ApiError>,
    /// `create` for a new InstanceId, `update` for an existing one, `retry` for the same
    /// registration again with its CreatorRequestId (nothing changes).
    pub change: Option<&'static str>,
    pub records: Vec<RecordChange>,
    pub health_check: Option<HealthCheckChange>,
    pub notes: Vec<String>,
}

/// A real-looking OperationId: 32 lower-case letters and digits, `-`, 8 more.
pub fn operation_id(seed: u64, request: &Value) -> String {
    let mut rng = Rng::stream(seed, &request.to_string());
    format!("{}-{}", rng.alphanumeric(32), rng.alphanumeric(8))
}

/// Previews RegisterInstance against `context` and the instances already registered
/// (`existing`, RegisterInstance requests applied in order).
pub fn register_instance(
    request: &Value,
    context: &Context,
    existing: &[Value],
    seed: u64,
) -> Preview {
    let diagnostics = super::validate::register_instance(request, context);
    let mut preview = Preview {
        valid: !diagnostics
            .iter()
            .any(|d| d.severity == crate::Severity::Error),
        diagnostics,
        response: None,
        error: None,
        change: None,
        records: Vec::new(),
        health_check: None,
        notes: Vec::new(),
    };
    // A ServiceId of no service's shape is refused by Cloud Map at lookup (CM002 says so), so
    // nothing is registered anywhere.
    if preview.valid
        && preview
            .diagnostics
            .iter()
            .any(|d| d.code == rules::CM002.code)
    {
        preview.error = Some(ApiError::new(
            "ServiceNotFound",
            "No service exists with the specified ID.".to_owned(),
        ));
        return preview;
    }
    // A ServiceId that names another service than the context's (CM031) registers there: its
    // records, health check and earlier instances are not the context's, so the change is
    // previewed without them, as for a request checked without a service.
    let elsewhere;
    let (context, other_service, existing_here) = if preview
        .diagnostics
        .iter()
        .any(|d| d.code == rules::CM031.code)
    {
        elsewhere = Context {
            service: None,
            ..context.clone()
        };
        (&elsewhere, true, &[][..])
    } else {
        (context, false, existing)
    };
    let (mut registry, _) = from_requests(existing_here, context);
    let before = registry.clone();
    let change = match registry.register(request, context, None) {
        Ok(change) => change,
        Err(err) => {
            preview.error = Some(api_error(&err, existing_here, seed));
            return preview;
        }
    };
    preview.response = Some(ApiResponse {
        operation_id: operation_id(seed, request),
    });
    let id = request
        .get("InstanceId")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if change == Change::Retried {
        preview.change = Some("retry");
        preview.notes.push(format!("A retry: an earlier call with this CreatorRequestId registered {id} with these attributes, so Cloud Map returns its OperationId and changes nothing."));
        return preview;
    }
    let updated = matches!(change, Change::Updated { .. });
    preview.change = Some(if updated { "update" } else { "create" });
    if updated {
        preview.notes.push(format!("{id} is already registered: Cloud Map updates its records instead of creating new ones."));
    }
    let Some(service) = &context.service else {
        preview.notes.push(if other_service {
            "ServiceId names another service than the one checked against: give that service to see the DNS records and health check this creates there.".to_owned()
        } else {
            "Give the service to see the DNS records and health check this creates.".to_owned()
        });
        return preview;
    };
    dns_changes(&mut preview, context, service, (&before, &registry), id);
    let instance = registry.get(id);
    preview.notes.extend(alias_note(instance, &preview.records));
    let (health_check, notes) = health_check_change(service, instance, updated);
    preview.health_check = health_check;
    preview.notes.extend(notes);
    preview
}

/// The API error for a refused registration; DuplicateRequest names the operation of the
/// earlier request with the same CreatorRequestId.
fn api_error(err: &RegistryError, existing: &[Value], seed: u64) -> ApiError {
    let mut error = ApiError::new(err.code(), err.message());
    if let RegistryError::DuplicateRequest { token, .. } = err {
        error.duplicate_operation_id = existing
            .iter()
            .find(|r| r.get("CreatorRequestId").and_then(Value::as_str) == Some(token))
            .map(|first| operation_id(seed, first));
    }
    error
}

/// The record changes of instance `id` between the registries before and after the call.
fn dns_changes(
    preview: &mut Preview,
    context: &Context,
    service: &Service,
    (before, registry): (&Registry, &Registry),
    id: &str,
) {
    if context.namespace.as_ref().and_then(|n| n.namespace_type) == Some(NamespaceType::Http)
        || service.service_type.as_deref() == Some("HTTP")
    {
        preview.notes.push("HTTP namespace: no DNS records are created; clients find the instance with DiscoverInstances.".to_owned());
    } else {
        let namespace = context.namespace.clone().unwrap_or_default();
        let is_alias = |registry: &Registry| {
            registry
                .get(id)
                .is_some_and(|i| i.attribute(super::attributes::ALIAS).is_some())
        };
        preview.records = record_changes(
            (&Zone::build(&namespace, service, before), is_alias(before)),
            (
                &Zone::build(&namespace, service, registry),
                is_alias(registry),
            ),
            id,
        );
        // The zone names records under `local` when the namespace's name is not known.
        if namespace.name.is_none() && !preview.records.is_empty() {
            preview.notes.push("The namespace's name was not given, so the records are named as if it were local; give the namespace to see their real names.".to_owned());
        }
    }
}

/// The health check a registration creates or replaces, and what to say about it.
fn health_check_change(
    service: &Service,
    instance: Option<&Instance>,
    updated: bool,
) -> (Option<HealthCheckChange>, Vec<String>) {
    let mut health_check = None;
    let mut notes = Vec::new();
    if let Some(check) = &service.health_check_config {
        let alias = instance
            .and_then(|i| i.attribute(super::attributes::ALIAS))
            .is_some();
        // The address Route 53 checks: AWS_INSTANCE_IPV4; IPv6 for an AAAA-only service; the
        // EC2 instance's primary private IPv4, which Cloud Map fills in for AWS_EC2_INSTANCE_ID.
        // An alias record has no address of its own to check (the note below says what Route
        // 53 evaluates instead), so its check names no endpoint.
        let endpoint = instance
            .filter(|_| !alias)
            .map(|i| {
                let address = i
                    .attribute(super::attributes::IPV4)
                    .map(str::to_owned)
                    .or_else(|| {
                        i.attribute(super::attributes::IPV6)
                            .map(|a| format!("[{a}]"))
                    })
                    .or_else(|| {
                        i.attribute(super::attributes::EC2_INSTANCE_ID)
                            .map(|id| format!("(private IPv4 of {id})"))
                    })
                    .unwrap_or_else(|| "?".to_owned());
                format!(
                    "{address}:{}",
                    i.attribute(super::attributes::PORT).unwrap_or("?")
                )
            })
            .unwrap_or_default();
        health_check = Some(HealthCheckChange {
            action: if updated { "replace" } else { "create" },
            check_type: check.check_type.clone(),
            endpoint,
            resource_path: (check.check_type != "TCP").then(|| {
                check
                    .resource_path
                    .clone()
                    .unwrap_or_else(|| "/".to_owned())
            }),
            failure_threshold: check.failure_threshold.unwrap_or(DEFAULT_FAILURE_THRESHOLD),
            initial_status: "HEALTHY",
        });
        if alias {
            notes.push("The Route 53 health check is created but not associated with the alias record; Route 53 evaluates the load balancer's health instead.".to_owned());
        }
        // The RegisterInstance page asks for AWS_INSTANCE_PORT with a Route 53 health check and
        // allows nothing but AWS_INIT_HEALTH_STATUS beside AWS_EC2_INSTANCE_ID: the documents
        // leave this check's port open, so the preview says so instead of guessing one.
        let ec2_without_port = instance.is_some_and(|i| {
            i.attribute(super::attributes::EC2_INSTANCE_ID).is_some()
                && i.attribute(super::attributes::PORT).is_none()
        });
        if ec2_without_port && !alias {
            notes.push("The health check's port is unknown: the RegisterInstance page asks for AWS_INSTANCE_PORT with a Route 53 health check, but allows no attribute other than AWS_INIT_HEALTH_STATUS beside AWS_EC2_INSTANCE_ID. Check the port Route 53 uses after registering.".to_owned());
        }
        if updated {
            notes.push("The old health check is deleted and a new one created; the old one stays visible in ListHealthChecks for a while.".to_owned());
        }
    } else if service.health_check_custom_config.is_some() {
        health_check = Some(HealthCheckChange {
            action: if updated { "replace" } else { "create" },
            check_type: "CUSTOM".to_owned(),
            endpoint: String::new(),
            resource_path: None,
            failure_threshold: 1,
            initial_status: instance.map_or("HEALTHY", |i| i.health_status.as_str()),
        });
    }
    (health_check, notes)
}

/// The records of `id` in `after`, marked create or update against `before`, plus the records
/// of `id` that `after` no longer has (delete).
/// `*_alias` says whether the instance's records are alias records (then they carry no TTL).
fn record_changes(
    (before, before_alias): (&Zone, bool),
    (after, after_alias): (&Zone, bool),
    id: &str,
) -> Vec<RecordChange> {
    let ttl = |r: &super::dns::Record, alias: bool| {
        (!(alias && matches!(r.record_type.as_str(), "A" | "AAAA"))).then_some(r.ttl)
    };
    let old: Vec<_> = before
        .records()
        .into_iter()
        .filter(|(owner, _)| owner == id)
        .map(|(_, r)| r)
        .collect();
    let new: Vec<_> = after
        .records()
        .into_iter()
        .filter(|(owner, _)| owner == id)
        .map(|(_, r)| r)
        .collect();
    let same_set = |a: &super::dns::Record, b: &super::dns::Record| {
        a.name == b.name && a.record_type == b.record_type
    };
    let mut changes: Vec<RecordChange> = new
        .iter()
        .map(|r| RecordChange {
            action: if old.iter().any(|o| same_set(o, r)) {
                "update"
            } else {
                "create"
            },
            name: r.name.clone(),
            record_type: r.record_type.clone(),
            ttl: ttl(r, after_alias),
            value: r.data.clone(),
        })
        .collect();
    changes.extend(
        old.iter()
            .filter(|o| !new.iter().any(|r| same_set(o, r)))
            .map(|r| RecordChange {
                action: "delete",
                name: r.name.clone(),
                record_type: r.record_type.clone(),
                ttl: ttl(r, before_alias),
                value: r.data.clone(),
            }),
    );
    changes
}

/// For an alias instance's records: what the alias target stands for.
fn alias_note(instance: Option<&Instance>, records: &[RecordChange]) -> Option<String> {
    let target = instance?.attribute(super::attributes::ALIAS)?;
    (!records.is_empty()).then(|| format!("The records are alias records whose target is the load balancer {target}: Route 53 answers them with the load balancer's own addresses, not with a value stored here."))
}

/// Keeps `Registry` reachable for callers that want the state after the preview.
pub type State = Registry;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn context(extra: &Value) -> Context {
        let mut service = json!({"Id": "srv-p5zdwlg5uvvzjita", "Name": "web", "DnsConfig": {"RoutingPolicy": "MULTIVALUE",
            "DnsRecords": [{"Type": "A", "TTL": 60}, {"Type": "SRV", "TTL": 30}]}});
        if let (Some(s), Some(e)) = (service.as_object_mut(), extra.as_object()) {
            s.extend(e.clone());
        }
        Context::from_value(&json!({"service": service, "namespace": {"Name": "example.local", "Type": "DNS_PUBLIC"}})).unwrap()
    }

    fn seed_request() -> Value {
        json!({"ServiceId": "srv-p5zdwlg5uvvzjita", "InstanceId": "myservice-53", "CreatorRequestId": "7a48a98a-72e6-4849-bfa7-1a458e030d7b",
            "Attributes": {"AWS_INSTANCE_IPV4": "172.2.1.3", "AWS_INSTANCE_PORT": "808"}})
    }

    #[test]
    fn operation_ids_have_the_real_format_and_are_deterministic() {
        let id = operation_id(1, &seed_request());
        let (head, tail) = id.split_once('-').unwrap();
        assert_eq!((head.len(), tail.len()), (32, 8));
        assert!(id
            .bytes()
            .all(|b| b == b'-' || b.is_ascii_lowercase() || b.is_ascii_digit()));
        assert_eq!(id, operation_id(1, &seed_request()));
        assert_ne!(id, operation_id(2, &seed_request()));
    }

    #[test]
    fn alias_records_say_the_load_balancer_answers_with_its_addresses() {
        let service = json!({"service": {"Id": "srv-p5zdwlg5uvvzjita", "Name": "web", "DnsConfig": {"RoutingPolicy": "WEIGHTED",
            "DnsRecords": [{"Type": "A", "TTL": 300}]}}, "namespace": {"Name": "example.local", "Type": "DNS_PRIVATE"}});
        let elb = "my-lb-1234567890.us-east-1.elb.amazonaws.com";
        let request = json!({"ServiceId": "srv-p5zdwlg5uvvzjita", "InstanceId": "lb", "Attributes": {"AWS_ALIAS_DNS_NAME": elb}});
        let p = register_instance(&request, &Context::from_value(&service).unwrap(), &[], 0);
        assert!(p.valid, "{:?}", p.diagnostics);
        assert_eq!(p.records.len(), 1);
        assert_eq!(
            p.records[0].ttl, None,
            "an alias record has no TTL of its own"
        );
        assert!(
            p.notes
                .iter()
                .any(|n| n.contains("alias") && n.contains(elb)),
            "{:?}",
            p.notes
        );
        let plain = register_instance(&seed_request(), &context(&json!({})), &[], 0);
        assert!(!plain.notes.iter().any(|n| n.contains("alias")));
        assert!(plain.records.iter().all(|r| r.ttl.is_some()));
        // Re-registered with an address, the alias record is updated into one with a TTL.
        let address = json!({"ServiceId": "srv-p5zdwlg5uvvzjita", "InstanceId": "lb", "Attributes": {"AWS_INSTANCE_IPV4": "10.0.0.9"}});
        let p = register_instance(
            &address,
            &Context::from_value(&service).unwrap(),
            &[request],
            0,
        );
        assert_eq!(p.records[0].ttl, Some(300), "{:?}", p.records);
    }

    #[test]
    fn records_named_without_the_namespace_name_say_so() {
        let without = Context::from_value(
            &json!({"service": {"Id": "srv-p5zdwlg5uvvzjita", "Name": "web",
            "DnsConfig": {"DnsRecords": [{"Type": "A", "TTL": 60}]}}}),
        )
        .unwrap();
        let p = register_instance(&seed_request(), &without, &[], 0);
        assert_eq!(p.records[0].name, "web.local.");
        assert!(
            p.notes
                .iter()
                .any(|n| n.contains("named as if it were local")),
            "{:?}",
            p.notes
        );
        let named = register_instance(&seed_request(), &context(&json!({})), &[], 0);
        assert!(!named.notes.iter().any(|n| n.contains("named as if")));
    }

    #[test]
    fn a_new_instance_creates_its_records_and_health_check() {
        let p = register_instance(
            &seed_request(),
            &context(&json!({"HealthCheckConfig": {"Type": "HTTP"}})),
            &[],
            0,
        );
        assert!(p.valid && p.error.is_none());
        assert_eq!(p.change, Some("create"));
        let summary: Vec<(&str, &str, &str, Option<i64>, &str)> = p
            .records
            .iter()
            .map(|r| {
                (
                    r.action,
                    r.name.as_str(),
                    r.record_type.as_str(),
                    r.ttl,
                    r.value.as_str(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                ("create", "web.example.local.", "A", Some(60), "172.2.1.3"),
                (
                    "create",
                    "web.example.local.",
                    "SRV",
                    Some(30),
                    "1 1 808 myservice-53.web.example.local."
                ),
                (
                    "create",
                    "myservice-53.web.example.local.",
                    "A",
                    Some(30),
                    "172.2.1.3"
                ),
            ]
        );
        let check = p.health_check.unwrap();
        assert_eq!(
            (
                check.action,
                check.endpoint.as_str(),
                check.resource_path.as_deref(),
                check.failure_threshold
            ),
            ("create", "172.2.1.3:808", Some("/"), 3)
        );
    }

    #[test]
    fn reregistering_updates_records_and_replaces_the_health_check() {
        let existing = vec![
            json!({"ServiceId": "srv-p5zdwlg5uvvzjita", "InstanceId": "myservice-53", "Attributes": {"AWS_INSTANCE_IPV4": "10.0.0.9", "AWS_INSTANCE_PORT": "80"}}),
        ];
        let p = register_instance(
            &seed_request(),
            &context(&json!({"HealthCheckConfig": {"Type": "TCP"}})),
            &existing,
            0,
        );
        assert_eq!(p.change, Some("update"));
        assert!(p.records.iter().all(|r| r.action == "update"));
        let check = p.health_check.unwrap();
        assert_eq!((check.action, check.resource_path), ("replace", None));
    }

    #[test]
    fn the_same_registration_with_its_token_is_a_retry_that_changes_nothing() {
        let context = context(&json!({"HealthCheckConfig": {"Type": "TCP"}}));
        let first = register_instance(&seed_request(), &context, &[], 0);
        let again = register_instance(&seed_request(), &context, &[seed_request()], 0);
        assert_eq!(again.change, Some("retry"));
        assert_eq!(
            again.response.unwrap().operation_id,
            first.response.unwrap().operation_id
        );
        assert!(again.records.is_empty() && again.health_check.is_none());
        assert!(again.notes.iter().any(|n| n.contains("retry")));
        // Without the token it is an update, as before.
        let mut untokened = seed_request();
        untokened
            .as_object_mut()
            .unwrap()
            .remove("CreatorRequestId");
        let update = register_instance(&untokened, &context, &[seed_request()], 0);
        assert_eq!(update.change, Some("update"));
    }

    #[test]
    fn the_health_check_endpoint_names_the_address_route_53_checks() {
        let http = |attributes: Value| {
            let context = Context::from_value(&json!({
                "service": {"Id": "srv-p5zdwlg5uvvzjita", "Name": "web", "Type": "HTTP", "HealthCheckConfig": {"Type": "TCP"}},
                "namespace": {"Name": "shop", "Type": "HTTP"}}))
            .unwrap();
            let request = json!({"ServiceId": "srv-p5zdwlg5uvvzjita", "InstanceId": "i-1", "Attributes": attributes});
            register_instance(&request, &context, &[], 0)
                .health_check
                .unwrap()
                .endpoint
        };
        assert_eq!(
            http(json!({"AWS_EC2_INSTANCE_ID": "i-0123456789abcdef0"})),
            "(private IPv4 of i-0123456789abcdef0):?"
        );
        let ec2_notes = {
            let context = Context::from_value(&json!({
                "service": {"Id": "srv-p5zdwlg5uvvzjita", "Name": "web", "Type": "HTTP", "HealthCheckConfig": {"Type": "TCP"}},
                "namespace": {"Name": "shop", "Type": "HTTP"}}))
            .unwrap();
            let request = json!({"ServiceId": "srv-p5zdwlg5uvvzjita", "InstanceId": "i-1",
                "Attributes": {"AWS_EC2_INSTANCE_ID": "i-0123456789abcdef0"}});
            register_instance(&request, &context, &[], 0).notes
        };
        assert!(
            ec2_notes.iter().any(|n| n.contains("port is unknown")),
            "{ec2_notes:?}"
        );
        assert_eq!(
            http(json!({"AWS_INSTANCE_IPV4": "10.0.0.1", "AWS_INSTANCE_PORT": "80"})),
            "10.0.0.1:80"
        );
        let alias = Context::from_value(&json!({
            "service": {"Id": "srv-p5zdwlg5uvvzjita", "Name": "web", "HealthCheckConfig": {"Type": "HTTP"},
                "DnsConfig": {"RoutingPolicy": "WEIGHTED", "DnsRecords": [{"Type": "A", "TTL": 60}]}},
            "namespace": {"Name": "example.com", "Type": "DNS_PUBLIC"}}))
        .unwrap();
        let request = json!({"ServiceId": "srv-p5zdwlg5uvvzjita", "InstanceId": "lb",
            "Attributes": {"AWS_ALIAS_DNS_NAME": "my-lb-1234567890.us-east-1.elb.amazonaws.com"}});
        let preview = register_instance(&request, &alias, &[], 0);
        assert_eq!(
            preview.health_check.unwrap().endpoint,
            "",
            "no address to check"
        );
        assert!(preview
            .notes
            .iter()
            .any(|n| n.contains("not associated with the alias record")));
    }

    #[test]
    fn a_service_id_of_no_service_shape_previews_service_not_found() {
        let mut request = seed_request();
        request["ServiceId"] = json!("web");
        let p = register_instance(&request, &context(&json!({})), &[], 0);
        assert!(p.valid, "CM002 is a warning");
        assert!(p.response.is_none() && p.records.is_empty() && p.health_check.is_none());
        assert_eq!(p.error.unwrap().code, "ServiceNotFound");
    }

    #[test]
    fn a_service_id_of_another_service_previews_no_records_of_the_context_service() {
        let existing = [seed_request()];
        let mut request = seed_request();
        request["ServiceId"] = json!("srv-aaaaaaaaaaaaaaaa");
        let p = register_instance(&request, &context(&json!({})), &existing, 0);
        assert!(p.diagnostics.iter().any(|d| d.code == "CM031"));
        assert!(p.error.is_none() && p.response.is_some());
        // The context service already holds myservice-53; the other service does not.
        assert_eq!(p.change, Some("create"));
        assert!(p.records.is_empty() && p.health_check.is_none());
        assert!(
            p.notes.iter().any(|n| n.contains("another service")),
            "{:?}",
            p.notes
        );
        // The context's own ServiceId still previews its records.
        let own = register_instance(&seed_request(), &context(&json!({})), &[], 0);
        assert!(!own.records.is_empty());
    }

    #[test]
    fn a_creator_request_id_reused_for_another_instance_names_the_first_operation() {
        let first = seed_request();
        let mut second = seed_request();
        second["InstanceId"] = json!("myservice-54");
        let p = register_instance(
            &second,
            &context(&json!({})),
            std::slice::from_ref(&first),
            7,
        );
        let error = p.error.unwrap();
        assert_eq!(error.code, "DuplicateRequest");
        let first_operation = register_instance(&first, &context(&json!({})), &[], 7)
            .response
            .unwrap()
            .operation_id;
        assert_eq!(error.duplicate_operation_id, Some(first_operation));
        let json = serde_json::to_value(ApiError::new("InvalidInput", "x".to_owned())).unwrap();
        assert_eq!(
            json,
            json!({"code": "InvalidInput", "message": "x"}),
            "only DuplicateRequest has it"
        );
    }

    #[test]
    fn an_invalid_request_previews_the_api_error() {
        let mut request = seed_request();
        request["Attributes"] = json!({"AWS_INSTANCE_IPV4": "172.2.1.3"});
        let p = register_instance(&request, &context(&json!({})), &[], 0);
        assert!(!p.valid);
        assert!(p.response.is_none());
        let error = p.error.unwrap();
        assert_eq!(error.code, "InvalidInput");
        assert!(error.message.contains("AWS_INSTANCE_PORT"));
    }
}
