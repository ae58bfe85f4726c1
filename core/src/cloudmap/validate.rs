//! RegisterInstance validation: the request shape, every attribute, and the rules that tie the
//! attributes to the target service's records, routing policy and health checks.

use crate::json::{Map, Value};

use super::attributes::{
    self as attr, domain_problem, ec2_instance_id_problem, ipv4_problem, ipv6_problem, is_elb_name,
    is_reserved, key_problem, parse_port, secret_reason, value_problem, ALIAS, CNAME,
    EC2_INSTANCE_ID, INIT_HEALTH_STATUS, IPV4, IPV6, PORT, RESERVED,
};
use super::model::{Context, NamespaceType, RecordType, RoutingPolicy, Service};
use crate::diagnostics::{rules, Diagnostic};
use crate::pointer::Pointer;
use crate::shape::{check_structure, edit_distance, typed, Kind, Member};

const MEMBERS: [Member; 4] = [
    Member::required("ServiceId", Kind::String),
    Member::required("InstanceId", Kind::String),
    Member::optional("CreatorRequestId", Kind::String),
    Member::required("Attributes", Kind::Map),
];

/// Custom attributes allowed per instance (not adjustable).
pub const MAX_CUSTOM_ATTRIBUTES: usize = 30;
/// The total of all keys and values, in characters.
pub const MAX_ATTRIBUTES_TOTAL: usize = 5_000;

/// Validates a RegisterInstance request, returning every finding.
pub fn register_instance(request: &serde_json::Value, context: &Context) -> Vec<Diagnostic> {
    crate::json::with_converted(request, |tree| register_instance_tree(tree, context))
}

/// [`register_instance`] on the borrowed tree `validate_text` parses.
pub fn register_instance_tree(request: &Value<'_>, context: &Context) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let root = Pointer::root();
    let Some(object) = check_structure(request, &root, &MEMBERS, "RegisterInstance", &mut out)
    else {
        return out;
    };
    if let Some(problem) = &context.service_problem {
        out.push(Diagnostic::new(&rules::CM091, &root, problem.clone()));
    }
    check_service_id(object, context, &mut out);
    check_instance_id(object, context, &mut out);
    if let Some(Value::String(id)) = typed(object, "CreatorRequestId", Kind::String) {
        let length = id.chars().count();
        if length > 64 {
            out.push(Diagnostic::new(
                &rules::CM004,
                &root.key("CreatorRequestId"),
                format!("CreatorRequestId is {length} characters long; the maximum is 64."),
            ));
        }
        if let Some(reason) = secret_reason("CreatorRequestId", id) {
            out.push(Diagnostic::new(
                &rules::CM040,
                &root.key("CreatorRequestId"),
                format!("CreatorRequestId {reason}."),
            ));
        }
    }
    if let Some(Value::Object(attributes)) = typed(object, "Attributes", Kind::Map) {
        check_attributes(attributes, &mut out);
        check_against_context(attributes, context, &mut out);
        check_alias_region(object, attributes, context, &mut out);
        check_health_check_port(attributes, context, &mut out);
    }
    out
}

/// Port 0 is a valid SRV port, but not one a Route 53 health check can use: Route 53's
/// HealthCheckConfig.Port is 1 to 65535 (botocore's route53 model), and Cloud Map sends the
/// check to AWS_INSTANCE_PORT.
fn check_health_check_port(attributes: &Map<'_>, context: &Context, out: &mut Vec<Diagnostic>) {
    let checked = context
        .service
        .as_ref()
        .is_some_and(|s| s.health_check_config.is_some());
    let port = attributes.get(PORT).and_then(Value::as_str);
    if checked && !attributes.contains_key(ALIAS) && port.is_some_and(|p| parse_port(p) == Ok(0)) {
        out.push(Diagnostic::new(
            &rules::CM011,
            &Pointer::root().key("Attributes").key(PORT),
            "AWS_INSTANCE_PORT 0 cannot be health-checked: the service's Route 53 health check needs a port from 1 to 65535.",
        ));
    }
}

