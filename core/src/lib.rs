//! muster-core: validates and previews AWS Cloud Map and ECS service-registration requests.
//!
//! Pure Rust with no WebAssembly dependencies; `muster-wasm` and `muster-web` wrap it.

pub mod api;
pub mod cloudmap;
pub mod diagnostics;
pub mod ecs;
pub mod export;
pub mod json;
pub mod order;
pub mod pointer;
pub mod rng;
pub mod robustness;
pub mod shape;
pub mod text;

use std::fmt;
use std::str::FromStr;

use serde_json::Value;

pub use diagnostics::{Diagnostic, Report, Rule, Severity};

/// The operations muster validates, by their AWS API names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operation {
    RegisterInstance,
    /// Cloud Map's CreateService request.
    CreateService,
    /// A Cloud Map service as GetService returns it.
    Service,
    /// Cloud Map's DiscoverInstances request.
    DiscoverInstances,
    /// A Cloud Map namespace as GetNamespace returns it.
    Namespace,
    /// ECS RegisterContainerInstance (what the container agent sends).
    RegisterContainerInstance,
    /// ECS DeregisterContainerInstance.
    DeregisterContainerInstance,
    /// ECS UpdateContainerInstancesState (ACTIVE / DRAINING).
    UpdateContainerInstancesState,
    /// ECS CreateService. Also reached through `CreateService` when the request has ECS's
    /// camelCase members or the context holds a task definition (see [`Operation::resolve`]).
    EcsCreateService,
    /// ECS UpdateService (Cloud Map's UpdateService is not validated, so the name is ECS's).
    UpdateService,
}

impl Operation {
    pub const ALL: &'static [Operation] = &[
        Operation::RegisterInstance,
        Operation::CreateService,
        Operation::Service,
        Operation::DiscoverInstances,
        Operation::Namespace,
        Operation::RegisterContainerInstance,
        Operation::DeregisterContainerInstance,
        Operation::UpdateContainerInstancesState,
        Operation::EcsCreateService,
        Operation::UpdateService,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Operation::RegisterInstance => "RegisterInstance",
            Operation::CreateService => "CreateService",
            Operation::Service => "Service",
            Operation::DiscoverInstances => "DiscoverInstances",
            Operation::Namespace => "Namespace",
            Operation::RegisterContainerInstance => "RegisterContainerInstance",
            Operation::DeregisterContainerInstance => "DeregisterContainerInstance",
            Operation::UpdateContainerInstancesState => "UpdateContainerInstancesState",
            Operation::EcsCreateService => "ecs:CreateService",
            Operation::UpdateService => "UpdateService",
        }
    }

    /// `CreateService` names both Cloud Map's and ECS's operation. The request tells them apart:
    /// ECS members are camelCase (`serviceName`, `taskDefinition`, ...), Cloud Map's PascalCase;
    /// a context with `taskDefinition` or `cloudMapService` is ECS's too.
    #[must_use]
    pub fn resolve(self, request: &Value, context: Option<&Value>) -> Self {
        if self != Operation::CreateService {
            return self;
        }
        let ecs_context = context
            .and_then(Value::as_object)
            .is_some_and(|c| c.contains_key("taskDefinition") || c.contains_key("cloudMapService"));
        let ecs_request = request.as_object().is_some_and(|r| {
            r.keys()
                .any(|k| k.starts_with(|c: char| c.is_ascii_lowercase()))
                && !r
                    .keys()
                    .any(|k| k.starts_with(|c: char| c.is_ascii_uppercase()))
        });
        if ecs_context || ecs_request {
            Operation::EcsCreateService
        } else {
            self
        }
    }
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Operation {
    type Err = CallError;

    fn from_str(name: &str) -> Result<Self, CallError> {
        Self::ALL
            .iter()
            .copied()
            .find(|op| op.name() == name)
            .ok_or_else(|| {
                let names: Vec<&str> = Self::ALL.iter().map(|op| op.name()).collect();
                let hint = shape::suggest(name, &names)
                    .map_or_else(String::new, |s| format!(" Did you mean {s}?"));
                CallError::new(
                    ErrorCode::UnknownOperation,
                    format!(
                        "Unknown operation {name:?}.{hint} Supported: {}.",
                        names.join(", ")
                    ),
                )
            })
    }
}

/// Why a call could not be carried out at all (as opposed to findings about a request).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    UnknownOperation,
    InvalidContext,
    /// A simulator input is missing something it needs, or has the wrong form.
    InvalidArgument,
    /// Export refused: the request has validation errors.
    InvalidRequest,
    /// Export refused: the format cannot express the request.
    UnsupportedFormat,
    /// Import failed: the text is not a request muster can read.
    ImportFailed,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::UnknownOperation => "UNKNOWN_OPERATION",
            ErrorCode::InvalidContext => "INVALID_CONTEXT",
            ErrorCode::InvalidArgument => "INVALID_ARGUMENT",
            ErrorCode::InvalidRequest => "INVALID_REQUEST",
            ErrorCode::UnsupportedFormat => "UNSUPPORTED_FORMAT",
            ErrorCode::ImportFailed => "IMPORT_FAILED",
        }
    }
}

