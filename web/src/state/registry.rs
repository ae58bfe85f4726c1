//! The instances registered to the service: RegisterInstance requests in registration order,
//! each with the health status the user set. The core decides which of them Cloud Map would
//! accept ([`outcome`]); the list itself keeps whatever was registered, as the API log would.

use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};

use muster_core::cloudmap::registry::{
    from_requests, HealthStatus, Skipped, MAX_INSTANCES_PER_SERVICE,
};
use muster_core::cloudmap::Context;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

/// The statuses a row's health select offers, in its order.
pub const HEALTH_CHOICES: [HealthStatus; 3] = [
    HealthStatus::Healthy,
    HealthStatus::Unhealthy,
    HealthStatus::Unknown,
];

/// The most instances one quick-add makes (the service quota).
pub const MAX_QUICK_ADD: usize = MAX_INSTANCES_PER_SERVICE;

/// One registered instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Stable identity for rendering; never reused.
    pub key: u64,
    /// The RegisterInstance request as it was last sent.
    pub request: Map<String, Value>,
    /// The status the user set; `None` is the status the instance starts with (which depends
    /// on the service's health check), as after every registration.
    pub health: Option<HealthStatus>,
    /// How often it was registered: 1, then one more per update.
    pub registrations: u32,
}

impl Entry {
    /// The request's InstanceId, or `""` when it has none (Cloud Map refuses those).
    pub fn instance_id(&self) -> &str {
        self.request
            .get("InstanceId")
            .and_then(Value::as_str)
            .unwrap_or_default()
    }

    /// The request the simulators take: the RegisterInstance request plus `HealthStatus`.
    pub fn simulator_request(&self) -> Value {
        let mut request = self.request.clone();
        if let Some(health) = self.health {
            request.insert("HealthStatus".into(), json!(health.as_str()));
        }
        Value::Object(request)
    }

    /// The attributes as short `(label, value)` pairs for the row summary: reserved keys get
    /// short labels, custom ones keep their key.
    pub fn summary(&self) -> Vec<(String, String)> {
        let Some(Value::Object(attributes)) = self.request.get("Attributes") else {
            return Vec::new();
        };
        attributes
            .iter()
            .map(|(key, value)| {
                let text = value
                    .as_str()
                    .map_or_else(|| value.to_string(), str::to_owned);
                (short_label(key).to_owned(), text)
            })
            .collect()
    }
}

fn short_label(key: &str) -> &str {
    match key {
        "AWS_INSTANCE_IPV4" => "IPv4",
        "AWS_INSTANCE_IPV6" => "IPv6",
        "AWS_INSTANCE_PORT" => "port",
        "AWS_INSTANCE_CNAME" => "CNAME",
        "AWS_ALIAS_DNS_NAME" => "alias",
        "AWS_EC2_INSTANCE_ID" => "EC2",
        "AWS_INIT_HEALTH_STATUS" => "initial health",
        other => other,
    }
}

/// What registering did to the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Registered {
    Created,
    /// The InstanceId was registered already: that row is replaced in place.
    Updated,
    /// The same registration again with its CreatorRequestId: a retry, nothing changes (as in
    /// the core's registry).
    Retried,
}

/// Whether `new` repeats `old` with the same CreatorRequestId and attributes: Cloud Map takes it
/// for a retry of the first call.
fn is_retry(old: &Map<String, Value>, new: &Map<String, Value>) -> bool {
    let token = |r: &Map<String, Value>| {
        r.get("CreatorRequestId")
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    token(new).is_some()
        && token(old) == token(new)
        && old.get("Attributes") == new.get("Attributes")
}

/// Why a request could not be put in the list at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegisterError {
    NotJson(String),
    NotObject,
}

impl fmt::Display for RegisterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RegisterError::NotJson(reason) => write!(
                f,
                "The builder's request is not valid JSON ({reason}); fix it in the builder first."
            ),
            RegisterError::NotObject => f.write_str(
                "The builder's request is not a JSON object; fix it in the builder first.",
            ),
        }
    }
}

