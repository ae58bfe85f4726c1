//! The JSON-in, JSON-out entry points the wasm package and the web app share: simulator inputs
//! are read here, once, with clear errors for anything unusable.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::cloudmap::discover::{self, Outcome};
use crate::cloudmap::dns::{render_dig, Response, Zone, QUERY_TYPES};
use crate::cloudmap::preview::{self, Preview};
use crate::cloudmap::registry::{from_requests, Registry, Skipped};
use crate::cloudmap::{Context, Namespace, Service};
use crate::diagnostics::Diagnostic;
use crate::{CallError, ErrorCode};

fn invalid(message: impl Into<String>) -> CallError {
    CallError::new(ErrorCode::InvalidArgument, message)
}

/// A seed: a non-negative integer (up to 2^53, as JS numbers are exact), a string (hashed), or
/// absent (0).
pub fn read_seed(value: Option<&Value>) -> Result<u64, CallError> {
    match value {
        None | Some(Value::Null) => Ok(0),
        Some(Value::Number(n)) => n.as_u64().filter(|n| *n <= (1 << 53)).ok_or_else(|| {
            invalid(format!(
                "seed must be a whole number from 0 to 2^53, or a string; got {n}."
            ))
        }),
        Some(Value::String(s)) => Ok(crate::rng::fnv1a(s.as_bytes())),
        Some(other) => Err(invalid(format!(
            "seed must be a number or a string, not {}.",
            crate::shape::describe(other)
        ))),
    }
}

fn object<'a>(input: &'a Value, what: &str) -> Result<&'a Map<String, Value>, CallError> {
    input.as_object().ok_or_else(|| {
        invalid(format!(
            "{what} takes an object, not {}.",
            crate::shape::describe(input)
        ))
    })
}

fn check_keys(input: &Map<String, Value>, allowed: &[&str], what: &str) -> Result<(), CallError> {
    match input.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(key) => {
            let hint = crate::shape::suggest(key, allowed)
                .map_or_else(String::new, |s| format!(" Did you mean {s}?"));
            Err(invalid(format!(
                "{what}: unknown member {key:?}.{hint} Expected: {}.",
                allowed.join(", ")
            )))
        }
        None => Ok(()),
    }
}

/// The service, namespace and instances a simulation runs on.
struct Setup {
    namespace: Namespace,
    service: Service,
    registry: Registry,
    skipped: Vec<Skipped>,
}

fn setup(input: &Map<String, Value>, what: &str) -> Result<Setup, CallError> {
    let mut context_value = Map::new();
    for key in ["service", "namespace"] {
        match input.get(key) {
            Some(v) if !v.is_null() => {
                context_value.insert(key.to_owned(), v.clone());
            }
            _ => {
                return Err(invalid(format!(
                    "{what} needs `{key}`: the {key} as get-{key} returns it."
                )))
            }
        }
    }
    let context = Context::from_value(&Value::Object(context_value))
        .map_err(|e| invalid(format!("{what}: {e}.")))?;
    let instances = match input.get("instances") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items.clone(),
        Some(other) => {
            return Err(invalid(format!(
                "{what}: instances must be an array of RegisterInstance requests, not {}.",
                crate::shape::describe(other)
            )))
        }
    };
    let (registry, skipped) = from_requests(&instances, &context);
    let namespace = context.namespace.clone().unwrap_or_default();
    let service = context.service.clone().unwrap_or_default();
    Ok(Setup {
        namespace,
        service,
        registry,
        skipped,
    })
}

/// One DNS query: `{ name, type }`; the name defaults to the service's own name.
fn read_query(
    input: &Map<String, Value>,
    setup: &Setup,
    what: &str,
) -> Result<(String, String), CallError> {
    let default_name = format!(
        "{}.{}",
        setup.service.name.as_deref().unwrap_or("service"),
        setup.namespace.name.as_deref().unwrap_or("local")
    );
    let query = match input.get("query") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(q)) => q.clone(),
        Some(other) => {
            return Err(invalid(format!(
                "{what}: query must be {{ name, type }}, not {}.",
                crate::shape::describe(other)
            )))
        }
    };
    check_keys(&query, &["name", "type"], &format!("{what} query"))?;
    let name = match query.get("name") {
        None | Some(Value::Null) => default_name,
        Some(Value::String(s)) if !s.trim().is_empty() => s.clone(),
        Some(_) => {
            return Err(invalid(format!(
                "{what}: query.name must be a non-empty string."
            )))
        }
    };
    let record_type = match query.get("type") {
        None | Some(Value::Null) => "A".to_owned(),
        Some(Value::String(s)) => {
            let upper = s.to_ascii_uppercase();
            if !QUERY_TYPES.contains(&upper.as_str()) {
                return Err(invalid(format!(
                    "{what}: query.type {s:?} is not one of {}.",
                    QUERY_TYPES.join(", ")
                )));
            }
            upper
        }
        Some(_) => {
            return Err(invalid(format!(
                "{what}: query.type must be a string like \"A\" or \"SRV\"."
            )))
        }
    };
    Ok((name, record_type))
}

/// The result of `simulate_dns`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DnsSimulation {
    pub query: QueryEcho,
    #[serde(flatten)]
    pub response: Response,
    /// The response as `dig` prints it.
    pub dig: String,
    /// Instances that could not be registered, and why.
    pub skipped: Vec<Skipped>,
}

#[derive(Debug, Clone, Serialize)]
pub struct QueryEcho {
    pub name: String,
    #[serde(rename = "type")]
    pub record_type: String,
}

/// `simulateDns({ namespace, service, instances, query: { name, type }, seed })`.
pub fn simulate_dns(input: &Value) -> Result<DnsSimulation, CallError> {
    const WHAT: &str = "simulateDns";
    let input = object(input, WHAT)?;
    check_keys(
        input,
        &["namespace", "service", "instances", "query", "seed"],
        WHAT,
    )?;
    let setup = setup(input, WHAT)?;
    let (name, record_type) = read_query(input, &setup, WHAT)?;
    let seed = read_seed(input.get("seed"))?;
    let zone = Zone::build(&setup.namespace, &setup.service, &setup.registry);
    let mut response = zone.query(&name, &record_type, seed);
    response.notes.extend(service_note(input, &setup));
    let dig = render_dig(&name, &record_type, &response);
    Ok(DnsSimulation {
        query: QueryEcho {
            name: crate::cloudmap::dns::absolute(&name),
            record_type,
        },
        response,
        dig,
        skipped: setup.skipped,
    })
}

/// How often each instance is answered over many queries.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Distribution {
    pub queries: u64,
    /// Per registered instance, in registration order, including those never answered.
    pub instances: Vec<InstanceShare>,
    /// Queries whose answer section was empty.
    pub empty_answers: u64,
    pub skipped: Vec<Skipped>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InstanceShare {
    pub instance_id: String,
    pub health_status: &'static str,
    /// Answers that contained this instance.
    pub count: u64,
    /// `count / queries`.
    pub share: f64,
}

/// The most queries one distribution run makes.
pub const MAX_DISTRIBUTION_QUERIES: u64 = 1_000_000;

