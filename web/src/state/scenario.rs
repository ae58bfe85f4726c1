//! The scenario: everything the user entered in every view, as one versioned JSON document
//! (`{"format": "muster-scenario", "version": 2, ...}`). The app autosaves it, puts it in share
//! links, exports it to a file and loads it back. Output (plans, the last ECS call, the view) is
//! not part of it: it follows from the inputs.
//!
//! Reading is forgiving where it can be and clear where it cannot: a missing member takes its
//! default, an older version is migrated, anything else (not JSON, another format, a newer
//! version, a member of the wrong type) is a [`ScenarioError`] whose message says what is wrong.

use std::fmt;

use muster_core::cloudmap::registry::HealthStatus;
use muster_core::ecs::{ClusterState, StepClock};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use super::agent::AgentForm;
use super::cluster::{Cluster, ServiceRow};
use super::context::{ContextForm, HealthCheck, NamespaceChoice, Record, Records, Routing};
use super::placement::PlacementInputs;
use super::registry::{Instances, QuickAdd};
use super::request;
use super::simulate::{DiscoverForm, QueryForm, DEFAULT_QUERIES};

/// The `format` member every scenario document carries.
pub const FORMAT: &str = "muster-scenario";
/// The version this app writes; [`migrate`] brings older ones up to it.
pub const VERSION: u64 = 2;
/// The largest scenario read from anywhere (a file, a link, a URL): 1 MiB.
pub const MAX_BYTES: usize = 1 << 20;

/// Everything the user entered, as the app's state types.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// The RegisterInstance builder's request text.
    pub text: String,
    pub context: ContextForm,
    pub instances: Instances,
    pub quick_add: QuickAdd,
    pub query: QueryForm,
    /// The distribution's query count, as typed.
    pub queries: String,
    pub discover: DiscoverForm,
    /// The RegisterContainerInstance builder's request text.
    pub ci_text: String,
    pub agent: AgentForm,
    pub cluster: Cluster,
    pub placement: PlacementInputs,
}

impl Default for Scenario {
    /// What the app starts with: the RegisterInstance API reference example, its service, no
    /// instances, the default agent preset and cluster, the placement example.
    fn default() -> Self {
        let instances = Instances::default();
        Self {
            text: request::seed_text(),
            context: ContextForm::default(),
            quick_add: QuickAdd::suggested(&instances),
            instances,
            query: QueryForm::default(),
            queries: DEFAULT_QUERIES.to_string(),
            discover: DiscoverForm::default(),
            ci_text: AgentForm::default().request_text().unwrap_or_default(),
            agent: AgentForm::default(),
            cluster: Cluster::default(),
            placement: PlacementInputs::default(),
        }
    }
}

/// Why a value is not a scenario this app can load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScenarioError {
    Empty,
    TooLarge {
        bytes: usize,
    },
    NotJson(String),
    NotObject,
    /// No `"format": "muster-scenario"`: some other JSON document.
    Foreign {
        format: Option<String>,
    },
    BadVersion(String),
    /// Written by a newer muster.
    Newer {
        version: u64,
    },
    /// A member has the wrong shape; `at` is its path (`cloudMap.context`).
    Invalid {
        at: String,
        reason: String,
    },
    /// A share link that is not one (bad base64, not deflate, not UTF-8).
    BadLink(String),
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScenarioError::Empty => f.write_str("The scenario is empty."),
            ScenarioError::TooLarge { bytes } => write!(
                f,
                "The scenario is {bytes} bytes; muster reads scenarios up to 1 MiB ({MAX_BYTES} bytes)."
            ),
            ScenarioError::NotJson(reason) => {
                write!(f, "This is not a muster scenario: it is not JSON ({reason}).")
            }
            ScenarioError::NotObject => {
                f.write_str("This is not a muster scenario: it is JSON, but not an object.")
            }
            ScenarioError::Foreign { format: None } => write!(
                f,
                "This is not a muster scenario: it has no \"format\": \"{FORMAT}\" member."
            ),
            ScenarioError::Foreign {
                format: Some(format),
            } => write!(
                f,
                "This is not a muster scenario: its format is {format:?}, not \"{FORMAT}\"."
            ),
            ScenarioError::BadVersion(found) => write!(
                f,
                "The scenario's version {found} is not one muster knows (it reads versions 1 to {VERSION})."
            ),
            ScenarioError::Newer { version } => write!(
                f,
                "The scenario is version {version}, made by a newer muster; this one reads versions 1 to {VERSION}. Reload the page to get the newest muster."
            ),
            ScenarioError::Invalid { at, reason } => {
                write!(f, "The scenario's {at} cannot be read: {reason}.")
            }
            ScenarioError::BadLink(reason) => write!(
                f,
                "The link's scenario cannot be read ({reason}); it may have been cut off when it was copied."
            ),
        }
    }
}

