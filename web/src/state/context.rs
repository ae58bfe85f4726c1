//! The context form: what the request is checked against (the target service and its
//! namespace), built into the `{"service": ..., "namespace": ...}` JSON the core reads.

use serde_json::{json, Map, Value};

/// The namespace the service lives in, or none given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NamespaceChoice {
    None,
    DnsPublic,
    #[default]
    DnsPrivate,
    Http,
}

impl NamespaceChoice {
    pub const ALL: [NamespaceChoice; 4] = [
        NamespaceChoice::None,
        NamespaceChoice::DnsPublic,
        NamespaceChoice::DnsPrivate,
        NamespaceChoice::Http,
    ];

    /// The `<option>` value: the namespace `Type`, or `""` for none.
    pub fn value(self) -> &'static str {
        match self {
            NamespaceChoice::None => "",
            NamespaceChoice::DnsPublic => "DNS_PUBLIC",
            NamespaceChoice::DnsPrivate => "DNS_PRIVATE",
            NamespaceChoice::Http => "HTTP",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            NamespaceChoice::None => "Not given",
            NamespaceChoice::DnsPublic => "Public DNS (DNS_PUBLIC)",
            NamespaceChoice::DnsPrivate => "Private DNS (DNS_PRIVATE)",
            NamespaceChoice::Http => "API calls only (HTTP)",
        }
    }

    pub fn from_value(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|n| n.value() == value)
    }

    /// An example namespace name of this type.
    fn example_name(self) -> &'static str {
        match self {
            NamespaceChoice::DnsPublic => "example.com",
            NamespaceChoice::DnsPrivate => "example.local",
            NamespaceChoice::Http | NamespaceChoice::None => "example",
        }
    }
}

/// `DnsConfig.RoutingPolicy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Routing {
    #[default]
    Multivalue,
    Weighted,
}

impl Routing {
    pub const ALL: [Routing; 2] = [Routing::Multivalue, Routing::Weighted];

    pub fn value(self) -> &'static str {
        match self {
            Routing::Multivalue => "MULTIVALUE",
            Routing::Weighted => "WEIGHTED",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Routing::Multivalue => "MULTIVALUE",
            Routing::Weighted => "WEIGHTED",
        }
    }

    pub fn from_value(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.value() == value)
    }
}

/// `DnsRecord.Type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Record {
    A,
    Aaaa,
    Cname,
    Srv,
}

impl Record {
    pub const ALL: [Record; 4] = [Record::A, Record::Aaaa, Record::Cname, Record::Srv];

    pub fn name(self) -> &'static str {
        match self {
            Record::A => "A",
            Record::Aaaa => "AAAA",
            Record::Cname => "CNAME",
            Record::Srv => "SRV",
        }
    }

    fn bit(self) -> u8 {
        match self {
            Record::A => 1,
            Record::Aaaa => 2,
            Record::Cname => 4,
            Record::Srv => 8,
        }
    }
}

/// The set of DNS record types the service creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Records(u8);

impl Records {
    pub fn of(records: &[Record]) -> Self {
        Self(records.iter().fold(0, |bits, r| bits | r.bit()))
    }

    pub fn contains(self, record: Record) -> bool {
        self.0 & record.bit() != 0
    }

    #[must_use]
    pub fn with(self, record: Record, on: bool) -> Self {
        if on {
            Self(self.0 | record.bit())
        } else {
            Self(self.0 & !record.bit())
        }
    }

    pub fn iter(self) -> impl Iterator<Item = Record> {
        Record::ALL.into_iter().filter(move |r| self.contains(*r))
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}

/// The service's health checking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum HealthCheck {
    #[default]
    None,
    Http,
    Https,
    Tcp,
    Custom,
}

impl HealthCheck {
    pub const ALL: [HealthCheck; 5] = [
        HealthCheck::None,
        HealthCheck::Http,
        HealthCheck::Https,
        HealthCheck::Tcp,
        HealthCheck::Custom,
    ];