/// `dnsDistribution({ namespace, service, instances, query, queries, seed })`: runs `queries`
/// simulated queries (seeds `seed`, `seed + 1`, ...) and counts each instance's answers.
pub fn dns_distribution(input: &Value) -> Result<Distribution, CallError> {
    let mut job = DistributionJob::start(input)?;
    job.advance(u64::MAX);
    Ok(job.finish())
}

/// A [`dns_distribution`] made a batch of queries at a time, so that a page can show how far it
/// is and stop it. Run to the end it is exactly the one-call distribution: the queries and their
/// seeds are the same whatever the batches.
pub struct DistributionJob {
    zone: Zone,
    name: String,
    record_type: String,
    seed: u64,
    queries: u64,
    done: u64,
    /// The registered instances, and each one's answers so far (in registration order).
    registry: Registry,
    counts: Vec<u64>,
    empty: u64,
    skipped: Vec<Skipped>,
}

impl DistributionJob {
    /// Reads and checks the input; no query is made yet.
    pub fn start(input: &Value) -> Result<Self, CallError> {
        const WHAT: &str = "dnsDistribution";
        let input = object(input, WHAT)?;
        check_keys(
            input,
            &[
                "namespace",
                "service",
                "instances",
                "query",
                "queries",
                "seed",
            ],
            WHAT,
        )?;
        let setup = setup(input, WHAT)?;
        let (name, record_type) = read_query(input, &setup, WHAT)?;
        let seed = read_seed(input.get("seed"))?;
        let queries = match input.get("queries") {
            None | Some(Value::Null) => 1_000,
            Some(v) => v
                .as_u64()
                .filter(|n| (1..=MAX_DISTRIBUTION_QUERIES).contains(n))
                .ok_or_else(|| {
                    invalid(format!(
                        "{WHAT}: queries must be a whole number from 1 to {MAX_DISTRIBUTION_QUERIES}."
                    ))
                })?,
        };
        let zone = Zone::build(&setup.namespace, &setup.service, &setup.registry);
        Ok(Self {
            zone,
            name,
            record_type,
            seed,
            queries,
            done: 0,
            counts: vec![0; setup.registry.instances().len()],
            registry: setup.registry,
            empty: 0,
            skipped: setup.skipped,
        })
    }

    /// Makes up to `batch` more queries; true once all are made.
    pub fn advance(&mut self, batch: u64) -> bool {
        let end = self.done.saturating_add(batch).min(self.queries);
        for i in self.done..end {
            let response =
                self.zone
                    .query(&self.name, &self.record_type, self.seed.wrapping_add(i));
            if response.answer.is_empty() {
                self.empty += 1;
            }
            for id in &response.instance_ids {
                if let Some(slot) = self
                    .registry
                    .position(id)
                    .and_then(|i| self.counts.get_mut(i))
                {
                    *slot += 1;
                }
            }
        }
        self.done = end;
        self.is_finished()
    }

    /// Queries made so far.
    pub fn done(&self) -> u64 {
        self.done
    }

    /// Queries the distribution makes in all.
    pub fn total(&self) -> u64 {
        self.queries
    }

    pub fn is_finished(&self) -> bool {
        self.done >= self.queries
    }

    /// The distribution of the queries made (all of them, once [`Self::advance`] said so).
    pub fn finish(self) -> Distribution {
        let made = self.done.max(1);
        #[allow(clippy::cast_precision_loss)] // counts stay far below 2^52
        let instances = self
            .registry
            .instances()
            .iter()
            .zip(self.counts)
            .map(|(instance, count)| InstanceShare {
                instance_id: instance.id.clone(),
                health_status: instance.health_status.as_str(),
                count,
                share: count as f64 / made as f64,
            })
            .collect();
        Distribution {
            queries: self.done,
            instances,
            empty_answers: self.empty,
            skipped: self.skipped,
        }
    }
}

/// The result of `discover_instances`: the API response, or the error it returns.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Discovery {
    pub response: Option<discover::Output>,
    pub error: Option<preview::ApiError>,
    pub diagnostics: Vec<Diagnostic>,
    pub skipped: Vec<Skipped>,
    /// What the answer rests on that Cloud Map would not have accepted.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// `discoverInstances({ namespace, service, instances, request, seed })`.
pub fn discover_instances(input: &Value) -> Result<Discovery, CallError> {
    const WHAT: &str = "discoverInstances";
    let input = object(input, WHAT)?;
    check_keys(
        input,
        &["namespace", "service", "instances", "request", "seed"],
        WHAT,
    )?;
    let setup = setup(input, WHAT)?;
    let seed = read_seed(input.get("seed"))?;
    let request = input.get("request").cloned().ok_or_else(|| {
        invalid(format!(
            "{WHAT} needs `request`: a DiscoverInstances request."
        ))
    })?;
    let outcome = discover::discover(
        &setup.namespace,
        &setup.service,
        &setup.registry,
        &request,
        seed,
    );
    let (response, error, diagnostics) = match outcome {
        Outcome::Found(output) => (Some(output), None, Vec::new()),
        Outcome::Refused {
            code,
            message,
            diagnostics,
        } => (
            None,
            Some(preview::ApiError::new(code, message)),
            diagnostics,
        ),
    };
    let mut notes: Vec<String> = service_note(input, &setup).into_iter().collect();
    // Cloud Map fills AWS_INSTANCE_IPV4 for these; the address is EC2's, unknown here.
    let ec2: Vec<&str> = response
        .iter()
        .flat_map(|output| &output.instances)
        .filter(|i| !i.attributes.contains_key(crate::cloudmap::attributes::IPV4))
        .filter_map(|i| {
            i.attributes
                .get(crate::cloudmap::attributes::EC2_INSTANCE_ID)
        })
        .filter_map(Value::as_str)
        .collect();
    if !ec2.is_empty() {
        notes.push(format!("Cloud Map also returns AWS_INSTANCE_IPV4 (the EC2 instance's primary private IPv4, unknown here) for {}.", ec2.join(", ")));
    }
    Ok(Discovery {
        response,
        error,
        diagnostics,
        skipped: setup.skipped,
        notes,
    })
}

/// `previewResponse(operation, request, context)`: context is `{ service, namespace, instances,
/// seed }`, all optional; `instances` are RegisterInstance requests already applied.
pub fn preview_response(
    operation: &str,
    request: &Value,
    context: Option<&Value>,
) -> Result<Preview, CallError> {
    let operation: crate::Operation = operation.parse()?;
    if operation != crate::Operation::RegisterInstance {
        return Err(invalid(format!(
            "previewResponse supports RegisterInstance; {operation} has no preview yet."
        )));
    }
    let empty = Map::new();
    let context = match context {
        None | Some(Value::Null) => &empty,
        Some(Value::Object(o)) => o,
        Some(other) => {
            return Err(CallError::new(
                ErrorCode::InvalidContext,
                format!(
                    "The context must be an object, not {}.",
                    crate::shape::describe(other)
                ),
            ))
        }
    };
    check_keys(
        context,
        &["service", "namespace", "instances", "seed"],
        "previewResponse context",
    )?;
    let cloudmap_part: Map<String, Value> = context
        .iter()
        .filter(|(k, _)| *k == "service" || *k == "namespace")
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let parsed = Context::from_value(&Value::Object(cloudmap_part))
        .map_err(|e| CallError::new(ErrorCode::InvalidContext, format!("Invalid context: {e}.")))?;
    let existing =
        match context.get("instances") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) => items.clone(),
            Some(_) => return Err(invalid(
                "previewResponse: context.instances must be an array of RegisterInstance requests.",
            )),
        };
    let seed = read_seed(context.get("seed"))?;
    let mut preview = preview::register_instance(request, &parsed, &existing, seed);
    // A preview against a service Cloud Map would not have created says so rather than pass
    // its records off as real ones (validation warns with CM091 too).
    if let Some(note) = &parsed.service_problem {
        preview.notes.push(note.clone());
    }
    Ok(preview)
}