/// "The AWS_ALIAS_DNS_NAME is not supported in the GovCloud (US) Regions" (botocore's
/// RegisterInstance Attributes). The Region shows in a service ARN (as ServiceId or the context
/// service's Arn: partition aws-us-gov) or in the load balancer's DNS name (a us-gov-... label).
fn check_alias_region(
    object: &Map<'_>,
    attributes: &Map<'_>,
    context: &Context,
    out: &mut Vec<Diagnostic>,
) {
    let Some(alias) = attributes.get(ALIAS).and_then(Value::as_str) else {
        return;
    };
    let govcloud_arn = |arn: &str| arn.starts_with("arn:aws-us-gov:");
    // A label of a GovCloud Region (us-gov-west-1), by the one table of partitions.
    let by = if alias
        .split('.')
        .any(|label| crate::text::partition_of(label) == "aws-us-gov")
    {
        Some("the load balancer's DNS name")
    } else if object
        .get("ServiceId")
        .and_then(Value::as_str)
        .is_some_and(govcloud_arn)
    {
        Some("the ServiceId ARN")
    } else if context
        .service
        .as_ref()
        .and_then(|s| s.arn.as_deref())
        .is_some_and(govcloud_arn)
    {
        Some("the service's ARN")
    } else {
        None
    };
    if let Some(by) = by {
        out.push(Diagnostic::new(
            &rules::CM033,
            &Pointer::root().key("Attributes").key(ALIAS),
            format!("AWS_ALIAS_DNS_NAME is not supported in the GovCloud (US) Regions, and {by} is in one: Cloud Map cannot create the alias record there."),
        ));
    }
}

fn check_service_id(object: &Map<'_>, context: &Context, out: &mut Vec<Diagnostic>) {
    let Some(Value::String(id)) = typed(object, "ServiceId", Kind::String) else {
        return;
    };
    let path = Pointer::root().key("ServiceId");
    let length = id.chars().count();
    if length == 0 {
        out.push(Diagnostic::new(
            &rules::CM001,
            &path,
            "ServiceId is empty; give the service's ID, like srv-p5zdwlg5uvvzjita.",
        ));
        return;
    }
    if length > 255 {
        out.push(Diagnostic::new(
            &rules::CM001,
            &path,
            format!("ServiceId is {length} characters long; the maximum is 255."),
        ));
        return;
    }
    if !looks_like_service_id(id) {
        out.push(Diagnostic::new(
            &rules::CM002,
            &path,
            format!("{id:?} is neither a service ID (srv- and 16 letters or digits) nor a service ARN (arn:aws:servicediscovery:REGION:ACCOUNT:service/srv-...). Cloud Map will answer ServiceNotFound."),
        ));
    }
    if let Some(service) = &context.service {
        let matches = service.id.as_deref() == Some(&**id)
            || service.arn.as_deref() == Some(&**id)
            || service_id_of(id).is_some_and(|tail| service.id.as_deref() == Some(tail));
        if service.id.is_some() && !matches {
            out.push(Diagnostic::new(
                &rules::CM031,
                &path,
                format!(
                    "ServiceId {id:?} is not the Id of the service checked against ({:?}); the request would register into a different service.",
                    service.id.as_deref().unwrap_or_default()
                ),
            ));
        }
    }
}

/// The `srv-...` part of a service ARN.
fn service_id_of(arn: &str) -> Option<&str> {
    arn.strip_prefix("arn:")
        .and_then(|rest| rest.rsplit_once(":service/"))
        .map(|(_, id)| id)
}

fn looks_like_service_id(id: &str) -> bool {
    let bare = |s: &str| {
        s.strip_prefix("srv-")
            .is_some_and(|t| !t.is_empty() && t.bytes().all(|b| b.is_ascii_alphanumeric()))
    };
    if bare(id) {
        return true;
    }
    let parts: Vec<&str> = id.splitn(6, ':').collect();
    matches!(parts.as_slice(), ["arn", partition, "servicediscovery", region, account, resource]
        if partition.starts_with("aws") && !region.is_empty() && crate::text::is_account_id(account)
            && resource.strip_prefix("service/").is_some_and(bare))
}

