//! The instances registered to one service: what a sequence of RegisterInstance and
//! DeregisterInstance requests leaves behind, with the health each instance starts with.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::model::{Context, Service};
use super::validate::register_instance;
use crate::diagnostics::{Diagnostic, Severity};

/// Instances per service (not adjustable).
pub const MAX_INSTANCES_PER_SERVICE: usize = 1_000;

/// An instance's health as GetInstancesHealthStatus reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum HealthStatus {
    Healthy,
    Unhealthy,
    Unknown,
}

impl HealthStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            HealthStatus::Healthy => "HEALTHY",
            HealthStatus::Unhealthy => "UNHEALTHY",
            HealthStatus::Unknown => "UNKNOWN",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "HEALTHY" => Some(Self::Healthy),
            "UNHEALTHY" => Some(Self::Unhealthy),
            "UNKNOWN" => Some(Self::Unknown),
            _ => None,
        }
    }

    /// The status an instance starts with. Services without a health check report UNKNOWN (as
    /// the DiscoverInstances example of the API shows); Route 53 checks start healthy; custom
    /// checks start at AWS_INIT_HEALTH_STATUS, HEALTHY by default.
    pub fn initial(service: &Service, attributes: &[(String, String)]) -> Self {
        if service.health_check_custom_config.is_some() {
            let init = attributes
                .iter()
                .find(|(k, _)| k == super::attributes::INIT_HEALTH_STATUS);
            match init.map(|(_, v)| v.as_str()) {
                Some("UNHEALTHY") => Self::Unhealthy,
                _ => Self::Healthy,
            }
        } else if service.health_check_config.is_some() {
            Self::Healthy
        } else {
            Self::Unknown
        }
    }
}

/// One registered instance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Instance {
    #[serde(rename = "InstanceId")]
    pub id: String,
    #[serde(serialize_with = "attributes_as_map")]
    pub attributes: Vec<(String, String)>,
    pub health_status: HealthStatus,
}

impl Instance {
    pub fn attribute(&self, key: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

fn attributes_as_map<S: serde::Serializer>(
    attributes: &[(String, String)],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = serializer.serialize_map(Some(attributes.len()))?;
    for (k, v) in attributes {
        map.serialize_entry(k, v)?;
    }
    map.end()
}

/// What a successful registration did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Created,
    /// The InstanceId existed: its records are updated and its health check recreated.
    Updated {
        previous: Instance,
    },
    /// The same registration again with the CreatorRequestId that made it: Cloud Map takes it
    /// for a retry, returns the first call's OperationId and changes nothing.
    Retried,
}

/// Why Cloud Map would refuse a call, with the API's error code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegistryError {
    InvalidInput(Vec<Diagnostic>),
    ResourceLimitExceeded,
    InstanceNotFound(String),
    /// The CreatorRequestId already registered another instance.
    DuplicateRequest {
        token: String,
        instance: String,
    },
}

impl RegistryError {
    /// The error type the API returns (`__type`).
    pub fn code(&self) -> &'static str {
        match self {
            RegistryError::InvalidInput(_) => "InvalidInput",
            RegistryError::ResourceLimitExceeded => "ResourceLimitExceeded",
            RegistryError::InstanceNotFound(_) => "InstanceNotFound",
            RegistryError::DuplicateRequest { .. } => "DuplicateRequest",
        }
    }

    pub fn message(&self) -> String {
        match self {
            RegistryError::InvalidInput(diagnostics) => {
                let errors: Vec<&str> = diagnostics
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .map(|d| &*d.message)
                    .collect();
                errors.join(" ")
            }
            RegistryError::ResourceLimitExceeded => format!(
                "The service already has {MAX_INSTANCES_PER_SERVICE} instances, the most a service can have (not adjustable). Deregister instances or use another service."
            ),
            RegistryError::InstanceNotFound(id) => format!("No instance with InstanceId {id:?} is registered to the service."),
            RegistryError::DuplicateRequest { token, instance } => format!("CreatorRequestId {token:?} already registered the instance {instance:?}: Cloud Map takes a reused CreatorRequestId for a retry of that request, so it does not register another instance. Use a new CreatorRequestId for each instance."),
        }
    }
}

/// The instances of one service, in registration order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Registry {
    instances: Vec<Instance>,
    /// Where each InstanceId is in `instances`, so registering the 1,000th instance does not
    /// compare it with the 999 before it.
    positions: HashMap<String, usize>,
    /// DiscoverInstances' `InstancesRevision`: bumped by every register and deregister.
    pub revision: u64,
    /// Each CreatorRequestId used so far, and the InstanceId it registered.
    tokens: HashMap<String, String>,
}