/// The Cloud Map service form as stored: enum values as the API spells them.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ContextDoc {
    without_service: bool,
    /// `DNS_PUBLIC`, `DNS_PRIVATE`, `HTTP`, or `""` for none.
    namespace: String,
    namespace_name: String,
    service_name: String,
    routing: String,
    records: Vec<String>,
    ttls: TtlsDoc,
    /// `HTTP`, `HTTPS`, `TCP`, `CUSTOM`, or `""` for none.
    health: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct TtlsDoc {
    #[serde(rename = "A")]
    a: String,
    #[serde(rename = "AAAA")]
    aaaa: String,
    #[serde(rename = "CNAME")]
    cname: String,
    #[serde(rename = "SRV")]
    srv: String,
}

impl ContextDoc {
    fn of(form: &ContextForm) -> Self {
        Self {
            without_service: form.without_service,
            namespace: form.namespace.value().to_owned(),
            namespace_name: form.namespace_name.clone(),
            service_name: form.service_name.clone(),
            routing: form.routing.value().to_owned(),
            records: form.records.iter().map(|r| r.name().to_owned()).collect(),
            ttls: TtlsDoc {
                a: form.ttls.get(Record::A).to_owned(),
                aaaa: form.ttls.get(Record::Aaaa).to_owned(),
                cname: form.ttls.get(Record::Cname).to_owned(),
                srv: form.ttls.get(Record::Srv).to_owned(),
            },
            health: form.health.value().to_owned(),
        }
    }

    fn form(self) -> Result<ContextForm, ScenarioError> {
        let bad = |what: &str, value: &str| ScenarioError::Invalid {
            at: format!("cloudMap.context.{what}"),
            reason: format!("{value:?} is not one of the choices"),
        };
        let namespace = NamespaceChoice::from_value(&self.namespace)
            .ok_or_else(|| bad("namespace", &self.namespace))?;
        let routing =
            Routing::from_value(&self.routing).ok_or_else(|| bad("routing", &self.routing))?;
        let health =
            HealthCheck::from_value(&self.health).ok_or_else(|| bad("health", &self.health))?;
        let records = self
            .records
            .iter()
            .map(|name| {
                Record::ALL
                    .into_iter()
                    .find(|r| r.name() == name)
                    .ok_or_else(|| bad("records", name))
            })
            .collect::<Result<Vec<Record>, _>>()?;
        let mut form = ContextForm {
            without_service: self.without_service,
            namespace,
            namespace_name: self.namespace_name,
            service_name: self.service_name,
            routing,
            records: Records::of(&records),
            health,
            ..ContextForm::default()
        };
        form.ttls.set(Record::A, self.ttls.a);
        form.ttls.set(Record::Aaaa, self.ttls.aaaa);
        form.ttls.set(Record::Cname, self.ttls.cname);
        form.ttls.set(Record::Srv, self.ttls.srv);
        Ok(form)
    }
}