fn check_instance_id(object: &Map<'_>, context: &Context, out: &mut Vec<Diagnostic>) {
    let Some(Value::String(id)) = typed(object, "InstanceId", Kind::String) else {
        return;
    };
    let path = Pointer::root().key("InstanceId");
    let length = id.chars().count();
    let problem = if length == 0 {
        Some("InstanceId is empty".to_owned())
    } else if length > 64 {
        Some(format!(
            "InstanceId is {length} characters long; the maximum is 64"
        ))
    } else {
        id.chars()
            .enumerate()
            .find(|(_, c)| {
                !(c.is_ascii_alphanumeric() || matches!(c, '_' | '/' | ':' | '.' | '@' | '-'))
            })
            .map(|(i, c)| {
                format!(
                    "InstanceId contains {} at position {}",
                    attr::char_name(c),
                    i + 1
                )
            })
    };
    if let Some(problem) = problem {
        out.push(Diagnostic::new(
            &rules::CM003,
            &path,
            format!("{problem}; use 1 to 64 of letters, digits, _ / : . @ -."),
        ));
    }
    if let Some(reason) = secret_reason("InstanceId", id) {
        out.push(Diagnostic::new(
            &rules::CM040,
            &path,
            format!("InstanceId {reason}."),
        ));
    }
    let public_srv = context.namespace_type() == Some(NamespaceType::DnsPublic)
        && context
            .service
            .as_ref()
            .is_some_and(|s| s.has_record(RecordType::Srv));
    if public_srv {
        out.push(Diagnostic::new(
            &rules::CM041,
            &path,
            format!("The service has an SRV record in a public namespace, so {id:?} is visible to anyone through DNS (as {id}.SERVICE.NAMESPACE). Keep sensitive information out of it."),
        ));
    }
}

/// Checks every key and value on its own, and the count and size limits.
fn check_attributes(attributes: &Map<'_>, out: &mut Vec<Diagnostic>) {
    let base = Pointer::root().key("Attributes");
    let mut total = 0usize;
    let mut custom = 0usize;
    for (key, value) in attributes {
        // Built only for a finding: most attributes have none.
        let path = || base.key(key);
        total += key.chars().count();
        let reserved = is_reserved(key);
        if !reserved {
            custom += 1;
        }
        if let Some(problem) = key_problem(key) {
            out.push(Diagnostic::new(
                &rules::CM005,
                &path(),
                format!("The attribute key {key:?} {problem}."),
            ));
        } else if !reserved {
            if let Some(reserved) = near_reserved(key) {
                out.push(Diagnostic::new(
                    &rules::CM016,
                    &path(),
                    format!("{key:?} is not a reserved attribute; did you mean {reserved}? As written it is stored as a custom attribute and creates no record."),
                ));
            }
        }
        let Value::String(text) = value else {
            out.push(Diagnostic::new(
                &rules::REQ003,
                &path(),
                crate::shape::type_message(key, Kind::String, value),
            ));
            continue;
        };
        total += text.chars().count();
        if let Some(problem) = value_problem(text) {
            out.push(Diagnostic::new(
                &rules::CM006,
                &path(),
                format!("The value of {key} {problem}."),
            ));
        }
        check_reserved_value(key, text, path, out);
        if let Some(reason) = secret_reason(key, text) {
            out.push(Diagnostic::new(
                &rules::CM040,
                &path(),
                format!("The value of {key} {reason}. Attributes are returned by DiscoverInstances to any caller allowed to discover, and some appear in DNS; keep secrets in Secrets Manager instead."),
            ));
        }
    }
    if custom > MAX_CUSTOM_ATTRIBUTES {
        out.push(Diagnostic::new(
            &rules::CM007,
            &base,
            format!("There are {custom} custom attributes; an instance can have at most {MAX_CUSTOM_ATTRIBUTES} (reserved AWS_* attributes are not counted)."),
        ));
    }
    if total > MAX_ATTRIBUTES_TOTAL {
        out.push(Diagnostic::new(
            &rules::CM008,
            &base,
            format!("The attribute keys and values add up to {total} characters; the total must not exceed 5,000."),
        ));
    }
}

