//! The Registry & DNS view's simulations: a DNS query, the answer distribution over many
//! queries, DiscoverInstances, and the response preview of the builder's request. Each builds
//! the core's JSON input from the shared service and the registered instances.

use muster_core::api::{self, Discovery, Distribution, DnsSimulation};
use muster_core::cloudmap::preview::Preview;
use muster_core::cloudmap::registry::HealthStatus;
use muster_core::text::grouped;
use muster_core::CallError;
use serde_json::{json, Map, Value};

use super::context::{ContextForm, NamespaceChoice};
use super::registry::{parse_pairs, Instances};

/// What every simulation runs on: `{ namespace, service, instances }`.
#[derive(Debug, Clone, PartialEq)]
pub struct Setup(Map<String, Value>);

/// Why nothing can be simulated yet.
pub const NO_NAMESPACE: &str =
    "Choose a namespace type: DNS answers and DiscoverInstances come from the namespace.";

impl Setup {
    /// The input for the shared service (its Id is the builder's ServiceId) and the instances;
    /// an error when no namespace type is chosen.
    pub fn new(
        form: &ContextForm,
        service_id: Option<&str>,
        instances: &Instances,
    ) -> Result<Self, String> {
        if form.namespace == NamespaceChoice::None {
            return Err(NO_NAMESPACE.to_owned());
        }
        let mut input = Map::new();
        input.insert(
            "namespace".into(),
            form.namespace_value().unwrap_or(Value::Null),
        );
        input.insert("service".into(), form.service_value(service_id));
        input.insert(
            "instances".into(),
            Value::Array(instances.simulator_requests()),
        );
        Ok(Self(input))
    }

    fn with(&self, extra: &[(&str, Value)]) -> Value {
        let mut input = self.0.clone();
        for (key, value) in extra {
            input.insert((*key).to_owned(), value.clone());
        }
        Value::Object(input)
    }
}

/// The query types the query box offers.
pub const QUERY_TYPES: [&str; 6] = ["A", "AAAA", "SRV", "CNAME", "SOA", "NS"];

/// Seeds stay below 2^53, which JS numbers (and the core) take exactly.
pub const MAX_SEED: u64 = 1 << 53;

/// The query box.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryForm {
    /// The name as typed; `None` (or blank) follows the service's FQDN.
    pub name: Option<String>,
    pub record_type: &'static str,
    pub seed: u64,
}

impl Default for QueryForm {
    fn default() -> Self {
        Self {
            name: None,
            record_type: "A",
            seed: 1,
        }
    }
}

impl QueryForm {
    /// The name to ask: the typed one, or `fqdn`.
    pub fn name_or(&self, fqdn: &str) -> String {
        match self.name.as_deref().map(str::trim) {
            Some(name) if !name.is_empty() => name.to_owned(),
            _ => fqdn.to_owned(),
        }
    }

    /// Sets the typed name; blank goes back to following the service.
    pub fn set_name(&mut self, text: &str) {
        self.name = (!text.trim().is_empty()).then(|| text.to_owned());
    }

    pub fn set_type(&mut self, text: &str) {
        if let Some(t) = QUERY_TYPES
            .into_iter()
            .find(|t| t.eq_ignore_ascii_case(text))
        {
            self.record_type = t;
        }
    }

    fn query(&self, fqdn: &str) -> Value {
        json!({"name": self.name_or(fqdn), "type": self.record_type})
    }
}

/// Reads a seed input: a whole number from 0 to 2^53.
pub fn parse_seed(text: &str) -> Option<u64> {
    text.trim().parse::<u64>().ok().filter(|n| *n <= MAX_SEED)
}

/// A new seed from the current one (splitmix64, kept to six digits so it is easy to read and
/// to type back). Deterministic, so the page needs no randomness source.
pub fn next_seed(seed: u64) -> u64 {
    let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    let next = z % 1_000_000;
    if next == seed {
        (next + 1) % 1_000_000
    } else {
        next
    }
}

/// One simulated DNS query.
pub fn query(setup: &Setup, form: &QueryForm, fqdn: &str) -> Result<DnsSimulation, CallError> {
    api::simulate_dns(&setup.with(&[("query", form.query(fqdn)), ("seed", json!(form.seed))]))
}