/// The registered instances, in registration order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Instances {
    entries: Vec<Entry>,
    next_key: u64,
}

impl Instances {
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn get(&self, key: u64) -> Option<&Entry> {
        self.entries.iter().find(|e| e.key == key)
    }

    /// A list of `(request, health, registrations)` rows, keyed afresh (a saved scenario).
    pub fn restore(
        rows: impl IntoIterator<Item = (Map<String, Value>, Option<HealthStatus>, u32)>,
    ) -> Self {
        let entries: Vec<Entry> = rows
            .into_iter()
            .zip(0..)
            .map(|((request, health, registrations), key)| Entry {
                key,
                request,
                health,
                registrations: registrations.max(1),
            })
            .collect();
        let next_key = entries.len() as u64;
        Self { entries, next_key }
    }

    /// The row of an InstanceId.
    pub fn position_of_id(&self, id: &str) -> Option<usize> {
        if id.is_empty() {
            return None;
        }
        self.entries.iter().position(|e| e.instance_id() == id)
    }

    /// Registers a request: a new InstanceId is appended, a known one is updated in place. Either
    /// way the health starts over, as Cloud Map recreates the health check.
    pub fn register(&mut self, request: Map<String, Value>) -> Registered {
        let id = request
            .get("InstanceId")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if let Some(entry) = self
            .position_of_id(id)
            .and_then(|i| self.entries.get_mut(i))
        {
            if is_retry(&entry.request, &request) {
                return Registered::Retried;
            }
            entry.request = request;
            entry.health = None;
            entry.registrations = entry.registrations.saturating_add(1);
            return Registered::Updated;
        }
        self.entries.push(Entry {
            key: self.next_key,
            request,
            health: None,
            registrations: 1,
        });
        self.next_key += 1;
        Registered::Created
    }

    /// Registers the builder's request text.
    pub fn register_text(&mut self, text: &str) -> Result<Registered, RegisterError> {
        match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(request)) => Ok(self.register(request)),
            Ok(_) => Err(RegisterError::NotObject),
            Err(err) => Err(RegisterError::NotJson(err.to_string())),
        }
    }

    /// What registering the builder's text would do: the InstanceId and create or update.
    pub fn would_register(&self, text: &str) -> Result<(String, Registered), RegisterError> {
        match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(request)) => {
                let id = request
                    .get("InstanceId")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned();
                let change = match self.position_of_id(&id).and_then(|i| self.entries.get(i)) {
                    Some(entry) if is_retry(&entry.request, &request) => Registered::Retried,
                    Some(_) => Registered::Updated,
                    None => Registered::Created,
                };
                Ok((id, change))
            }
            Ok(_) => Err(RegisterError::NotObject),
            Err(err) => Err(RegisterError::NotJson(err.to_string())),
        }
    }

    /// Sends a row's request again: same InstanceId, so an update, or a retry that changes
    /// nothing when the request carries a CreatorRequestId.
    pub fn reregister(&mut self, key: u64) -> bool {
        match self.get(key).map(|e| e.request.clone()) {
            Some(request) => {
                self.register(request);
                true
            }
            None => false,
        }
    }

    /// DeregisterInstance: removes the row.
    pub fn deregister(&mut self, key: u64) -> Option<Entry> {
        let index = self.entries.iter().position(|e| e.key == key)?;
        Some(self.entries.remove(index))
    }

    /// Sets a row's health, as UpdateInstanceCustomHealthStatus or a Route 53 check would.
    pub fn set_health(&mut self, key: u64, health: HealthStatus) {
        if let Some(entry) = self.entries.iter_mut().find(|e| e.key == key) {
            entry.health = Some(health);
        }
    }

    /// Every request as the simulators take them.
    pub fn simulator_requests(&self) -> Vec<Value> {
        self.entries.iter().map(Entry::simulator_request).collect()
    }

    /// The first `instance-N` not yet used, with `N`.
    fn free_suggestion(&self) -> (String, u32) {
        // Among len + 1 candidates at least one is free.
        let candidates = u32::try_from(self.len() + 1).unwrap_or(u32::MAX);
        (1..=candidates)
            .map(|n| (format!("instance-{n}"), n))
            .find(|(id, _)| self.position_of_id(id).is_none())
            .unwrap_or_default()
    }
}