    pub fn value(self) -> &'static str {
        match self {
            HealthCheck::None => "",
            HealthCheck::Http => "HTTP",
            HealthCheck::Https => "HTTPS",
            HealthCheck::Tcp => "TCP",
            HealthCheck::Custom => "CUSTOM",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            HealthCheck::None => "None",
            HealthCheck::Http => "Route 53 health check: HTTP",
            HealthCheck::Https => "Route 53 health check: HTTPS",
            HealthCheck::Tcp => "Route 53 health check: TCP",
            HealthCheck::Custom => "Custom health check (HealthCheckCustomConfig)",
        }
    }

    pub fn from_value(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|h| h.value() == value)
    }
}

/// What the context form holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContextForm {
    /// Check the request on its own, without a service or namespace.
    pub without_service: bool,
    pub namespace: NamespaceChoice,
    pub routing: Routing,
    pub records: Records,
    pub health: HealthCheck,
}

impl Default for ContextForm {
    /// The seed: a private DNS namespace, MULTIVALUE routing, A and SRV records.
    fn default() -> Self {
        Self {
            without_service: false,
            namespace: NamespaceChoice::DnsPrivate,
            routing: Routing::Multivalue,
            records: Records::of(&[Record::A, Record::Srv]),
            health: HealthCheck::None,
        }
    }
}

impl ContextForm {
    /// DNS settings (routing, records) apply unless the namespace is HTTP-only.
    pub fn dns_applies(&self) -> bool {
        !self.without_service && self.namespace != NamespaceChoice::Http
    }

    /// The context for the core, or `None` to check without one. The service's `Id` is the
    /// request's ServiceId, so the two always match.
    pub fn to_value(&self, service_id: Option<&str>) -> Option<Value> {
        if self.without_service {
            return None;
        }
        let mut service = Map::new();
        if let Some(id) = service_id {
            service.insert("Id".into(), json!(id));
        }
        if self.namespace == NamespaceChoice::Http {
            service.insert("Type".into(), json!("HTTP"));
        } else if self.namespace != NamespaceChoice::None || !self.records.is_empty() {
            service.insert("Type".into(), json!("DNS_HTTP"));
            let records: Vec<Value> = self
                .records
                .iter()
                .map(|r| json!({"Type": r.name(), "TTL": 60}))
                .collect();
            service.insert(
                "DnsConfig".into(),
                json!({"RoutingPolicy": self.routing.value(), "DnsRecords": records}),
            );
        }
        match self.health {
            HealthCheck::None => {}
            HealthCheck::Http | HealthCheck::Https => {
                service.insert(
                    "HealthCheckConfig".into(),
                    json!({"Type": self.health.value(), "ResourcePath": "/", "FailureThreshold": 1}),
                );
            }
            HealthCheck::Tcp => {
                service.insert(
                    "HealthCheckConfig".into(),
                    json!({"Type": "TCP", "FailureThreshold": 1}),
                );
            }
            HealthCheck::Custom => {
                service.insert("HealthCheckCustomConfig".into(), json!({}));
            }
        }
        let mut context = Map::new();
        context.insert("service".into(), Value::Object(service));
        if self.namespace != NamespaceChoice::None {
            context.insert(
                "namespace".into(),
                json!({"Type": self.namespace.value(), "Name": self.namespace.example_name()}),
            );
        }
        Some(Value::Object(context))
    }