/// A reserved key that `key` is probably meant to be: the same ignoring case, or an `AWS_` key
/// at most two edits away.
fn near_reserved(key: &str) -> Option<&'static str> {
    // Every reserved key starts with AWS, so other keys are settled before any comparison.
    if key.len() > 40 || !key.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("AWS")) {
        return None;
    }
    if let Some(exact) = RESERVED.iter().find(|r| r.eq_ignore_ascii_case(key)) {
        return Some(exact);
    }
    let upper = key.to_ascii_uppercase();
    RESERVED
        .iter()
        .copied()
        .find(|r| edit_distance(&upper, r) <= 2)
}

fn check_reserved_value(
    key: &str,
    text: &str,
    path: impl Fn() -> Pointer,
    out: &mut Vec<Diagnostic>,
) {
    let finding = match key {
        IPV4 => ipv4_problem(text).map(|p| (&rules::CM009, format!("AWS_INSTANCE_IPV4: {p}."))),
        IPV6 => ipv6_problem(text).map(|p| (&rules::CM010, format!("AWS_INSTANCE_IPV6: {p}."))),
        PORT => match parse_port(text) {
            Err(p) => Some((&rules::CM011, format!("AWS_INSTANCE_PORT: {p}."))),
            Ok(port) if text.len() > 1 && text.starts_with('0') => {
                Some((&rules::CM017, format!("AWS_INSTANCE_PORT {text:?} has leading zeros; write {port}.")))
            }
            Ok(_) => None,
        },
        CNAME => domain_problem(text).map(|p| (&rules::CM012, format!("AWS_INSTANCE_CNAME {text:?}: {p}."))),
        ALIAS => domain_problem(text)
            .map(|p| (&rules::CM013, format!("AWS_ALIAS_DNS_NAME {text:?}: {p}.")))
            .or_else(|| {
                (!is_elb_name(text)).then(|| {
                    (&rules::CM013, format!("AWS_ALIAS_DNS_NAME {text:?} is not an Elastic Load Balancing DNS name (…elb.amazonaws.com); Cloud Map creates alias records only for load balancers."))
                })
            }),
        EC2_INSTANCE_ID => ec2_instance_id_problem(text).map(|p| (&rules::CM014, format!("AWS_EC2_INSTANCE_ID: {p}."))),
        INIT_HEALTH_STATUS if text != "HEALTHY" && text != "UNHEALTHY" => Some((
            &rules::CM015,
            format!("AWS_INIT_HEALTH_STATUS is {text:?}; it must be HEALTHY or UNHEALTHY (upper case)."),
        )),
        _ => None,
    };
    if let Some((rule, message)) = finding {
        out.push(Diagnostic::new(rule, &path(), message));
    }
}

