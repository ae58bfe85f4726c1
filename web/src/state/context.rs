//! The context form: what the request is checked against (the target service and its
//! namespace), built into the `{"service": ..., "namespace": ...}` JSON the core reads. The
//! builder and the Registry & DNS view share one, so both work on the same service.

use serde_json::{json, Map, Value};

/// A setting of the context form offered as a `<select>`: every choice, its option value and
/// its label.
pub trait Choice: Copy + PartialEq + Send + Sync + 'static {
    fn all() -> &'static [Self];
    fn value(self) -> &'static str;
    fn label(self) -> &'static str;
    fn from_value(value: &str) -> Option<Self>;
}

macro_rules! choice {
    ($($kind:ident),*) => {$(
        impl Choice for $kind {
            fn all() -> &'static [Self] {
                &Self::ALL
            }
            fn value(self) -> &'static str {
                $kind::value(self)
            }
            fn label(self) -> &'static str {
                $kind::label(self)
            }
            fn from_value(value: &str) -> Option<Self> {
                $kind::from_value(value)
            }
        }
    )*};
}

choice!(NamespaceChoice, Routing, HealthCheck);

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
    pub fn example_name(self) -> &'static str {
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

/// The TTL text of each record type, as typed (so a bad TTL reaches the validator as is).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ttls([String; 4]);

impl Default for Ttls {
    fn default() -> Self {
        Self(std::array::from_fn(|_| DEFAULT_TTL.to_owned()))
    }
}

/// The TTL a new record type starts with (the AWS examples use 60 seconds).
pub const DEFAULT_TTL: &str = "60";

/// The seed service name: the seed request's InstanceId is `myservice-53`.
pub const SEED_SERVICE_NAME: &str = "myservice";

fn record_slot(record: Record) -> usize {
    match record {
        Record::A => 0,
        Record::Aaaa => 1,
        Record::Cname => 2,
        Record::Srv => 3,
    }
}

impl Ttls {
    pub fn get(&self, record: Record) -> &str {
        self.0.get(record_slot(record)).map_or("", String::as_str)
    }

    pub fn set(&mut self, record: Record, text: String) {
        if let Some(slot) = self.0.get_mut(record_slot(record)) {
            *slot = text;
        }
    }
}

/// A TTL as JSON: the number when the text is a whole number, else the text itself, which the
/// service validation then reports.
pub fn ttl_value(text: &str) -> Value {
    text.trim()
        .parse::<i64>()
        .map_or_else(|_| Value::String(text.to_owned()), Value::from)
}

/// What the context form holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContextForm {
    /// Check the request on its own, without a service or namespace.
    pub without_service: bool,
    pub namespace: NamespaceChoice,
    /// The namespace `Name` (the DNS zone, or the HTTP name DiscoverInstances takes).
    pub namespace_name: String,
    /// The service `Name`: with the namespace, the DNS name the service answers at.
    pub service_name: String,
    pub routing: Routing,
    pub records: Records,
    pub ttls: Ttls,
    pub health: HealthCheck,
}

impl Default for ContextForm {
    /// The seed: `myservice` in the private DNS namespace `example.local`, MULTIVALUE routing,
    /// A and SRV records.
    fn default() -> Self {
        Self {
            without_service: false,
            namespace: NamespaceChoice::DnsPrivate,
            namespace_name: NamespaceChoice::DnsPrivate.example_name().to_owned(),
            service_name: SEED_SERVICE_NAME.to_owned(),
            routing: Routing::Multivalue,
            records: Records::of(&[Record::A, Record::Srv]),
            ttls: Ttls::default(),
            health: HealthCheck::None,
        }
    }
}

impl ContextForm {
    /// DNS settings (routing, records) apply unless the namespace is HTTP-only.
    pub fn dns_applies(&self) -> bool {
        !self.without_service && self.namespace != NamespaceChoice::Http
    }