/// [`crate::cloudmap::service::impossible_service_note`] for the simulators, which answer
/// queries and keep no note otherwise (dnsDistribution counts answers only, so it does not
/// validate the service at all).
fn service_note(input: &Map<String, Value>, setup: &Setup) -> Option<String> {
    crate::cloudmap::service::impossible_service_note(
        input.get("service")?,
        setup.namespace.namespace_type,
    )
}

/// `agentRequest(options)`: the RegisterContainerInstance request the ECS agent would send.
pub fn agent_request(options: &Value) -> Result<Value, CallError> {
    let options = crate::ecs::AgentOptions::from_value(options).map_err(invalid)?;
    crate::ecs::agent_request(&options).map_err(invalid)
}

/// The instance-type table behind the agent presets.
pub fn instance_types() -> &'static [crate::ecs::InstanceType] {
    crate::ecs::INSTANCE_TYPES
}

/// The result of one cluster call: the new state, and the API's response or error.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClusterCall {
    pub state: crate::ecs::ClusterState,
    pub outcome: Option<crate::ecs::Outcome>,
    pub error: Option<crate::ecs::ApiError>,
    /// The clock after the call, to pass to the next one.
    pub clock: crate::ecs::StepClock,
}

/// `simulateCluster({ state, operation, request, clock })`: applies one ECS call to a cluster
/// state and returns the next state. `state` defaults to an empty `default` cluster in
/// us-east-1; `operation` is RegisterContainerInstance, DeregisterContainerInstance,
/// UpdateContainerInstancesState or DescribeContainerInstances.
pub fn simulate_cluster(input: &Value) -> Result<ClusterCall, CallError> {
    const WHAT: &str = "simulateCluster";
    let input = object(input, WHAT)?;
    check_keys(
        input,
        &["state", "operation", "request", "clock", "seed"],
        WHAT,
    )?;
    let seed = read_seed(input.get("seed"))?;
    let mut state = match input.get("state") {
        None | Some(Value::Null) => crate::ecs::ClusterState::new(
            crate::ecs::validate::DEFAULT_CLUSTER,
            "us-east-1",
            "123456789012",
            seed,
        ),
        Some(value) => {
            let mut state = crate::ecs::ClusterState::deserialize(value)
                .map_err(|e| invalid(format!("{WHAT}: state is not a cluster state: {e}.")))?;
            state.recount_tasks();
            if let Some((field, problem)) = state.identity_problem() {
                return Err(invalid(format!("{WHAT}: state.{field}: {problem}.")));
            }
            state
        }
    };
    let mut clock = match input.get("clock") {
        None | Some(Value::Null) => crate::ecs::StepClock::default(),
        Some(value) => crate::ecs::StepClock::deserialize(value).map_err(|e| {
            invalid(format!(
                "{WHAT}: clock must be {{ next, step }} in epoch seconds: {e}."
            ))
        })?,
    };
    let operation = input
        .get("operation")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let request = input
        .get("request")
        .cloned()
        .unwrap_or_else(|| Value::Object(Map::new()));
    let result = match operation {
        "RegisterContainerInstance" => state.register(&request, &mut clock),
        "DeregisterContainerInstance" => state.deregister(&request),
        "UpdateContainerInstancesState" => state.update_state(&request),
        "DescribeContainerInstances" => state.describe_instances(&request),
        other => {
            let names = [
                "RegisterContainerInstance",
                "DeregisterContainerInstance",
                "UpdateContainerInstancesState",
                "DescribeContainerInstances",
            ];
            let hint = crate::shape::suggest(other, &names)
                .map_or_else(String::new, |s| format!(" Did you mean {s}?"));
            return Err(CallError::new(
                ErrorCode::UnknownOperation,
                format!(
                    "{WHAT}: unknown operation {other:?}.{hint} Supported: {}.",
                    names.join(", ")
                ),
            ));
        }
    };
    let (outcome, error) = match result {
        Ok(outcome) => (Some(outcome), None),
        Err(error) => (None, Some(error)),
    };
    Ok(ClusterCall {
        state,
        outcome,
        error,
        clock,
    })
}

/// An exported request, for JS.
#[derive(Debug, Clone, Serialize)]
pub struct ExportOut {
    pub format: &'static str,
    pub text: String,
    pub filename: String,
    pub notes: Vec<String>,
}

/// `exportRequest(operation, request, format, { region, endpointUrl, profile, allowInvalid })`.
pub fn export_request(
    operation: &str,
    request: &Value,
    format: &str,
    options: Option<&Value>,
) -> Result<ExportOut, CallError> {
    use crate::export::{ExportError, ExportOptions, Format};
    let operation: crate::Operation = operation.parse()?;
    let format: Format = format.parse().map_err(|_| {
        let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
        let hint = crate::shape::suggest(format, &names)
            .map_or_else(String::new, |s| format!(" Did you mean {s}?"));
        invalid(format!(
            "Unknown export format {format:?}.{hint} Formats: {}.",
            names.join(", ")
        ))
    })?;
    let mut export_options = ExportOptions::default();
    match options {
        None | Some(Value::Null) => {}
        Some(Value::Object(o)) => {
            check_keys(
                o,
                &["region", "endpointUrl", "profile", "allowInvalid"],
                "exportRequest options",
            )?;
            let text = |name: &str| -> Result<Option<String>, CallError> {
                match o.get(name) {
                    None | Some(Value::Null) => Ok(None),
                    Some(Value::String(s)) => Ok(Some(s.clone())),
                    Some(_) => Err(invalid(format!(
                        "exportRequest options: {name} must be a string."
                    ))),
                }
            };
            if let Some(region) = text("region")? {
                export_options.region = region;
            }
            export_options.endpoint_url = text("endpointUrl")?;
            export_options.profile = text("profile")?;
            export_options.allow_invalid = match o.get("allowInvalid") {
                None | Some(Value::Null) => false,
                Some(Value::Bool(b)) => *b,
                Some(_) => {
                    return Err(invalid(
                        "exportRequest options: allowInvalid must be true or false.",
                    ))
                }
            };
        }
        Some(other) => {
            return Err(invalid(format!(
                "exportRequest options must be an object, not {}.",
                crate::shape::describe(other)
            )))
        }
    }
    crate::export::export_request(operation, request, format, &export_options)
        .map(|e| ExportOut {
            format: format.name(),
            text: e.text,
            filename: e.filename,
            notes: e.notes,
        })
        .map_err(|e| {
            let code = match e {
                ExportError::Invalid { .. } => ErrorCode::InvalidRequest,
                ExportError::Unsupported { .. } => ErrorCode::UnsupportedFormat,
                ExportError::BadOption { .. } | ExportError::UnknownFormat { .. } => {
                    ErrorCode::InvalidArgument
                }
            };
            CallError::new(code, e.to_string())
        })
}

