//! RegisterContainerInstance, DeregisterContainerInstance and UpdateContainerInstancesState
//! validation: the request shapes as botocore checks them, then the rules ECS and its agent apply
//! to names, resources, attributes, devices and tags.

use crate::json::{Map, Value};

use super::model::{
    cluster_mismatch, parse_cluster, parse_container_instance, ClusterRef, ResourceType,
    TARGET_CONTAINER_INSTANCE, VALUE_FIELDS,
};
use super::placement::MAX_RESERVED_PORTS;
use crate::cloudmap::attributes::char_name;
use crate::diagnostics::{rules, Diagnostic};
use crate::pointer::{Place, Pointer, Segment};
use crate::shape::{check_structure, type_message, typed, Kind, Member, Members, Seen, Tree};

const REGISTER: [Member; 9] = [
    Member::optional("cluster", Kind::String),
    Member::optional("instanceIdentityDocument", Kind::String),
    Member::optional("instanceIdentityDocumentSignature", Kind::String),
    Member::optional("totalResources", Kind::List),
    Member::optional("versionInfo", Kind::Structure),
    Member::optional("containerInstanceArn", Kind::String),
    Member::optional("attributes", Kind::List),
    Member::optional("platformDevices", Kind::List),
    Member::optional("tags", Kind::List),
];

const RESOURCE: [Member; 6] = [
    Member::optional("name", Kind::String),
    Member::optional("type", Kind::String),
    Member::optional("doubleValue", Kind::Double),
    Member::optional("longValue", Kind::Long),
    Member::optional("integerValue", Kind::Integer),
    Member::optional("stringSetValue", Kind::List),
];

const VERSION_INFO: [Member; 3] = [
    Member::optional("agentVersion", Kind::String),
    Member::optional("agentHash", Kind::String),
    Member::optional("dockerVersion", Kind::String),
];

const ATTRIBUTE: [Member; 4] = [
    Member::required("name", Kind::String),
    Member::optional("value", Kind::String),
    Member::optional("targetType", Kind::String),
    Member::optional("targetId", Kind::String),
];

const PLATFORM_DEVICE: [Member; 2] = [
    Member::required("id", Kind::String),
    Member::required("type", Kind::String),
];

const TAG: [Member; 2] = [
    Member::optional("key", Kind::String),
    Member::optional("value", Kind::String),
];

const DEREGISTER: [Member; 3] = [
    Member::optional("cluster", Kind::String),
    Member::required("containerInstance", Kind::String),
    Member::optional("force", Kind::Boolean),
];

const UPDATE_STATE: [Member; 3] = [
    Member::optional("cluster", Kind::String),
    Member::required("containerInstances", Kind::List),
    Member::required("status", Kind::String),
];

/// Tags per resource.
pub const MAX_TAGS: usize = 50;
/// Custom attributes per resource (ECS service quotas).
pub const MAX_CUSTOM_ATTRIBUTES: usize = 10;
/// Container instances per UpdateContainerInstancesState call.
pub const MAX_INSTANCES_PER_UPDATE: usize = 10;
/// The identity-document fields ECS reads: the instance's ID, Region, zone and type.
pub const IDENTITY_KEYS: [&str; 4] = ["instanceId", "region", "availabilityZone", "instanceType"];

/// The cluster ECS assumes when a request names none.
pub const DEFAULT_CLUSTER: &str = "default";

/// Validates a RegisterContainerInstance request, returning every finding.
pub fn register_container_instance(request: &serde_json::Value) -> Vec<Diagnostic> {
    crate::json::with_converted(request, register_container_instance_tree)
}

/// [`register_container_instance`] on the borrowed tree `validate_text` parses.
pub fn register_container_instance_tree(request: &Value<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let root = Pointer::root();
    let Some(object) = check_structure(
        request,
        &root,
        &REGISTER,
        "RegisterContainerInstance",
        &mut out,
    ) else {
        return out;
    };
    let cluster = check_cluster(object, &mut out);
    if let Some(Value::String(arn)) = typed(object, "containerInstanceArn", Kind::String) {
        check_instance_reference(
            arn,
            &root.key("containerInstanceArn"),
            cluster.as_ref(),
            true,
            &mut out,
        );
    }
    check_identity(object, cluster.as_ref(), &mut out);
    if let Some(Value::Array(resources)) = typed(object, "totalResources", Kind::List) {
        check_resources(resources, &mut out);
    }
    if let Some(info) = typed(object, "versionInfo", Kind::Structure) {
        check_structure(
            info,
            &root.key("versionInfo"),
            &VERSION_INFO,
            "versionInfo",
            &mut out,
        );
    }
    if let Some(Value::Array(attributes)) = typed(object, "attributes", Kind::List) {
        check_attributes(attributes, &mut out);
    }
    if let Some(Value::Array(devices)) = typed(object, "platformDevices", Kind::List) {
        check_platform_devices(devices, &mut out);
    }
    if let Some(Value::Array(tags)) = typed(object, "tags", Kind::List) {
        check_tags(tags, &mut out);
    }
    out
}

/// Validates a DeregisterContainerInstance request, returning every finding.
pub fn deregister_container_instance(request: &serde_json::Value) -> Vec<Diagnostic> {
    crate::json::with_converted(request, deregister_container_instance_tree)
}

/// [`deregister_container_instance`] on the borrowed tree `validate_text` parses.
pub fn deregister_container_instance_tree(request: &Value<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let root = Pointer::root();
    let Some(object) = check_structure(
        request,
        &root,
        &DEREGISTER,
        "DeregisterContainerInstance",
        &mut out,
    ) else {
        return out;
    };
    let cluster = check_cluster(object, &mut out);
    if let Some(Value::String(text)) = typed(object, "containerInstance", Kind::String) {
        check_instance_reference(
            text,
            &root.key("containerInstance"),
            cluster.as_ref(),
            false,
            &mut out,
        );
    }
    out
}

/// Validates an UpdateContainerInstancesState request, returning every finding.
pub fn update_container_instances_state(request: &serde_json::Value) -> Vec<Diagnostic> {
    crate::json::with_converted(request, update_container_instances_state_tree)
}