/// The rules that relate attributes to each other and to the service and namespace.
fn check_against_context(attributes: &Map<'_>, context: &Context, out: &mut Vec<Diagnostic>) {
    let base = Pointer::root().key("Attributes");
    let has = |key: &str| attributes.contains_key(key);
    if has(ALIAS) {
        let instance_keys: Vec<&str> = attributes
            .keys()
            .filter(|k| k.starts_with("AWS_INSTANCE_"))
            .collect();
        if !instance_keys.is_empty() {
            out.push(Diagnostic::new(
                &rules::CM026,
                &base.key(ALIAS),
                format!("AWS_ALIAS_DNS_NAME cannot be combined with {}; an alias record routes to the load balancer, not to an address. Remove them.", instance_keys.join(", ")),
            ));
        }
    }
    if has(EC2_INSTANCE_ID) {
        let others: Vec<&str> = attributes
            .keys()
            .filter(|k| *k != EC2_INSTANCE_ID && *k != INIT_HEALTH_STATUS)
            .collect();
        if !others.is_empty() {
            out.push(Diagnostic::new(
                &rules::CM028,
                &base.key(EC2_INSTANCE_ID),
                format!("With AWS_EC2_INSTANCE_ID the only other attribute allowed is AWS_INIT_HEALTH_STATUS; remove {}. Cloud Map fills AWS_INSTANCE_IPV4 from the instance itself.", others.join(", ")),
            ));
        }
    }
    let addressed = [IPV4, IPV6, PORT, CNAME, ALIAS, EC2_INSTANCE_ID]
        .iter()
        .any(|k| has(k));
    let custom = attributes.keys().any(|k| !is_reserved(k));
    if !addressed && !custom {
        out.push(Diagnostic::new(
            &rules::CM029,
            &base,
            "The instance has no AWS_INSTANCE_IPV4, AWS_INSTANCE_IPV6, AWS_INSTANCE_PORT or AWS_INSTANCE_CNAME, so it needs at least one custom attribute for clients to discover.",
        ));
    }

    // The rules the namespace's type decides alone hold whether or not the service is given.
    if has(EC2_INSTANCE_ID) {
        match context.http_namespace() {
            Some(false) => out.push(Diagnostic::new(
                &rules::CM027,
                &base.key(EC2_INSTANCE_ID),
                "AWS_EC2_INSTANCE_ID is allowed only in HTTP namespaces, and the service's namespace is a DNS namespace.",
            )),
            None if context.service.is_some() => out.push(Diagnostic::new(
                &rules::CM090,
                &base.key(EC2_INSTANCE_ID),
                "AWS_EC2_INSTANCE_ID is allowed only in HTTP namespaces; give the namespace (or the service's Type) to check that.",
            )),
            // An HTTP namespace, or without a service either: the note below names every
            // rule left unchecked.
            Some(true) | None => {}
        }
    }
    let Some(service) = &context.service else {
        if has(ALIAS) && context.http_namespace() == Some(true) {
            // An alias record needs the service's A or AAAA record, and a service in an HTTP
            // namespace has no DNS records at all (CM025 with the service given says the same).
            out.push(Diagnostic::new(
                &rules::CM025,
                &base.key(ALIAS),
                "AWS_ALIAS_DNS_NAME needs a service whose records are A and/or AAAA with WEIGHTED routing; services in an HTTP namespace have no DNS records.",
            ));
        }
        out.push(Diagnostic::new(
            &rules::CM090,
            &Pointer::root(),
            "No service was given, so the rules that depend on its DNS records, routing policy and health checks were not checked (A needs AWS_INSTANCE_IPV4, SRV needs a port, alias needs WEIGHTED routing, ...). Add the service (the output of get-service) to check them.",
        ));
        return;
    };
    check_records(service, &has, out);
    if context.namespace.is_none() && service.has_record(RecordType::Srv) {
        out.push(Diagnostic::new(
            &rules::CM090,
            &Pointer::root().key("InstanceId"),
            "The service has an SRV record; give the namespace to check whether the InstanceId would be published in public DNS.",
        ));
    }
    if has(INIT_HEALTH_STATUS) && service.health_check_custom_config.is_none() {
        out.push(Diagnostic::new(
            &rules::CM030,
            &base.key(INIT_HEALTH_STATUS),
            "AWS_INIT_HEALTH_STATUS sets the initial status of a custom health check, but the service has no HealthCheckCustomConfig, so it is ignored.",
        ));
    }
    check_unused(service, context, attributes, out);
}