/// The export format names.
pub fn export_formats() -> Vec<&'static str> {
    crate::export::Format::ALL
        .iter()
        .map(|f| f.name())
        .collect()
}

/// An imported request, for JS.
#[derive(Debug, Clone, Serialize)]
pub struct ImportOut {
    pub operation: &'static str,
    pub request: Value,
    pub format: &'static str,
    pub notes: Vec<String>,
    /// The request as JSON text, when a number in it is beyond JavaScript's exact integers
    /// (2^53): `request` then holds it rounded, as every JS number would.
    #[serde(rename = "requestText", skip_serializing_if = "Option::is_none")]
    pub request_text: Option<String>,
}

/// `importRequest(text, format?, operation?)`: reads a request from a body, a CLI command line, a
/// --cli-input-json or skeleton file, or a get-instance / list-instances / get-service /
/// describe-services output.
pub fn import_request(
    text: &str,
    format: Option<&str>,
    operation: Option<&str>,
) -> Result<ImportOut, CallError> {
    use crate::export::ImportFormat;
    let format = format
        .filter(|f| !f.is_empty())
        .map(|f| {
            f.parse::<ImportFormat>()
                .map_err(|_| invalid(format!("Unknown import format {f:?}.")))
        })
        .transpose()?;
    let operation = operation
        .filter(|o| !o.is_empty())
        .map(str::parse::<crate::Operation>)
        .transpose()?;
    crate::export::import_request(text, format, operation)
        .map(|i| {
            let mut notes = i.notes;
            let request_text = crate::export::unsafe_js_integer(&i.request, &crate::pointer::Pointer::root())
                .map(|at| {
                    notes.push(format!("{at} is beyond JavaScript's exact integers (2^53): request holds it rounded, requestText exactly."));
                    serde_json::to_string_pretty(&i.request).unwrap_or_default()
                });
            ImportOut {
                operation: i.operation.name(),
                request: i.request,
                format: i.format.name(),
                notes,
                request_text,
            }
        })
        .map_err(|e| CallError::new(ErrorCode::ImportFailed, e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn base() -> Value {
        json!({
            "namespace": {"Name": "example.local", "Type": "DNS_PRIVATE"},
            "service": {"Id": "srv-1", "Name": "web", "HealthCheckCustomConfig": {},
                "DnsConfig": {"RoutingPolicy": "MULTIVALUE", "DnsRecords": [{"Type": "A", "TTL": 10}]}},
            "instances": [
                {"InstanceId": "a", "Attributes": {"AWS_INSTANCE_IPV4": "10.0.0.1"}},
                {"InstanceId": "b", "Attributes": {"AWS_INSTANCE_IPV4": "10.0.0.2"}, "HealthStatus": "UNHEALTHY"},
                {"InstanceId": "c", "Attributes": {"AWS_INSTANCE_IPV4": "10.0.0.3"}}
            ],
            "query": {"name": "web.example.local", "type": "a"},
            "seed": 42
        })
    }

    #[test]
    fn simulate_dns_answers_exactly_the_healthy_instances() {
        let result = simulate_dns(&base()).unwrap();
        let mut ids = result.response.instance_ids.clone();
        ids.sort();
        assert_eq!(ids, vec!["a", "c"]);
        assert_eq!(result.query.record_type, "A");
        assert!(result.dig.contains("status: NOERROR"));
        let json = serde_json::to_value(&result).unwrap();
        assert_eq!(json["rcode"], "NOERROR");
        assert_eq!(json["answer"].as_array().unwrap().len(), 2);
    }

    #[test]
    fn bad_simulator_input_is_a_clear_error() {
        let mut input = base();
        input["query"]["type"] = json!("AXFR");
        assert!(simulate_dns(&input)
            .unwrap_err()
            .message
            .contains("not one of"));
        let mut input = base();
        input.as_object_mut().unwrap().remove("namespace");
        assert!(simulate_dns(&input)
            .unwrap_err()
            .message
            .contains("needs `namespace`"));
        assert_eq!(
            simulate_dns(&json!([1])).unwrap_err().code,
            ErrorCode::InvalidArgument
        );
        let mut input = base();
        input["seed"] = json!(-1);
        assert!(simulate_dns(&input).is_err());
        let mut input = base();
        input["qurey"] = json!({});
        assert!(simulate_dns(&input)
            .unwrap_err()
            .message
            .contains("Did you mean query?"));
    }

    #[test]
    fn distribution_spreads_over_healthy_instances_only() {
        let mut input = base();
        input["queries"] = json!(500);
        input["service"]["DnsConfig"]["RoutingPolicy"] = json!("WEIGHTED");
        let d = dns_distribution(&input).unwrap();
        let counts: Vec<u64> = d.instances.iter().map(|i| i.count).collect();
        assert_eq!(counts.iter().sum::<u64>(), 500);
        assert_eq!(counts[1], 0, "the unhealthy instance is never answered");
        assert!(counts[0] > 200 && counts[2] > 200, "{counts:?}");
    }

    #[test]
    fn a_distribution_made_in_batches_is_the_one_call_distribution() {
        for routing in ["MULTIVALUE", "WEIGHTED"] {
            let mut input = base();
            input["queries"] = json!(257);
            input["seed"] = json!(11);
            input["service"]["DnsConfig"]["RoutingPolicy"] = json!(routing);
            let whole = serde_json::to_value(dns_distribution(&input).unwrap()).unwrap();
            for batch in [1, 7, 100, 257, u64::MAX] {
                let mut job = DistributionJob::start(&input).unwrap();
                assert_eq!((job.done(), job.total()), (0, 257));
                let mut steps = 0;
                while !job.advance(batch) {
                    steps += 1;
                    assert!(job.done() < 257);
                }
                assert_eq!(
                    steps,
                    257_u64.div_ceil(batch.min(257)) - 1,
                    "{routing}, batch {batch}"
                );
                assert!(job.advance(batch), "a finished job stays finished");
                let stepped = serde_json::to_value(job.finish()).unwrap();
                assert_eq!(stepped, whole, "{routing}, batch {batch}");
            }
        }
        // Stopped part way, it reports the queries it made.
        let mut job = DistributionJob::start(&base()).unwrap();
        job.advance(10);
        let part = job.finish();
        assert_eq!(part.queries, 10);
        assert!(part.instances.iter().map(|i| i.count).sum::<u64>() >= 10 - part.empty_answers);
    }

    #[test]
    fn cluster_calls_chain_through_the_state() {
        let request =
            agent_request(&json!({"instanceType": "m5.large", "cluster": "default"})).unwrap();
        let first = simulate_cluster(
            &json!({"operation": "RegisterContainerInstance", "request": request}),
        )
        .unwrap();
        assert!(first.error.is_none(), "{:?}", first.error);
        let arn = first.state.container_instances[0]
            .container_instance_arn
            .clone();
        let state = serde_json::to_value(&first.state).unwrap();
        let drained = simulate_cluster(
            &json!({"state": state, "operation": "UpdateContainerInstancesState",
            "request": {"containerInstances": [arn], "status": "DRAINING"}, "clock": first.clock}),
        )
        .unwrap();
        assert!(drained.error.is_none());
        assert_eq!(
            serde_json::to_value(&drained.state).unwrap()["containerInstances"][0]["status"],
            "DRAINING"
        );
        assert_eq!(
            simulate_cluster(&json!({"operation": "Nope"}))
                .unwrap_err()
                .code,
            ErrorCode::UnknownOperation
        );
        assert!(agent_request(&json!({"instanceType": "m5.hugest"}))
            .unwrap_err()
            .message
            .contains("m5"));
    }

    #[test]
    fn a_cluster_state_whose_arns_could_never_match_is_refused_by_field() {
        let good = serde_json::to_value(crate::ecs::ClusterState::new(
            "prod",
            "eu-west-1",
            "123456789012",
            0,
        ))
        .unwrap();
        let call = |state: &Value| {
            simulate_cluster(
                &json!({"state": state, "operation": "DescribeContainerInstances",
                "request": {"containerInstances": ["0123456789abcdef0123456789abcdef"], "cluster": "prod"}}),
            )
        };
        assert!(call(&good).is_ok());
        for (field, value, says) in [
            (
                "region",
                "US East",
                "state.region: \"US East\" is not a Region code",
            ),
            (
                "clusterName",
                "my cluster",
                "state.clusterName: the cluster name contains a space",
            ),
            (
                "clusterName",
                "",
                "state.clusterName: the cluster name is empty",
            ),
            (
                "accountId",
                "12345",
                "state.accountId: \"12345\" is not an account ID",
            ),
        ] {
            let mut state = good.clone();
            state[field] = json!(value);
            let error = call(&state).unwrap_err();
            assert_eq!(error.code, ErrorCode::InvalidArgument, "{field}");
            assert!(error.message.contains(says), "{field}: {}", error.message);
        }
    }

    #[test]
    fn export_and_import_entry_points() {
        let request = json!({"ServiceId": "srv-p5zdwlg5uvvzjita", "InstanceId": "i-1", "Attributes": {"AWS_INSTANCE_IPV4": "10.0.0.1"}});
        let cli = export_request(
            "RegisterInstance",
            &request,
            "cli",
            Some(&json!({"region": "eu-west-1"})),
        )
        .unwrap();
        assert!(
            cli.text
                .starts_with("aws servicediscovery register-instance"),
            "{}",
            cli.text
        );
        let back = import_request(&cli.text, None, None).unwrap();
        assert_eq!(
            (back.operation, &back.request),
            ("RegisterInstance", &request)
        );
        let refused = export_request(
            "RegisterInstance",
            &json!({"ServiceId": "srv-1"}),
            "json",
            None,
        )
        .unwrap_err();
        assert_eq!(refused.code, ErrorCode::InvalidRequest);
        assert!(export_request("RegisterInstance", &request, "yml", None)
            .unwrap_err()
            .message
            .contains("Formats:"));
        assert_eq!(
            import_request("{oops", Some("json"), None)
                .unwrap_err()
                .code,
            ErrorCode::ImportFailed
        );
    }

    #[test]
    fn discover_and_preview_entry_points() {
        let mut input = base();
        input.as_object_mut().unwrap().remove("query");
        input["request"] =
            json!({"NamespaceName": "example.local", "ServiceName": "web", "HealthStatus": "ALL"});
        let d = discover_instances(&input).unwrap();
        assert_eq!(d.response.unwrap().instances.len(), 3);
        let p = preview_response(
            "RegisterInstance",
            &json!({"ServiceId": "srv-1", "InstanceId": "a", "Attributes": {"AWS_INSTANCE_IPV4": "10.0.0.9"}}),
            Some(&json!({"service": base()["service"], "namespace": base()["namespace"], "instances": base()["instances"], "seed": 1})),
        )
        .unwrap();
        assert_eq!(p.change, Some("update"));
        assert!(
            preview_response("RegisterInstance", &json!({}), Some(&json!({"servce": {}}))).is_err()
        );
    }

    #[test]
    fn a_preview_against_an_invalid_service_says_so() {
        let request = json!({"ServiceId": "srv-1", "InstanceId": "new", "Attributes": {"AWS_INSTANCE_IPV4": "10.0.0.9"}});
        let note = |service: &Value| {
            let context = json!({"service": service, "namespace": base()["namespace"]});
            preview_response("RegisterInstance", &request, Some(&context))
                .unwrap()
                .notes
                .into_iter()
                .find(|n| n.contains("would not have created it"))
        };
        let valid = base()["service"].clone();
        assert_eq!(note(&valid), None);
        let mut negative_ttl = valid.clone();
        negative_ttl["DnsConfig"]["DnsRecords"][0]["TTL"] = json!(-5);
        let said = note(&negative_ttl).expect("a note on the invalid service");
        assert!(
            said.contains("1 error (first: CM103 at /DnsConfig/DnsRecords/0/TTL)"),
            "{said}"
        );
        // The DNS and DiscoverInstances simulators say the same.
        let input = |service: &Value, extra: (&str, Value)| {
            let mut input = json!({"service": service, "namespace": base()["namespace"], "instances": base()["instances"]});
            input[extra.0] = extra.1;
            input
        };
        let query = || ("query", json!({"type": "A"}));
        let request = || {
            (
                "request",
                json!({"NamespaceName": "example.local", "ServiceName": "web", "HealthStatus": "ALL"}),
            )
        };
        let flagged = |notes: &[String]| notes.iter().any(|n| n.contains("CM103"));
        let dns = |service: &Value| {
            simulate_dns(&input(service, query()))
                .unwrap()
                .response
                .notes
        };
        assert!(flagged(&dns(&negative_ttl)) && !flagged(&dns(&valid)));
        let discovery = |service: &Value| {
            discover_instances(&input(service, request()))
                .unwrap()
                .notes
        };
        assert!(flagged(&discovery(&negative_ttl)) && !flagged(&discovery(&valid)));

        // An EC2 instance's address is filled by Cloud Map: said, since it cannot be shown.
        let http = json!({
            "namespace": {"Name": "shop", "Type": "HTTP"},
            "service": {"Id": "srv-1", "Name": "web", "Type": "HTTP"},
            "instances": [{"InstanceId": "i-0123456789abcdef0", "Attributes": {"AWS_EC2_INSTANCE_ID": "i-0123456789abcdef0"}}],
            "request": {"NamespaceName": "shop", "ServiceName": "web"}});
        let notes = discover_instances(&http).unwrap().notes;
        assert!(
            notes
                .iter()
                .any(|n| n.contains("AWS_INSTANCE_IPV4") && n.contains("i-0123456789abcdef0")),
            "{notes:?}"
        );
    }
}

/// The result of `simulate_placement` and the placement part of `plan_service`: the findings on
/// the placement settings, and the plan when they allow one.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlacementOut {
    pub valid: bool,
    pub diagnostics: Vec<Diagnostic>,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub plan: Option<crate::ecs::placement::Plan>,
}

fn read_list<'a>(
    input: &'a Map<String, Value>,
    key: &str,
    what: &str,
) -> Result<&'a [Value], CallError> {
    match input.get(key) {
        None | Some(Value::Null) => Ok(&[]),
        Some(Value::Array(items)) => Ok(items),
        Some(other) => Err(invalid(format!(
            "{what}: {key} must be a list, not {}.",
            crate::shape::describe(other)
        ))),
    }
}