impl Registry {
    /// The registered instances, in registration order.
    pub fn instances(&self) -> &[Instance] {
        &self.instances
    }

    /// Where the instance `id` is in [`Self::instances`].
    pub fn position(&self, id: &str) -> Option<usize> {
        self.positions.get(id).copied()
    }

    pub fn get(&self, id: &str) -> Option<&Instance> {
        self.position(id).and_then(|at| self.instances.get(at))
    }

    /// Applies a RegisterInstance request; `health` overrides the initial health status.
    pub fn register(
        &mut self,
        request: &Value,
        context: &Context,
        health: Option<HealthStatus>,
    ) -> Result<Change, RegistryError> {
        let diagnostics = register_instance(request, context);
        if diagnostics.iter().any(|d| d.severity == Severity::Error) {
            return Err(RegistryError::InvalidInput(diagnostics));
        }
        let (id, attributes) = read_instance(request);
        // AWS names no outcome for a CreatorRequestId reused for another instance, only that
        // each new instance needs a new one and that the token makes retries safe. A retry of
        // the same registration goes through; another instance is refused with the API's
        // DuplicateRequest error, so the reuse is not silently taken for a registration.
        let token = request.get("CreatorRequestId").and_then(Value::as_str);
        if let Some(token) = token {
            if let Some(instance) = self.tokens.get(token).filter(|i| **i != id) {
                return Err(RegistryError::DuplicateRequest {
                    token: token.to_owned(),
                    instance: instance.clone(),
                });
            }
        }
        // The token's whole point (RegisterInstance reference: retries "without the risk of
        // executing the operation twice"): the same instance with the same attributes is not
        // applied again, so its health check is not recreated and the revision stays.
        let retried = token.is_some_and(|t| self.tokens.get(t) == Some(&id))
            && self
                .get(&id)
                .is_some_and(|i| same_attributes(&i.attributes, &attributes));
        if retried {
            return Ok(Change::Retried);
        }
        let token = token.map(|t| (t.to_owned(), id.clone()));
        let service = context.service.clone().unwrap_or_default();
        let health = health.unwrap_or_else(|| HealthStatus::initial(&service, &attributes));
        let instance = Instance {
            id,
            attributes,
            health_status: health,
        };
        let slot = self
            .positions
            .get(&instance.id)
            .and_then(|&at| self.instances.get_mut(at));
        let change = if let Some(slot) = slot {
            let previous = std::mem::replace(slot, instance);
            Change::Updated { previous }
        } else {
            if self.instances.len() >= MAX_INSTANCES_PER_SERVICE {
                return Err(RegistryError::ResourceLimitExceeded);
            }
            self.positions
                .insert(instance.id.clone(), self.instances.len());
            self.instances.push(instance);
            Change::Created
        };
        if let Some((token, id)) = token {
            self.tokens.insert(token, id);
        }
        self.revision += 1;
        Ok(change)
    }

    /// Applies a DeregisterInstance request for `id`.
    pub fn deregister(&mut self, id: &str) -> Result<Instance, RegistryError> {
        let index = *self
            .positions
            .get(id)
            .ok_or_else(|| RegistryError::InstanceNotFound(id.to_owned()))?;
        self.revision += 1;
        let removed = self.instances.remove(index);
        // Deregistering is rare: the instances after it moved, so the index is made anew.
        self.positions = self
            .instances
            .iter()
            .enumerate()
            .map(|(at, instance)| (instance.id.clone(), at))
            .collect();
        Ok(removed)
    }
}

/// InstanceId and string attributes of a request that has passed validation.
/// The same attributes, in any order.
fn same_attributes(a: &[(String, String)], b: &[(String, String)]) -> bool {
    a.len() == b.len() && a.iter().all(|pair| b.contains(pair))
}

fn read_instance(request: &Value) -> (String, Vec<(String, String)>) {
    let id = request
        .get("InstanceId")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let attributes = request
        .get("Attributes")
        .and_then(Value::as_object)
        .map(|map: &Map<String, Value>| {
            map.iter()
                .filter_map(|(k, v)| v.as_str().map(|s| (k.clone(), s.to_owned())))
                .collect()
        })
        .unwrap_or_default();
    (id, attributes)
}

/// An instance the simulators were given but could not register, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Skipped {
    pub index: usize,
    pub instance_id: String,
    pub error: String,
    pub message: String,
}

