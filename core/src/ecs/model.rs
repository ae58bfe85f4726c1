//! The ECS shapes muster reads and writes, in their wire form (camelCase), and the parsers for
//! cluster and container-instance references (names, IDs and ARNs).

use serde::{Deserialize, Serialize};

/// The only `targetType` an attribute can have.
pub const TARGET_CONTAINER_INSTANCE: &str = "container-instance";

/// `Resource.type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum ResourceType {
    Integer,
    Double,
    Long,
    #[serde(rename = "STRINGSET")]
    StringSet,
}

impl ResourceType {
    pub const ALL: [ResourceType; 4] = [
        ResourceType::Integer,
        ResourceType::Double,
        ResourceType::Long,
        ResourceType::StringSet,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ResourceType::Integer => "INTEGER",
            ResourceType::Double => "DOUBLE",
            ResourceType::Long => "LONG",
            ResourceType::StringSet => "STRINGSET",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == text)
    }

    /// The member that carries a value of this type.
    pub fn value_field(self) -> &'static str {
        match self {
            ResourceType::Integer => "integerValue",
            ResourceType::Double => "doubleValue",
            ResourceType::Long => "longValue",
            ResourceType::StringSet => "stringSetValue",
        }
    }
}

/// Every value member of `Resource`.
pub const VALUE_FIELDS: [&str; 4] = ["integerValue", "doubleValue", "longValue", "stringSetValue"];

/// One entry of `totalResources`, `registeredResources` or `remainingResources`.
///
/// ECS answers with every numeric member filled in (0 when unused), as describe-container-instances
/// shows; [`Resource::normalized`] gives that form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Resource {
    pub name: String,
    #[serde(rename = "type")]
    pub resource_type: ResourceType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub double_value: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub long_value: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub integer_value: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub string_set_value: Option<Vec<String>>,
}

impl Resource {
    pub fn integer(name: &str, value: i64) -> Self {
        Self {
            name: name.to_owned(),
            resource_type: ResourceType::Integer,
            double_value: None,
            long_value: None,
            integer_value: Some(value),
            string_set_value: None,
        }
    }

    pub fn string_set(name: &str, values: Vec<String>) -> Self {
        Self {
            name: name.to_owned(),
            resource_type: ResourceType::StringSet,
            double_value: None,
            long_value: None,
            integer_value: None,
            string_set_value: Some(values),
        }
    }