fn read_count(
    value: Option<&Value>,
    name: &str,
    default: usize,
    max: usize,
    what: &str,
) -> Result<usize, CallError> {
    match value {
        None | Some(Value::Null) => Ok(default),
        Some(Value::Number(n)) => n
            .as_u64()
            .and_then(|n| usize::try_from(n).ok())
            .filter(|n| *n <= max)
            .ok_or_else(|| {
                invalid(format!(
                    "{what}: {name} must be a whole number from 0 to {max}; got {n}."
                ))
            }),
        Some(other) => Err(invalid(format!(
            "{what}: {name} must be a number, not {}.",
            crate::shape::describe(other)
        ))),
    }
}

/// `explainTasks`: absent means the default for the cluster's size.
fn read_explain(input: &Map<String, Value>, what: &str) -> Result<Option<usize>, CallError> {
    match input.get("explainTasks") {
        None | Some(Value::Null) => Ok(None),
        value => read_count(
            value,
            "explainTasks",
            0,
            crate::ecs::placement::MAX_TASKS,
            what,
        )
        .map(Some),
    }
}

fn read_task_definition(
    value: Option<&Value>,
    what: &str,
) -> Result<crate::ecs::taskdef::TaskDefinition, CallError> {
    let value = value.filter(|v| !v.is_null()).ok_or_else(|| {
        invalid(format!("{what} needs `taskDefinition`: the task definition as describe-task-definition returns it."))
    })?;
    crate::ecs::taskdef::TaskDefinition::from_value(value)
        .map_err(|e| invalid(format!("{what}: {e}.")))
}