/// Rows shown before "Show all": a list near the quota stays usable.
pub const ROWS_SHOWN: usize = 50;

/// How many of `len` rows to render.
pub fn rows_shown(len: usize, show_all: bool) -> usize {
    if show_all {
        len
    } else {
        len.min(ROWS_SHOWN)
    }
}

/// The count line: `3 registered`, `3 registered, 1 refused`.
pub fn count_text(outcome: &Outcome) -> String {
    let refused = outcome.skipped.len();
    if refused == 0 {
        format!("{} registered", outcome.registered)
    } else {
        format!("{} registered, {refused} refused", outcome.registered)
    }
}

/// What Cloud Map made of one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowStatus {
    Registered(HealthStatus),
    /// Refused: the API error code and message.
    Refused {
        error: String,
        message: String,
    },
}

/// The registry as Cloud Map would hold it: each row's status, the refused ones, and the
/// quota error if the list is past it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Outcome {
    pub rows: Vec<RowStatus>,
    pub skipped: Vec<Skipped>,
    pub registered: usize,
    /// The ResourceLimitExceeded message, when some rows were refused for the quota.
    pub quota: Option<String>,
}

/// Runs the rows through the core's registry for `context` (`{service, namespace}`).
pub fn outcome(instances: &Instances, context: &Value) -> Result<Outcome, String> {
    let context =
        Context::from_value(context).map_err(|e| format!("The service cannot be used: {e}."))?;
    let (registry, skipped) = from_requests(&instances.simulator_requests(), &context);
    let rows = instances
        .entries()
        .iter()
        .enumerate()
        .map(
            |(index, entry)| match skipped.iter().find(|s| s.index == index) {
                Some(s) => RowStatus::Refused {
                    error: s.error.clone(),
                    message: s.message.clone(),
                },
                None => RowStatus::Registered(
                    registry
                        .get(entry.instance_id())
                        .map_or(HealthStatus::Unknown, |i| i.health_status),
                ),
            },
        )
        .collect();
    let quota = skipped
        .iter()
        .find(|s| s.error == "ResourceLimitExceeded")
        .map(|s| s.message.clone());
    Ok(Outcome {
        rows,
        registered: registry.instances().len(),
        skipped,
        quota,
    })
}

/// Reads `key=value` lines (blank lines are skipped; the value may contain `=`).
pub fn parse_pairs(text: &str) -> Result<Vec<(String, String)>, String> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(n, line)| match line.split_once('=') {
            Some((key, value)) if !key.trim().is_empty() => {
                Ok((key.trim().to_owned(), value.trim().to_owned()))
            }
            _ => Err(format!(
                "Line {} ({:?}) is not key=value.",
                n + 1,
                line.trim()
            )),
        })
        .collect()
}

/// The quick "add instance" form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QuickAdd {
    pub instance_id: String,
    pub ipv4: String,
    pub ipv6: String,
    pub port: String,
    pub cname: String,
    /// Custom attributes, `key=value` per line.
    pub custom: String,
    /// How many instances to add: more than one numbers the IDs and addresses up from these.
    pub count: String,
}

/// One text field of the quick-add form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuickField {
    InstanceId,
    Ipv4,
    Ipv6,
    Port,
    Cname,
    Count,
    Custom,
}

impl QuickAdd {
    pub fn field(&self, field: QuickField) -> &str {
        match field {
            QuickField::InstanceId => &self.instance_id,
            QuickField::Ipv4 => &self.ipv4,
            QuickField::Ipv6 => &self.ipv6,
            QuickField::Port => &self.port,
            QuickField::Cname => &self.cname,
            QuickField::Count => &self.count,
            QuickField::Custom => &self.custom,
        }
    }