/// An unusable call: the one error channel besides findings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallError {
    pub code: ErrorCode,
    pub message: String,
}

impl CallError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

impl fmt::Display for CallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CallError {}

/// Validates request JSON text. Malformed JSON is a finding (JSON001), not an error; a bad
/// operation name or context is an error.
pub fn validate_text(
    operation: &str,
    request: &str,
    context: Option<&str>,
) -> Result<Report, CallError> {
    let operation: Operation = operation.parse()?;
    let context = context
        .map(|text| {
            json::from_text::<Value>(text).map_err(|e| {
                CallError::new(
                    ErrorCode::InvalidContext,
                    format!("The context is not valid JSON: {e}."),
                )
            })
        })
        .transpose()?;
    if let Some(report) = validate_tree(operation, request, context.as_ref()) {
        return report;
    }
    match shape::parse_json_with_duplicates(request) {
        Ok((value, duplicates)) => {
            let mut report = validate(operation, &value, context.as_ref())?;
            if !duplicates.is_empty() {
                report.diagnostics.extend(duplicates);
                report = Report::from_diagnostics(report.diagnostics);
            }
            Ok(report)
        }
        Err(diagnostic) => Ok(Report::from_diagnostics(vec![diagnostic])),
    }
}

/// Validates the operations whose validators run on the borrowed tree ([`json::Value`]), the
/// ones checked on every keystroke and in bulk; `None` for the others.
fn validate_tree(
    operation: Operation,
    request: &str,
    context: Option<&Value>,
) -> Option<Result<Report, CallError>> {
    let cloudmap = match operation {
        Operation::RegisterInstance => match cloudmap_context(context) {
            Ok(context) => Some(context),
            Err(err) => return Some(Err(err)),
        },
        Operation::RegisterContainerInstance
        | Operation::DeregisterContainerInstance
        | Operation::UpdateContainerInstancesState => None,
        _ => return None,
    };
    let report = shape::with_tree(request, |tree, duplicates| {
        let mut diagnostics = match (operation, &cloudmap) {
            (Operation::RegisterInstance, Some(context)) => {
                cloudmap::validate::register_instance_tree(tree, context)
            }
            (Operation::RegisterContainerInstance, _) => {
                ecs::validate::register_container_instance_tree(tree)
            }
            (Operation::DeregisterContainerInstance, _) => {
                ecs::validate::deregister_container_instance_tree(tree)
            }
            _ => ecs::validate::update_container_instances_state_tree(tree),
        };
        diagnostics.extend(duplicates);
        Report::from_diagnostics(diagnostics)
    });
    Some(Ok(report.unwrap_or_else(|syntax| {
        Report::from_diagnostics(vec![syntax])
    })))
}

/// Validates a parsed request against an optional context.
pub fn validate(
    operation: Operation,
    request: &Value,
    context: Option<&Value>,
) -> Result<Report, CallError> {
    let diagnostics = match operation.resolve(request, context) {
        Operation::EcsCreateService | Operation::UpdateService => {
            let context = match context {
                None | Some(Value::Null) => ecs::service::ServiceContext::default(),
                Some(value) => ecs::service::ServiceContext::from_value(value).map_err(|e| {
                    CallError::new(ErrorCode::InvalidContext, format!("Invalid context: {e}."))
                })?,
            };
            let which = if operation == Operation::UpdateService {
                ecs::service::ServiceRequest::Update
            } else {
                ecs::service::ServiceRequest::Create
            };
            ecs::service::validate_service(request, which, &context)
        }
        Operation::RegisterInstance => {
            let context = cloudmap_context(context)?;
            cloudmap::register_instance(request, &context)
        }
        Operation::CreateService | Operation::Service => {
            let context = cloudmap_context(context)?;
            let shape = if operation == Operation::CreateService {
                cloudmap::service::ServiceShape::CreateService
            } else {
                cloudmap::service::ServiceShape::Service
            };
            cloudmap::service::validate_service(request, shape, context.namespace_type())
        }
        Operation::DiscoverInstances => cloudmap::discover::validate_request(request),
        Operation::Namespace => cloudmap::namespace::validate_namespace(request),
        // The ECS operations take no context; one given is ignored.
        Operation::RegisterContainerInstance => ecs::register_container_instance(request),
        Operation::DeregisterContainerInstance => ecs::deregister_container_instance(request),
        Operation::UpdateContainerInstancesState => ecs::update_container_instances_state(request),
    };
    Ok(Report::from_diagnostics(diagnostics))
}

/// Reads an optional Cloud Map context (`{ service?, namespace? }`).
fn cloudmap_context(context: Option<&Value>) -> Result<cloudmap::Context, CallError> {
    match context {
        None | Some(Value::Null) => Ok(cloudmap::Context::default()),
        Some(value) => cloudmap::Context::from_value(value).map_err(|e| {
            CallError::new(ErrorCode::InvalidContext, format!("Invalid context: {e}."))
        }),
    }
}

/// The table of every diagnostic code.
pub fn rules() -> &'static [Rule] {
    diagnostics::rules::ALL
}