fn parse_settings<T: serde::de::DeserializeOwned>(items: &[Value]) -> Vec<T> {
    items
        .iter()
        .filter_map(|v| serde_json::from_value(v.clone()).ok())
        .collect()
}

/// `simulatePlacement({ containerInstances, tasks, taskDefinition, count, placementConstraints,
/// placementStrategy, group, launchType, seed, explainTasks })`.
pub fn simulate_placement(input: &Value) -> Result<PlacementOut, CallError> {
    use crate::ecs::placement::{self, Setup, MAX_TASKS};
    const WHAT: &str = "simulatePlacement";
    let input = object(input, WHAT)?;
    check_keys(
        input,
        &[
            "containerInstances",
            "tasks",
            "taskDefinition",
            "count",
            "placementConstraints",
            "placementStrategy",
            "group",
            "launchType",
            "seed",
            "explainTasks",
        ],
        WHAT,
    )?;
    let task_definition = read_task_definition(input.get("taskDefinition"), WHAT)?;
    let count = read_count(input.get("count"), "count", 1, MAX_TASKS, WHAT)?;
    let explain = read_explain(input, WHAT)?;
    let seed = read_seed(input.get("seed"))?;
    let constraints = read_list(input, "placementConstraints", WHAT)?;
    let strategies = read_list(input, "placementStrategy", WHAT)?;
    let launch_type = match input.get("launchType") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if ["EC2", "EXTERNAL", "FARGATE"].contains(&s.as_str()) => {
            Some(s.as_str())
        }
        Some(other) => {
            return Err(invalid(format!(
                "{WHAT}: launchType must be EC2, EXTERNAL or FARGATE, not {other}."
            )))
        }
    };
    let group = match input.get("group") {
        None | Some(Value::Null) => None,
        Some(Value::String(g)) if !g.is_empty() && g.chars().count() <= 255 => Some(g.as_str()),
        Some(_) => return Err(invalid(format!("{WHAT}: group must be a task group name of 1 to 255 characters, such as service:web or family:nginx."))),
    };
    let mut diagnostics = Vec::new();
    let root = crate::pointer::Pointer::root();
    crate::ecs::service::check_task_definition_constraints(
        &task_definition_constraint_values(&task_definition),
        &root.key("taskDefinition").key("placementConstraints"),
        &mut diagnostics,
    );
    crate::ecs::service::check_placement(
        constraints,
        strategies,
        task_definition.placement_constraints.len(),
        launch_type,
        &root,
        &mut diagnostics,
    );
    let report = crate::Report::from_diagnostics(diagnostics);
    if !report.valid {
        return Ok(PlacementOut {
            valid: false,
            diagnostics: report.diagnostics,
            plan: None,
        });
    }
    if launch_type == Some("FARGATE") {
        return Err(invalid(format!("{WHAT}: Fargate tasks are not placed on container instances; use launchType EC2 or EXTERNAL.")));
    }
    let instances = input.get("containerInstances").ok_or_else(|| {
        invalid(format!("{WHAT} needs `containerInstances`: the container instances as describe-container-instances returns them."))
    })?;
    let setup = Setup::new(
        instances,
        input.get("tasks").filter(|v| !v.is_null()),
        task_definition,
        &parse_settings(constraints),
        &parse_settings(strategies),
        group,
        seed,
        explain,
    )
    .map_err(|e| invalid(format!("{WHAT}: {e}.")))?;
    Ok(PlacementOut {
        valid: true,
        diagnostics: report.diagnostics,
        plan: Some(placement::plan(setup, count, 0)),
    })
}

fn task_definition_constraint_values(td: &crate::ecs::taskdef::TaskDefinition) -> Vec<Value> {
    td.placement_constraints
        .iter()
        .filter_map(|c| serde_json::to_value(c).ok())
        .collect()
}

/// One registration ECS would make, with muster's own verdict on it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlannedRegistration {
    pub task_arn: String,
    pub request: Value,
    pub simulated_address: bool,
    pub valid: bool,
    pub diagnostics: Vec<Diagnostic>,
}

/// The result of `plan_service`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServicePlan {
    /// Whether the CreateService request (and its placement settings) is valid.
    pub valid: bool,
    pub diagnostics: Vec<Diagnostic>,
    pub placement: Option<crate::ecs::placement::Plan>,
    pub registrations: Vec<PlannedRegistration>,
    /// The DNS answer for the service name (DNS namespaces).
    pub dns: Option<DnsSimulation>,
    /// The DiscoverInstances answer (every namespace type).
    pub discovery: Option<Discovery>,
    /// What the plan could not show, and why.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// `planService({ cluster, taskDefinition, service, cloudMap: { namespace, service }, seed,
/// explainTasks })`: places the service's tasks (or stops the surplus when `desiredCount` is
/// below the tasks it already runs), lists the RegisterInstance requests ECS would make for
/// them, and answers a DNS query for the service name.
pub fn plan_service(input: &Value) -> Result<ServicePlan, CallError> {
    PlanServiceJob::new(input)?.finish()
}

/// A `plan_service` call that places its tasks in steps, so a caller with a deadline can
/// report progress between them and drop the job to cancel it. Built from the same input with
/// the same errors; finished, it gives exactly what `plan_service` gives.
#[derive(Debug, Clone)]
pub struct PlanServiceJob<'a> {
    out: ServicePlan,
    /// `None` when the request is invalid: there is nothing to place.
    run: Option<ServiceRun<'a>>,
}