fn check_records(service: &Service, has: &dyn Fn(&str) -> bool, out: &mut Vec<Diagnostic>) {
    let base = Pointer::root().key("Attributes");
    let records = service.record_types();
    let has_a = records.contains(&RecordType::A);
    let has_aaaa = records.contains(&RecordType::Aaaa);
    let has_srv = records.contains(&RecordType::Srv);

    if has(ALIAS) {
        let address_only = (has_a || has_aaaa)
            && records
                .iter()
                .all(|r| matches!(r, RecordType::A | RecordType::Aaaa));
        if !address_only || service.routing_policy() != Some(RoutingPolicy::Weighted) {
            out.push(Diagnostic::new(
                &rules::CM025,
                &base.key(ALIAS),
                format!(
                    "AWS_ALIAS_DNS_NAME needs a service whose records are A and/or AAAA with WEIGHTED routing; this service has {} with {} routing.",
                    describe_records(&records),
                    service.routing_policy().map_or("no", |p| match p { RoutingPolicy::Weighted => "WEIGHTED", RoutingPolicy::Multivalue => "MULTIVALUE" }),
                ),
            ));
        }
        return;
    }
    if has_a && has_aaaa {
        // The Developer Guide: with A and AAAA records, IPv4, IPv6 or both may be given.
        if !has(IPV4) && !has(IPV6) {
            out.push(Diagnostic::new(&rules::CM020, &base, "The service has A and AAAA records; give AWS_INSTANCE_IPV4, AWS_INSTANCE_IPV6 or both."));
        }
    } else if has_a && !has(IPV4) {
        out.push(Diagnostic::new(&rules::CM020, &base, "The service has an A record, so AWS_INSTANCE_IPV4 is required (for example \"192.0.2.44\")."));
    } else if has_aaaa && !has(IPV6) {
        out.push(Diagnostic::new(&rules::CM021, &base, "The service has an AAAA record, so AWS_INSTANCE_IPV6 is required (for example \"2001:db8::1\")."));
    }
    if records.contains(&RecordType::Cname) && !has(CNAME) {
        out.push(Diagnostic::new(&rules::CM022, &base, "The service has a CNAME record, so AWS_INSTANCE_CNAME is required (for example \"example.com\")."));
    }
    if has_srv && !has(IPV4) && !has(IPV6) {
        out.push(Diagnostic::new(&rules::CM023, &base, "The service has an SRV record, whose target host needs AWS_INSTANCE_IPV4, AWS_INSTANCE_IPV6 or both."));
    }
    let health_check = service.health_check_config.is_some();
    // AWS_EC2_INSTANCE_ID allows no other address attribute (CM028), and Cloud Map fills
    // AWS_INSTANCE_IPV4 itself, so the health-check rules below do not ask it for an address or
    // a port: the documents contradict each other there, and the narrower rule wins.
    let ec2 = has(EC2_INSTANCE_ID);
    if health_check && !ec2 && !has(IPV4) {
        // Route 53 checks an address. With A and AAAA records it checks the IPv4 one (reference
        // cloudmap.md §1), so IPv6 alone leaves nothing to check; a service without address
        // records (an HTTP namespace) has nothing to check either unless an address is given.
        // Services whose records need an address have CM020, CM021 or CM023 for it already.
        let message = if has_a && has_aaaa && has(IPV6) {
            Some("The service has A and AAAA records and a Route 53 health check, which checks the IPv4 address; give AWS_INSTANCE_IPV4 too.")
        } else if !has_a && !has_aaaa && !has_srv && !has(IPV6) {
            Some("The service has a Route 53 health check, which sends its requests to AWS_INSTANCE_IPV4 at AWS_INSTANCE_PORT; give AWS_INSTANCE_IPV4.")
        } else {
            None
        };
        if let Some(message) = message {
            out.push(Diagnostic::new(&rules::CM020, &base, message));
        }
    }
    if (has_srv || (health_check && !ec2)) && !has(PORT) {
        let why = match (has_srv, health_check) {
            (true, true) => "an SRV record and a Route 53 health check",
            (true, false) => "an SRV record",
            _ => "a Route 53 health check",
        };
        out.push(Diagnostic::new(
            &rules::CM024,
            &base,
            format!("The service has {why}, so AWS_INSTANCE_PORT is required."),
        ));
    }
}

/// Info: reserved attributes that no record or health check of the service uses.
fn check_unused(
    service: &Service,
    context: &Context,
    attributes: &Map<'_>,
    out: &mut Vec<Diagnostic>,
) {
    if context.http_namespace() != Some(false) {
        return; // In HTTP namespaces every attribute is only returned by DiscoverInstances.
    }
    let records = service.record_types();
    let has_record = |r: RecordType| records.contains(&r);
    let health = service.health_check_config.is_some();
    for key in attributes.keys() {
        let used = match key {
            IPV4 => has_record(RecordType::A) || has_record(RecordType::Srv) || health,
            IPV6 => has_record(RecordType::Aaaa) || has_record(RecordType::Srv),
            PORT => has_record(RecordType::Srv) || health,
            CNAME => has_record(RecordType::Cname),
            _ => true,
        };
        if !used {
            out.push(Diagnostic::new(
                &rules::CM032,
                &Pointer::root().key("Attributes").key(key),
                format!("{key} is not used by any record of this service ({}); it is only stored and returned by DiscoverInstances.", describe_records(&records)),
            ));
        }
    }
}

fn describe_records(records: &[RecordType]) -> String {
    if records.is_empty() {
        "no DNS records".to_owned()
    } else {
        let names: Vec<&str> = records.iter().map(|r| r.as_str()).collect();
        format!("{} records", names.join(" + "))
    }
}