/// [`update_container_instances_state`] on the borrowed tree `validate_text` parses.
pub fn update_container_instances_state_tree(request: &Value<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let root = Pointer::root();
    let Some(object) = check_structure(
        request,
        &root,
        &UPDATE_STATE,
        "UpdateContainerInstancesState",
        &mut out,
    ) else {
        return out;
    };
    let cluster = check_cluster(object, &mut out);
    if let Some(Value::Array(items)) = typed(object, "containerInstances", Kind::List) {
        let path = root.key("containerInstances");
        if items.is_empty() || items.len() > MAX_INSTANCES_PER_UPDATE {
            out.push(Diagnostic::new(
                &rules::ECS031,
                &path,
                format!(
                    "containerInstances lists {} container instances; one call changes 1 to {MAX_INSTANCES_PER_UPDATE}. {}",
                    items.len(),
                    if items.is_empty() { "Add the instances to change." } else { "Split the list into several calls." }
                ),
            ));
        }
        for (i, item) in items.iter().enumerate() {
            let here = path.index(i);
            match item {
                Value::String(text) => {
                    check_instance_reference(text, &here, cluster.as_ref(), false, &mut out);
                }
                other => out.push(Diagnostic::new(
                    &rules::REQ003,
                    &here,
                    type_message("Each containerInstances entry", Kind::String, other),
                )),
            }
        }
    }
    if let Some(Value::String(status)) = typed(object, "status", Kind::String) {
        check_status(status, &root.key("status"), &mut out);
    }
    out
}

/// A value for a message: quoted, and cut short so a huge input gives a readable message.
fn shown(text: &str) -> String {
    const MAX: usize = 80;
    if text.chars().count() <= MAX {
        format!("{text:?}")
    } else {
        let head: String = text.chars().take(MAX).collect();
        format!("{head:?}…")
    }
}

/// Checks `cluster`; returns the cluster the request targets (`default` when it names none), or
/// `None` when the name is unusable.
fn check_cluster(object: &Map<'_>, out: &mut Vec<Diagnostic>) -> Option<ClusterRef> {
    let Some(value) = object.get("cluster") else {
        return Some(ClusterRef {
            name: DEFAULT_CLUSTER.to_owned(),
            region: None,
            account: None,
        });
    };
    let Value::String(text) = value else {
        return None;
    };
    match parse_cluster(text) {
        Ok(cluster) => Some(cluster),
        Err(problem) => {
            out.push(Diagnostic::new(
                &rules::ECS001,
                &Pointer::root().key("cluster"),
                format!(
                    "cluster {}: {problem}. ECS answers ClusterNotFoundException or InvalidParameterException; give the cluster's short name (like default) or its ARN (arn:aws:ecs:REGION:ACCOUNT:cluster/NAME).",
                    shown(text)
                ),
            ));
            None
        }
    }
}

/// Checks a container-instance ID or ARN and that it agrees with the cluster. `arn_only` is for
/// `containerInstanceArn`, which takes only the full ARN.
fn check_instance_reference(
    text: &str,
    path: &Pointer,
    cluster: Option<&ClusterRef>,
    arn_only: bool,
    out: &mut Vec<Diagnostic>,
) {
    match parse_container_instance(text) {
        // Nothing to look up: ECS refuses a blank identifier outright, as it does a blank cluster.
        Err(_) if text.trim().is_empty() => out.push(Diagnostic::new(
            &rules::ECS002,
            path,
            "The container instance is blank. Give the ID or ARN that list-container-instances prints.",
        )),
        // The API takes any string as an ID and only fails when it finds no such instance
        // (AWS's own DeregisterContainerInstance example passes "container_instance_UUID"), so
        // an odd ID is a warning; a malformed ARN or a bare ID where the ARN is required is not.
        Err(problem) if !arn_only && !text.starts_with("arn:") => out.push(Diagnostic::new(
            &rules::ECS033,
            path,
            format!(
                "{} does not look like a container instance: {problem}. ECS will answer that it cannot find it unless this is a real ID; give the ID or ARN that list-container-instances prints.",
                shown(text)
            ),
        )),
        Err(problem) => out.push(Diagnostic::new(
            &rules::ECS002,
            path,
            format!(
                "{} is not a container instance: {problem}. Give the ID or ARN that list-container-instances prints (arn:aws:ecs:REGION:ACCOUNT:container-instance/CLUSTER/ID).",
                shown(text)
            ),
        )),
        Ok(reference) if arn_only && reference.region.is_none() => out.push(Diagnostic::new(
            &rules::ECS002,
            path,
            format!(
                "containerInstanceArn is the bare ID {}; it must be the full ARN the first registration returned (arn:aws:ecs:REGION:ACCOUNT:container-instance/CLUSTER/ID).",
                shown(text)
            ),
        )),
        Ok(reference) => {
            if let Some(problem) = cluster.and_then(|c| cluster_mismatch(&reference, c)) {
                out.push(Diagnostic::new(
                    &rules::ECS003,
                    path,
                    format!("{problem}. ECS looks for the instance only in the cluster the request names, so it will not find it; make the two agree (a request without cluster means {DEFAULT_CLUSTER:?})."),
                ));
            }
        }
    }
}

/// The identity document and its signature: JSON with the fields ECS reads, sent together.
fn check_identity(object: &Map<'_>, cluster: Option<&ClusterRef>, out: &mut Vec<Diagnostic>) {
    let root = Pointer::root();
    let text_of = |name: &str| {
        typed(object, name, Kind::String)
            .and_then(Value::as_str)
            .filter(|t| !t.trim().is_empty())
    };
    let document = text_of("instanceIdentityDocument");
    let signature = text_of("instanceIdentityDocumentSignature");
    // A member of another type than string has its type error already; calling it missing
    // would contradict the request.
    let mistyped = |name: &str| {
        object
            .get(name)
            .is_some_and(|v| !v.is_null() && !v.is_string())
    };
    let pair =
        if mistyped("instanceIdentityDocument") || mistyped("instanceIdentityDocumentSignature") {
            (None, None)
        } else {
            (document, signature)
        };
    match pair {
        (Some(_), None) => out.push(Diagnostic::new(
            &rules::ECS007,
            &root.key("instanceIdentityDocumentSignature"),
            "The identity document comes without instanceIdentityDocumentSignature; ECS uses the signature to check that the document is genuine. Send the output of http://169.254.169.254/latest/dynamic/instance-identity/signature with it.",
        )),
        (None, Some(_)) => out.push(Diagnostic::new(
            &rules::ECS007,
            &root.key("instanceIdentityDocumentSignature"),
            "instanceIdentityDocumentSignature is given without instanceIdentityDocument, so there is nothing for it to sign. Send the document too, or neither (as external instances do).",
        )),
        _ => {}
    }
    let Some(document) = document else {
        return;
    };
    let path = root.key("instanceIdentityDocument");
    crate::json::with_arena(|arena| {
        // The fast parser first; serde_json says why the text is not JSON.
        let tree =
            crate::json::parse(document, arena, duplicate_in_document).map(|(tree, duplicates)| {
                out.extend(duplicates.into_iter().map(|mut d| {
                    path.as_str().clone_into(&mut d.path);
                    d
                }));
                tree
            });
        let read_by_serde = match tree {
            Some(_) => Ok(serde_json::Value::Null),
            None => serde_json::from_str::<serde_json::Value>(document),
        };
        let parsed = match (tree, &read_by_serde) {
            (Some(tree), _) => Ok(tree),
            (None, Ok(value)) => Ok(Value::convert(value, arena)),
            (None, Err(err)) => Err(err),
        };
        match parsed {
            Ok(Value::Object(fields)) => check_identity_fields(&fields, &path, cluster, out),
            Ok(other) => {
                out.push(Diagnostic::new(
                    &rules::ECS004,
                    &path,
                    format!("instanceIdentityDocument holds {} instead of a JSON object; send the document from http://169.254.169.254/latest/dynamic/instance-identity/document as a string.", crate::shape::describe(&other)),
                ));
            }
            Err(err) => {
                out.push(Diagnostic::new(
                    &rules::ECS004,
                    &path,
                    format!("instanceIdentityDocument is not JSON ({err}); ECS cannot read the instance from it. Send the document from http://169.254.169.254/latest/dynamic/instance-identity/document, as a string."),
                ));
            }
        }
    });
}