    /// [`Self::to_value`] as pretty JSON text.
    pub fn to_json(&self, service_id: Option<&str>) -> Option<String> {
        self.to_value(service_id)
            .and_then(|v| serde_json::to_string_pretty(&v).ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_context_is_private_dns_multivalue_a_and_srv() {
        let value = ContextForm::default()
            .to_value(Some("srv-p5zdwlg5uvvzjita"))
            .unwrap();
        assert_eq!(
            value,
            json!({
                "service": {
                    "Id": "srv-p5zdwlg5uvvzjita",
                    "Type": "DNS_HTTP",
                    "DnsConfig": {"RoutingPolicy": "MULTIVALUE", "DnsRecords": [{"Type": "A", "TTL": 60}, {"Type": "SRV", "TTL": 60}]}
                },
                "namespace": {"Type": "DNS_PRIVATE", "Name": "example.local"}
            })
        );
    }

    #[test]
    fn without_service_passes_no_context() {
        let form = ContextForm {
            without_service: true,
            ..ContextForm::default()
        };
        assert_eq!(form.to_value(Some("srv-1")), None);
        assert!(!form.dns_applies());
    }

    #[test]
    fn http_namespace_has_no_dns_config() {
        let form = ContextForm {
            namespace: NamespaceChoice::Http,
            ..ContextForm::default()
        };
        let value = form.to_value(None).unwrap();
        assert_eq!(value["service"], json!({"Type": "HTTP"}));
        assert_eq!(value["namespace"]["Type"], "HTTP");
        assert!(!form.dns_applies());
    }

    #[test]
    fn no_namespace_omits_it_but_keeps_the_records() {
        let form = ContextForm {
            namespace: NamespaceChoice::None,
            ..ContextForm::default()
        };
        let value = form.to_value(None).unwrap();
        assert!(value.get("namespace").is_none());
        assert_eq!(
            value["service"]["DnsConfig"]["DnsRecords"][1]["Type"],
            "SRV"
        );
        let bare = ContextForm {
            namespace: NamespaceChoice::None,
            records: Records::default(),
            ..form
        };
        assert_eq!(bare.to_value(None).unwrap(), json!({"service": {}}));
    }

    #[test]
    fn health_checks() {
        let with = |health| {
            ContextForm {
                health,
                ..ContextForm::default()
            }
            .to_value(None)
            .unwrap()["service"]
                .clone()
        };
        assert_eq!(
            with(HealthCheck::Https)["HealthCheckConfig"]["Type"],
            "HTTPS"
        );
        assert_eq!(
            with(HealthCheck::Tcp)["HealthCheckConfig"],
            json!({"Type": "TCP", "FailureThreshold": 1})
        );
        assert_eq!(
            with(HealthCheck::Custom)["HealthCheckCustomConfig"],
            json!({})
        );
        assert!(with(HealthCheck::None).get("HealthCheckConfig").is_none());
    }

    #[test]
    fn records_set_operations() {
        let records = Records::of(&[Record::A])
            .with(Record::Srv, true)
            .with(Record::A, false);
        assert_eq!(records.iter().collect::<Vec<_>>(), [Record::Srv]);
        assert!(!records.is_empty());
        assert!(Records::default().is_empty());
    }

    #[test]
    fn choices_round_trip_through_their_option_values() {
        for n in NamespaceChoice::ALL {
            assert_eq!(NamespaceChoice::from_value(n.value()), Some(n));
        }
        for r in Routing::ALL {
            assert_eq!(Routing::from_value(r.value()), Some(r));
        }
        for h in HealthCheck::ALL {
            assert_eq!(HealthCheck::from_value(h.value()), Some(h));
        }
        assert_eq!(HealthCheck::from_value("bogus"), None);
    }

    #[test]
    fn the_core_accepts_every_context_the_form_builds() {
        for namespace in NamespaceChoice::ALL {
            for health in HealthCheck::ALL {
                for routing in Routing::ALL {
                    let form = ContextForm {
                        namespace,
                        routing,
                        health,
                        ..ContextForm::default()
                    };
                    let json = form.to_json(Some("srv-p5zdwlg5uvvzjita")).unwrap();
                    let result = muster_core::validate_text("RegisterInstance", "{}", Some(&json));
                    assert!(result.is_ok(), "{json}: {result:?}");
                }
            }
        }
    }
}
