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
    let response = zone.query(&name, &record_type, seed);
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
    let mut counts = vec![0u64; setup.registry.instances.len()];
    let index: std::collections::HashMap<&str, usize> = setup
        .registry
        .instances
        .iter()
        .enumerate()
        .map(|(i, inst)| (inst.id.as_str(), i))
        .collect();
    let mut empty = 0;
    for i in 0..queries {
        let response = zone.query(&name, &record_type, seed.wrapping_add(i));
        if response.answer.is_empty() {
            empty += 1;
        }
        for id in &response.instance_ids {
            if let Some(slot) = index.get(id.as_str()).and_then(|&i| counts.get_mut(i)) {
                *slot += 1;
            }
        }
    }
    #[allow(clippy::cast_precision_loss)] // counts stay far below 2^52
    let instances = setup
        .registry
        .instances
        .iter()
        .zip(counts)
        .map(|(inst, count)| InstanceShare {
            instance_id: inst.id.clone(),
            health_status: inst.health_status.as_str(),
            count,
            share: count as f64 / queries as f64,
        })
        .collect();
    Ok(Distribution {
        queries,
        instances,
        empty_answers: empty,
        skipped: setup.skipped,
    })
}

/// The result of `discover_instances`: the API response, or the error it returns.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Discovery {
    pub response: Option<discover::Output>,
    pub error: Option<preview::ApiError>,
    pub diagnostics: Vec<Diagnostic>,
    pub skipped: Vec<Skipped>,
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
    Ok(match outcome {
        Outcome::Found(output) => Discovery {
            response: Some(output),
            error: None,
            diagnostics: Vec::new(),
            skipped: setup.skipped,
        },
        Outcome::Refused {
            code,
            message,
            diagnostics,
        } => Discovery {
            response: None,
            error: Some(preview::ApiError { code, message }),
            diagnostics,
            skipped: setup.skipped,
        },
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
    Ok(preview::register_instance(
        request, &parsed, &existing, seed,
    ))
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
        Some(value) => crate::ecs::ClusterState::deserialize(value)
            .map_err(|e| invalid(format!("{WHAT}: state is not a cluster state: {e}.")))?,
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
        "DescribeContainerInstances" => Ok(crate::ecs::Outcome::from_response(state.describe())),
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
}

/// `importRequest(text, format?, operation?)`: reads a request from a body, a CLI command line, a
/// --cli-input-json or skeleton file, or a get-instance / list-instances / get-service output.
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
        .map(|i| ImportOut {
            operation: i.operation.name(),
            request: i.request,
            format: i.format.name(),
            notes: i.notes,
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
}