/// Builds a registry from simulator input: RegisterInstance requests, each with an optional
/// `HealthStatus`. A missing `ServiceId` is filled with the service's Id, so instances can be
/// listed without repeating it. Requests Cloud Map would refuse are skipped and reported.
pub fn from_requests(requests: &[Value], context: &Context) -> (Registry, Vec<Skipped>) {
    let mut registry = Registry::default();
    let mut skipped = Vec::new();
    let service_id = context
        .service
        .as_ref()
        .and_then(|s| s.id.clone())
        .unwrap_or_else(|| "srv-simulated".to_owned());
    for (index, value) in requests.iter().enumerate() {
        let mut request = value.clone();
        let mut health = None;
        let mut health_error = None;
        if let Some(object) = request.as_object_mut() {
            match object.remove("HealthStatus") {
                Some(Value::String(s)) => match HealthStatus::parse(&s) {
                    Some(h) => health = Some(h),
                    None => {
                        health_error = Some(format!(
                            "HealthStatus {s:?} is not HEALTHY, UNHEALTHY or UNKNOWN."
                        ));
                    }
                },
                Some(other) => {
                    health_error = Some(format!("HealthStatus must be a string, not {other}."));
                }
                None => {}
            }
            object
                .entry("ServiceId")
                .or_insert_with(|| Value::String(service_id.clone()));
        }
        let instance_id = request
            .get("InstanceId")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        if let Some(message) = health_error {
            skipped.push(Skipped {
                index,
                instance_id,
                error: "InvalidInput".to_owned(),
                message,
            });
            continue;
        }
        if let Err(err) = registry.register(&request, context, health) {
            skipped.push(Skipped {
                index,
                instance_id,
                error: err.code().to_owned(),
                message: err.message(),
            });
        }
    }
    (registry, skipped)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn context() -> Context {
        Context::from_value(&json!({"service": {"Id": "srv-1", "DnsConfig": {"DnsRecords": [{"Type": "A", "TTL": 60}]}}})).unwrap()
    }

    fn request(id: &str, ip: &str) -> Value {
        json!({"ServiceId": "srv-1", "InstanceId": id, "Attributes": {"AWS_INSTANCE_IPV4": ip}})
    }

    #[test]
    fn reregistering_replaces_and_bumps_revision() {
        let mut registry = Registry::default();
        assert_eq!(
            registry.register(&request("a", "10.0.0.1"), &context(), None),
            Ok(Change::Created)
        );
        let change = registry
            .register(&request("a", "10.0.0.2"), &context(), None)
            .unwrap();
        assert!(
            matches!(change, Change::Updated { previous } if previous.attribute("AWS_INSTANCE_IPV4") == Some("10.0.0.1"))
        );
        assert_eq!(registry.instances().len(), 1);
        assert_eq!(
            registry.get("a").unwrap().attribute("AWS_INSTANCE_IPV4"),
            Some("10.0.0.2")
        );
        assert_eq!(registry.revision, 2);
        registry.deregister("a").unwrap();
        assert_eq!(registry.revision, 3);
        assert_eq!(
            registry.deregister("a"),
            Err(RegistryError::InstanceNotFound("a".into()))
        );
    }

    #[test]
    fn a_creator_request_id_registers_one_instance_and_retries_of_it() {
        let with_token = |id: &str, ip: &str, token: &str| {
            let mut r = request(id, ip);
            r["CreatorRequestId"] = json!(token);
            r
        };
        let mut registry = Registry::default();
        let first = with_token("a", "10.0.0.1", "tok-1");
        assert_eq!(
            registry.register(&first, &context(), None),
            Ok(Change::Created)
        );
        // A retry of the same registration is not a duplicate, and changes nothing.
        let revision = registry.revision;
        assert_eq!(
            registry.register(&first, &context(), None),
            Ok(Change::Retried)
        );
        assert_eq!(registry.revision, revision);
        // The same token and instance with other attributes is an update.
        assert!(matches!(
            registry.register(&with_token("a", "10.0.0.9", "tok-1"), &context(), None),
            Ok(Change::Updated { .. })
        ));
        let other = with_token("b", "10.0.0.2", "tok-1");
        let refused = registry.register(&other, &context(), None);
        assert_eq!(
            refused,
            Err(RegistryError::DuplicateRequest {
                token: "tok-1".into(),
                instance: "a".into()
            })
        );
        assert_eq!(refused.unwrap_err().code(), "DuplicateRequest");
        assert!(registry.get("b").is_none());
        // A new token registers the second instance.
        assert_eq!(
            registry.register(&with_token("b", "10.0.0.2", "tok-2"), &context(), None),
            Ok(Change::Created)
        );
    }

    #[test]
    fn a_refused_registration_does_not_use_up_its_creator_request_id() {
        let mut registry = Registry::default();
        let mut invalid = request("a", "not-an-ip");
        invalid["CreatorRequestId"] = json!("tok-1");
        assert!(registry.register(&invalid, &context(), None).is_err());
        let mut valid = request("b", "10.0.0.2");
        valid["CreatorRequestId"] = json!("tok-1");
        assert_eq!(
            registry.register(&valid, &context(), None),
            Ok(Change::Created)
        );
    }

    #[test]
    fn deregistering_from_the_middle_keeps_the_order_and_every_lookup() {
        let mut registry = Registry::default();
        for (id, ip) in [
            ("a", "10.0.0.1"),
            ("b", "10.0.0.2"),
            ("c", "10.0.0.3"),
            ("d", "10.0.0.4"),
        ] {
            registry
                .register(&request(id, ip), &context(), None)
                .unwrap();
        }
        registry.deregister("b").unwrap();
        let ids = |r: &Registry| {
            r.instances()
                .iter()
                .map(|i| i.id.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(&registry), ["a", "c", "d"]);
        assert!(registry.get("b").is_none());
        assert_eq!(
            registry.get("d").unwrap().attribute("AWS_INSTANCE_IPV4"),
            Some("10.0.0.4")
        );
        // Re-registering a later instance updates it where it is; a new one goes last.
        let change = registry
            .register(&request("d", "10.0.0.9"), &context(), None)
            .unwrap();
        assert!(matches!(change, Change::Updated { .. }));
        registry
            .register(&request("b", "10.0.0.5"), &context(), None)
            .unwrap();
        assert_eq!(ids(&registry), ["a", "c", "d", "b"]);
        assert_eq!(
            registry.get("d").unwrap().attribute("AWS_INSTANCE_IPV4"),
            Some("10.0.0.9")
        );
        registry.deregister("a").unwrap();
        registry.deregister("b").unwrap();
        assert_eq!(ids(&registry), ["c", "d"]);
        assert_eq!(
            registry.get("c").unwrap().attribute("AWS_INSTANCE_IPV4"),
            Some("10.0.0.3")
        );
    }

    #[test]
    fn invalid_requests_are_refused_with_invalid_input() {
        let mut registry = Registry::default();
        let err = registry
            .register(&request("a", "999.0.0.1"), &context(), None)
            .unwrap_err();
        assert_eq!(err.code(), "InvalidInput");
        assert!(err.message().contains("IPv4"));
        assert!(registry.instances().is_empty());
    }

    #[test]
    fn the_thousand_instance_quota_is_enforced_but_updates_still_work() {
        let mut registry = Registry::default();
        for i in 0..MAX_INSTANCES_PER_SERVICE {
            registry
                .register(&request(&format!("i-{i}"), "10.0.0.1"), &context(), None)
                .unwrap();
        }
        let err = registry
            .register(&request("one-too-many", "10.0.0.1"), &context(), None)
            .unwrap_err();
        assert_eq!(err, RegistryError::ResourceLimitExceeded);
        assert!(err.message().contains("1000"));
        assert!(registry
            .register(&request("i-5", "10.0.0.9"), &context(), None)
            .is_ok());
    }

    #[test]
    fn initial_health_follows_the_service() {
        let custom: Service =
            serde_json::from_value(json!({"HealthCheckCustomConfig": {}})).unwrap();
        let init = vec![("AWS_INIT_HEALTH_STATUS".to_owned(), "UNHEALTHY".to_owned())];
        assert_eq!(
            HealthStatus::initial(&custom, &init),
            HealthStatus::Unhealthy
        );
        assert_eq!(HealthStatus::initial(&custom, &[]), HealthStatus::Healthy);
        assert_eq!(
            HealthStatus::initial(&Service::default(), &init),
            HealthStatus::Unknown
        );
    }

    #[test]
    fn from_requests_fills_service_id_and_reports_skips() {
        let requests = vec![
            json!({"InstanceId": "a", "Attributes": {"AWS_INSTANCE_IPV4": "10.0.0.1"}, "HealthStatus": "UNHEALTHY"}),
            json!({"InstanceId": "b", "Attributes": {}}),
            json!({"InstanceId": "c", "Attributes": {"AWS_INSTANCE_IPV4": "10.0.0.3"}, "HealthStatus": "SICK"}),
        ];
        let (registry, skipped) = from_requests(&requests, &context());
        assert_eq!(registry.instances().len(), 1);
        assert_eq!(
            registry.instances()[0].health_status,
            HealthStatus::Unhealthy
        );
        assert_eq!(
            skipped.iter().map(|s| s.index).collect::<Vec<_>>(),
            vec![1, 2]
        );
    }
}