/// One registered instance as stored.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct EntryDoc {
    request: Map<String, Value>,
    /// The status the user set; `null` for the one it starts with.
    health: Option<HealthStatus>,
    registrations: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct QueryDoc {
    /// `null` follows the service's name.
    name: Option<String>,
    #[serde(rename = "type")]
    record_type: String,
    seed: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct DiscoverDoc {
    health: String,
    max_results: String,
    query_parameters: String,
    optional_parameters: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ClusterDoc {
    state: ClusterState,
    clock: StepClock,
    services: Vec<ServiceRow>,
    tasks_added: u64,
}

impl Scenario {
    /// The scenario as its current-version JSON document.
    pub fn to_value(&self) -> Value {
        let instances: Vec<EntryDoc> = self
            .instances
            .entries()
            .iter()
            .map(|e| EntryDoc {
                request: e.request.clone(),
                health: e.health,
                registrations: e.registrations,
            })
            .collect();
        json!({
            "format": FORMAT,
            "version": VERSION,
            "cloudMap": {
                "request": self.text,
                "context": ContextDoc::of(&self.context),
                "instances": instances,
                "quickAdd": self.quick_add,
                "query": QueryDoc {
                    name: self.query.name.clone(),
                    record_type: self.query.record_type.to_owned(),
                    seed: self.query.seed,
                },
                "queries": self.queries,
                "discover": DiscoverDoc {
                    health: self.discover.health.to_owned(),
                    max_results: self.discover.max_results.clone(),
                    query_parameters: self.discover.query_parameters.clone(),
                    optional_parameters: self.discover.optional_parameters.clone(),
                },
            },
            "ecs": {
                "request": self.ci_text,
                "agent": self.agent,
                "cluster": ClusterDoc {
                    state: self.cluster.state.clone(),
                    clock: self.cluster.clock,
                    services: self.cluster.services.clone(),
                    tasks_added: self.cluster.tasks_added(),
                },
                "placement": self.placement,
            },
        })
    }

    /// The document, pretty, as a scenario file holds it.
    pub fn to_pretty(&self) -> String {
        serde_json::to_string_pretty(&self.to_value()).unwrap_or_default()
    }

    /// The document, compact, as the autosave holds it. Written straight to bytes: `Value`'s
    /// `Display` goes through a formatter a piece at a time, which for a cluster of thousands of
    /// instances (megabytes of escaped JSON text) took most of the autosave.
    pub fn to_compact(&self) -> String {
        serde_json::to_string(&self.to_value()).unwrap_or_default()
    }

    /// Reads a scenario document of any known version.
    pub fn parse(text: &str) -> Result<Self, ScenarioError> {
        if text.len() > MAX_BYTES {
            return Err(ScenarioError::TooLarge { bytes: text.len() });
        }
        if text.trim().is_empty() {
            return Err(ScenarioError::Empty);
        }
        let value: Value =
            serde_json::from_str(text).map_err(|e| ScenarioError::NotJson(e.to_string()))?;
        Self::from_value(value)
    }

    /// Reads a parsed scenario document: checks the format, migrates it to the current version,
    /// fills what it leaves out with the defaults and converts it.
    pub fn from_value(value: Value) -> Result<Self, ScenarioError> {
        let Value::Object(doc) = value else {
            return Err(ScenarioError::NotObject);
        };
        let doc = migrate(doc)?;
        let mut full = Scenario::default().to_value();
        overlay(&mut full, Value::Object(doc));
        Self::convert(&full)
    }

    fn convert(doc: &Value) -> Result<Self, ScenarioError> {
        let cluster: ClusterDoc = member(doc, &["ecs", "cluster"])?;
        if let Some((field, reason)) = cluster.state.identity_problem() {
            return Err(ScenarioError::Invalid {
                at: format!("ecs.cluster.state.{field}"),
                reason,
            });
        }
        let instances: Vec<EntryDoc> = member(doc, &["cloudMap", "instances"])?;
        let query: QueryDoc = member(doc, &["cloudMap", "query"])?;
        let discover: DiscoverDoc = member(doc, &["cloudMap", "discover"])?;
        let mut query_form = QueryForm {
            name: query.name,
            seed: query.seed.min(super::simulate::MAX_SEED),
            ..QueryForm::default()
        };
        query_form.set_type(&query.record_type);
        if !query_form
            .record_type
            .eq_ignore_ascii_case(&query.record_type)
        {
            return Err(ScenarioError::Invalid {
                at: "cloudMap.query.type".into(),
                reason: format!("{:?} is not a query type muster asks", query.record_type),
            });
        }
        let mut discover_form = DiscoverForm {
            max_results: discover.max_results,
            query_parameters: discover.query_parameters,
            optional_parameters: discover.optional_parameters,
            ..DiscoverForm::default()
        };
        discover_form.set_health(&discover.health);
        if discover_form.health != discover.health {
            return Err(ScenarioError::Invalid {
                at: "cloudMap.discover.health".into(),
                reason: format!("{:?} is not a HealthStatus filter", discover.health),
            });
        }
        Ok(Self {
            text: member(doc, &["cloudMap", "request"])?,
            context: member::<ContextDoc>(doc, &["cloudMap", "context"])?.form()?,
            instances: Instances::restore(
                instances
                    .into_iter()
                    .map(|e| (e.request, e.health, e.registrations)),
            ),
            quick_add: member(doc, &["cloudMap", "quickAdd"])?,
            query: query_form,
            queries: member(doc, &["cloudMap", "queries"])?,
            discover: discover_form,
            ci_text: member(doc, &["ecs", "request"])?,
            agent: member(doc, &["ecs", "agent"])?,
            cluster: Cluster::restore(
                cluster.state,
                cluster.clock,
                cluster.services,
                cluster.tasks_added,
            ),
            placement: member(doc, &["ecs", "placement"])?,
        })
    }

    /// The document without what equals the defaults: what a share link carries. Reading it
    /// fills the rest back in, so it loads as the same scenario.
    pub fn to_minimal(&self) -> Value {
        let mut value = self.to_value();
        let defaults = Scenario::default().to_value();
        if let (Value::Object(doc), Value::Object(base)) = (&mut value, &defaults) {
            for key in ["cloudMap", "ecs"] {
                if let (Some(section), Some(base)) = (doc.get_mut(key), base.get(key)) {
                    prune(section, base);
                }
                if doc
                    .get(key)
                    .is_some_and(|v| v.as_object().is_some_and(Map::is_empty))
                {
                    doc.remove(key);
                }
            }
        }
        value
    }
}

/// A member at `path`, converted; its path is in the error.
fn member<T: DeserializeOwned>(doc: &Value, path: &[&str]) -> Result<T, ScenarioError> {
    let at = path.join(".");
    let value = path
        .iter()
        .try_fold(doc, |v, key| v.get(key))
        .ok_or_else(|| ScenarioError::Invalid {
            at: at.clone(),
            reason: "it is missing".into(),
        })?;
    T::deserialize(value).map_err(|e| ScenarioError::Invalid {
        at,
        reason: e.to_string(),
    })
}

/// Puts `over` on `base`: objects member by member, anything else replaced whole.
fn overlay(base: &mut Value, over: Value) {
    match (base, over) {
        (Value::Object(base), Value::Object(over)) => {
            for (key, value) in over {
                match base.get_mut(&key) {
                    Some(slot) => overlay(slot, value),
                    None => {
                        base.insert(key, value);
                    }
                }
            }
        }
        (slot, value) => *slot = value,
    }
}

/// Removes from `value` the object members equal to `base`'s (recursively).
fn prune(value: &mut Value, base: &Value) {
    let (Value::Object(map), Value::Object(base)) = (value, base) else {
        return;
    };
    map.retain(|key, v| {
        let Some(b) = base.get(key) else {
            return true;
        };
        if v == b {
            return false;
        }
        prune(v, b);
        !v.as_object().is_some_and(Map::is_empty)
    });
}

/// Brings a document of any known version up to [`VERSION`], one step at a time.
///
/// Version 1 kept the Cloud Map builder, the service form, the registered instances (bare
/// requests, without their health) and the ECS request texts at the top level:
/// `{"format", "version": 1, "request", "context", "instances": [request...],
/// "containerInstanceRequest", "placement"}`. Version 2 groups them under `cloudMap` and `ecs`
/// and adds the rest of the state.
pub fn migrate(mut doc: Map<String, Value>) -> Result<Map<String, Value>, ScenarioError> {
    match doc.get("format") {
        Some(Value::String(f)) if f == FORMAT => {}
        Some(Value::String(f)) => {
            return Err(ScenarioError::Foreign {
                format: Some(f.clone()),
            })
        }
        Some(other) => {
            return Err(ScenarioError::Foreign {
                format: Some(other.to_string()),
            })
        }
        None => return Err(ScenarioError::Foreign { format: None }),
    }
    loop {
        let version = match doc.get("version") {
            Some(v) => v
                .as_u64()
                .ok_or_else(|| ScenarioError::BadVersion(v.to_string()))?,
            None => return Err(ScenarioError::BadVersion("(missing)".into())),
        };
        match version {
            VERSION => return Ok(doc),
            1 => doc = v1_to_v2(doc),
            n if n > VERSION => return Err(ScenarioError::Newer { version: n }),
            n => return Err(ScenarioError::BadVersion(n.to_string())),
        }
    }
}

fn v1_to_v2(mut v1: Map<String, Value>) -> Map<String, Value> {
    let mut cloud_map = Map::new();
    let mut ecs = Map::new();
    if let Some(request) = v1.remove("request") {
        cloud_map.insert("request".into(), request);
    }
    if let Some(context) = v1.remove("context") {
        cloud_map.insert("context".into(), context);
    }
    if let Some(Value::Array(requests)) = v1.remove("instances") {
        let entries: Vec<Value> = requests
            .into_iter()
            .map(|r| json!({"request": r, "health": null, "registrations": 1}))
            .collect();
        cloud_map.insert("instances".into(), Value::Array(entries));
    }
    if let Some(request) = v1.remove("containerInstanceRequest") {
        ecs.insert("request".into(), request);
    }
    if let Some(placement) = v1.remove("placement") {
        ecs.insert("placement".into(), placement);
    }
    let mut v2 = Map::new();
    v2.insert("format".into(), json!(FORMAT));
    v2.insert("version".into(), json!(2));
    v2.insert("cloudMap".into(), Value::Object(cloud_map));
    v2.insert("ecs".into(), Value::Object(ecs));
    v2
}

/// The URL-safe base64 alphabet (RFC 4648 §5); links leave the padding out.
const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn b64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let byte = |i: usize| u32::from(chunk.get(i).copied().unwrap_or(0));
        let n = (byte(0) << 16) | (byte(1) << 8) | byte(2);
        for i in 0..=chunk.len() {
            let six = (n >> (18 - 6 * i)) & 63;
            let c = usize::try_from(six)
                .ok()
                .and_then(|s| B64.get(s))
                .copied()
                .unwrap_or(b'A');
            out.push(char::from(c));
        }
    }
    out
}