/// JSON003 for a key repeated inside the identity document. The document is one string of the
/// request, so the finding points at that string and names the key's place inside it. AWS says
/// nothing of such a document: a genuine one never has a repeated key, and which value ECS would
/// read is not defined, so it is the same error as a repeated key in the request itself.
fn duplicate_in_document(inner: &Pointer, key: &str) -> Diagnostic {
    Diagnostic::new(
        &rules::JSON003,
        inner,
        format!("The identity document has the key {key:?} more than once (at {} inside it), so which value ECS reads is not defined; a document from the instance metadata service never repeats a key. Send the document unedited.", inner.as_str()),
    )
}

/// The members of a parsed identity document.
fn check_identity_fields(
    fields: &Map<'_>,
    path: &Pointer,
    cluster: Option<&ClusterRef>,
    out: &mut Vec<Diagnostic>,
) {
    let field = |name: &str| {
        fields
            .get(name)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
    };
    for key in IDENTITY_KEYS {
        if field(key).is_none() {
            let why = match key {
                "instanceId" => "it becomes the container instance's ec2InstanceId",
                "region" => "ECS checks it against the Region of the call",
                "availabilityZone" => {
                    "it becomes the ecs.availability-zone attribute that spread placement uses"
                }
                _ => "it becomes the ecs.instance-type attribute that placement constraints use",
            };
            out.push(Diagnostic::new(
                &rules::ECS005,
                path,
                format!("The identity document has no string {key}; {why}. Send the document exactly as the instance metadata service returns it."),
            ));
        }
    }
    if let (Some(region), Some(zone)) = (field("region"), field("availabilityZone")) {
        if !zone.starts_with(region) {
            out.push(Diagnostic::new(
                &rules::ECS006,
                path,
                format!("The identity document's availabilityZone {zone:?} is not in its region {region:?}; a genuine document never says so. Send the document unedited."),
            ));
        }
    }
    if let (Some(region), Some(cluster_region)) =
        (field("region"), cluster.and_then(|c| c.region.as_deref()))
    {
        if region != cluster_region {
            out.push(Diagnostic::new(
                &rules::ECS006,
                path,
                format!("The instance is in {region}, but the cluster ARN is in {cluster_region}; an instance registers only with a cluster in its own Region."),
            ));
        }
    }
}

/// Names ECS and the agent give a meaning to, with the type the agent sends.
const WELL_KNOWN: [(&str, ResourceType); 4] = [
    ("CPU", ResourceType::Integer),
    ("MEMORY", ResourceType::Integer),
    ("PORTS", ResourceType::StringSet),
    ("PORTS_UDP", ResourceType::StringSet),
];