    pub fn set(&mut self, field: QuickField, value: String) {
        let slot = match field {
            QuickField::InstanceId => &mut self.instance_id,
            QuickField::Ipv4 => &mut self.ipv4,
            QuickField::Ipv6 => &mut self.ipv6,
            QuickField::Port => &mut self.port,
            QuickField::Cname => &mut self.cname,
            QuickField::Count => &mut self.count,
            QuickField::Custom => &mut self.custom,
        };
        *slot = value;
    }

    /// The form for the next instance: a free `instance-N`, `10.0.0.N`, port 8080.
    pub fn suggested(instances: &Instances) -> Self {
        let (instance_id, n) = instances.free_suggestion();
        Self {
            instance_id,
            ipv4: Ipv4Addr::from(u32::from(Ipv4Addr::new(10, 0, 0, 0)).saturating_add(n))
                .to_string(),
            ipv6: String::new(),
            port: "8080".to_owned(),
            cname: String::new(),
            custom: String::new(),
            count: "1".to_owned(),
        }
    }

    /// After an add: fresh ID and IPv4 suggestions; the port, the other addresses and the
    /// custom attributes stay for the next one.
    #[must_use]
    pub fn next(&self, instances: &Instances) -> Self {
        let suggested = Self::suggested(instances);
        Self {
            instance_id: suggested.instance_id,
            ipv4: if self.ipv4.trim().is_empty() {
                String::new()
            } else {
                suggested.ipv4
            },
            count: "1".to_owned(),
            ..self.clone()
        }
    }

    /// How many instances the form adds.
    pub fn count(&self) -> Result<usize, String> {
        let text = self.count.trim();
        match text.parse::<usize>() {
            Ok(n) if (1..=MAX_QUICK_ADD).contains(&n) => Ok(n),
            _ => Err(format!(
                "How many must be a whole number from 1 to {MAX_QUICK_ADD}; it is {text:?}."
            )),
        }
    }

    /// The RegisterInstance requests the form makes (without ServiceId: the service's is used).
    /// Values are passed on as typed, so Cloud Map's checks decide about them.
    pub fn requests(&self) -> Result<Vec<Map<String, Value>>, String> {
        let count = self.count()?;
        let custom = parse_pairs(&self.custom).map_err(|e| format!("Custom attributes: {e}"))?;
        let id = self.instance_id.trim();
        if id.is_empty() {
            return Err("Give the instance an InstanceId.".to_owned());
        }
        let requests = (0..count)
            .map(|i| {
                let step = u32::try_from(i).unwrap_or(u32::MAX);
                let mut attributes = Map::new();
                let mut put = |key: &str, value: String| {
                    if !value.is_empty() {
                        attributes.insert(key.to_owned(), Value::String(value));
                    }
                };
                put("AWS_INSTANCE_IPV4", step_ipv4(self.ipv4.trim(), step));
                put("AWS_INSTANCE_IPV6", step_ipv6(self.ipv6.trim(), step));
                put("AWS_INSTANCE_PORT", self.port.trim().to_owned());
                put("AWS_INSTANCE_CNAME", self.cname.trim().to_owned());
                for (key, value) in &custom {
                    attributes.insert(key.clone(), Value::String(value.clone()));
                }
                let mut request = Map::new();
                request.insert("InstanceId".into(), json!(step_id(id, step)));
                request.insert("Attributes".into(), Value::Object(attributes));
                request
            })
            .collect();
        Ok(requests)
    }
}

/// The `step`-th ID after `id`: a trailing number counts up (`web-9` → `web-10`); otherwise
/// `-2`, `-3`, ... is appended after the first.
fn step_id(id: &str, step: u32) -> String {
    if step == 0 {
        return id.to_owned();
    }
    let digits = id.len() - id.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let (head, tail) = id.split_at(id.len() - digits);
    match tail.parse::<u64>() {
        Ok(n) if !tail.is_empty() => format!("{head}{}", n + u64::from(step)),
        _ => format!("{id}-{}", u64::from(step) + 1),
    }
}