/// What a valid service's plan needs after placement, to list its registrations.
#[derive(Debug, Clone)]
struct ServiceRun<'a> {
    planner: crate::ecs::placement::Planner<'a>,
    service: Value,
    service_name: String,
    task_definition: crate::ecs::taskdef::TaskDefinition,
    cloud_map: Context,
    seed: u64,
    /// For a DAEMON service, the ACTIVE instances without one of its tasks: each should get one.
    daemon: Option<Vec<String>>,
    addresses: crate::ecs::discovery::NodeAddresses,
}

impl<'a> PlanServiceJob<'a> {
    /// Reads the `planService` input and prepares the plan; nothing is placed yet.
    pub fn new(input: &'a Value) -> Result<Self, CallError> {
        use crate::ecs::placement::{Planner, Setup};
        use crate::ecs::service::{validate_service, ServiceContext, ServiceRequest};
        const WHAT: &str = "planService";
        let input = object(input, WHAT)?;
        check_keys(
            input,
            &[
                "cluster",
                "taskDefinition",
                "service",
                "cloudMap",
                "seed",
                "explainTasks",
            ],
            WHAT,
        )?;
        let task_definition = read_task_definition(input.get("taskDefinition"), WHAT)?;
        let seed = read_seed(input.get("seed"))?;
        let explain = read_explain(input, WHAT)?;
        let service = input
            .get("service")
            .filter(|v| v.is_object())
            .ok_or_else(|| invalid(format!("{WHAT} needs `service`: a CreateService request.")))?;
        let cloud_map = match input.get("cloudMap") {
            None | Some(Value::Null) => Context::default(),
            Some(value) => Context::from_value(value)
                .map_err(|e| invalid(format!("{WHAT}: cloudMap: {e}.")))?,
        };
        let context = ServiceContext {
            task_definition: Some(task_definition.clone()),
            cloud_map_service: cloud_map.service.clone(),
        };
        let report = crate::Report::from_diagnostics(validate_service(
            service,
            ServiceRequest::Create,
            &context,
        ));
        let mut out = ServicePlan {
            valid: report.valid,
            diagnostics: report.diagnostics,
            placement: None,
            registrations: Vec::new(),
            dns: None,
            discovery: None,
            notes: Vec::new(),
        };
        if !out.valid {
            return Ok(Self { out, run: None });
        }
        let text = |name: &str| service.get(name).and_then(Value::as_str);
        if runs_on_fargate(service) {
            return Err(invalid(format!("{WHAT}: Fargate tasks are not placed on container instances; plan a service with launchType EC2 or EXTERNAL, or a capacity provider of the cluster's instances.")));
        }
        let service_name = text("serviceName").unwrap_or("service");
        let group = format!("service:{service_name}");
        let daemon = text("schedulingStrategy") == Some("DAEMON");
        let list = |name: &str| list_member(service, name);
        let cluster = input.get("cluster").filter(|v| !v.is_null()).ok_or_else(|| {
            invalid(format!("{WHAT} needs `cluster`: {{ containerInstances, tasks }} as describe-container-instances and describe-tasks return them."))
        })?;
        let instances = cluster.get("containerInstances").unwrap_or(cluster);
        let tasks = cluster.get("tasks").filter(|v| !v.is_null());
        let mut setup = Setup::new(
            instances,
            tasks,
            task_definition.clone(),
            &parse_settings(list("placementConstraints")),
            &parse_settings(list("placementStrategy")),
            Some(&group),
            seed,
            explain,
        )
        .map_err(|e| invalid(format!("{WHAT}: {e}.")))?;
        let (count, stop, daemon) = service_delta(&mut setup, service, daemon);
        out.notes.extend(other_cluster_note(service, &setup.nodes));
        let addresses = crate::ecs::discovery::NodeAddresses::of(&setup.nodes);
        Ok(Self {
            out,
            run: Some(ServiceRun {
                planner: Planner::new(setup, count, stop),
                service: service.clone(),
                service_name: service_name.to_owned(),
                task_definition,
                cloud_map,
                seed,
                daemon,
                addresses,
            }),
        })
    }

    /// The same job with its own copy of the input's instances, so it can outlive the input.
    pub fn into_owned(self) -> PlanServiceJob<'static> {
        PlanServiceJob {
            out: self.out,
            run: self.run.map(|run| ServiceRun {
                planner: run.planner.into_owned(),
                service: run.service,
                service_name: run.service_name,
                task_definition: run.task_definition,
                cloud_map: run.cloud_map,
                seed: run.seed,
                daemon: run.daemon,
                addresses: run.addresses,
            }),
        }
    }

    /// Tasks stopped or placed so far, out of those the plan stops and places.
    pub fn progress(&self) -> crate::ecs::placement::Progress {
        self.run.as_ref().map_or(
            crate::ecs::placement::Progress { done: 0, total: 0 },
            |run| run.planner.progress(),
        )
    }

    /// Whether the plan stops surplus tasks rather than places new ones.
    pub fn scales_in(&self) -> bool {
        self.run.as_ref().is_some_and(|run| run.planner.scales_in())
    }

    /// Stops or places at most `budget` more tasks.
    pub fn advance(&mut self, budget: usize) -> crate::ecs::placement::Progress {
        match &mut self.run {
            Some(run) => run.planner.advance(budget),
            None => self.progress(),
        }
    }

    /// Runs what is left, then lists the registrations and answers for the placed tasks.
    pub fn finish(self) -> Result<ServicePlan, CallError> {
        let Self { mut out, run } = self;
        let Some(run) = run else {
            return Ok(out);
        };
        let mut plan = run.planner.finish();
        if let Some(open) = &run.daemon {
            // A daemon simply skips instances it cannot use; they are not failures of the
            // service, but the plan names them so that a missing daemon task is not a mystery.
            plan.failures.clear();
            plan.events.clear();
            let skipped: Vec<&str> = open
                .iter()
                .filter(|arn| !plan.tasks.iter().any(|t| t.container_instance_arn == **arn))
                .map(|arn| arn.rsplit('/').next().unwrap_or(arn))
                .collect();
            if !skipped.is_empty() {
                let shown: Vec<&str> = skipped.iter().take(10).copied().collect();
                let more = skipped.len() - shown.len();
                out.notes.push(format!(
                    "{} no task of the daemon: {}{}. Each lacks the resources, ports or attributes the task needs, has no connected agent, or fails a placement constraint; ECS skips it.",
                    crate::text::count(skipped.len(), "ACTIVE instance gets", "ACTIVE instances get"),
                    shown.join(", "),
                    if more > 0 { format!(" and {more} more") } else { String::new() }
                ));
            }
        }
        if let (Some(registry), Some(cloud_map_service)) = (
            list_member(&run.service, "serviceRegistries").first(),
            run.cloud_map.service.as_ref(),
        ) {
            let planned = PlannedService {
                service: &run.service,
                service_name: &run.service_name,
                task_definition: &run.task_definition,
                cloud_map: &run.cloud_map,
                cloud_map_service,
                seed: run.seed,
            };
            discover_planned(&planned, registry, &plan, &run.addresses, &mut out)?;
        } else if !list_member(&run.service, "serviceRegistries").is_empty() {
            out.notes.push("No registrations or DNS answer: the service has a registry, but the input has no cloudMap.service (get-service output).".to_owned());
        }
        out.placement = Some(plan);
        Ok(out)
    }
}