fn check_resources(resources: &[Value<'_>], out: &mut Vec<Diagnostic>) {
    let list = Segment::Key(&Segment::Root, "totalResources");
    let mut seen: Seen<'_> = Seen::new();
    let (mut has_cpu, mut has_memory) = (false, false);
    let mut reserved = ReservedPorts::default();
    for (i, resource) in resources.iter().enumerate() {
        let path = Segment::Index(&list, i);
        let Some(object) = check_structure(resource, &path, &RESOURCE, "totalResources entry", out)
        else {
            continue;
        };
        let name = typed(object, "name", Kind::String).and_then(Value::as_str);
        if !object.contains_key("name") || name == Some("") {
            out.push(Diagnostic::new(
                &rules::ECS008,
                &path.key("name"),
                "The resource has no name, so tasks cannot reserve it; name it (CPU, MEMORY, PORTS, PORTS_UDP or your own resource).",
            ));
        }
        let resource_type = check_resource_type(object, &path, out);
        if let Some(name) = name.filter(|n| !n.is_empty()) {
            has_cpu |= name == "CPU";
            has_memory |= name == "MEMORY";
            if !seen.insert(name) {
                out.push(Diagnostic::new(
                    &rules::ECS013,
                    &path.key("name"),
                    format!("The resource {} appears more than once; ECS keeps one amount per name. Merge the entries.", shown(name)),
                ));
            }
            check_well_known(name, resource_type, &path, out);
        }
        if let Some(resource_type) = resource_type {
            check_value_fields(object, resource_type, &path, out);
        }
        for (field, kind) in [
            ("integerValue", Kind::Integer),
            ("longValue", Kind::Long),
            ("doubleValue", Kind::Double),
        ] {
            // The number as JSON writes it, not re-formatted as an f64.
            let negative =
                typed(object, field, kind).filter(|v| v.as_f64().is_some_and(|n| n < 0.0));
            if let Some(Value::Number(n)) = negative {
                out.push(Diagnostic::new(
                    &rules::ECS012,
                    &path.key(field),
                    format!("{field} is {n}; an instance cannot offer a negative amount, and placement would never fit a task. Give 0 or more."),
                ));
            }
        }
        if let Some(Value::Array(items)) = typed(object, "stringSetValue", Kind::List) {
            let ports = name.filter(|n| *n == "PORTS" || *n == "PORTS_UDP");
            let path = Segment::Key(&path, "stringSetValue");
            let count = check_string_set(items, ports, &path, out);
            if ports.is_some() {
                reserved.add(count, i);
            }
        }
    }
    reserved.check(&list, out);
    let missing = match (has_cpu, has_memory) {
        (true, true) => return,
        (false, true) => "CPU",
        (true, false) => "MEMORY",
        (false, false) => "CPU or MEMORY",
    };
    out.push(Diagnostic::new(
        &rules::ECS017,
        &list.pointer(),
        format!("totalResources has no {missing}, so ECS treats the instance as having none and cannot place tasks that reserve it. The agent always sends CPU and MEMORY as INTEGER."),
    ));
}

/// The resource's type, or `None` (reported) when it is missing or unknown.
fn check_resource_type(
    object: &Map<'_>,
    path: &dyn Place,
    out: &mut Vec<Diagnostic>,
) -> Option<ResourceType> {
    let here = || path.key("type");
    let Some(value) = object.get("type") else {
        out.push(Diagnostic::new(
            &rules::ECS009,
            &here(),
            "The resource has no type, so ECS cannot tell which value field to read; set type to INTEGER, DOUBLE, LONG or STRINGSET.",
        ));
        return None;
    };
    let text = value.as_str()?;
    if let Some(t) = ResourceType::parse(text) {
        return Some(t);
    }
    let hint = ResourceType::parse(&text.to_ascii_uppercase()).map_or_else(String::new, |t| {
        format!(" Types are upper case: write {}.", t.as_str())
    });
    out.push(Diagnostic::new(
        &rules::ECS009,
        &here(),
        format!(
            "The resource type {} is not INTEGER, DOUBLE, LONG or STRINGSET.{hint}",
            shown(text)
        ),
    ));
    None
}

/// The value field of the type must be there (ECS010). Those of other types are a warning
/// (ECS011): the Resource shape allows every value member, the reference only says which one
/// carries the amount, and describe-container-instances output fills them all, so a request
/// built from it is not known to be refused.
fn check_value_fields(
    object: &Map<'_>,
    resource_type: ResourceType,
    path: &dyn Place,
    out: &mut Vec<Diagnostic>,
) {
    let wanted = resource_type.value_field();
    if !object.contains_key(wanted) {
        out.push(Diagnostic::new(
            &rules::ECS010,
            &path.key(wanted),
            format!(
                "The resource is of type {} but has no {wanted}; ECS reads the amount only from {wanted}. Add it.",
                resource_type.as_str()
            ),
        ));
    }
    for field in VALUE_FIELDS {
        if field != wanted && object.contains_key(field) {
            out.push(Diagnostic::new(
                &rules::ECS011,
                &path.key(field),
                format!(
                    "{field} does not belong to a resource of type {}, whose amount is read from {wanted} alone. Remove it (describe-container-instances output fills every value field with 0; drop those when reusing it).",
                    resource_type.as_str()
                ),
            ));
        }
    }
}

/// CPU and MEMORY are INTEGER, PORTS and PORTS_UDP STRINGSET, in upper case.
fn check_well_known(
    name: &str,
    resource_type: Option<ResourceType>,
    path: &dyn Place,
    out: &mut Vec<Diagnostic>,
) {
    for (known, expected) in WELL_KNOWN {
        if name == known {
            if let Some(actual) = resource_type.filter(|t| *t != expected) {
                out.push(Diagnostic::new(
                    &rules::ECS014,
                    &path.key("type"),
                    format!("The agent sends {known} as {}, but here it is {}; placement reads {known} from {}. Send it as the agent does.", expected.as_str(), actual.as_str(), expected.value_field()),
                ));
            }
        } else if name.eq_ignore_ascii_case(known) {
            out.push(Diagnostic::new(
                &rules::ECS014,
                &path.key("name"),
                format!("Resource names are case-sensitive: {} is a custom resource, not {known}, so tasks' {} needs are not counted against it. Write {known}.", shown(name), known.to_ascii_lowercase()),
            ));
        }
    }
}

/// The host ports the port sets (PORTS, PORTS_UDP) reserve. "A container instance can have up
/// to 100 reserved ports at a time. This number includes the default reserved ports" (the ECS
/// model's PortMapping.hostPort): one limit for the instance, so PORTS and PORTS_UDP count
/// together (each entry of either is one reservation).
#[derive(Default)]
struct ReservedPorts {
    total: usize,
    /// How many port sets hold any port, and the `totalResources` index of the last of them.
    holding: usize,
    last: usize,
}

impl ReservedPorts {
    /// Counts a port set's distinct ports; `index` is its place in `totalResources`.
    fn add(&mut self, count: usize, index: usize) {
        if count > 0 {
            self.total += count;
            self.holding += 1;
            self.last = index;
        }
    }

    /// Reports going over the limit once, at the last port set that holds ports (`list` is
    /// where `totalResources` is).
    fn check(&self, list: &dyn Place, out: &mut Vec<Diagnostic>) {
        if self.total <= MAX_RESERVED_PORTS {
            return;
        }
        let what = if self.holding > 1 {
            "PORTS and PORTS_UDP together reserve"
        } else {
            "The instance reserves"
        };
        let total = self.total;
        out.push(Diagnostic::new(
            &rules::ECS016,
            &list.index(self.last).key("stringSetValue"),
            format!("{what} {total} host ports; a container instance can have at most {MAX_RESERVED_PORTS} reserved ports at a time, the default ones included, and ECS fails placement with \"Too many ports\". Reserve fewer."),
        ));
    }
}

/// String-set members are strings; in PORTS and PORTS_UDP, port numbers. Returns how many
/// distinct ports a port set holds.
fn check_string_set(
    items: &[Value<'_>],
    ports: Option<&str>,
    path: &dyn Place,
    out: &mut Vec<Diagnostic>,
) -> usize {
    let mut distinct: Seen<'_> = Seen::new();
    for (j, item) in items.iter().enumerate() {
        let Value::String(text) = item else {
            let fix = match (item, ports) {
                (Value::Number(n), Some(_)) => format!(" Write \"{n}\" in quotes."),
                _ => String::new(),
            };
            out.push(Diagnostic::new(
                &rules::REQ003,
                &path.index(j),
                format!(
                    "Each stringSetValue entry must be a string, but this is {}.{fix}",
                    crate::shape::describe(item)
                ),
            ));
            continue;
        };
        if let Some(name) = ports {
            if let Some(problem) = port_problem(text) {
                out.push(Diagnostic::new(
                    &rules::ECS015,
                    &path.index(j),
                    format!("{name} entry {} {problem}. Each entry is one host port, written as a string of digits from 0 to 65535 (ranges are not allowed).", shown(text)),
                ));
            }
            distinct.insert(text);
        }
    }
    distinct.len()
}

fn port_problem(text: &str) -> Option<String> {
    if text.is_empty() || text.len() > 5 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Some("is not a port number".to_owned());
    }
    match text.parse::<u32>() {
        Ok(n) if n <= 65_535 => None,
        _ => Some("is above the highest port, 65535".to_owned()),
    }
}

/// Whether an attribute is one ECS or its agent defines (`ecs.*`, `com.amazonaws.ecs.*`), which
/// do not count against the custom-attribute quota.
pub fn is_builtin_attribute(name: &str) -> bool {
    name.starts_with("ecs.") || name.starts_with("com.amazonaws.ecs.")
}

/// The problem with an attribute name: 1 to 128 of letters, digits, `- _ / \ .`.
pub fn attribute_name_problem(name: &str) -> Option<String> {
    let length = name.chars().count();
    if length == 0 {
        return Some("is empty".to_owned());
    }
    if length > 128 {
        return Some(format!("is {length} characters long; the maximum is 128"));
    }
    name.chars()
        .enumerate()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '/' | '\\' | '.')))
        .map(|(i, c)| format!("contains {} at position {}", char_name(c), i + 1))
}