fn b64_decode(text: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.trim_end_matches('=').bytes() {
        let six = B64
            .iter()
            .position(|b| *b == c)
            .and_then(|p| u32::try_from(p).ok())
            .ok_or_else(|| format!("{:?} is not a base64url character", char::from(c)))?;
        acc = (acc << 6) | six;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(u8::try_from((acc >> bits) & 0xff).unwrap_or(0));
        }
    }
    Ok(out)
}

/// The share-link payload: the minimal document, deflated, in base64url.
pub fn encode_link(scenario: &Scenario) -> String {
    let json = serde_json::to_string(&scenario.to_minimal()).unwrap_or_default();
    b64_encode(&miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9))
}

/// Reads a share-link payload.
pub fn decode_link(payload: &str) -> Result<Scenario, ScenarioError> {
    let deflated = b64_decode(payload).map_err(ScenarioError::BadLink)?;
    let bytes =
        miniz_oxide::inflate::decompress_to_vec_with_limit(&deflated, MAX_BYTES).map_err(|e| {
            match e.status {
                miniz_oxide::inflate::TINFLStatus::HasMoreOutput => ScenarioError::TooLarge {
                    bytes: MAX_BYTES + 1,
                },
                _ => ScenarioError::BadLink("it is not deflate data".into()),
            }
        })?;
    let text = String::from_utf8(bytes)
        .map_err(|_| ScenarioError::BadLink("it is not UTF-8 text".into()))?;
    Scenario::parse(&text)
}