    /// The form ECS answers with: every numeric member present, the string set only for STRINGSET.
    #[must_use]
    pub fn normalized(&self) -> Self {
        Self {
            name: self.name.clone(),
            resource_type: self.resource_type,
            double_value: Some(self.double_value.unwrap_or(0.0)),
            long_value: Some(self.long_value.unwrap_or(0)),
            integer_value: Some(self.integer_value.unwrap_or(0)),
            string_set_value: (self.resource_type == ResourceType::StringSet)
                .then(|| self.string_set_value.clone().unwrap_or_default()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct VersionInfo {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_hash: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docker_version: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Attribute {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_id: Option<String>,
}

impl Attribute {
    pub fn new(name: &str, value: Option<&str>) -> Self {
        Self {
            name: name.to_owned(),
            value: value.map(str::to_owned),
            target_type: None,
            target_id: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Tag {
    #[serde(default)]
    pub key: String,
    #[serde(default)]
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlatformDevice {
    pub id: String,
    #[serde(rename = "type")]
    pub device_type: String,
}

/// A cluster as a request names it: a short name or an ARN.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterRef {
    pub name: String,
    /// Region and account, when given as an ARN.
    pub region: Option<String>,
    pub account: Option<String>,
}

/// A container instance as a request names it: an ID or an ARN.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerInstanceRef {
    pub id: String,
    /// The cluster name in the long ARN form (`container-instance/CLUSTER/ID`).
    pub cluster: Option<String>,
    pub region: Option<String>,
    pub account: Option<String>,
}

/// The problem with a cluster short name, if any: 1 to 255 letters, digits, `-` and `_`
/// (CreateCluster's `clusterName` rule).
pub fn cluster_name_problem(name: &str) -> Option<String> {
    let length = name.chars().count();
    if length == 0 {
        return Some("is empty".to_owned());
    }
    if length > 255 {
        return Some(format!("is {length} characters long; the maximum is 255"));
    }
    name.chars()
        .enumerate()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_')))
        .map(|(i, c)| {
            format!(
                "contains {} at position {}; cluster names allow only letters, digits, hyphens and underscores",
                crate::cloudmap::attributes::char_name(c),
                i + 1
            )
        })
}

/// The parts of `arn:PARTITION:ecs:REGION:ACCOUNT:RESOURCE`, or why `text` is not such an ARN.
fn ecs_arn(text: &str) -> Result<(String, String, &str), String> {
    let parts: Vec<&str> = text.splitn(6, ':').collect();
    let [arn, partition, service, region, account, resource] = parts.as_slice() else {
        return Err("is not an ARN of the form arn:aws:ecs:REGION:ACCOUNT:RESOURCE".to_owned());
    };
    if *arn != "arn" {
        return Err("does not start with arn:".to_owned());
    }
    let partition_ok = partition
        .strip_prefix("aws")
        .is_some_and(|rest| rest.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'));
    if !partition_ok {
        return Err(format!(
            "has the partition {partition:?}; use aws, aws-cn or aws-us-gov"
        ));
    }
    if *service != "ecs" {
        return Err(format!("is an ARN of the service {service:?}, not ecs"));
    }
    let region_ok = !region.is_empty()
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !region_ok {
        return Err(format!(
            "has the Region {region:?}; write a Region code like us-east-1"
        ));
    }
    let expected = crate::text::partition_of(region);
    if *partition != expected {
        return Err(format!(
            "has the partition {partition:?}, but the Region {region} is in the {expected} partition"
        ));
    }
    if !crate::text::is_account_id(account) {
        return Err(format!(
            "has the account {account:?}; an account ID is 12 digits"
        ));
    }
    Ok(((*region).to_owned(), (*account).to_owned(), resource))
}

/// Parses `cluster`: a short name or `arn:aws:ecs:REGION:ACCOUNT:cluster/NAME`.
pub fn parse_cluster(text: &str) -> Result<ClusterRef, String> {
    if !text.starts_with("arn:") {
        return match cluster_name_problem(text) {
            Some(problem) => Err(format!("the cluster name {problem}")),
            None => Ok(ClusterRef {
                name: text.to_owned(),
                region: None,
                account: None,
            }),
        };
    }
    let (region, account, resource) = ecs_arn(text).map_err(|p| format!("the ARN {p}"))?;
    let Some(name) = resource.strip_prefix("cluster/") else {
        return Err(format!(
            "the ARN names {resource:?}, not a cluster (cluster/NAME)"
        ));
    };
    if let Some(problem) = cluster_name_problem(name) {
        return Err(format!("the cluster name in the ARN {problem}"));
    }
    Ok(ClusterRef {
        name: name.to_owned(),
        region: Some(region),
        account: Some(account),
    })
}

/// Whether `id` is a container-instance ID: 32 hex digits (the current form) or a UUID (the
/// form of instances registered before 2018).
pub fn is_container_instance_id(id: &str) -> bool {
    let hex = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_hexdigit());
    if hex(id, 32) {
        return true;
    }
    let groups: Vec<&str> = id.split('-').collect();
    let lengths = [8, 4, 4, 4, 12];
    groups.len() == lengths.len() && groups.iter().zip(lengths).all(|(g, n)| hex(g, n))
}

/// Parses a container-instance ID or
/// `arn:aws:ecs:REGION:ACCOUNT:container-instance/[CLUSTER/]ID`.
pub fn parse_container_instance(text: &str) -> Result<ContainerInstanceRef, String> {
    let id_problem = |what: &str, id: &str| {
        let hint = if id.starts_with("i-") {
            "; it looks like an EC2 instance ID, and ECS wants the container instance's own ID"
        } else {
            ""
        };
        format!("{what} is not a container-instance ID (32 hex digits, or a UUID for instances registered before 2018){hint}")
    };
    if !text.starts_with("arn:") {
        if text.is_empty() {
            return Err("it is empty".to_owned());
        }
        return if is_container_instance_id(text) {
            Ok(ContainerInstanceRef {
                id: text.to_owned(),
                cluster: None,
                region: None,
                account: None,
            })
        } else {
            Err(id_problem("it", text))
        };
    }
    let (region, account, resource) = ecs_arn(text).map_err(|p| format!("the ARN {p}"))?;
    let Some(rest) = resource.strip_prefix("container-instance/") else {
        return Err(format!(
            "the ARN names {resource:?}, not a container instance (container-instance/CLUSTER/ID)"
        ));
    };
    let (cluster, id) = match rest.split_once('/') {
        Some((cluster, id)) => {
            if let Some(problem) = cluster_name_problem(cluster) {
                return Err(format!("the cluster name in the ARN {problem}"));
            }
            (Some(cluster.to_owned()), id)
        }
        None => (None, rest),
    };
    if !is_container_instance_id(id) {
        return Err(id_problem(&format!("the ARN's ID {id:?}"), id));
    }
    Ok(ContainerInstanceRef {
        id: id.to_owned(),
        cluster,
        region: Some(region),
        account: Some(account),
    })
}

/// Why a container-instance reference and the `cluster` parameter cannot both be right, if so.
pub fn cluster_mismatch(instance: &ContainerInstanceRef, cluster: &ClusterRef) -> Option<String> {
    if let Some(name) = &instance.cluster {
        if *name != cluster.name {
            return Some(format!(
                "the container instance ARN is in the cluster {name:?}, but the request names the cluster {:?}",
                cluster.name
            ));
        }
    }
    if let (Some(a), Some(b)) = (&instance.region, &cluster.region) {
        if a != b {
            return Some(format!(
                "the container instance ARN is in {a}, but the cluster ARN is in {b}"
            ));
        }
    }
    if let (Some(a), Some(b)) = (&instance.account, &cluster.account) {
        if a != b {
            return Some(format!(
                "the container instance ARN is in the account {a}, but the cluster ARN is in {b}"
            ));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cluster_names_and_arns() {
        assert_eq!(parse_cluster("default").unwrap().name, "default");
        let arn = parse_cluster("arn:aws:ecs:us-east-1:123456789012:cluster/prod_1").unwrap();
        assert_eq!(arn.name, "prod_1");
        assert_eq!(arn.region.as_deref(), Some("us-east-1"));
        assert!(parse_cluster("arn:aws-cn:ecs:cn-north-1:123456789012:cluster/x").is_ok());
        assert!(parse_cluster("arn:aws-us-gov:ecs:us-gov-west-1:123456789012:cluster/x").is_ok());
        let mismatched = parse_cluster("arn:aws-cn:ecs:us-east-1:123456789012:cluster/x");
        assert!(mismatched
            .unwrap_err()
            .contains("the Region us-east-1 is in the aws partition"));
        assert!(parse_cluster("arn:aws:ecs:cn-north-1:123456789012:cluster/x").is_err());
        assert!(parse_cluster("").is_err());
        assert!(parse_cluster("my.cluster").is_err());
        assert!(parse_cluster(&"a".repeat(256)).is_err());
        assert!(parse_cluster("arn:aws:ecs:us-east-1:123456789012:service/x").is_err());
        assert!(parse_cluster("arn:aws:ec2:us-east-1:123456789012:cluster/x").is_err());
        assert!(parse_cluster("arn:aws:ecs:us-east-1:1234:cluster/x").is_err());
    }

    #[test]
    fn container_instance_ids_and_arns() {
        let id = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
        assert!(parse_container_instance(id).is_ok());
        assert!(parse_container_instance("c9c9a6f2-8766-464b-8805-9c57b9368fb0").is_ok());
        let long = parse_container_instance(&format!(
            "arn:aws:ecs:eu-west-1:123456789012:container-instance/prod/{id}"
        ))
        .unwrap();
        assert_eq!(long.cluster.as_deref(), Some("prod"));
        assert_eq!(long.id, id);
        let short = parse_container_instance(&format!(
            "arn:aws:ecs:eu-west-1:123456789012:container-instance/{id}"
        ))
        .unwrap();
        assert_eq!(short.cluster, None);
        assert!(parse_container_instance("i-0123456789abcdef0").is_err());
        assert!(parse_container_instance("").is_err());
        assert!(parse_container_instance("arn:aws:ecs:eu-west-1:123456789012:task/x").is_err());
    }

    #[test]
    fn mismatches_name_the_difference() {
        let ci = parse_container_instance(
            "arn:aws:ecs:eu-west-1:123456789012:container-instance/prod/0f1e2d3c4b5a69788796a5b4c3d2e1f0",
        )
        .unwrap();
        assert!(cluster_mismatch(&ci, &parse_cluster("prod").unwrap()).is_none());
        assert!(cluster_mismatch(&ci, &parse_cluster("staging").unwrap()).is_some());
        let other_region =
            parse_cluster("arn:aws:ecs:us-east-1:123456789012:cluster/prod").unwrap();
        assert!(cluster_mismatch(&ci, &other_region).is_some());
    }

    #[test]
    fn resources_normalize_like_describe_output() {
        let r = Resource::integer("CPU", 2048).normalized();
        assert_eq!(r.double_value, Some(0.0));
        assert_eq!(r.string_set_value, None);
        let p = Resource::string_set("PORTS", vec!["22".into()]).normalized();
        assert_eq!(p.integer_value, Some(0));
        assert_eq!(p.string_set_value, Some(vec!["22".to_owned()]));
    }
}
