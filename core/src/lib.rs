//! muster-core: validates and previews AWS Cloud Map and ECS service-registration requests.
//!
//! Pure Rust with no WebAssembly dependencies; `muster-wasm` and `muster-web` wrap it.

pub mod cloudmap;
pub mod diagnostics;
pub mod pointer;
pub mod shape;

use std::fmt;
use std::str::FromStr;

use serde_json::Value;

pub use diagnostics::{Diagnostic, Report, Rule, Severity};

/// The operations muster validates, by their AWS API names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operation {
    RegisterInstance,
}

impl Operation {
    pub const ALL: [Operation; 1] = [Operation::RegisterInstance];

    pub fn name(self) -> &'static str {
        match self {
            Operation::RegisterInstance => "RegisterInstance",
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
            .into_iter()
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
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::UnknownOperation => "UNKNOWN_OPERATION",
            ErrorCode::InvalidContext => "INVALID_CONTEXT",
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
            serde_json::from_str::<Value>(text).map_err(|e| {
                CallError::new(
                    ErrorCode::InvalidContext,
                    format!("The context is not valid JSON: {e}."),
                )
            })
        })
        .transpose()?;
    match shape::parse_json(request) {
        Ok(value) => validate(operation, &value, context.as_ref()),
        Err(diagnostic) => Ok(Report::from_diagnostics(vec![diagnostic])),
    }
}

/// Validates a parsed request against an optional context.
pub fn validate(
    operation: Operation,
    request: &Value,
    context: Option<&Value>,
) -> Result<Report, CallError> {
    let diagnostics = match operation {
        Operation::RegisterInstance => {
            let context = match context {
                None | Some(Value::Null) => cloudmap::Context::default(),
                Some(value) => cloudmap::Context::from_value(value).map_err(|e| {
                    CallError::new(ErrorCode::InvalidContext, format!("Invalid context: {e}."))
                })?,
            };
            cloudmap::register_instance(request, &context)
        }
    };
    Ok(Report::from_diagnostics(diagnostics))
}

/// The table of every diagnostic code.
pub fn rules() -> &'static [Rule] {
    diagnostics::rules::ALL
}