/// The problem with an attribute value: 1 to 128 of letters, digits, `- _ . @ / \ :` and
/// spaces, not starting or ending with a space.
pub fn attribute_value_problem(value: &str) -> Option<String> {
    let length = value.chars().count();
    if length == 0 {
        return Some("is empty (leave value out for a name-only attribute)".to_owned());
    }
    if length > 128 {
        return Some(format!("is {length} characters long; the maximum is 128"));
    }
    if value.starts_with(' ') || value.ends_with(' ') {
        return Some("starts or ends with a space".to_owned());
    }
    value
        .chars()
        .enumerate()
        .find(|(_, c)| {
            !(c.is_ascii_alphanumeric()
                || matches!(c, '-' | '_' | '.' | '@' | '/' | '\\' | ':' | ' '))
        })
        .map(|(i, c)| format!("contains {} at position {}", char_name(c), i + 1))
}

fn check_attributes(attributes: &[Value<'_>], out: &mut Vec<Diagnostic>) {
    let list = Segment::Key(&Segment::Root, "attributes");
    let mut seen: Seen<'_> = Seen::new();
    let mut custom = 0usize;
    for (i, attribute) in attributes.iter().enumerate() {
        let path = Segment::Index(&list, i);
        let Some(object) = check_structure(attribute, &path, &ATTRIBUTE, "attributes entry", out)
        else {
            continue;
        };
        if let Some(name) = typed(object, "name", Kind::String).and_then(Value::as_str) {
            if let Some(problem) = attribute_name_problem(name) {
                out.push(Diagnostic::new(
                    &rules::ECS018,
                    &path.key("name"),
                    format!("The attribute name {} {problem}. ECS rejects the registration; use 1 to 128 letters, digits, hyphens, underscores, slashes, backslashes or periods.", shown(name)),
                ));
            } else if !seen.insert(name) {
                out.push(Diagnostic::new(
                    &rules::ECS021,
                    &path.key("name"),
                    format!("The attribute {} is given more than once; an instance keeps one value per attribute name, so only one survives. Keep one entry.", shown(name)),
                ));
            } else if !is_builtin_attribute(name) {
                custom += 1;
            }
        }
        if let Some(value) = typed(object, "value", Kind::String).and_then(Value::as_str) {
            if let Some(problem) = attribute_value_problem(value) {
                out.push(Diagnostic::new(
                    &rules::ECS019,
                    &path.key("value"),
                    format!("The attribute value {} {problem}. ECS rejects the registration; use 1 to 128 letters, digits, spaces and - _ . @ / \\ :, not starting or ending with a space.", shown(value)),
                ));
            }
        }
        // The Attribute reference: targetType "is required if you use the short form ID for a
        // resource instead of the full ARN".
        let target_id = typed(object, "targetId", Kind::String).and_then(Value::as_str);
        if target_id.is_some_and(|id| !id.starts_with("arn:")) && !object.contains_key("targetType")
        {
            out.push(Diagnostic::new(
                &rules::ECS020,
                &path.key("targetId"),
                format!("targetId {} is a short-form ID, so targetType is required: add \"targetType\": {TARGET_CONTAINER_INSTANCE:?} or leave targetId out.", shown(target_id.unwrap_or_default())),
            ));
        }
        if let Some(target) = typed(object, "targetType", Kind::String).and_then(Value::as_str) {
            if target != TARGET_CONTAINER_INSTANCE {
                out.push(Diagnostic::new(
                    &rules::ECS020,
                    &path.key("targetType"),
                    format!("targetType {} is not allowed; attributes attach only to container instances, so the only value is {TARGET_CONTAINER_INSTANCE:?} (or leave it out).", shown(target)),
                ));
            }
        }
    }
    if custom > MAX_CUSTOM_ATTRIBUTES {
        out.push(Diagnostic::new(
            &rules::ECS022,
            &list.pointer(),
            format!("There are {custom} custom attributes (names outside ecs.* and com.amazonaws.ecs.*); the ECS quota is {MAX_CUSTOM_ATTRIBUTES} per resource, and PutAttributes enforces it. Keep at most {MAX_CUSTOM_ATTRIBUTES}."),
        ));
    }
}

fn check_platform_devices(devices: &[Value<'_>], out: &mut Vec<Diagnostic>) {
    let list = Segment::Key(&Segment::Root, "platformDevices");
    let mut seen: Seen<'_> = Seen::new();
    for (i, device) in devices.iter().enumerate() {
        let path = Segment::Index(&list, i);
        let Some(object) = check_structure(
            device,
            &path,
            &PLATFORM_DEVICE,
            "platformDevices entry",
            out,
        ) else {
            continue;
        };
        if let Some(id) = typed(object, "id", Kind::String).and_then(Value::as_str) {
            if id.is_empty() {
                out.push(Diagnostic::new(
                    &rules::ECS025,
                    &path.key("id"),
                    "The device id is empty; ECS hands the id to the task that reserves the device. Use the id from /var/lib/ecs/gpu/nvidia_gpu_info.json (GPU-...).",
                ));
            } else if !seen.insert(id) {
                out.push(Diagnostic::new(
                    &rules::ECS025,
                    &path.key("id"),
                    format!("The device {} is listed twice, so ECS would count it as two devices and could give it to two tasks. List each device once.", shown(id)),
                ));
            }
        }
        if let Some(kind) = typed(object, "type", Kind::String).and_then(Value::as_str) {
            match kind {
                "GPU" => {}
                "NEURON_DEVICE" => out.push(Diagnostic::new(
                    &rules::ECS024,
                    &path.key("type"),
                    "NEURON_DEVICE (an AWS Inferentia or Trainium device) is in the current API, but SDKs and CLIs older than that model reject it before sending. Use a current SDK or CLI.",
                )),
                other => {
                    let hint = if other.eq_ignore_ascii_case("GPU") {
                        " Write GPU in upper case."
                    } else if other.eq_ignore_ascii_case("NEURON_DEVICE") {
                        " Write NEURON_DEVICE in upper case."
                    } else {
                        ""
                    };
                    out.push(Diagnostic::new(
                        &rules::ECS023,
                        &path.key("type"),
                        format!("The device type {} is not GPU or NEURON_DEVICE, the only kinds ECS tracks.{hint}", shown(other)),
                    ));
                }
            }
        }
    }
}

/// Whether `c` is allowed in a tag: the pattern `^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$`.
///
/// `is_numeric` is `\p{N}`, and whitespace that is not a control character is `\p{Z}` (so tabs
/// and line breaks are refused, as AWS does). `\p{L}` is [`is_letter`].
pub fn is_tag_char(c: char) -> bool {
    is_letter(c)
        || c.is_numeric()
        || (c.is_whitespace() && !c.is_control())
        || matches!(c, '_' | '.' | ':' | '/' | '=' | '+' | '-' | '@')
}

/// Whether `c` is a letter, `\p{L}`, as Java's regular expressions (and so AWS) read it.
///
/// Rust's std has no general categories, only `is_alphabetic`, which also admits combining
/// marks (the vowel signs of Devanagari, Thai, ...) and circled letters such as Ⓐ: a tag in
/// Hindi would pass here and be refused by ECS. Those are taken back out in two steps, to keep
/// the table small: the marks std's `escape_debug` escapes (it escapes every grapheme extender,
/// and its table is in the binary anyway) except the two halfwidth sound marks that are letters,
/// then the rest from [`NOT_LETTERS`].
fn is_letter(c: char) -> bool {
    if c.is_ascii() || !c.is_alphabetic() {
        return c.is_ascii_alphabetic();
    }
    if matches!(c, '\u{FF9E}' | '\u{FF9F}') {
        return true;
    }
    if c.escape_debug().next() == Some('\\') {
        return false;
    }
    // Each range is the distance from the end of the previous one (LEB128), then its length
    // minus one.
    let code = c as u32;
    let mut next = 0u32;
    let mut bytes = NOT_LETTERS.iter();
    loop {
        let mut gap = 0u32;
        let mut shift = 0;
        for &b in bytes.by_ref() {
            gap |= u32::from(b & 0x7f) << shift;
            shift += 7;
            if b < 0x80 {
                break;
            }
        }
        let Some(&len) = bytes.next() else {
            return true;
        };
        let start = next + gap;
        if code < start {
            return true;
        }
        next = start + u32::from(len) + 1;
        if code < next {
            return false;
        }
    }
}

/// The code points that are alphabetic in Unicode 17 but not letters nor grapheme extenders:
/// spacing combining marks (Mc) and circled or squared letters (So), as ranges (see
/// [`is_letter`]). Written from Unicode 17's general categories.
const NOT_LETTERS: &[u8] = b"\x83\x12\x007\x00\x02\x02\x08\x03\x01\x012\x01;\x01\x06\x01\x02\x016\x00:\x02B\x00:\x02\x08\x00\x01\x015\x01<\x00\x06\x01\x02\x01r\x00\x01\x01\x03\x02\x01\x024\x02=\x03=\x01:\x00\x02\x00\x01\x01.\x00\x0e\x01;\x01\x05\x02\x01\x025\x01L\x01\x06\x06\x13\x01\x8b\x03\x00\xab\x01\x01\x04\x00\x06\x00\x02\x01\x19\x01\x0a\x02\x02\x06\x15\x01\x02\x05\x02\x00\x0a\x02\x99\x0e\x00\x07\x07\x01\x01\xda\x02\x03\x02\x02\x04\x01\x01\x05\xe0\x01\x01:\x00\x01\x00\x09\x00\x01\x01\x08\x05\x91\x01\x009\x03@\x00\x1e\x00\x04\x01?\x00\x02\x02\x01\x005\x07\x08\x01\x80\x113\xb9\x86\x02\x01\x02\x00X\x012\x0f\x8e\x01\x000\x000\x01\x04\x01\x02\x01o\x01\x02\x01\x18\x00-\x00\x01\x00m\x00\x02\x01\x05\x00\xed\x01\x01\x01\x01\x01\x01\x95\xc8\x01\x00\x01\x00\x7f\x00-\x02\x04\x01s\x00\x18\x01;\x000\x02\x09\x00\x0e\x00]\x02\x03\x01\xac\x01\x02\x1f\x01;\x00\x01\x03\x02\x01\x02\x01\x15\x01U\x01\x0f\x00\x01\x01g\x02\x08\x01\x03\x00k\x01\x06\x00\x01\x01\x01\x00\x02\x00\xee\x01\x01\x06\x03\x02\x00q\x02\x08\x01\x01\x00m\x00\x01\x01n\x00\x01\x01\x04\x00\x85\x02\x02\x09\x00\xf8\x01\x04\x01\x01\x07\x00\x01\x00\x8e\x01\x02\x08\x03\x04\x00T\x00\x1d\x01>\x00\xc9\x01\x00\x03\x00\x01\x00\xc7\x01\x00\x0e\x00j\x00\x07\x00\x02\x00\xd5\x01\x04\x04\x01\x01\x00\xde\x02\x01\x0c\x000\x01\x08\x01\xea\x83\x01\x02\xa4\x1c6\xa8\x83\x02\x19\x06\x19\x06\x19";

fn tag_text_problem(text: &str, min: usize, max: usize) -> Option<String> {
    let length = text.chars().count();
    if length < min {
        return Some("is empty".to_owned());
    }
    if length > max {
        return Some(format!("is {length} characters long; the maximum is {max}"));
    }
    text.chars()
        .enumerate()
        .find(|(_, c)| !is_tag_char(*c))
        .map(|(i, c)| format!("contains {} at position {}", char_name(c), i + 1))
}

fn has_aws_prefix(text: &str) -> bool {
    text.get(..4)
        .is_some_and(|p| p.eq_ignore_ascii_case("aws:"))
}

/// The ECS tag rules, for the tags of RegisterContainerInstance and CreateService alike.
pub(crate) fn check_tags<T: Tree>(tags: &[T], out: &mut Vec<Diagnostic>) {
    let list = Segment::Key(&Segment::Root, "tags");
    // Tags whose key starts with aws: "do not count against your tags per resource limit"
    // (RegisterContainerInstance reference); ECS030 refuses them on their own.
    let counted = tags
        .iter()
        .filter(|tag| {
            !tag.object()
                .and_then(|o| o.member("key"))
                .and_then(Tree::text)
                .is_some_and(has_aws_prefix)
        })
        .count();
    if counted > MAX_TAGS {
        out.push(Diagnostic::new(
            &rules::ECS026,
            &list.pointer(),
            format!(
                "There are {counted} tags; a resource can have at most {MAX_TAGS}. Remove {}.",
                counted - MAX_TAGS
            ),
        ));
    }
    let mut seen: Seen<'_> = Seen::new();
    for (i, tag) in tags.iter().enumerate() {
        let path = Segment::Index(&list, i);
        let Some(object) = check_structure(tag, &path, &TAG, "tags entry", out) else {
            continue;
        };
        if object.member("key").is_none() {
            out.push(Diagnostic::new(
                &rules::ECS027,
                &path.key("key"),
                "The tag has no key; every tag needs a key of 1 to 128 characters.",
            ));
        }
        if let Some(key) = typed(object, "key", Kind::String).and_then(Tree::text) {
            if let Some(problem) = tag_text_problem(key, 1, 128) {
                out.push(Diagnostic::new(
                    &rules::ECS027,
                    &path.key("key"),
                    format!("The tag key {} {problem}. Use 1 to 128 letters, digits, spaces and + - = . _ : / @.", shown(key)),
                ));
            }
            if !seen.insert(key) {
                out.push(Diagnostic::new(
                    &rules::ECS029,
                    &path.key("key"),
                    format!(
                        "The tag key {} is used twice; each key can have only one value. Keep one.",
                        shown(key)
                    ),
                ));
            }
            if has_aws_prefix(key) {
                out.push(Diagnostic::new(
                    &rules::ECS030,
                    &path.key("key"),
                    format!("The tag key {} starts with aws:, which is reserved for AWS in any letter case; ECS rejects it. Choose another prefix.", shown(key)),
                ));
            }
        }
        if let Some(value) = typed(object, "value", Kind::String).and_then(Tree::text) {
            if let Some(problem) = tag_text_problem(value, 0, 256) {
                out.push(Diagnostic::new(
                    &rules::ECS028,
                    &path.key("value"),
                    format!("The tag value {} {problem}. Use at most 256 letters, digits, spaces and + - = . _ : / @.", shown(value)),
                ));
            }
            if has_aws_prefix(value) {
                out.push(Diagnostic::new(
                    &rules::ECS030,
                    &path.key("value"),
                    format!("The tag value {} starts with aws:, which is reserved for AWS in any letter case; ECS rejects it. Choose another value.", shown(value)),
                ));
            }
        }
    }
}

/// Only ACTIVE and DRAINING can be set, though the API's enum lists more.
fn check_status(status: &str, path: &Pointer, out: &mut Vec<Diagnostic>) {
    let message = match status {
        "ACTIVE" | "DRAINING" => return,
        "REGISTERING" | "DEREGISTERING" | "REGISTRATION_FAILED" => format!(
            "{status} is in the API's ContainerInstanceStatus enum, but only ECS sets it (during trunk network interface provisioning); UpdateContainerInstancesState accepts only ACTIVE or DRAINING."
        ),
        "INACTIVE" => "INACTIVE is the status of a deregistered instance and cannot be set; call DeregisterContainerInstance to remove an instance, or use DRAINING to empty it first.".to_owned(),
        other if other.eq_ignore_ascii_case("ACTIVE") || other.eq_ignore_ascii_case("DRAINING") => format!(
            "status {} must be upper case; write {}.",
            shown(other),
            other.to_ascii_uppercase()
        ),
        other => format!(
            "status {} is not a status that can be set; use DRAINING to move tasks off the instance or ACTIVE to take tasks again.",
            shown(other)
        ),
    };
    out.push(Diagnostic::new(&rules::ECS032, path, message));
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn codes(diagnostics: &[Diagnostic]) -> Vec<(&str, &str)> {
        diagnostics
            .iter()
            .map(|d| (d.code, d.path.as_str()))
            .collect()
    }

    #[test]
    fn empty_register_request_is_valid() {
        assert!(register_container_instance(&json!({})).is_empty());
    }

    #[test]
    fn tag_characters_follow_the_unicode_classes() {
        assert!(is_tag_char('é'));
        assert!(is_tag_char('日'));
        assert!(is_tag_char('٣'));
        assert!(is_tag_char('\u{00A0}'));
        assert!(!is_tag_char('\t'));
        assert!(!is_tag_char('#'));
        assert!(!is_tag_char('*'));
        // Combining marks and circled letters are alphabetic but not \p{L}.
        assert!(!is_tag_char('\u{093F}')); // DEVANAGARI VOWEL SIGN I (Mc)
        assert!(!is_tag_char('\u{094D}')); // DEVANAGARI SIGN VIRAMA (Mn)
        assert!(!is_tag_char('\u{0E31}')); // THAI CHARACTER MAI HAN-AKAT (Mn)
        assert!(!is_tag_char('\u{24B6}')); // CIRCLED LATIN CAPITAL LETTER A (So)
        assert!(!is_tag_char('\u{1F189}')); // the last range of the table
        assert!(is_tag_char('\u{FF9E}')); // HALFWIDTH KATAKANA VOICED SOUND MARK (Lm)
        assert!(is_tag_char('\u{0928}')); // DEVANAGARI LETTER NA
        assert!(is_tag_char('\u{16F50}')); // MIAO LETTER NASALIZATION, just before a range
        assert!(is_tag_char('\u{20000}')); // a CJK ideograph past the table's last range
    }

    #[test]
    fn tag_lengths_count_characters_not_bytes() {
        let key: String = "é".repeat(128);
        let d = register_container_instance(
            &json!({"tags": [{"key": key, "value": "日".repeat(256)}]}),
        );
        assert!(d.is_empty(), "{d:?}");
    }

    #[test]
    fn aws_prefix_in_any_case() {
        let d = register_container_instance(
            &json!({"tags": [{"key": "AwS:team", "value": "x"}, {"key": "k", "value": "aws:x"}]}),
        );
        assert_eq!(
            codes(&d),
            vec![("ECS030", "/tags/0/key"), ("ECS030", "/tags/1/value")]
        );
    }

    #[test]
    fn integer_out_of_range_is_a_type_error() {
        let d = register_container_instance(&json!({"totalResources": [
            {"name": "CPU", "type": "INTEGER", "integerValue": 4_294_967_296_i64},
            {"name": "MEMORY", "type": "INTEGER", "integerValue": 1024}
        ]}));
        assert_eq!(
            codes(&d),
            vec![("REQ003", "/totalResources/0/integerValue")]
        );
    }

    #[test]
    fn ports_accept_the_full_range() {
        let d = register_container_instance(&json!({"totalResources": [
            {"name": "CPU", "type": "INTEGER", "integerValue": 1024},
            {"name": "MEMORY", "type": "INTEGER", "integerValue": 1024},
            {"name": "PORTS", "type": "STRINGSET", "stringSetValue": ["0", "65535"]},
            {"name": "PORTS_UDP", "type": "STRINGSET", "stringSetValue": ["65536", "1-2"]}
        ]}));
        assert_eq!(
            codes(&d),
            vec![
                ("ECS015", "/totalResources/3/stringSetValue/0"),
                ("ECS015", "/totalResources/3/stringSetValue/1")
            ]
        );
    }

    #[test]
    fn hundred_ports_is_the_limit() {
        let ports = |n: u16| -> Vec<String> { (1000..1000 + n).map(|p| p.to_string()).collect() };
        let request = |n| {
            json!({"totalResources": [
                {"name": "CPU", "type": "INTEGER", "integerValue": 1024},
                {"name": "MEMORY", "type": "INTEGER", "integerValue": 1024},
                {"name": "PORTS", "type": "STRINGSET", "stringSetValue": ports(n)}
            ]})
        };
        assert!(register_container_instance(&request(100)).is_empty());
        assert_eq!(
            codes(&register_container_instance(&request(101))),
            vec![("ECS016", "/totalResources/2/stringSetValue")]
        );
    }

    #[test]
    fn tcp_and_udp_ports_share_the_hundred() {
        let ports = |from: u16, n: u16| -> Vec<String> {
            (from..from + n).map(|p| p.to_string()).collect()
        };
        let request = |tcp, udp| {
            json!({"totalResources": [
                {"name": "CPU", "type": "INTEGER", "integerValue": 1024},
                {"name": "MEMORY", "type": "INTEGER", "integerValue": 1024},
                {"name": "PORTS", "type": "STRINGSET", "stringSetValue": ports(1000, tcp)},
                {"name": "PORTS_UDP", "type": "STRINGSET", "stringSetValue": ports(2000, udp)}
            ]})
        };
        assert!(register_container_instance(&request(60, 40)).is_empty());
        let over = register_container_instance(&request(60, 41));
        assert_eq!(
            codes(&over),
            vec![("ECS016", "/totalResources/3/stringSetValue")]
        );
        assert!(
            over[0].message.contains("together reserve 101"),
            "{}",
            over[0].message
        );
        // The same port number in both protocols is two reservations.
        let both = json!({"totalResources": [
            {"name": "PORTS", "type": "STRINGSET", "stringSetValue": ports(1000, 51)},
            {"name": "PORTS_UDP", "type": "STRINGSET", "stringSetValue": ports(1000, 50)}
        ]});
        assert!(register_container_instance(&both)
            .iter()
            .any(|d| d.code == "ECS016"));
    }

    #[test]
    fn huge_values_are_cut_short_in_messages() {
        let d = register_container_instance(&json!({"cluster": "x".repeat(10_000)}));
        assert_eq!(d.len(), 1);
        assert!(d[0].message.len() < 500, "{}", d[0].message);
    }

    #[test]
    fn identity_document_that_is_not_an_object() {
        let d = register_container_instance(&json!({
            "instanceIdentityDocument": "[1, 2]",
            "instanceIdentityDocumentSignature": "sig"
        }));
        assert_eq!(codes(&d), vec![("ECS004", "/instanceIdentityDocument")]);
    }

    #[test]
    fn a_key_repeated_inside_the_identity_document_is_reported_at_the_document() {
        let document = |extra: &str| {
            format!(
                r#"{{"instanceId": "i-0123456789abcdef0", "region": "us-east-1", "availabilityZone": "us-east-1a", "instanceType": "c5.xlarge"{extra}}}"#
            )
        };
        let check = |doc: String| {
            register_container_instance(&json!({
                "instanceIdentityDocument": doc,
                "instanceIdentityDocumentSignature": "sig"
            }))
        };
        assert!(check(document("")).is_empty());
        let d = check(document(
            r#", "region": "eu-west-1", "devpay": {"a": 1, "a": 2}"#,
        ));
        assert_eq!(
            codes(&d),
            vec![
                ("JSON003", "/instanceIdentityDocument"),
                ("JSON003", "/instanceIdentityDocument"),
                // The last region is the one read, as for the request's own keys.
                ("ECS006", "/instanceIdentityDocument"),
            ]
        );
        assert!(
            d[0].message
                .contains(r#""region" more than once (at /region"#),
            "{}",
            d[0].message
        );
        assert!(
            d[1].message.contains("(at /devpay/a inside it)"),
            "{}",
            d[1].message
        );
    }

    #[test]
    fn missing_cluster_means_default_for_mismatches() {
        let d = deregister_container_instance(&json!({
            "containerInstance": "arn:aws:ecs:us-east-1:123456789012:container-instance/prod/0f1e2d3c4b5a69788796a5b4c3d2e1f0"
        }));
        assert_eq!(codes(&d), vec![("ECS003", "/containerInstance")]);
    }

    #[test]
    fn statuses() {
        for (status, ok) in [
            ("ACTIVE", true),
            ("DRAINING", true),
            ("REGISTERING", false),
            ("INACTIVE", false),
            ("draining", false),
        ] {
            let d = update_container_instances_state(&json!({
                "containerInstances": ["0f1e2d3c4b5a69788796a5b4c3d2e1f0"],
                "status": status
            }));
            assert_eq!(d.is_empty(), ok, "{status}: {d:?}");
        }
    }

    /// Every value of a valid request swapped for hostile ones: findings, never a panic.
    #[test]
    fn hostile_values_anywhere_never_panic() {
        let request = crate::ecs::agent::agent_request(&crate::ecs::agent::AgentOptions::new(
            "g4dn.12xlarge",
        ))
        .unwrap();
        let hostile = [
            json!(null),
            json!(true),
            json!(-1),
            json!(1e300),
            json!(u64::MAX),
            json!(""),
            json!("x".repeat(300)),
            json!("{\"instanceId\": [[[[[[]]]]]]}"),
            json!([]),
            json!({}),
            json!([null, {}, "é"]),
        ];
        let mut paths = Vec::new();
        collect_paths(&request, String::new(), &mut paths);
        for path in &paths {
            for value in &hostile {
                let mut mutated = request.clone();
                *mutated.pointer_mut(path).unwrap() = value.clone();
                let _ = register_container_instance(&mutated);
                let _ = deregister_container_instance(&mutated);
                let _ = update_container_instances_state(&mutated);
            }
        }
        assert!(paths.len() > 100, "{}", paths.len());
    }

    fn collect_paths(value: &Value, here: String, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                for (k, v) in map {
                    collect_paths(v, format!("{here}/{k}"), out);
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    collect_paths(v, format!("{here}/{i}"), out);
                }
            }
            _ => {}
        }
        out.push(here);
    }

    #[test]
    fn huge_lists_stay_fast() {
        let start = std::time::Instant::now();
        let many = |n: usize, f: &dyn Fn(usize) -> Value| (0..n).map(f).collect::<Vec<_>>();
        let request = json!({
            "totalResources": many(100_000, &|i| json!({"name": format!("R{i}"), "type": "STRINGSET", "stringSetValue": ["1"]})),
            "attributes": many(100_000, &|i| json!({"name": format!("a{i}"), "value": "v"})),
            "tags": many(100_000, &|i| json!({"key": format!("k{}", i % 50_000), "value": "v"})),
            "platformDevices": many(100_000, &|i| json!({"id": format!("GPU-{}", i % 10), "type": "GPU"})),
            "instanceIdentityDocument": format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)),
        });
        let d = register_container_instance(&request);
        assert!(d.iter().any(|d| d.code == "ECS026"));
        assert!(d.iter().any(|d| d.code == "ECS004"));
        let ports: Vec<String> = (0..200_000).map(|p| (p % 70_000).to_string()).collect();
        let d = register_container_instance(&json!({"totalResources": [
            {"name": "PORTS", "type": "STRINGSET", "stringSetValue": ports}
        ]}));
        assert!(d.iter().any(|d| d.code == "ECS016"));
        let d = update_container_instances_state(
            &json!({"containerInstances": vec!["x".repeat(100_000); 100], "status": "DRAINING"}),
        );
        assert_eq!(d.len(), 101);
        assert!(
            start.elapsed() < std::time::Duration::from_secs(30),
            "{:?}",
            start.elapsed()
        );
    }
}