    /// Whether the service has DNS settings at all, with or without the builder's "without a
    /// service" switch (the Registry view always has a service).
    pub fn has_dns(&self) -> bool {
        self.namespace != NamespaceChoice::Http
    }

    /// Changes the namespace type; a name still at the old type's example follows the new type,
    /// a name the user typed stays.
    pub fn set_namespace(&mut self, choice: NamespaceChoice) {
        if self.namespace_name == self.namespace.example_name() {
            choice.example_name().clone_into(&mut self.namespace_name);
        }
        self.namespace = choice;
    }

    /// The name a DNS query for the service asks: `SERVICE.NAMESPACE` (with the simulator's
    /// fallbacks for empty names).
    pub fn fqdn(&self) -> String {
        let or = |name: &str, fallback: &'static str| {
            let name = name.trim().trim_end_matches('.');
            if name.is_empty() {
                fallback.to_owned()
            } else {
                name.to_ascii_lowercase()
            }
        };
        format!(
            "{}.{}",
            or(&self.service_name, "service"),
            or(&self.namespace_name, "local")
        )
    }

    /// The context for the core, or `None` to check without one. The service's `Id` is the
    /// request's ServiceId, so the two always match.
    pub fn to_value(&self, service_id: Option<&str>) -> Option<Value> {
        if self.without_service {
            return None;
        }
        Some(self.service_context(service_id))
    }

    /// `{service, namespace}` whatever the "without a service" switch says: what the Registry &
    /// DNS view registers instances in.
    pub fn service_context(&self, service_id: Option<&str>) -> Value {
        let mut context = Map::new();
        context.insert("service".into(), self.service_value(service_id));
        if let Some(namespace) = self.namespace_value() {
            context.insert("namespace".into(), namespace);
        }
        Value::Object(context)
    }

    /// The namespace as GetNamespace returns it, or `None` when no type is chosen.
    pub fn namespace_value(&self) -> Option<Value> {
        if self.namespace == NamespaceChoice::None {
            return None;
        }
        let mut namespace = Map::new();
        if !self.namespace_name.trim().is_empty() {
            namespace.insert("Name".into(), json!(self.namespace_name.trim()));
        }
        namespace.insert("Type".into(), json!(self.namespace.value()));
        Some(Value::Object(namespace))
    }

    /// The service as GetService returns it, whatever the "without a service" switch says.
    pub fn service_value(&self, service_id: Option<&str>) -> Value {
        let mut service = Map::new();
        if let Some(id) = service_id {
            // A ServiceId may be the service's ARN (for a namespace shared with the account);
            // GetService gives that as Arn, and the srv- ID after `service/` as Id.
            match id.strip_prefix("arn:").and(id.rsplit_once(":service/")) {
                Some((_, short)) => {
                    service.insert("Id".into(), json!(short));
                    service.insert("Arn".into(), json!(id));
                }
                None => {
                    service.insert("Id".into(), json!(id));
                }
            }
        }
        if !self.service_name.is_empty() {
            service.insert("Name".into(), json!(self.service_name));
        }
        if self.namespace == NamespaceChoice::Http {
            service.insert("Type".into(), json!("HTTP"));
        } else if self.namespace != NamespaceChoice::None || !self.records.is_empty() {
            service.insert("Type".into(), json!("DNS_HTTP"));
            let records: Vec<Value> = self
                .records
                .iter()
                .map(|r| json!({"Type": r.name(), "TTL": ttl_value(self.ttls.get(r))}))
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
        Value::Object(service)
    }

    /// This form set from a service as GetService returns it (or a CreateService request): its
    /// name, records and their TTLs, routing and health check. The namespace keeps its name;
    /// its type follows the service (an HTTP service lives in an HTTP namespace, a DNS one in a
    /// DNS namespace), since get-service does not say which namespace it is in.
    #[must_use]
    pub fn with_service(&self, service: &Value) -> ContextForm {
        let service = service.get("Service").unwrap_or(service);
        let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_owned);
        let mut form = self.clone();
        form.without_service = false;
        if let Some(name) = text(service.get("Name")) {
            form.service_name = name;
        }
        let dns = service.get("DnsConfig").filter(|d| d.is_object());
        if dns.is_none() && text(service.get("Type")).as_deref() == Some("HTTP") {
            form.set_namespace(NamespaceChoice::Http);
        } else if let Some(dns) = dns {
            if matches!(
                form.namespace,
                NamespaceChoice::Http | NamespaceChoice::None
            ) {
                form.set_namespace(NamespaceChoice::DnsPrivate);
            }
            if let Some(routing) =
                text(dns.get("RoutingPolicy")).and_then(|r| Routing::from_value(&r))
            {
                form.routing = routing;
            }
            let listed = dns.get("DnsRecords").and_then(Value::as_array);
            let mut records = Records::of(&[]);
            for record in listed.into_iter().flatten() {
                let kind = text(record.get("Type"));
                if let Some(kind) = Record::ALL
                    .into_iter()
                    .find(|r| Some(r.name()) == kind.as_deref())
                {
                    records = records.with(kind, true);
                    if let Some(ttl) = record.get("TTL").filter(|t| !t.is_null()) {
                        form.ttls.set(
                            kind,
                            ttl.as_str().map_or_else(|| ttl.to_string(), str::to_owned),
                        );
                    }
                }
            }
            form.records = records;
        }
        form.health = match (
            service.get("HealthCheckConfig"),
            service.get("HealthCheckCustomConfig"),
        ) {
            (Some(config), _) if config.is_object() => text(config.get("Type"))
                .and_then(|t| HealthCheck::from_value(&t))
                .filter(|h| *h != HealthCheck::Custom)
                .unwrap_or(HealthCheck::None),
            (_, Some(custom)) if custom.is_object() => HealthCheck::Custom,
            _ => HealthCheck::None,
        };
        form
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
    fn get_service_output_sets_the_form() {
        let form = ContextForm::default();
        let output = json!({"Service": {
            "Id": "srv-1", "Name": "api", "NamespaceId": "ns-1", "Type": "DNS_HTTP",
            "DnsConfig": {"RoutingPolicy": "WEIGHTED", "DnsRecords": [{"Type": "AAAA", "TTL": 300}, {"Type": "SRV", "TTL": 30}]},
            "HealthCheckConfig": {"Type": "HTTPS", "ResourcePath": "/health", "FailureThreshold": 2}
        }});
        let set = form.with_service(&output);
        assert_eq!(set.service_name, "api");
        assert_eq!(set.routing, Routing::Weighted);
        assert_eq!(set.records, Records::of(&[Record::Aaaa, Record::Srv]));
        assert_eq!(
            (set.ttls.get(Record::Aaaa), set.ttls.get(Record::Srv)),
            ("300", "30")
        );
        assert_eq!(set.health, HealthCheck::Https);
        assert_eq!(set.namespace, NamespaceChoice::DnsPrivate);
        // The service JSON the form makes again has what get-service said.
        let again = set.service_value(Some("srv-1"));
        assert_eq!(again["DnsConfig"], output["Service"]["DnsConfig"]);

        let http = form
            .with_service(&json!({"Name": "jobs", "Type": "HTTP", "HealthCheckCustomConfig": {}}));
        assert_eq!(http.namespace, NamespaceChoice::Http);
        assert_eq!(http.namespace_name, NamespaceChoice::Http.example_name());
        assert_eq!(http.health, HealthCheck::Custom);
    }

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
                    "Name": "myservice",
                    "Type": "DNS_HTTP",
                    "DnsConfig": {"RoutingPolicy": "MULTIVALUE", "DnsRecords": [{"Type": "A", "TTL": 60}, {"Type": "SRV", "TTL": 60}]}
                },
                "namespace": {"Name": "example.local", "Type": "DNS_PRIVATE"}
            })
        );
    }

    #[test]
    fn a_service_arn_becomes_the_services_arn_and_id_so_both_checks_pass() {
        let arn = "arn:aws:servicediscovery:us-east-1:123456789012:service/srv-p5zdwlg5uvvzjita";
        let service = ContextForm::default().service_value(Some(arn));
        assert_eq!(service["Id"], "srv-p5zdwlg5uvvzjita");
        assert_eq!(service["Arn"], arn);
        // The service is a valid GetService output, and RegisterInstance with the ARN as its
        // ServiceId matches it.
        let report =
            muster_core::validate(muster_core::Operation::Service, &service, None).unwrap();
        assert!(report.valid, "{:?}", report.diagnostics);
        let context = ContextForm::default().to_value(Some(arn)).unwrap();
        let request = json!({"ServiceId": arn, "InstanceId": "i-1", "Attributes": {"AWS_INSTANCE_IPV4": "10.0.0.1", "AWS_INSTANCE_PORT": "80"}});
        let report = muster_core::validate(
            muster_core::Operation::RegisterInstance,
            &request,
            Some(&context),
        )
        .unwrap();
        assert!(
            report.diagnostics.iter().all(|d| d.code != "CM031"),
            "{:?}",
            report.diagnostics
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
        assert_eq!(
            value["service"],
            json!({"Name": "myservice", "Type": "HTTP"})
        );
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
        assert_eq!(
            bare.to_value(None).unwrap(),
            json!({"service": {"Name": "myservice"}})
        );
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

    #[test]
    fn ttls_are_numbers_when_they_parse_and_text_otherwise() {
        let mut form = ContextForm::default();
        form.ttls.set(Record::A, "300".into());
        form.ttls.set(Record::Srv, "soon".into());
        let service = form.service_value(None);
        assert_eq!(
            service["DnsConfig"]["DnsRecords"],
            json!([{"Type": "A", "TTL": 300}, {"Type": "SRV", "TTL": "soon"}])
        );
        assert_eq!(form.ttls.get(Record::Aaaa), DEFAULT_TTL);
        assert_eq!(ttl_value(" 15 "), json!(15));
    }

    #[test]
    fn the_namespace_name_follows_the_type_until_it_is_typed() {
        let mut form = ContextForm::default();
        form.set_namespace(NamespaceChoice::DnsPublic);
        assert_eq!(form.namespace_name, "example.com");
        "corp.internal".clone_into(&mut form.namespace_name);
        form.set_namespace(NamespaceChoice::Http);
        assert_eq!(form.namespace_name, "corp.internal");
        assert_eq!(form.namespace, NamespaceChoice::Http);
    }

    #[test]
    fn names_make_the_fqdn_and_empty_names_are_left_out() {
        let mut form = ContextForm::default();
        assert_eq!(form.fqdn(), "myservice.example.local");
        form.service_name = "Web".into();
        form.namespace_name = "Corp.Local.".into();
        assert_eq!(form.fqdn(), "web.corp.local");
        form.service_name.clear();
        form.namespace_name.clear();
        assert_eq!(form.fqdn(), "service.local");
        assert!(form.service_value(None).get("Name").is_none());
        assert_eq!(form.namespace_value(), Some(json!({"Type": "DNS_PRIVATE"})));
        form.namespace = NamespaceChoice::None;
        assert_eq!(form.namespace_value(), None);
    }

    #[test]
    fn the_service_is_there_even_when_the_builder_checks_without_one() {
        let form = ContextForm {
            without_service: true,
            ..ContextForm::default()
        };
        assert_eq!(form.to_value(Some("srv-1")), None);
        assert_eq!(form.service_value(Some("srv-1"))["Id"], "srv-1");
        assert_eq!(
            form.service_context(Some("srv-1"))["namespace"]["Type"],
            "DNS_PRIVATE"
        );
        assert!(form.has_dns());
    }
}