/// The share-link parameter in a location hash (`#/placement?s=...`).
pub const LINK_PARAM: &str = "s";

/// The share link's hash for `view`'s slug and a payload.
pub fn link_hash(slug: &str, payload: &str) -> String {
    format!("#/{slug}?{LINK_PARAM}={payload}")
}

/// The payload of a hash's `s` parameter, if it has one.
pub fn hash_payload(hash: &str) -> Option<&str> {
    let (_, query) = hash.split_once('?')?;
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix(LINK_PARAM)?.strip_prefix('='))
        .filter(|p| !p.is_empty())
}

/// The hash without its `s` parameter (other parameters stay).
pub fn hash_without_payload(hash: &str) -> String {
    let Some((path, query)) = hash.split_once('?') else {
        return hash.to_owned();
    };
    let rest: Vec<&str> = query
        .split('&')
        .filter(|pair| pair.split('=').next() != Some(LINK_PARAM) && !pair.is_empty())
        .collect();
    if rest.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{}", rest.join("&"))
    }
}

/// The localStorage key of the autosave.
pub const STORAGE_KEY: &str = "muster.scenario";
/// Where an autosave that could not be read is moved, so it can still be recovered by hand.
pub const ASIDE_KEY: &str = "muster.scenario.unreadable";

/// What the autosave held.
#[derive(Debug, Clone, PartialEq)]
pub enum Stored {
    Nothing,
    Found(Box<Scenario>),
    Unreadable(ScenarioError),
}