/// The `step`-th address after `ip`; text that is not an address is repeated unchanged.
fn step_ipv4(ip: &str, step: u32) -> String {
    match ip.parse::<Ipv4Addr>() {
        Ok(addr) if step > 0 => Ipv4Addr::from(u32::from(addr).wrapping_add(step)).to_string(),
        _ => ip.to_owned(),
    }
}

fn step_ipv6(ip: &str, step: u32) -> String {
    match ip.parse::<Ipv6Addr>() {
        Ok(addr) if step > 0 => {
            Ipv6Addr::from(u128::from(addr).wrapping_add(u128::from(step))).to_string()
        }
        _ => ip.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(id: &str, ip: &str) -> Map<String, Value> {
        let Value::Object(map) = json!({"InstanceId": id, "Attributes": {"AWS_INSTANCE_IPV4": ip}})
        else {
            unreachable!()
        };
        map
    }

    fn context(health: &str) -> Value {
        let mut service = json!({"Id": "srv-1", "Name": "web",
            "DnsConfig": {"RoutingPolicy": "MULTIVALUE", "DnsRecords": [{"Type": "A", "TTL": 60}]}});
        match health {
            "custom" => service["HealthCheckCustomConfig"] = json!({}),
            "none" => {}
            other => service["HealthCheckConfig"] = json!({"Type": other}),
        }
        json!({"service": service, "namespace": {"Name": "example.local", "Type": "DNS_PRIVATE"}})
    }

    #[test]
    fn registering_an_existing_id_updates_in_place_and_resets_health() {
        let mut list = Instances::default();
        assert_eq!(list.register(request("a", "10.0.0.1")), Registered::Created);
        assert_eq!(list.register(request("b", "10.0.0.2")), Registered::Created);
        let key_a = list.entries()[0].key;
        list.set_health(key_a, HealthStatus::Unhealthy);
        assert_eq!(list.register(request("a", "10.0.0.9")), Registered::Updated);
        assert_eq!(list.len(), 2);
        let a = &list.entries()[0];
        assert_eq!((a.key, a.health, a.registrations), (key_a, None, 2));
        assert_eq!(a.request["Attributes"]["AWS_INSTANCE_IPV4"], "10.0.0.9");
    }

    #[test]
    fn the_same_request_with_its_token_is_a_retry_that_changes_nothing() {
        let mut list = Instances::default();
        let mut first = request("a", "10.0.0.1");
        first.insert("CreatorRequestId".into(), json!("tok-1"));
        assert_eq!(list.register(first.clone()), Registered::Created);
        let key = list.entries()[0].key;
        list.set_health(key, HealthStatus::Unhealthy);
        let text = Value::Object(first.clone()).to_string();
        assert_eq!(
            list.would_register(&text),
            Ok(("a".to_owned(), Registered::Retried))
        );
        assert_eq!(list.register(first.clone()), Registered::Retried);
        assert!(list.reregister(key));
        let a = &list.entries()[0];
        assert_eq!(
            (a.health, a.registrations),
            (Some(HealthStatus::Unhealthy), 1)
        );
        // Other attributes with the same token: an update.
        let mut moved = request("a", "10.0.0.2");
        moved.insert("CreatorRequestId".into(), json!("tok-1"));
        assert_eq!(list.register(moved), Registered::Updated);
    }

    #[test]
    fn reregister_and_deregister_by_key() {
        let mut list = Instances::default();
        list.register(request("a", "10.0.0.1"));
        list.register(request("b", "10.0.0.2"));
        let key_b = list.entries()[1].key;
        list.set_health(key_b, HealthStatus::Unhealthy);
        assert!(list.reregister(key_b));
        assert_eq!(list.get(key_b).unwrap().registrations, 2);
        assert_eq!(list.get(key_b).unwrap().health, None);
        assert_eq!(list.deregister(key_b).unwrap().instance_id(), "b");
        assert!(list.deregister(key_b).is_none());
        assert!(!list.reregister(key_b));
        // Keys are never reused, so a re-added "b" is a new row.
        list.register(request("b", "10.0.0.2"));
        assert_ne!(list.entries()[1].key, key_b);
    }

    #[test]
    fn builder_text_must_be_a_json_object() {
        let mut list = Instances::default();
        assert!(matches!(
            list.register_text("{"),
            Err(RegisterError::NotJson(_))
        ));
        assert_eq!(list.register_text("[1]"), Err(RegisterError::NotObject));
        assert!(RegisterError::NotObject.to_string().contains("builder"));
        assert_eq!(
            list.would_register(r#"{"InstanceId": "bad id!"}"#),
            Ok(("bad id!".to_owned(), Registered::Created))
        );
        // Anything object-shaped goes in; the core decides whether Cloud Map accepts it.
        assert_eq!(
            list.register_text(r#"{"InstanceId": "bad id!"}"#),
            Ok(Registered::Created)
        );
        assert_eq!(
            list.would_register(r#"{"InstanceId": "bad id!"}"#),
            Ok(("bad id!".to_owned(), Registered::Updated))
        );
    }

    #[test]
    fn simulator_requests_carry_the_health_the_user_set() {
        let mut list = Instances::default();
        list.register(request("a", "10.0.0.1"));
        list.register(request("b", "10.0.0.2"));
        list.set_health(list.entries()[1].key, HealthStatus::Unhealthy);
        let requests = list.simulator_requests();
        assert!(requests[0].get("HealthStatus").is_none());
        assert_eq!(requests[1]["HealthStatus"], "UNHEALTHY");
    }

    #[test]
    fn outcome_gives_each_row_its_health_or_its_refusal() {
        let mut list = Instances::default();
        list.register(request("a", "10.0.0.1"));
        list.register(request("b", "999.0.0.1"));
        list.register(request("c", "10.0.0.3"));
        list.set_health(list.entries()[2].key, HealthStatus::Unhealthy);
        let out = outcome(&list, &context("custom")).unwrap();
        assert_eq!(out.rows[0], RowStatus::Registered(HealthStatus::Healthy));
        assert!(
            matches!(&out.rows[1], RowStatus::Refused { error, message } if error == "InvalidInput" && message.contains("IPv4"))
        );
        assert_eq!(out.rows[2], RowStatus::Registered(HealthStatus::Unhealthy));
        assert_eq!(
            (out.registered, out.skipped.len(), out.quota.clone()),
            (2, 1, None)
        );
        // The initial status follows the service's health check.
        let out = outcome(&list, &context("none")).unwrap();
        assert_eq!(out.rows[0], RowStatus::Registered(HealthStatus::Unknown));
        assert!(outcome(&list, &json!({"service": {"DnsConfig": 1}})).is_err());
    }

    #[test]
    fn past_a_thousand_instances_the_quota_error_shows() {
        let mut list = Instances::default();
        let quick = QuickAdd {
            count: "1001".into(),
            ..QuickAdd::suggested(&list)
        };
        assert!(
            quick.requests().is_err(),
            "one quick-add makes at most 1000"
        );
        let quick = QuickAdd {
            count: "1000".into(),
            ..quick
        };
        for r in quick.requests().unwrap() {
            list.register(r);
        }
        list.register(request("one-too-many", "10.9.9.9"));
        let out = outcome(&list, &context("none")).unwrap();
        assert_eq!(out.registered, 1000);
        assert!(out.quota.unwrap().contains("1000"));
        assert!(
            matches!(&out.rows[1000], RowStatus::Refused { error, .. } if error == "ResourceLimitExceeded")
        );
    }

    #[test]
    fn long_lists_are_cut_until_asked() {
        assert_eq!(rows_shown(3, false), 3);
        assert_eq!(rows_shown(1001, false), ROWS_SHOWN);
        assert_eq!(rows_shown(1001, true), 1001);
        let out = Outcome {
            registered: 2,
            ..Outcome::default()
        };
        assert_eq!(count_text(&out), "2 registered");
    }

    #[test]
    fn quick_add_builds_requests_and_numbers_copies() {
        let list = Instances::default();
        let quick = QuickAdd {
            ipv6: "2001:db8::9".into(),
            custom: "team=blue\n\nstage = prod=1".into(),
            count: "3".into(),
            ..QuickAdd::suggested(&list)
        };
        let requests = quick.requests().unwrap();
        let ids: Vec<&str> = requests
            .iter()
            .map(|r| r["InstanceId"].as_str().unwrap())
            .collect();
        assert_eq!(ids, ["instance-1", "instance-2", "instance-3"]);
        assert_eq!(
            Value::Object(requests[2].clone()),
            json!({"InstanceId": "instance-3", "Attributes": {
                "AWS_INSTANCE_IPV4": "10.0.0.3", "AWS_INSTANCE_IPV6": "2001:db8::b",
                "AWS_INSTANCE_PORT": "8080", "team": "blue", "stage": "prod=1"}})
        );
        assert!(requests[0]["Attributes"]
            .get("AWS_INSTANCE_CNAME")
            .is_none());
        let bad = QuickAdd {
            custom: "oops".into(),
            ..quick.clone()
        };
        assert!(bad.requests().unwrap_err().contains("Line 1"));
        let no_id = QuickAdd {
            instance_id: " ".into(),
            ..quick
        };
        assert!(no_id.requests().is_err());
    }

    #[test]
    fn ids_and_addresses_step_sensibly() {
        assert_eq!(step_id("web-9", 1), "web-10");
        assert_eq!(step_id("web", 0), "web");
        assert_eq!(step_id("web", 1), "web-2");
        assert_eq!(step_ipv4("10.0.0.255", 1), "10.0.1.0");
        assert_eq!(step_ipv4("not-an-ip", 3), "not-an-ip");
        assert_eq!(step_ipv6("", 2), "");
    }

    #[test]
    fn suggestions_skip_used_ids_and_keep_the_rest_of_the_form() {
        let mut list = Instances::default();
        let first = QuickAdd::suggested(&list);
        assert_eq!(
            (first.instance_id.as_str(), first.ipv4.as_str()),
            ("instance-1", "10.0.0.1")
        );
        for r in first.requests().unwrap() {
            list.register(r);
        }
        let typed = QuickAdd {
            port: "443".into(),
            custom: "team=blue".into(),
            ..first
        };
        let next = typed.next(&list);
        assert_eq!(next.instance_id, "instance-2");
        assert_eq!(next.ipv4, "10.0.0.2");
        assert_eq!(
            (next.port.as_str(), next.custom.as_str()),
            ("443", "team=blue")
        );
        let mut edited = next.clone();
        edited.set(QuickField::Cname, "www.example.com".into());
        assert_eq!(edited.field(QuickField::Cname), "www.example.com");
        assert_eq!(edited.field(QuickField::Port), "443");
    }

    #[test]
    fn row_summaries_use_short_labels() {
        let mut list = Instances::default();
        let Value::Object(r) = json!({"InstanceId": "a", "Attributes": {"AWS_INSTANCE_IPV4": "10.0.0.1", "AWS_INSTANCE_PORT": 80, "team": "blue"}})
        else {
            unreachable!()
        };
        list.register(r);
        let summary = list.entries()[0].summary();
        assert_eq!(
            summary,
            [
                ("IPv4".to_owned(), "10.0.0.1".to_owned()),
                ("port".to_owned(), "80".to_owned()),
                ("team".to_owned(), "blue".to_owned())
            ]
        );
        assert_eq!(
            parse_pairs(" a = 1 \n").unwrap(),
            [("a".to_owned(), "1".to_owned())]
        );
        assert!(parse_pairs("=1").is_err());
    }
}
