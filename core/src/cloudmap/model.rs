//! The Cloud Map shapes muster reads as context, in their wire form (PascalCase), so the output of
//! `aws servicediscovery get-service` / `get-namespace` can be pasted as is.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `DnsConfig.RoutingPolicy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum RoutingPolicy {
    Multivalue,
    Weighted,
}

/// `DnsRecord.Type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum RecordType {
    A,
    #[serde(rename = "AAAA")]
    Aaaa,
    #[serde(rename = "CNAME")]
    Cname,
    #[serde(rename = "SRV")]
    Srv,
}

impl RecordType {
    pub fn as_str(self) -> &'static str {
        match self {
            RecordType::A => "A",
            RecordType::Aaaa => "AAAA",
            RecordType::Cname => "CNAME",
            RecordType::Srv => "SRV",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DnsRecord {
    #[serde(rename = "Type")]
    pub record_type: RecordType,
    #[serde(rename = "TTL")]
    pub ttl: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct DnsConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub routing_policy: Option<RoutingPolicy>,
    #[serde(default)]
    pub dns_records: Vec<DnsRecord>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct HealthCheckConfig {
    #[serde(rename = "Type")]
    pub check_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure_threshold: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct HealthCheckCustomConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure_threshold: Option<i64>,
}

/// A Cloud Map service as `GetService` returns it (only the members muster uses are typed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct Service {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace_id: Option<String>,
    /// `HTTP`, `DNS_HTTP` or `DNS`.
    #[serde(default, rename = "Type", skip_serializing_if = "Option::is_none")]
    pub service_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dns_config: Option<DnsConfig>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check_config: Option<HealthCheckConfig>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check_custom_config: Option<HealthCheckCustomConfig>,
}

impl Service {
    pub fn record_types(&self) -> Vec<RecordType> {
        self.dns_config
            .as_ref()
            .map(|c| c.dns_records.iter().map(|r| r.record_type).collect())
            .unwrap_or_default()
    }

    pub fn has_record(&self, record_type: RecordType) -> bool {
        self.dns_config
            .as_ref()
            .is_some_and(|c| c.dns_records.iter().any(|r| r.record_type == record_type))
    }

    pub fn routing_policy(&self) -> Option<RoutingPolicy> {
        self.dns_config.as_ref().and_then(|c| c.routing_policy)
    }

    /// What the service alone says about its namespace: `Some(true)` for an HTTP namespace
    /// (service type `HTTP`), `Some(false)` for a DNS one (type `DNS_HTTP`/`DNS` or DNS records).
    pub fn in_http_namespace(&self) -> Option<bool> {
        match self.service_type.as_deref() {
            Some("HTTP") => Some(true),
            Some("DNS_HTTP" | "DNS") => Some(false),
            _ if self
                .dns_config
                .as_ref()
                .is_some_and(|c| !c.dns_records.is_empty()) =>
            {
                Some(false)
            }
            _ => None,
        }
    }
}

/// `Namespace.Type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NamespaceType {
    #[serde(rename = "DNS_PUBLIC")]
    DnsPublic,
    #[serde(rename = "DNS_PRIVATE")]
    DnsPrivate,
    #[serde(rename = "HTTP")]
    Http,
}

/// A Cloud Map namespace as `GetNamespace` returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct Namespace {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, rename = "Type", skip_serializing_if = "Option::is_none")]
    pub namespace_type: Option<NamespaceType>,
    /// `DnsProperties` (hosted zone, SOA TTL) and `HttpProperties` (HttpName), kept as given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties: Option<serde_json::Value>,
}

impl Namespace {
    /// The name DiscoverInstances takes: `Properties.HttpProperties.HttpName`, else `Name`.
    pub fn http_name(&self) -> Option<&str> {
        self.properties
            .as_ref()
            .and_then(|p| p.get("HttpProperties")?.get("HttpName")?.as_str())
            .or(self.name.as_deref())
    }
}

/// What a RegisterInstance request is checked against: the target service and its namespace.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Context {
    pub service: Option<Service>,
    pub namespace: Option<Namespace>,
    /// Why Cloud Map would not have created the service as written, when it would not: the
    /// checks and previews still take the service as given, and say so.
    pub service_problem: Option<String>,
}

impl Context {
    /// Reads `{ service?, namespace? }`. Each may also be the whole `GetService` / `GetNamespace`
    /// output (`{"Service": {...}}`), which is unwrapped.
    pub fn from_value(value: &Value) -> Result<Self, String> {
        let Some(object) = value.as_object() else {
            return Err(
                "the context must be an object like {\"service\": {...}, \"namespace\": {...}}"
                    .to_owned(),
            );
        };
        for key in object.keys() {
            if key != "service" && key != "namespace" {
                return Err(format!(
                    "unknown context member {key:?}; expected \"service\" and/or \"namespace\""
                ));
            }
        }
        let service = object
            .get("service")
            .filter(|v| !v.is_null())
            .map(|v| read::<Service>(unwrap_output(v, "Service"), "service"))
            .transpose()?;
        let namespace = object
            .get("namespace")
            .filter(|v| !v.is_null())
            .map(|v| read::<Namespace>(unwrap_output(v, "Namespace"), "namespace"))
            .transpose()?;
        let namespace_type = namespace.as_ref().and_then(|n| n.namespace_type);
        let service_problem = object
            .get("service")
            .filter(|_| service.is_some())
            .and_then(|raw| crate::cloudmap::service::impossible_service_note(raw, namespace_type));
        Ok(Self {
            service,
            namespace,
            service_problem,
        })
    }

    /// Whether the namespace is HTTP-only, from the namespace or else from the service.
    pub fn http_namespace(&self) -> Option<bool> {
        self.namespace
            .as_ref()
            .and_then(|n| n.namespace_type)
            .map(|t| t == NamespaceType::Http)
            .or_else(|| self.service.as_ref().and_then(Service::in_http_namespace))
    }

    pub fn namespace_type(&self) -> Option<NamespaceType> {
        self.namespace.as_ref().and_then(|n| n.namespace_type)
    }
}

fn unwrap_output<'a>(value: &'a Value, wrapper: &str) -> &'a Value {
    match value.as_object() {
        Some(o) if o.len() == 1 => o.get(wrapper).unwrap_or(value),
        _ => value,
    }
}

fn read<T: serde::de::DeserializeOwned>(value: &Value, what: &str) -> Result<T, String> {
    T::deserialize(value)
        .map_err(|e| format!("the context's {what} is not a valid Cloud Map {what}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_get_service_output_as_context() {
        let ctx = Context::from_value(&json!({
            "service": {"Service": {"Id": "srv-1", "DnsConfig": {"RoutingPolicy": "MULTIVALUE",
                "DnsRecords": [{"Type": "SRV", "TTL": 60}]}}},
            "namespace": {"Type": "DNS_PRIVATE", "Name": "local"}
        }))
        .unwrap();
        let service = ctx.service.unwrap();
        assert_eq!(service.record_types(), vec![RecordType::Srv]);
        assert_eq!(service.routing_policy(), Some(RoutingPolicy::Multivalue));
        assert_eq!(
            ctx.namespace.unwrap().namespace_type,
            Some(NamespaceType::DnsPrivate)
        );
    }

    #[test]
    fn rejects_garbage_context() {
        assert!(Context::from_value(&json!([1])).is_err());
        assert!(Context::from_value(&json!({"srvice": {}})).is_err());
        assert!(Context::from_value(
            &json!({"service": {"DnsConfig": {"DnsRecords": [{"Type": "MX", "TTL": 1}]}}})
        )
        .is_err());
    }
}