/// The default number of queries for the distribution.
pub const DEFAULT_QUERIES: u64 = 1_000;
/// The most the page runs at once (the core takes up to a million; this keeps typing snappy).
pub const MAX_QUERIES: u64 = 100_000;

/// Reads the "queries" input.
pub fn parse_queries(text: &str) -> Result<u64, String> {
    match text.trim().replace([',', '_'], "").parse::<u64>() {
        Ok(n) if (1..=MAX_QUERIES).contains(&n) => Ok(n),
        _ => Err(format!(
            "Queries must be a whole number from 1 to {}.",
            grouped(MAX_QUERIES)
        )),
    }
}

/// The input of a distribution run (`dnsDistribution`'s), for a job made a slice at a time.
pub fn distribution_input(setup: &Setup, form: &QueryForm, fqdn: &str, queries: u64) -> Value {
    setup.with(&[
        ("query", form.query(fqdn)),
        ("seed", json!(form.seed)),
        ("queries", json!(queries)),
    ])
}

/// One bar of the distribution chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub instance_id: String,
    pub count: u64,
    /// Share of the queries whose answer held this instance, 0 to 1.
    pub share: f64,
    pub health: &'static str,
    /// Route 53 leaves it out of answers (it is UNHEALTHY and the service checks health).
    pub unhealthy: bool,
}

impl Bar {
    /// The bar's width in percent of the track.
    pub fn width(&self) -> String {
        format!("{:.2}%", (self.share * 100.0).clamp(0.0, 100.0))
    }

    /// The share as people read it: `50.3%`.
    pub fn share_text(&self) -> String {
        format!("{:.1}%", self.share * 100.0)
    }
}

/// The chart's bars, in registration order.
pub fn bars(distribution: &Distribution) -> Vec<Bar> {
    distribution
        .instances
        .iter()
        .map(|i| Bar {
            instance_id: i.instance_id.clone(),
            count: i.count,
            share: i.share,
            health: i.health_status,
            unhealthy: i.health_status == HealthStatus::Unhealthy.as_str(),
        })
        .collect()
}

/// DiscoverInstances' HealthStatus filter choices; `""` leaves it out (Cloud Map then uses
/// HEALTHY).
pub const HEALTH_FILTERS: [&str; 5] = ["", "HEALTHY", "UNHEALTHY", "ALL", "HEALTHY_OR_ELSE_ALL"];

/// The DiscoverInstances form. NamespaceName and ServiceName come from the service.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DiscoverForm {
    pub health: &'static str,
    pub max_results: String,
    /// `key=value` per line.
    pub query_parameters: String,
    pub optional_parameters: String,
}

impl DiscoverForm {
    pub fn set_health(&mut self, text: &str) {
        if let Some(h) = HEALTH_FILTERS.into_iter().find(|h| *h == text) {
            self.health = h;
        }
    }

    /// The DiscoverInstances request. A MaxResults that is not a whole number is passed on as
    /// text, so the API's own check reports it.
    pub fn request(&self, form: &ContextForm) -> Result<Value, String> {
        let mut request = Map::new();
        request.insert("NamespaceName".into(), json!(form.namespace_name.trim()));
        request.insert("ServiceName".into(), json!(form.service_name.trim()));
        let max = self.max_results.trim();
        if !max.is_empty() {
            let value = max.parse::<i64>().map_or_else(|_| json!(max), Value::from);
            request.insert("MaxResults".into(), value);
        }
        for (name, text) in [
            ("QueryParameters", &self.query_parameters),
            ("OptionalParameters", &self.optional_parameters),
        ] {
            let pairs = parse_pairs(text).map_err(|e| format!("{name}: {e}"))?;
            if !pairs.is_empty() {
                let map: Map<String, Value> = pairs
                    .into_iter()
                    .map(|(k, v)| (k, Value::String(v)))
                    .collect();
                request.insert(name.into(), Value::Object(map));
            }
        }
        if !self.health.is_empty() {
            request.insert("HealthStatus".into(), json!(self.health));
        }
        Ok(Value::Object(request))
    }
}