/// Reads the autosave's raw value.
pub fn read_stored(raw: Option<&str>) -> Stored {
    match raw {
        None => Stored::Nothing,
        Some(text) => match Scenario::parse(text) {
            Ok(s) => Stored::Found(Box::new(s)),
            Err(e) => Stored::Unreadable(e),
        },
    }
}

/// The notice for an autosave that could not be read.
pub fn unreadable_text(error: &ScenarioError, moved: bool) -> String {
    let kept = if moved {
        format!(" It was moved to the localStorage key \"{ASIDE_KEY}\" so you can recover it.")
    } else {
        String::new()
    };
    format!(
        "The saved scenario could not be read, so muster started from the defaults. {error}{kept}"
    )
}

/// What a notice is about; its styling and role follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeKind {
    Done,
    Problem,
    Loading,
}

impl NoticeKind {
    pub fn slug(self) -> &'static str {
        match self {
            NoticeKind::Done => "done",
            NoticeKind::Problem => "problem",
            NoticeKind::Loading => "loading",
        }
    }
}

/// A message above the views: a load, a problem, a fetch in progress. `undo` is the scenario
/// the load replaced.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub id: u64,
    pub kind: NoticeKind,
    pub text: String,
    pub undo: Option<Box<Scenario>>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::registry::HEALTH_CHOICES;

    /// A scenario with something changed in every part.
    fn edited() -> Scenario {
        let mut s = Scenario::default();
        s.text = s.text.replace("myservice-53", "edited-1");
        s.context.namespace = NamespaceChoice::DnsPublic;
        s.context.namespace_name = "example.com".into();
        s.context.records = Records::of(&[Record::Aaaa, Record::Cname]);
        s.context.ttls.set(Record::Cname, "300".into());
        s.context.health = HealthCheck::Custom;
        s.instances.register_text(&request::seed_text()).unwrap();
        s.instances.register_text(&s.text.clone()).unwrap();
        let key = s.instances.entries()[1].key;
        s.instances.set_health(key, HEALTH_CHOICES[1]);
        s.quick_add.port = "9090".into();
        s.query.set_name("x.example.com");
        s.query.set_type("SRV");
        s.query.seed = 42;
        s.queries = "25".into();
        s.discover.set_health("ALL");
        s.discover.query_parameters = "stage=prod".into();
        s.agent.instance_type = "c5.xlarge".into();
        s.agent.zone = "us-east-1c".into();
        s.ci_text = s.agent.request_text().unwrap();
        s.cluster.register(&s.ci_text.clone()).unwrap();
        s.cluster.add_service();
        s.placement.seed = "99".into();
        s
    }

    /// The state as stored: the last call is output, not saved.
    fn without_last(mut s: Scenario) -> Scenario {
        s.cluster.last = None;
        s
    }

    #[test]
    fn a_scenario_round_trips_through_its_file_exactly() {
        let s = edited();
        let back = Scenario::parse(&s.to_pretty()).unwrap();
        assert_eq!(back, without_last(s.clone()));
        let back = Scenario::parse(&s.to_compact()).unwrap();
        assert_eq!(back.to_value(), s.to_value());
    }

    #[test]
    fn the_default_round_trips_and_is_tagged() {
        let s = Scenario::default();
        let value = s.to_value();
        assert_eq!(value["format"], FORMAT);
        assert_eq!(value["version"], VERSION);
        assert_eq!(Scenario::from_value(value).unwrap(), s);
    }

    #[test]
    fn a_share_link_round_trips_and_is_small_for_the_default() {
        let s = edited();
        let payload = encode_link(&s);
        assert!(payload.bytes().all(|b| B64.contains(&b)));
        assert_eq!(decode_link(&payload).unwrap(), without_last(s));
        let default = encode_link(&Scenario::default());
        assert!(default.len() < 80, "{default}");
        assert_eq!(decode_link(&default).unwrap(), Scenario::default());
    }

    #[test]
    fn minimal_documents_leave_the_defaults_out() {
        let s = Scenario {
            queries: "5".into(),
            ..Scenario::default()
        };
        let minimal = s.to_minimal();
        assert_eq!(
            minimal,
            json!({"format": FORMAT, "version": VERSION, "cloudMap": {"queries": "5"}})
        );
    }

    #[test]
    fn a_partial_document_takes_the_defaults_for_the_rest() {
        let s = Scenario::parse(
            r#"{"format":"muster-scenario","version":2,"ecs":{"placement":{"seed":"3"}}}"#,
        )
        .unwrap();
        assert_eq!(s.placement.seed, "3");
        assert_eq!(s.placement.service, PlacementInputs::default().service);
        assert_eq!(s.text, request::seed_text());
    }

    #[test]
    fn base64url_round_trips_every_length() {
        for len in 0..10u8 {
            let bytes: Vec<u8> = (0..len)
                .map(|i| i.wrapping_mul(97).wrapping_add(250))
                .collect();
            assert_eq!(b64_decode(&b64_encode(&bytes)).unwrap(), bytes);
        }
        assert_eq!(b64_encode(b"foobar"), "Zm9vYmFy");
        assert_eq!(b64_encode(&[0xfb, 0xff]), "-_8");
        assert!(b64_decode("ab+c").is_err());
    }

    fn error(text: &str) -> String {
        Scenario::parse(text).unwrap_err().to_string()
    }

    #[test]
    fn corrupted_and_foreign_values_say_what_they_are() {
        assert!(error("").contains("empty"));
        assert!(error("{\"format\": \"muster-scen").contains("not JSON"));
        assert!(error("[1, 2]").contains("not an object"));
        assert!(error(r#"{"ServiceId": "srv-1"}"#).contains("no \"format\""));
        assert!(error(r#"{"format": "other-tool", "version": 1}"#).contains("\"other-tool\""));
        assert!(error(r#"{"format": "muster-scenario"}"#).contains("version"));
        assert!(error(r#"{"format": "muster-scenario", "version": "2"}"#).contains("\"2\""));
        assert!(error(r#"{"format": "muster-scenario", "version": 0}"#).contains("version 0"));
        let newer = error(r#"{"format": "muster-scenario", "version": 9}"#);
        assert!(newer.contains("newer muster"), "{newer}");
        let typed = error(
            r#"{"format": "muster-scenario", "version": 2, "cloudMap": {"instances": {"a": 1}}}"#,
        );
        assert!(typed.contains("cloudMap.instances"), "{typed}");
        let choice = error(
            r#"{"format":"muster-scenario","version":2,"cloudMap":{"context":{"namespace":"LDAP"}}}"#,
        );
        assert!(
            choice.contains("cloudMap.context.namespace") && choice.contains("LDAP"),
            "{choice}"
        );
        let query =
            error(r#"{"format":"muster-scenario","version":2,"cloudMap":{"query":{"type":"MX"}}}"#);
        assert!(query.contains("cloudMap.query.type"), "{query}");
        let big = " ".repeat(MAX_BYTES + 1);
        assert!(error(&big).contains("1 MiB"));
    }

    #[test]
    fn broken_links_say_so() {
        assert!(matches!(decode_link("%%%"), Err(ScenarioError::BadLink(_))));
        assert!(matches!(
            decode_link("AAAA"),
            Err(ScenarioError::BadLink(_))
        ));
        let cut = encode_link(&edited());
        let cut = &cut[..cut.len() / 2];
        assert!(decode_link(cut).is_err());
    }

    /// A version-1 document as that version wrote it.
    const V1: &str = r#"{
        "format": "muster-scenario",
        "version": 1,
        "request": "{\"ServiceId\": \"srv-p5zdwlg5uvvzjita\", \"InstanceId\": \"old-1\"}",
        "context": {
            "withoutService": false, "namespace": "HTTP", "namespaceName": "old",
            "serviceName": "legacy", "routing": "MULTIVALUE", "records": [],
            "ttls": {"A": "60", "AAAA": "60", "CNAME": "60", "SRV": "60"}, "health": "CUSTOM"
        },
        "instances": [
            {"ServiceId": "srv-p5zdwlg5uvvzjita", "InstanceId": "old-1", "Attributes": {"AWS_INSTANCE_IPV4": "10.0.0.1"}},
            {"ServiceId": "srv-p5zdwlg5uvvzjita", "InstanceId": "old-2", "Attributes": {"AWS_INSTANCE_IPV4": "10.0.0.2"}}
        ],
        "containerInstanceRequest": "{\"cluster\": \"legacy\"}",
        "placement": {"service": "{}", "taskDefinition": "{}", "cluster": "{}", "cloudMap": "", "seed": "11"}
    }"#;

    #[test]
    fn version_1_migrates_to_the_current_version() {
        let Value::Object(v1) = serde_json::from_str::<Value>(V1).unwrap() else {
            panic!("not an object");
        };
        let migrated = migrate(v1).unwrap();
        assert_eq!(migrated["version"], VERSION);
        assert_eq!(
            migrated["cloudMap"]["instances"][1]["request"]["InstanceId"],
            "old-2"
        );
        let s = Scenario::parse(V1).unwrap();
        assert!(s.text.contains("old-1"));
        assert_eq!(s.context.namespace, NamespaceChoice::Http);
        assert_eq!(s.context.service_name, "legacy");
        assert_eq!(s.context.health, HealthCheck::Custom);
        assert!(s.context.records.is_empty());
        assert_eq!(s.instances.len(), 2);
        assert_eq!(s.instances.entries()[1].instance_id(), "old-2");
        assert_eq!(s.instances.entries()[1].health, None);
        assert_eq!(s.instances.entries()[1].registrations, 1);
        assert_eq!(s.ci_text, "{\"cluster\": \"legacy\"}");
        assert_eq!(s.placement.seed, "11");
        // What version 1 did not keep takes the defaults.
        assert_eq!(s.agent, AgentForm::default());
        assert_eq!(s.queries, DEFAULT_QUERIES.to_string());
        // Saved again, it is a current-version document that reads back the same.
        let again = Scenario::parse(&s.to_pretty()).unwrap();
        assert_eq!(again, s);
    }

    #[test]
    fn a_cluster_whose_region_is_not_a_region_code_is_refused_by_field() {
        let mut doc = edited().to_value();
        doc["ecs"]["cluster"]["state"]["region"] = json!("US East");
        let error = Scenario::from_value(doc).unwrap_err();
        let ScenarioError::Invalid { at, reason } = &error else {
            panic!("read a cluster in Region \"US East\": {error:?}");
        };
        assert_eq!(at, "ecs.cluster.state.region");
        assert!(reason.contains("not a Region code"), "{reason}");
    }

    #[test]
    fn restored_instances_get_fresh_keys_after_the_saved_ones() {
        let s = Scenario::parse(&edited().to_pretty()).unwrap();
        let mut instances = s.instances.clone();
        let keys: Vec<u64> = instances.entries().iter().map(|e| e.key).collect();
        instances.register_text(r#"{"InstanceId": "new"}"#).unwrap();
        let new_key = instances.entries().last().unwrap().key;
        assert!(!keys.contains(&new_key));
    }

    #[test]
    fn the_autosave_reads_as_nothing_a_scenario_or_unreadable() {
        assert_eq!(read_stored(None), Stored::Nothing);
        let s = edited();
        assert_eq!(
            read_stored(Some(&s.to_compact())),
            Stored::Found(Box::new(without_last(s)))
        );
        let Stored::Unreadable(error) = read_stored(Some("{not json")) else {
            panic!("read a corrupted value");
        };
        let text = unreadable_text(&error, true);
        assert!(
            text.contains("not JSON") && text.contains(ASIDE_KEY),
            "{text}"
        );
        assert!(!unreadable_text(&error, false).contains(ASIDE_KEY));
    }

    #[test]
    fn link_hashes_keep_the_route_and_other_parameters() {
        let hash = link_hash("placement", "abc");
        assert_eq!(hash, "#/placement?s=abc");
        assert_eq!(
            super::super::View::from_hash(&hash),
            Some(super::super::View::Placement)
        );
        assert_eq!(hash_payload(&hash), Some("abc"));
        assert_eq!(hash_payload("#/placement"), None);
        assert_eq!(hash_payload("#/placement?s="), None);
        assert_eq!(hash_payload("#/cluster?embed=1&s=xyz"), Some("xyz"));
        assert_eq!(hash_payload("#/cluster?ss=1"), None);
        assert_eq!(hash_without_payload(&hash), "#/placement");
        assert_eq!(
            hash_without_payload("#/cluster?embed=1&s=xyz"),
            "#/cluster?embed=1"
        );
        assert_eq!(hash_without_payload("#/cluster"), "#/cluster");
    }
}