/// A list member of a request, or nothing.
fn list_member<'a>(request: &'a Value, name: &str) -> &'a [Value] {
    request
        .get(name)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
}

/// `parseClusterQuery(expression)`: the syntax tree, or the error with its column.
pub fn parse_cluster_query(expression: &str) -> Value {
    match crate::ecs::query::parse(expression) {
        Ok(tree) => {
            serde_json::json!({ "valid": true, "tree": tree.to_json(), "dynamic": tree.is_dynamic() })
        }
        Err(error) => serde_json::json!({ "valid": false, "error": error }),
    }
}

/// How many tasks a service plan starts and stops: a REPLICA service moves towards desiredCount;
/// a DAEMON service gets one task on every ACTIVE instance that lacks one (those instances are
/// the third value, `None` for REPLICA).
fn service_delta(
    setup: &mut crate::ecs::placement::Setup<'_>,
    service: &Value,
    daemon: bool,
) -> (usize, usize, Option<Vec<String>>) {
    use crate::ecs::placement::{Constraint, MAX_TASKS};
    let running: usize = setup.nodes.iter().map(|n| n.group_tasks.len()).sum();
    if daemon {
        // One task on every ACTIVE instance that passes the constraints and lacks one; the
        // instances are kept so the plan can name those it skips.
        setup.constraints.push(Constraint::DistinctInstance);
        let open: Vec<String> = setup
            .nodes
            .iter()
            .filter(|n| n.status == "ACTIVE" && n.group_tasks.is_empty())
            .map(|n| n.arn.clone())
            .collect();
        (open.len(), 0, Some(open))
    } else {
        let desired = service
            .get("desiredCount")
            .and_then(Value::as_u64)
            .unwrap_or(0);
        let desired = usize::try_from(desired).unwrap_or(MAX_TASKS).min(MAX_TASKS);
        (
            desired.saturating_sub(running),
            running.saturating_sub(desired),
            None,
        )
    }
}

/// What `plan_service` knows about the service when it lists its registrations.
struct PlannedService<'a> {
    service: &'a Value,
    service_name: &'a str,
    task_definition: &'a crate::ecs::taskdef::TaskDefinition,
    cloud_map: &'a Context,
    cloud_map_service: &'a Service,
    seed: u64,
}

/// Whether the service's tasks run on Fargate: as simulatePlacement says, they are then placed
/// on capacity AWS manages, not on the cluster's container instances ("How Amazon ECS places
/// tasks on container instances" is about EC2).
fn runs_on_fargate(service: &Value) -> bool {
    let providers = list_member(service, "capacityProviderStrategy");
    service.get("launchType").and_then(Value::as_str) == Some("FARGATE")
        || (!providers.is_empty()
            && providers.iter().all(|p| {
                matches!(
                    p.get("capacityProvider").and_then(Value::as_str),
                    Some("FARGATE" | "FARGATE_SPOT")
                )
            }))
}

/// A note when the container instances' ARNs name another cluster than the service's (`default`
/// when the request names none): ECS places a service's tasks only on its own cluster, and the
/// registrations' ECS_CLUSTER_NAME is the service's.
fn other_cluster_note(service: &Value, nodes: &[crate::ecs::placement::Node]) -> Option<String> {
    let named = service.get("cluster").and_then(Value::as_str);
    let cluster = named.map_or("default", |c| c.rsplit('/').next().unwrap_or(c));
    let other = nodes.iter().find_map(|node| {
        let in_cluster = crate::ecs::placement::cluster_in_arn(&node.arn)?;
        (in_cluster != cluster).then_some(in_cluster)
    })?;
    let how = if named.is_some() {
        format!("names the cluster {cluster}")
    } else {
        "names no cluster, so it is created in default".to_owned()
    };
    Some(format!("The service {how}, but the container instances are in {other}: ECS places a service's tasks only on its own cluster's instances. The plan uses the instances given, and the registrations say ECS_CLUSTER_NAME {cluster}."))
}

/// The RegisterInstance requests ECS would make for the placed tasks, each validated, and what
/// DNS and DiscoverInstances then answer.
fn discover_planned(
    planned: &PlannedService<'_>,
    registry: &Value,
    plan: &crate::ecs::placement::Plan,
    nodes: &crate::ecs::discovery::NodeAddresses,
    out: &mut ServicePlan,
) -> Result<(), CallError> {
    const WHAT: &str = "planService";
    let PlannedService {
        service,
        service_name,
        task_definition,
        cloud_map,
        cloud_map_service,
        seed,
    } = *planned;
    let registry = crate::ecs::discovery::Registry::from_value(registry);

    let cluster_name = service
        .get("cluster")
        .and_then(Value::as_str)
        .map_or("default", |c| c.rsplit('/').next().unwrap_or(c));
    let family = task_definition.default_group();
    let facts = crate::ecs::discovery::ServiceFacts {
        cluster_name,
        service_name,
        family: family.trim_start_matches("family:"),
        network_mode: task_definition
            .network_mode()
            .map_err(|e| invalid(format!("{WHAT}: {e}.")))?,
        registry: &registry,
        cloud_map_service,
    };
    let requests = crate::ecs::discovery::registrations(&facts, &plan.tasks, nodes);
    for registration in requests {
        let report = crate::Report::from_diagnostics(crate::cloudmap::register_instance(
            &registration.request,
            cloud_map,
        ));
        out.registrations.push(PlannedRegistration {
            task_arn: registration.task_arn,
            request: registration.request,
            simulated_address: registration.simulated_address,
            valid: report.valid,
            diagnostics: report.diagnostics,
        });
    }
    if let Some(namespace) = &cloud_map.namespace {
        let instances: Vec<Value> = out
            .registrations
            .iter()
            .map(|r| r.request.clone())
            .collect();
        let namespace_value = serde_json::to_value(namespace).unwrap_or_default();
        let service_value = serde_json::to_value(cloud_map_service).unwrap_or_default();
        let is_dns = cloud_map.http_namespace() != Some(true);
        if is_dns {
            let query_type =
                if cloud_map_service.has_record(crate::cloudmap::model::RecordType::Srv) {
                    "SRV"
                } else {
                    "A"
                };
            out.dns = Some(simulate_dns(&serde_json::json!({
                "namespace": namespace_value, "service": service_value, "instances": instances,
                "query": { "type": query_type }, "seed": seed,
            }))?);
        }
        let request = serde_json::json!({
            "NamespaceName": namespace.http_name().or(namespace.name.as_deref()).unwrap_or("local"),
            "ServiceName": cloud_map_service.name.as_deref().unwrap_or(service_name),
        });
        out.discovery = Some(discover_instances(&serde_json::json!({
            "namespace": namespace_value, "service": service_value, "instances": instances,
            "request": request, "seed": seed,
        }))?);
    }
    Ok(())
}