/// DiscoverInstances against the registry.
pub fn discover(setup: &Setup, request: &Value, seed: u64) -> Result<Discovery, CallError> {
    api::discover_instances(&setup.with(&[("request", request.clone()), ("seed", json!(seed))]))
}

/// What the builder's request would do to this registry: previewResponse with the service, the
/// namespace (when chosen) and the registered instances.
pub fn preview(
    form: &ContextForm,
    service_id: Option<&str>,
    instances: &Instances,
    request_text: &str,
    seed: u64,
) -> Result<Preview, String> {
    let request: Value = serde_json::from_str(request_text).map_err(|e| {
        format!(
            "The builder's request is not valid JSON ({e}); fix it in the builder to preview it."
        )
    })?;
    let mut context = Map::new();
    context.insert("service".into(), form.service_value(service_id));
    if let Some(namespace) = form.namespace_value() {
        context.insert("namespace".into(), namespace);
    }
    context.insert(
        "instances".into(),
        Value::Array(instances.simulator_requests()),
    );
    context.insert("seed".into(), json!(seed));
    api::preview_response("RegisterInstance", &request, Some(&Value::Object(context)))
        .map_err(|e| e.message)
}

/// Why Cloud Map would refuse the builder's request, as the core's registry says it: its own
/// errors first (InvalidInput, as Cloud Map checks the request before its token), then a
/// CreatorRequestId that already registered another instance (DuplicateRequest). `None` when
/// the request would be taken.
pub fn refusal(preview: &Result<Preview, String>) -> Option<(&str, &str)> {
    let error = preview.as_ref().ok()?.error.as_ref()?;
    Some((error.code, error.message.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The distribution the Registry & DNS panel counts, in one call.
    fn distribution(
        setup: &Setup,
        form: &QueryForm,
        fqdn: &str,
        queries: u64,
    ) -> Result<Distribution, CallError> {
        api::dns_distribution(&distribution_input(setup, form, fqdn, queries))
    }
    use crate::state::context::{HealthCheck, Record, Records, Routing};
    use crate::state::registry::QuickAdd;

    /// Three instances in the seed service with a custom health check; the second UNHEALTHY.
    fn three() -> (ContextForm, Instances) {
        let form = ContextForm {
            health: HealthCheck::Custom,
            ..ContextForm::default()
        };
        let mut list = Instances::default();
        for _ in 0..3 {
            let quick = QuickAdd::suggested(&list);
            for r in quick.requests().unwrap() {
                list.register(r);
            }
        }
        let key = list.entries()[1].key;
        list.set_health(key, HealthStatus::Unhealthy);
        (form, list)
    }

    fn setup(form: &ContextForm, list: &Instances) -> Setup {
        Setup::new(form, Some("srv-p5zdwlg5uvvzjita"), list).unwrap()
    }

    fn data(records: &[muster_core::cloudmap::dns::Record]) -> Vec<String> {
        let mut data: Vec<String> = records.iter().map(|r| r.data.clone()).collect();
        data.sort();
        data
    }

    #[test]
    fn an_a_query_answers_exactly_the_healthy_addresses() {
        let (form, list) = three();
        let result = query(&setup(&form, &list), &QueryForm::default(), &form.fqdn()).unwrap();
        assert_eq!(result.response.rcode, "NOERROR");
        assert_eq!(data(&result.response.answer), ["10.0.0.1", "10.0.0.3"]);
        assert_eq!(result.query.name, "myservice.example.local.");
        assert!(result.skipped.is_empty());
        assert!(result.dig.contains("ANSWER SECTION"));
    }

    #[test]
    fn an_srv_query_has_the_targets_in_additional() {
        let (form, list) = three();
        let mut q = QueryForm::default();
        q.set_type("srv");
        let result = query(&setup(&form, &list), &q, &form.fqdn()).unwrap();
        assert_eq!(result.response.answer.len(), 2);
        assert_eq!(data(&result.response.additional), ["10.0.0.1", "10.0.0.3"]);
    }

    #[test]
    fn weighted_routing_answers_one_and_never_the_unhealthy_one() {
        let (mut form, list) = three();
        form.routing = Routing::Weighted;
        let s = setup(&form, &list);
        let result = query(&s, &QueryForm::default(), &form.fqdn()).unwrap();
        assert_eq!(result.response.answer.len(), 1);
        let d = distribution(&s, &QueryForm::default(), &form.fqdn(), 1000).unwrap();
        let b = bars(&d);
        assert_eq!(b.iter().map(|b| b.count).sum::<u64>(), 1000);
        assert_eq!(
            (b[1].count, b[1].unhealthy, b[1].width()),
            (0, true, "0.00%".to_owned())
        );
        assert!(b[0].share > 0.4 && b[2].share > 0.4, "{b:?}");
        // MULTIVALUE puts both healthy instances in every answer.
        form.routing = Routing::Multivalue;
        let d = distribution(
            &setup(&form, &list),
            &QueryForm::default(),
            &form.fqdn(),
            1000,
        )
        .unwrap();
        let b = bars(&d);
        assert_eq!(
            (b[0].share_text(), b[0].width()),
            ("100.0%".to_owned(), "100.00%".to_owned())
        );
        assert_eq!(b[1].count, 0);
    }

    #[test]
    fn the_query_name_follows_the_service_until_typed() {
        let mut q = QueryForm::default();
        assert_eq!(q.name_or("web.local"), "web.local");
        q.set_name("other.local");
        assert_eq!(q.name_or("web.local"), "other.local");
        q.set_name("  ");
        assert_eq!(q.name, None);
        q.set_type("MX");
        assert_eq!(q.record_type, "A", "only the offered types");
    }

    #[test]
    fn seeds() {
        assert_eq!(parse_seed("42"), Some(42));
        assert_eq!(parse_seed("-1"), None);
        assert_eq!(parse_seed(&(MAX_SEED + 1).to_string()), None);
        let a = next_seed(1);
        assert_ne!(a, 1);
        assert!(a < 1_000_000);
        assert_eq!(next_seed(1), a, "deterministic");
        assert_ne!(next_seed(a), a);
    }

    #[test]
    fn queries_input() {
        assert_eq!(parse_queries("1,000"), Ok(1000));
        assert!(parse_queries("0").is_err());
        assert!(parse_queries("100001").unwrap_err().contains("100,000"));
        assert_eq!(grouped(1_234_567), "1,234,567");
        assert_eq!(grouped(12), "12");
    }

    #[test]
    fn no_namespace_no_simulation() {
        let form = ContextForm {
            namespace: NamespaceChoice::None,
            ..ContextForm::default()
        };
        assert_eq!(
            Setup::new(&form, None, &Instances::default()),
            Err(NO_NAMESPACE.to_owned())
        );
    }

    #[test]
    fn refused_instances_are_reported_by_the_simulation() {
        let (form, mut list) = three();
        list.register_text(
            r#"{"InstanceId": "bad", "Attributes": {"AWS_INSTANCE_IPV4": "10.0.0.300"}}"#,
        )
        .unwrap();
        let result = query(&setup(&form, &list), &QueryForm::default(), &form.fqdn()).unwrap();
        assert_eq!(result.skipped.len(), 1);
        assert_eq!(result.skipped[0].instance_id, "bad");
    }

    #[test]
    fn discover_builds_the_request_from_the_service_and_the_form() {
        let (form, list) = three();
        let mut d = DiscoverForm::default();
        assert_eq!(
            d.request(&form).unwrap(),
            json!({"NamespaceName": "example.local", "ServiceName": "myservice"})
        );
        d.set_health("ALL");
        d.max_results = "2".into();
        d.query_parameters = "AWS_INSTANCE_PORT=8080".into();
        let request = d.request(&form).unwrap();
        assert_eq!(request["MaxResults"], 2);
        let found = discover(&setup(&form, &list), &request, 1).unwrap();
        assert_eq!(found.response.unwrap().instances.len(), 2);
        // Default filter: HEALTHY only.
        let healthy = discover(
            &setup(&form, &list),
            &DiscoverForm::default().request(&form).unwrap(),
            1,
        )
        .unwrap();
        assert_eq!(healthy.response.unwrap().instances.len(), 2);
        // A bad MaxResults is the API's InvalidInput, not a form error.
        d.max_results = "lots".into();
        let refused = discover(&setup(&form, &list), &d.request(&form).unwrap(), 1).unwrap();
        assert_eq!(refused.error.unwrap().code, "InvalidInput");
        d.query_parameters = "nope".into();
        assert!(d.request(&form).unwrap_err().starts_with("QueryParameters"));
    }

    #[test]
    fn the_preview_says_create_or_update_against_the_registry() {
        let (form, list) = three();
        let text = r#"{"ServiceId": "srv-p5zdwlg5uvvzjita", "InstanceId": "instance-2", "Attributes": {"AWS_INSTANCE_IPV4": "10.0.0.22", "AWS_INSTANCE_PORT": "8080"}}"#;
        let p = preview(&form, Some("srv-p5zdwlg5uvvzjita"), &list, text, 1).unwrap();
        assert_eq!(p.change, Some("update"));
        assert!(p.response.is_some());
        assert_eq!(p.health_check.unwrap().check_type, "CUSTOM");
        let fresh = preview(
            &form,
            Some("srv-p5zdwlg5uvvzjita"),
            &Instances::default(),
            text,
            1,
        )
        .unwrap();
        assert_eq!(fresh.change, Some("create"));
        assert!(fresh.records.iter().all(|r| r.action == "create"));
        assert!(preview(&form, None, &list, "{", 1)
            .unwrap_err()
            .contains("not valid JSON"));
        let aaaa_only = ContextForm {
            records: Records::of(&[Record::Aaaa]),
            ..form
        };
        let p = preview(&aaaa_only, None, &list, text, 1).unwrap();
        assert_eq!(p.error.unwrap().code, "InvalidInput");
    }

    #[test]
    fn a_reused_creator_request_id_is_refused_naming_the_instance_that_has_it() {
        let (form, mut list) = three();
        list.register_text(r#"{"ServiceId": "srv-p5zdwlg5uvvzjita", "InstanceId": "a", "CreatorRequestId": "tok-1", "Attributes": {"AWS_INSTANCE_IPV4": "10.0.0.31", "AWS_INSTANCE_PORT": "8080"}}"#).unwrap();
        let builder = |id: &str, token: &str, ip: &str| {
            let text = json!({"ServiceId": "srv-p5zdwlg5uvvzjita", "InstanceId": id, "CreatorRequestId": token, "Attributes": {"AWS_INSTANCE_IPV4": ip, "AWS_INSTANCE_PORT": "8080"}}).to_string();
            preview(&form, Some("srv-p5zdwlg5uvvzjita"), &list, &text, 1)
        };
        let refused = builder("b", "tok-1", "10.0.0.32");
        let (code, message) = refusal(&refused).unwrap_or_else(|| panic!("{refused:?}"));
        assert_eq!(code, "DuplicateRequest");
        assert!(
            message.contains(r#"already registered the instance "a""#),
            "{message}"
        );
        // The same instance again is a retry, and a new token is free.
        assert_eq!(refusal(&builder("a", "tok-1", "10.0.0.31")), None);
        assert_eq!(refusal(&builder("b", "tok-2", "10.0.0.32")), None);
        // An invalid request is refused for its own error first, as Cloud Map does.
        let invalid = builder("b", "tok-1", "10.0.0.300");
        assert_eq!(
            refusal(&invalid).map(|(code, _)| code),
            Some("InvalidInput")
        );
        assert_eq!(refusal(&Err("not JSON".into())), None);
        // A request refused once is refused again, not taken for a retry of itself.
        list.register_text(r#"{"ServiceId": "srv-p5zdwlg5uvvzjita", "InstanceId": "bad id!", "CreatorRequestId": "tok-9", "Attributes": {"AWS_INSTANCE_IPV4": "10.0.0.40"}}"#).unwrap();
        let again = preview(
            &form,
            Some("srv-p5zdwlg5uvvzjita"),
            &list,
            r#"{"ServiceId": "srv-p5zdwlg5uvvzjita", "InstanceId": "bad id!", "CreatorRequestId": "tok-9", "Attributes": {"AWS_INSTANCE_IPV4": "10.0.0.40"}}"#,
            1,
        );
        assert_eq!(refusal(&again).map(|(code, _)| code), Some("InvalidInput"));
    }
}
