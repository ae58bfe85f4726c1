//! Import: the API body, a `--cli-input-json` / `--generate-cli-skeleton` file, an AWS CLI
//! command line, the HTTP text or curl command muster exports, and API responses
//! (`get-instance`, `list-instances`, `get-service`, ECS `describe-services`) back into a request.

use std::fmt;
use std::str::FromStr;

use serde_json::{Map, Value};

use super::cli::PARAMFILE_PREFIXES;
use super::model::{self, Field, OperationModel, Shape};
use super::shell::{split_words, split_words_keeping_variables, ShellError};
use super::shorthand;
use crate::pointer::Pointer;
use crate::Operation;

/// The forms a request can be imported from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImportFormat {
    /// The API request body.
    Json,
    /// A `--cli-input-json` file, or `--generate-cli-skeleton` output filled in: the skeleton's
    /// empty placeholders are dropped, unless the request is valid with them.
    CliInputJson,
    /// A `--cli-input-yaml` file (AWS CLI v2), or `--generate-cli-skeleton yaml-input` output
    /// filled in, read as the CLI reads it (see [`super::yaml_read`]).
    CliInputYaml,
    /// An `aws ...` command line.
    Cli,
    /// An `aws ...` command line for PowerShell (backtick continuations, PowerShell quoting), or
    /// the script muster's PowerShell export writes: a here-string saved as the
    /// `--cli-input-json` file, then the command (see [`super::powershell`]).
    PowerShell,
    /// An AWS JSON 1.1 HTTP request (as the http export writes it).
    Http,
    /// A curl command with the request body (as the curl export writes it).
    Curl,
    /// `aws servicediscovery get-instance` output.
    GetInstance,
    /// `aws servicediscovery list-instances` output.
    ListInstances,
    /// `aws servicediscovery get-service` output (or a bare `Service`).
    GetService,
    /// `aws ecs describe-services` output: each service as an ECS CreateService request.
    DescribeServices,
    /// `aws ecs describe-container-instances` output: each instance as the
    /// RegisterContainerInstance request that re-registers it.
    DescribeContainerInstances,
}

impl ImportFormat {
    pub const ALL: &'static [ImportFormat] = &[
        ImportFormat::Json,
        ImportFormat::CliInputJson,
        ImportFormat::CliInputYaml,
        ImportFormat::Cli,
        ImportFormat::PowerShell,
        ImportFormat::Http,
        ImportFormat::Curl,
        ImportFormat::GetInstance,
        ImportFormat::ListInstances,
        ImportFormat::GetService,
        ImportFormat::DescribeServices,
        ImportFormat::DescribeContainerInstances,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ImportFormat::Json => "json",
            ImportFormat::CliInputJson => "cli-input-json",
            ImportFormat::CliInputYaml => "cli-input-yaml",
            ImportFormat::Cli => "cli",
            ImportFormat::PowerShell => "powershell",
            ImportFormat::Http => "http",
            ImportFormat::Curl => "curl",
            ImportFormat::GetInstance => "get-instance",
            ImportFormat::ListInstances => "list-instances",
            ImportFormat::GetService => "get-service",
            ImportFormat::DescribeServices => "describe-services",
            ImportFormat::DescribeContainerInstances => "describe-container-instances",
        }
    }
}

impl fmt::Display for ImportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for ImportFormat {
    type Err = ImportError;

    fn from_str(name: &str) -> Result<Self, ImportError> {
        Self::ALL
            .iter()
            .copied()
            .find(|f| f.name() == name)
            .ok_or_else(|| {
                let names: Vec<&str> = Self::ALL.iter().map(|f| f.name()).collect();
                ImportError::Unusable {
                    format: None,
                    message: format!(
                        "Unknown import format {name:?}; formats: {}.",
                        names.join(", ")
                    ),
                }
            })
    }
}

/// An imported request.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    pub operation: Operation,
    pub request: Value,
    /// The form the text was read as.
    pub format: ImportFormat,
    /// What was changed or left out, and what to fill in.
    pub notes: Vec<String>,
}

/// Why text could not be imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    /// The text is not valid JSON where JSON was expected.
    NotJson {
        line: usize,
        column: usize,
        message: String,
    },
    /// The command line cannot be split as bash would.
    Shell(ShellError),
    /// Anything else: an unknown operation or option, a value the AWS CLI would refuse, a response
    /// of the wrong shape.
    Unusable {
        format: Option<ImportFormat>,
        message: String,
    },
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::NotJson {
                line,
                column,
                message,
            } => write!(
                f,
                "Not valid JSON at line {line}, column {column}: {message}."
            ),
            ImportError::Shell(e) => write!(f, "Cannot read the command line: {e}."),
            ImportError::Unusable { message, .. } => f.write_str(message),
        }
    }
}

impl std::error::Error for ImportError {}

fn unusable(format: ImportFormat, message: impl Into<String>) -> ImportError {
    ImportError::Unusable {
        format: Some(format),
        message: message.into(),
    }
}

fn parse_json(text: &str) -> Result<Value, ImportError> {
    crate::json::from_text(text).map_err(|e| {
        let full = e.to_string();
        let message = full
            .find(" at line ")
            .and_then(|i| full.get(..i))
            .unwrap_or(&full)
            .to_owned();
        ImportError::NotJson {
            line: e.line(),
            column: e.column(),
            message,
        }
    })
}

/// A note for each key the JSON `text` repeats within one object. serde_json, like the AWS CLI
/// (Python's json) and `JSON.parse`, keeps the last value; the import does the same, and says so
/// rather than drop a value without a word.
fn repeated_key_notes(text: &str) -> Vec<String> {
    crate::shape::parse_json_with_duplicates(text)
        .map(|(_, duplicates)| {
            duplicates
                .iter()
                .map(|d| {
                    format!(
                        "The JSON repeats a key at {}; as the AWS CLI does, the last value was used. Keep one.",
                        if d.path.is_empty() { "the top level" } else { &d.path }
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Appends the notes on repeated keys in `json` to every import read from it.
fn note_repeated_keys(json: &str, imported: &mut [Imported]) {
    let notes = repeated_key_notes(json);
    if notes.is_empty() {
        return;
    }
    for one in imported {
        one.notes.extend(notes.iter().cloned());
    }
}

/// Reads a request from `text`. `format` and `operation` are hints; without them both are
/// detected (the operation from the members, the command or the `X-Amz-Target`).
pub fn import_request(
    text: &str,
    format: Option<ImportFormat>,
    operation: Option<Operation>,
) -> Result<Imported, ImportError> {
    import_many(text, format, operation, true)?
        .into_iter()
        .next()
        .ok_or_else(|| ImportError::Unusable {
            format,
            message: "Nothing to import.".to_owned(),
        })
}

/// Like [`import_request`], but a `list-instances` output gives every instance.
pub fn import_all(
    text: &str,
    format: Option<ImportFormat>,
    operation: Option<Operation>,
) -> Result<Vec<Imported>, ImportError> {
    import_many(text, format, operation, false)
}

fn import_many(
    text: &str,
    format: Option<ImportFormat>,
    operation: Option<Operation>,
    first_only: bool,
) -> Result<Vec<Imported>, ImportError> {
    let trimmed = text.trim_start_matches('\u{feff}').trim();
    if trimmed.is_empty() {
        return Err(ImportError::Unusable {
            format,
            message: "The text is empty.".to_owned(),
        });
    }
    let format = match format {
        Some(f) => f,
        None => detect(trimmed)?,
    };
    let mut imported = read_as(trimmed, format, operation, first_only)?;
    if !matches!(
        format,
        ImportFormat::Cli
            | ImportFormat::PowerShell
            | ImportFormat::Http
            | ImportFormat::Curl
            | ImportFormat::CliInputYaml
    ) {
        note_repeated_keys(trimmed, &mut imported);
    }
    Ok(imported)
}

fn read_as(
    trimmed: &str,
    format: ImportFormat,
    operation: Option<Operation>,
    first_only: bool,
) -> Result<Vec<Imported>, ImportError> {
    match format {
        ImportFormat::Json | ImportFormat::CliInputJson => {
            let value = parse_json(trimmed)?;
            Ok(vec![body(
                value,
                format,
                operation,
                format == ImportFormat::CliInputJson,
            )?])
        }
        ImportFormat::CliInputYaml => Ok(vec![body(
            read_yaml(trimmed, format)?,
            format,
            operation,
            true,
        )?]),
        ImportFormat::GetInstance => Ok(vec![get_instance(&parse_json(trimmed)?)?]),
        ImportFormat::ListInstances => list_instances(&parse_json(trimmed)?, first_only),
        ImportFormat::GetService => Ok(vec![get_service(&parse_json(trimmed)?)?]),
        ImportFormat::DescribeServices => describe_services(&parse_json(trimmed)?, first_only),
        ImportFormat::DescribeContainerInstances => {
            describe_container_instances(&parse_json(trimmed)?, first_only)
        }
        ImportFormat::Cli if super::windows::is_cmd(trimmed) => Ok(vec![cmd_command(trimmed)?]),
        ImportFormat::Cli => {
            let words = split_words(trimmed).map_err(ImportError::Shell)?;
            Ok(vec![command_line(&words, format)?])
        }
        ImportFormat::PowerShell => Ok(vec![powershell_command(trimmed)?]),
        ImportFormat::Http => Ok(vec![http(trimmed)?]),
        ImportFormat::Curl => Ok(vec![curl(trimmed)?]),
    }
}

#[cfg(feature = "windows-import")]
fn powershell_command(text: &str) -> Result<Imported, ImportError> {
    windows_command(
        ImportFormat::PowerShell,
        "PowerShell",
        super::powershell::command_words(text),
    )
}

#[cfg(feature = "windows-import")]
fn cmd_command(text: &str) -> Result<Imported, ImportError> {
    windows_command(
        ImportFormat::Cli,
        "command prompt (cmd)",
        super::cmd::command_words(text),
    )
}

/// The request of a command a Windows shell's reader split into words, with the reader's notes
/// first.
#[cfg(feature = "windows-import")]
fn windows_command(
    format: ImportFormat,
    shell: &str,
    read: Result<(Vec<String>, Vec<String>), String>,
) -> Result<Imported, ImportError> {
    let (words, notes) =
        read.map_err(|e| unusable(format, format!("Cannot read the {shell} command: {e}.")))?;
    let mut imported = command_line(&words, format)?;
    imported.notes.splice(0..0, notes);
    Ok(imported)
}

/// Built without the Windows readers (the npm package, for its size): say where they are.
#[cfg(not(feature = "windows-import"))]
fn powershell_command(_text: &str) -> Result<Imported, ImportError> {
    Err(windows_left_out(ImportFormat::PowerShell, "PowerShell"))
}

#[cfg(not(feature = "windows-import"))]
fn cmd_command(_text: &str) -> Result<Imported, ImportError> {
    Err(windows_left_out(
        ImportFormat::Cli,
        "the Windows command prompt",
    ))
}

#[cfg(not(feature = "windows-import"))]
fn windows_left_out(format: ImportFormat, shell: &str) -> ImportError {
    unusable(format, format!("This is a command for {shell}. The muster web app reads it; this package leaves its PowerShell and command prompt readers out to stay small. Paste the command for bash, or the request as JSON."))
}

#[cfg(feature = "yaml-import")]
fn read_yaml(text: &str, format: ImportFormat) -> Result<Value, ImportError> {
    super::yaml_read::parse_yaml(text)
        .map_err(|e| unusable(format, format!("YAML line {}: {}", e.line, e.message)))
}

/// Built without the YAML reader (the npm package, for its size): say where it is read.
#[cfg(not(feature = "yaml-import"))]
fn read_yaml(_text: &str, format: ImportFormat) -> Result<Value, ImportError> {
    Err(unusable(format, "This is YAML (a --cli-input-yaml file). The muster web app reads it; this package leaves its YAML reader out to stay small. Convert it to JSON (yq -o=json file.yaml) and import that."))
}

/// Decides what the text is: JSON (a request, skeleton or response), HTTP, curl or an aws command.
fn detect(text: &str) -> Result<ImportFormat, ImportError> {
    if text.starts_with('{') || text.starts_with('[') {
        let value = parse_json(text)?;
        let Some(object) = value.as_object() else {
            return Ok(ImportFormat::Json);
        };
        let only = |allowed: &[&str]| object.keys().all(|k| allowed.contains(&k.as_str()));
        if object.get("Instance").is_some_and(Value::is_object)
            && only(&["Instance", "ResourceOwner"])
        {
            return Ok(ImportFormat::GetInstance);
        }
        if object.get("Instances").is_some_and(Value::is_array)
            && only(&["Instances", "NextToken", "ResourceOwner"])
        {
            return Ok(ImportFormat::ListInstances);
        }
        if object.get("services").is_some_and(Value::is_array) && only(&["services", "failures"]) {
            return Ok(ImportFormat::DescribeServices);
        }
        if object
            .get("containerInstances")
            .is_some_and(Value::is_array)
            && only(&["containerInstances", "failures"])
        {
            return Ok(ImportFormat::DescribeContainerInstances);
        }
        if object.get("Service").is_some_and(Value::is_object) && only(&["Service"]) {
            return Ok(ImportFormat::GetService);
        }
        if object.contains_key("AWSTemplateFormatVersion") || object.contains_key("Resources") {
            return Err(export_only("a CloudFormation template"));
        }
        if object.contains_key("Id")
            && object.contains_key("Name")
            && (object.contains_key("Arn") || object.contains_key("CreateDate"))
        {
            return Ok(ImportFormat::GetService);
        }
        return Ok(ImportFormat::Json);
    }
    let first_line = text.lines().next().unwrap_or("");
    match yaml_or_export_only(text) {
        Some(Ok(format)) => return Ok(format),
        Some(Err(what)) => return Err(export_only(what)),
        None => {}
    }
    if first_line.ends_with("HTTP/1.1")
        || first_line.ends_with("HTTP/2")
        || first_line.starts_with("POST /")
    {
        return Ok(ImportFormat::Http);
    }
    if first_line.split_whitespace().next() == Some("curl") {
        return Ok(ImportFormat::Curl);
    }
    Ok(ImportFormat::Cli)
}

/// What the first line tells: YAML that is not a CloudFormation template is a cli-input-yaml
/// file (`Ok`); the export formats muster writes but does not read are named (`Err`), since
/// pasting one should say so, not fail on what bash would make of it.
fn yaml_or_export_only(text: &str) -> Option<Result<ImportFormat, &'static str>> {
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with("//") && *l != "---")?;
    let unprompted = super::windows::without_powershell_prompt(first);
    let word = unprompted.split_whitespace().next().unwrap_or("");
    // PowerShell continues the command line with a backtick where bash has a backslash, and
    // muster's PowerShell export may start with the here-string it saves as a file.
    let prompted = unprompted != first;
    let aws = matches!(word, "aws" | "aws.exe" | "&");
    if (aws && (first.ends_with(" `") || prompted || word == "&"))
        || (first.starts_with('$') && (first.ends_with("= @'") || first.ends_with("= @\"")))
    {
        return Some(Ok(ImportFormat::PowerShell));
    }
    if matches!(word, "import" | "from") || first.starts_with("const ") {
        return Some(Err("SDK code"));
    }
    if matches!(word, "resource" | "terraform" | "provider") {
        return Some(Err("Terraform"));
    }
    let yaml_key = first.split_once(':').is_some_and(|(key, rest)| {
        !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '"')
            && (rest.is_empty() || rest.starts_with(' '))
    });
    if yaml_key {
        return Some(
            if first.starts_with("AWSTemplateFormatVersion") || first.starts_with("Resources") {
                Err("a CloudFormation template")
            } else {
                Ok(ImportFormat::CliInputYaml)
            },
        );
    }
    None
}

fn export_only(what: &str) -> ImportError {
    ImportError::Unusable {
        format: None,
        message: format!("This looks like {what}, which muster writes but does not read. Paste request JSON, an aws command (bash or PowerShell), a --cli-input-json file, HTTP or curl text, or a get, list or describe output."),
    }
}

/// The operation a request body belongs to, from its members.
fn infer_operation(
    object: &Map<String, Value>,
    format: ImportFormat,
) -> Result<Operation, ImportError> {
    let best: Vec<(&OperationModel, usize, bool)> = model::OPERATIONS
        .iter()
        .map(|m| {
            let known = object.keys().filter(|k| m.input.field(k).is_some()).count();
            let complete = m
                .input
                .fields()
                .iter()
                .filter(|f| f.required)
                .all(|f| object.contains_key(f.name));
            (m, known, complete)
        })
        .filter(|(_, known, _)| *known > 0)
        .collect();
    // Most members known first, then the complete ones; among equals the table's order
    // (the index), so the pick does not depend on the sort.
    let mut best: Vec<(usize, (&OperationModel, usize, bool))> =
        best.into_iter().enumerate().collect();
    crate::order::heap_sort_by(&mut best, |(i, a), (j, b)| (b.1, b.2, i) < (a.1, a.2, j));
    let best: Vec<(&OperationModel, usize, bool)> = best.into_iter().map(|(_, b)| b).collect();
    match best.as_slice() {
        [] => Err(unusable(
            format,
            if object.is_empty() {
                "An empty object could be several requests (RegisterContainerInstance needs no member at all); give the operation.".to_owned()
            } else {
                format!(
                    "No operation muster exports has the members {}; give the operation.",
                    object
                        .keys()
                        .map(String::as_str)
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            },
        )),
        [(m, ..)] => Ok(m.operation),
        [(m, k1, c1), (other, k2, c2), ..] => {
            if k1 == k2 && c1 == c2 {
                Err(unusable(
                    format,
                    format!(
                        "The members fit both {} and {}; give the operation.",
                        m.operation, other.operation
                    ),
                ))
            } else {
                Ok(m.operation)
            }
        }
    }
}

/// A skeleton placeholder: what `--generate-cli-skeleton` writes for a string or a number.
fn is_placeholder(value: &Value) -> bool {
    match value {
        Value::String(s) => s.is_empty(),
        Value::Number(n) => n.as_f64() == Some(0.0),
        _ => false,
    }
}

/// Drops skeleton placeholders (`""`, `0`, `"KeyName": ""` and containers left empty);
/// `None` when the whole value was a placeholder.
fn strip(value: &Value, path: &Pointer, dropped: &mut Vec<String>) -> Option<Value> {
    match value {
        v if is_placeholder(v) => {
            dropped.push(path.as_str().to_owned());
            None
        }
        Value::Object(map) => {
            let mut kept = Map::new();
            for (k, v) in map {
                if let Some(v) = strip(v, &path.key(k), dropped) {
                    kept.insert(k.clone(), v);
                }
            }
            if kept.is_empty() {
                if !map.is_empty() {
                    dropped.push(path.as_str().to_owned());
                }
                None
            } else {
                Some(Value::Object(kept))
            }
        }
        Value::Array(items) => {
            let kept: Vec<Value> = items
                .iter()
                .enumerate()
                .filter_map(|(i, v)| strip(v, &path.index(i), dropped))
                .collect();
            if kept.is_empty() && !items.is_empty() {
                dropped.push(path.as_str().to_owned());
                None
            } else {
                Some(Value::Array(kept))
            }
        }
        other => Some(other.clone()),
    }
}

/// A request body, a CLI input file or a skeleton.
fn body(
    value: Value,
    format: ImportFormat,
    operation: Option<Operation>,
    skeleton_hint: bool,
) -> Result<Imported, ImportError> {
    let operation = operation.map(|op| op.resolve(&value, None));
    let Value::Object(object) = value else {
        return match operation {
            Some(operation) => Ok(Imported {
                operation,
                request: value,
                format,
                notes: vec![
                    "The request is not a JSON object; validation will say more.".to_owned(),
                ],
            }),
            None => Err(unusable(
                format,
                format!(
                    "A request is a JSON object, but this is {}.",
                    crate::shape::describe(&value)
                ),
            )),
        };
    };
    let operation = match operation {
        Some(op) => op,
        None => infer_operation(&object, format)?,
    };
    let mut notes = Vec::new();
    let mut request = Value::Object(object);
    let mut dropped = Vec::new();
    let stripped = strip(&request, &Pointer::root(), &mut dropped)
        .unwrap_or_else(|| Value::Object(Map::new()));
    let placeholders = dropped
        .iter()
        .map(|p| {
            if p.is_empty() {
                "(request)"
            } else {
                p.as_str()
            }
        })
        .collect::<Vec<_>>()
        .join(", ");
    // A valid request is never changed, so a real empty string or zero survives.
    let valid = crate::validate(operation, &request, None).is_ok_and(|r| r.valid);
    if !dropped.is_empty() && valid && skeleton_hint {
        notes.push(format!("Kept the empty values at {placeholders}, where a --generate-cli-skeleton has placeholders: the request is valid with them. Remove them if they are leftovers."));
    }
    if !dropped.is_empty() && !valid && (skeleton_hint || has_every_member(operation, &request)) {
        notes.push(format!(
            "Dropped the skeleton's empty placeholders at {placeholders}."
        ));
        notes.push("Enum values and booleans in a --generate-cli-skeleton are examples, not defaults; check them.".to_owned());
        request = stripped;
        return Ok(Imported {
            operation,
            request,
            format: ImportFormat::CliInputJson,
            notes,
        });
    }
    Ok(Imported {
        operation,
        request,
        format,
        notes,
    })
}

/// Whether every member of the operation is present, as in a `--generate-cli-skeleton` (which
/// lists them all); with placeholders in a request that is not valid as written, that marks a
/// skeleton.
fn has_every_member(operation: Operation, request: &Value) -> bool {
    let Some(model) = model::operation(operation) else {
        return false;
    };
    request.as_object().is_some_and(|object| {
        model
            .input
            .fields()
            .iter()
            .all(|f| object.contains_key(f.name))
    })
}

/// `get-instance` output to a RegisterInstance request.
fn get_instance(value: &Value) -> Result<Imported, ImportError> {
    const F: ImportFormat = ImportFormat::GetInstance;
    let instance = value
        .get("Instance")
        .and_then(Value::as_object)
        .ok_or_else(|| unusable(F, "get-instance output has an \"Instance\" object."))?;
    let mut notes = Vec::new();
    if value.get("ResourceOwner").is_some() {
        notes.push(
            "ResourceOwner is left out: it is part of the response, not the request.".to_owned(),
        );
    }
    from_instance(instance, F, &mut notes).map(|request| Imported {
        operation: Operation::RegisterInstance,
        request,
        format: F,
        notes,
    })
}

/// An `Instance` or `InstanceSummary` as a RegisterInstance request.
fn from_instance(
    instance: &Map<String, Value>,
    format: ImportFormat,
    notes: &mut Vec<String>,
) -> Result<Value, ImportError> {
    let id = instance
        .get("Id")
        .and_then(Value::as_str)
        .ok_or_else(|| unusable(format, "The instance has no string Id."))?;
    let mut request = Map::new();
    request.insert("ServiceId".to_owned(), Value::String(String::new()));
    request.insert("InstanceId".to_owned(), Value::String(id.to_owned()));
    request.insert(
        "Attributes".to_owned(),
        instance
            .get("Attributes")
            .cloned()
            .unwrap_or_else(|| Value::Object(Map::new())),
    );
    notes.push("The output does not say which service the instance belongs to: fill in ServiceId (the ID you passed to get-instance / list-instances).".to_owned());
    for (key, why) in [
        ("CreatorRequestId", "it was the idempotency token of the original registration; reusing it could make Cloud Map treat the new call as a retry of that one"),
        ("CreatedByAccount", "it is set by Cloud Map"),
    ] {
        if instance.contains_key(key) {
            notes.push(format!("{key} is left out: {why}."));
        }
    }
    if let Some(unknown) = instance.keys().find(|k| {
        !["Id", "Attributes", "CreatorRequestId", "CreatedByAccount"].contains(&k.as_str())
    }) {
        notes.push(format!(
            "{unknown} is left out: it is not part of RegisterInstance."
        ));
    }
    Ok(Value::Object(request))
}

fn list_instances(value: &Value, first_only: bool) -> Result<Vec<Imported>, ImportError> {
    const F: ImportFormat = ImportFormat::ListInstances;
    let instances = value
        .get("Instances")
        .and_then(Value::as_array)
        .ok_or_else(|| unusable(F, "list-instances output has an \"Instances\" list."))?;
    if instances.is_empty() {
        return Err(unusable(F, "The output lists no instances."));
    }
    let mut out = Vec::new();
    for (i, item) in instances.iter().enumerate() {
        let object = item
            .as_object()
            .ok_or_else(|| unusable(F, format!("Instances[{i}] is not an object.")))?;
        let mut notes = Vec::new();
        if value.get("NextToken").is_some() {
            notes.push("The output has a NextToken, so the service has more instances than these; run list-instances again with --starting-token to get the rest.".to_owned());
        }
        let request = from_instance(object, F, &mut notes)?;
        out.push(Imported {
            operation: Operation::RegisterInstance,
            request,
            format: F,
            notes,
        });
        if first_only {
            break;
        }
    }
    if first_only && instances.len() > 1 {
        if let Some(first) = out.first_mut() {
            first.notes.push(format!(
                "The output lists {} instances; this is the first.",
                instances.len()
            ));
        }
    }
    Ok(out)
}

/// `get-service` output (or a bare `Service`) to a CreateService request.
fn get_service(value: &Value) -> Result<Imported, ImportError> {
    const F: ImportFormat = ImportFormat::GetService;
    let service = value
        .get("Service")
        .filter(|_| value.as_object().is_some_and(|o| o.len() == 1))
        .unwrap_or(value)
        .as_object()
        .ok_or_else(|| unusable(F, "get-service output has a \"Service\" object."))?;
    let mut notes = Vec::new();
    let mut request = Map::new();
    let mut read_only = Vec::new();
    for (key, member) in service {
        match key.as_str() {
            "Id" | "Arn" | "ResourceOwner" | "CreateDate" | "InstanceCount" | "CreatedByAccount" => {
                read_only.push(key.as_str());
            }
            "CreatorRequestId" => notes.push("CreatorRequestId is left out: it was the idempotency token of the original CreateService, and reusing it could return the existing service instead of creating one.".to_owned()),
            "Type" => {
                if let Some(t @ ("DNS_HTTP" | "DNS")) = member.as_str() {
                    notes.push(format!("Type {t} is left out: CreateService accepts only HTTP and derives {t} from DnsConfig."));
                } else {
                    request.insert(key.clone(), member.clone());
                }
            }
            _ => {
                request.insert(key.clone(), member.clone());
            }
        }
    }
    if !read_only.is_empty() {
        notes.push(format!(
            "Left out what Cloud Map sets: {}.",
            read_only.join(", ")
        ));
    }
    notes.push("get-service does not return tags; add Tags from list-tags-for-resource if the new service needs them.".to_owned());
    Ok(Imported {
        operation: Operation::CreateService,
        request: Value::Object(request),
        format: F,
        notes,
    })
}

/// What `describe-services` reports that CreateService does not take.
const SERVICE_READ_ONLY: [&str; 16] = [
    "serviceArn",
    "status",
    "runningCount",
    "pendingCount",
    "deployments",
    "events",
    "createdAt",
    "createdBy",
    "taskSets",
    "platformFamily",
    "currentServiceDeployment",
    "currentServiceRevisions",
    "resourceManagementType",
    "serviceRevisions",
    "loadBalancersStatus",
    "deploymentConfigurationStatus",
];

/// `describe-services` output to ECS CreateService requests, one per service.
fn describe_services(value: &Value, first_only: bool) -> Result<Vec<Imported>, ImportError> {
    const F: ImportFormat = ImportFormat::DescribeServices;
    let services = value
        .get("services")
        .and_then(Value::as_array)
        .ok_or_else(|| unusable(F, "describe-services output has a \"services\" list."))?;
    if services.is_empty() {
        let failed = value
            .get("failures")
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        return Err(unusable(
            F,
            if failed > 0 {
                let failures = crate::text::count(failed, "failure", "failures");
                format!("The output lists no services, only {failures} (a service that is missing or in another cluster).")
            } else {
                "The output lists no services.".to_owned()
            },
        ));
    }
    let mut out = Vec::new();
    for (i, item) in services.iter().enumerate() {
        let service = item
            .as_object()
            .ok_or_else(|| unusable(F, format!("services[{i}] is not an object.")))?;
        out.push(from_ecs_service(service));
        if first_only {
            break;
        }
    }
    if first_only && services.len() > 1 {
        if let Some(first) = out.first_mut() {
            first.notes.push(format!(
                "The output lists {} services; this is the first.",
                services.len()
            ));
        }
    }
    Ok(out)
}

/// One described ECS service as the CreateService request that would create it again.
fn from_ecs_service(service: &Map<String, Value>) -> Imported {
    let mut notes = Vec::new();
    let mut request = Map::new();
    let mut read_only = Vec::new();
    let mut empty = Vec::new();
    let mut unknown = Vec::new();
    let daemon = service.get("schedulingStrategy").and_then(Value::as_str) == Some("DAEMON");
    let balanced = service
        .get("loadBalancers")
        .and_then(Value::as_array)
        .is_some_and(|l| !l.is_empty());
    let create = model::operation(Operation::EcsCreateService).map(|m| m.input);
    for (key, member) in service {
        let name = match key.as_str() {
            "clusterArn" => "cluster",
            // describe-services reports the service-linked role for every service, and
            // CreateService takes role only with load balancers ("If you specify the role
            // parameter, you must also specify a load balancer object") and never the
            // service-linked one, which ECS uses on its own.
            "roleArn"
                if !balanced
                    || member
                        .as_str()
                        .is_some_and(|r| r.contains(":role/aws-service-role/")) =>
            {
                notes.push("role is left out: CreateService takes it only with load balancers, never the service-linked role.".to_owned());
                continue;
            }
            "roleArn" => "role",
            k if SERVICE_READ_ONLY.contains(&k) => {
                read_only.push(key.as_str());
                continue;
            }
            k => k,
        };
        if member.is_null() || member.as_array().is_some_and(Vec::is_empty) {
            empty.push(key.as_str());
            continue;
        }
        if create.and_then(|shape| shape.field(name)).is_none() {
            unknown.push(key.as_str());
            continue;
        }
        if daemon && (name == "desiredCount" || name == "placementStrategy") {
            notes.push(format!("{name} is left out: a DAEMON service runs one task per instance and CreateService refuses {name} for it."));
            continue;
        }
        request.insert(name.to_owned(), member.clone());
    }
    if request.contains_key("launchType") && request.contains_key("capacityProviderStrategy") {
        request.remove("launchType");
        notes.push("launchType is left out: the service uses a capacity provider strategy, and CreateService takes one or the other.".to_owned());
    }
    if !read_only.is_empty() {
        notes.push(format!(
            "Left out what ECS reports about the running service: {}.",
            read_only.join(", ")
        ));
    }
    if !empty.is_empty() {
        notes.push(format!("Left out the empty {}.", empty.join(", ")));
    }
    if !unknown.is_empty() {
        notes.push(format!(
            "Left out {}: not CreateService parameters.",
            unknown.join(", ")
        ));
    }
    if !service.contains_key("tags") {
        notes.push("describe-services returns tags only with --include TAGS; add them if the new service needs them.".to_owned());
    }
    Imported {
        operation: Operation::EcsCreateService,
        request: Value::Object(request),
        format: ImportFormat::DescribeServices,
        notes,
    }
}

/// What `describe-container-instances` reports that RegisterContainerInstance does not take.
const INSTANCE_READ_ONLY: [&str; 14] = [
    "status",
    "statusReason",
    "agentConnected",
    "runningTasksCount",
    "pendingTasksCount",
    "remainingResources",
    "version",
    "registeredAt",
    "agentUpdateStatus",
    "attachments",
    "capacityProviderName",
    "healthStatus",
    "ec2InstanceId",
    "registeredResources",
];

/// The attributes ECS derives from the identity document itself (not sent by the agent).
const DERIVED_ATTRIBUTES: [&str; 4] = [
    "ecs.ami-id",
    "ecs.availability-zone",
    "ecs.instance-type",
    "ecs.cpu-architecture",
];

/// `describe-container-instances` output to RegisterContainerInstance requests, one per
/// instance: the request that re-registers it (as the agent does after an update), with
/// `registeredResources` as `totalResources`.
fn describe_container_instances(
    value: &Value,
    first_only: bool,
) -> Result<Vec<Imported>, ImportError> {
    const F: ImportFormat = ImportFormat::DescribeContainerInstances;
    let instances = value
        .get("containerInstances")
        .and_then(Value::as_array)
        .filter(|l| !l.is_empty())
        .ok_or_else(|| {
            unusable(
                F,
                "describe-container-instances output lists no container instances.",
            )
        })?;
    let mut out = Vec::new();
    for (i, item) in instances.iter().enumerate() {
        let instance = item
            .as_object()
            .ok_or_else(|| unusable(F, format!("containerInstances[{i}] is not an object.")))?;
        out.push(from_container_instance(instance));
        if first_only {
            break;
        }
    }
    if first_only && instances.len() > 1 {
        if let Some(first) = out.first_mut() {
            first.notes.push(format!(
                "The output lists {} container instances; this is the first.",
                instances.len()
            ));
        }
    }
    Ok(out)
}

/// One described container instance as the RegisterContainerInstance request that
/// re-registers it.
fn from_container_instance(instance: &Map<String, Value>) -> Imported {
    let mut notes = Vec::new();
    let mut request = Map::new();
    let arn = instance.get("containerInstanceArn").and_then(Value::as_str);
    if let Some(arn) = arn {
        // The long ARN form names the cluster: container-instance/CLUSTER/ID.
        let parts: Vec<&str> = arn
            .rsplit(':')
            .next()
            .unwrap_or_default()
            .split('/')
            .collect();
        if let [_, cluster, _] = parts.as_slice() {
            request.insert("cluster".to_owned(), Value::String((*cluster).to_owned()));
        }
        request.insert(
            "containerInstanceArn".to_owned(),
            Value::String(arn.to_owned()),
        );
        notes.push("containerInstanceArn is kept, so the request re-registers this instance; remove it to register a new one.".to_owned());
    }
    if let Some(resources) = instance
        .get("registeredResources")
        .and_then(Value::as_array)
    {
        // ECS reports every numeric member; a request carries only its type's own.
        let total: Vec<Value> = resources
            .iter()
            .map(|r| {
                let kind = r.get("type").and_then(Value::as_str).unwrap_or_default();
                let field = crate::ecs::model::ResourceType::parse(kind)
                    .map_or("integerValue", crate::ecs::model::ResourceType::value_field);
                let mut clean = Map::new();
                for key in ["name", "type", field] {
                    if let Some(v) = r.get(key) {
                        clean.insert(key.to_owned(), v.clone());
                    }
                }
                Value::Object(clean)
            })
            .collect();
        request.insert("totalResources".to_owned(), Value::Array(total));
    }
    if let Some(info) = instance.get("versionInfo").filter(|v| v.is_object()) {
        request.insert("versionInfo".to_owned(), info.clone());
    }
    if let Some(attributes) = instance.get("attributes").and_then(Value::as_array) {
        let kept: Vec<Value> = attributes
            .iter()
            .filter(|a| {
                a.get("name")
                    .and_then(Value::as_str)
                    .is_some_and(|n| !DERIVED_ATTRIBUTES.contains(&n))
            })
            .map(|a| {
                let mut clean = Map::new();
                for key in ["name", "value"] {
                    if let Some(v) = a.get(key) {
                        clean.insert(key.to_owned(), v.clone());
                    }
                }
                Value::Object(clean)
            })
            .collect();
        if kept.len() < attributes.len() {
            notes.push(format!(
                "Left out the attributes ECS sets from the identity document ({}).",
                DERIVED_ATTRIBUTES.join(", ")
            ));
        }
        if !kept.is_empty() {
            request.insert("attributes".to_owned(), Value::Array(kept));
        }
    }
    if let Some(tags) = instance
        .get("tags")
        .filter(|t| t.as_array().is_some_and(|l| !l.is_empty()))
    {
        request.insert("tags".to_owned(), tags.clone());
    }
    let read_only: Vec<&str> = INSTANCE_READ_ONLY
        .iter()
        .copied()
        .filter(|k| instance.contains_key(*k) && *k != "registeredResources")
        .collect();
    if !read_only.is_empty() {
        notes.push(format!(
            "Left out what ECS reports about the running instance: {}.",
            read_only.join(", ")
        ));
    }
    notes.push("instanceIdentityDocument and its signature are not in describe-container-instances: the agent reads them from the instance metadata service.".to_owned());
    Imported {
        operation: Operation::RegisterContainerInstance,
        request: Value::Object(request),
        format: ImportFormat::DescribeContainerInstances,
        notes,
    }
}

/// HTTP text: headers, a blank line, the JSON body.
fn http(text: &str) -> Result<Imported, ImportError> {
    const F: ImportFormat = ImportFormat::Http;
    let normalized = text.replace("\r\n", "\n");
    let (head, body_text) = normalized.split_once("\n\n").ok_or_else(|| {
        unusable(
            F,
            "The HTTP text has no blank line between the headers and the body.",
        )
    })?;
    let target = head
        .lines()
        .skip(1)
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("x-amz-target"))
        .map(|(_, value)| value.trim().to_owned())
        .ok_or_else(|| {
            unusable(
                F,
                "The request has no X-Amz-Target header, which names the operation.",
            )
        })?;
    let model = model::by_target(&target).ok_or_else(|| {
        unusable(
            F,
            format!("X-Amz-Target {target:?} is not an operation muster imports."),
        )
    })?;
    let mut imported = body(
        parse_json(body_text.trim())?,
        F,
        Some(model.operation),
        false,
    )?;
    imported.format = F;
    note_repeated_keys(body_text.trim(), std::slice::from_mut(&mut imported));
    Ok(imported)
}

/// curl options that take a value (so the value is not taken for the URL).
const CURL_VALUE_OPTIONS: [&str; 30] = [
    "-H",
    "--header",
    "-d",
    "--data",
    "--data-raw",
    "--data-binary",
    "--data-ascii",
    "--data-urlencode",
    "--aws-sigv4",
    "-u",
    "--user",
    "-X",
    "--request",
    "--url",
    "-o",
    "--output",
    "-w",
    "--write-out",
    "-m",
    "--max-time",
    "--connect-timeout",
    "-A",
    "--user-agent",
    "-x",
    "--proxy",
    "--cacert",
    "--cert",
    "--key",
    "-b",
    "--cookie",
];

fn curl(text: &str) -> Result<Imported, ImportError> {
    const F: ImportFormat = ImportFormat::Curl;
    let words = split_words_keeping_variables(text).map_err(ImportError::Shell)?;
    let mut target = None;
    let mut data = None;
    let mut iter = words.iter().skip(1);
    while let Some((word, _)) = iter.next() {
        if !CURL_VALUE_OPTIONS.contains(&word.as_str()) {
            continue;
        }
        let (value, expansion) = iter
            .next()
            .ok_or_else(|| unusable(F, format!("{word} has no value.")))?;
        // Variables may sign the request (--user "$KEY:$SECRET", a session token header), but
        // in the body or X-Amz-Target they are what is sent, and their values are not in the text.
        let expanded = || match expansion {
            Some(expansion) => Err(ImportError::Shell(ShellError::Expansion {
                text: format!("{expansion} (in {word})"),
            })),
            None => Ok(()),
        };
        match word.as_str() {
            "-H" | "--header" => {
                if let Some((name, v)) = value.split_once(':') {
                    if name.trim().eq_ignore_ascii_case("x-amz-target") {
                        expanded()?;
                        target = Some(v.trim().to_owned());
                    }
                }
            }
            "--data-raw" => {
                expanded()?;
                data = Some(value.clone());
            }
            "-d" | "--data" | "--data-binary" | "--data-ascii" => {
                if value.starts_with('@') {
                    return Err(unusable(
                        F,
                        format!(
                            "{word} {value} reads the body from a file; paste the body instead."
                        ),
                    ));
                }
                expanded()?;
                data = Some(value.clone());
            }
            _ => {}
        }
    }
    let target = target.ok_or_else(|| {
        unusable(
            F,
            "The curl command has no X-Amz-Target header, which names the operation.",
        )
    })?;
    let model = model::by_target(&target).ok_or_else(|| {
        unusable(
            F,
            format!("X-Amz-Target {target:?} is not an operation muster imports."),
        )
    })?;
    let data = data.ok_or_else(|| unusable(F, "The curl command sends no body (--data-raw)."))?;
    let mut imported = body(parse_json(&data)?, F, Some(model.operation), false)?;
    imported.format = F;
    note_repeated_keys(&data, std::slice::from_mut(&mut imported));
    Ok(imported)
}

/// AWS CLI global options that take a value.
const GLOBAL_VALUE_OPTIONS: [&str; 9] = [
    "--region",
    "--profile",
    "--endpoint-url",
    "--output",
    "--query",
    "--color",
    "--ca-bundle",
    "--cli-read-timeout",
    "--cli-connect-timeout",
];
/// AWS CLI global flags (v1 and v2).
const GLOBAL_FLAGS: [&str; 8] = [
    "--debug",
    "--no-verify-ssl",
    "--no-paginate",
    "--no-sign-request",
    "--no-cli-pager",
    "--cli-auto-prompt",
    "--no-cli-auto-prompt",
    "--version",
];

/// argparse's test for a word that starts an option rather than being a value: a dash, not a
/// negative number, and no space.
fn looks_like_option(word: &str) -> bool {
    // '^-\d+$|^-\d*\.\d+$'
    let digits = |t: &str| t.chars().all(|c| c.is_ascii_digit());
    let negative_number = word
        .strip_prefix('-')
        .is_some_and(|rest| match rest.split_once('.') {
            None => !rest.is_empty() && digits(rest),
            Some((whole, fraction)) => digits(whole) && !fraction.is_empty() && digits(fraction),
        });
    word.len() > 1 && word.starts_with('-') && !negative_number && !word.contains(' ')
}

/// The command words of an `aws` invocation, past the program name, prompts and environment
/// assignments.
fn command_words(words: &[String], notes: &mut Vec<String>) -> Vec<String> {
    let mut rest = words;
    if let [first, tail @ ..] = rest {
        if first == "$" || first == ">" || first == "PS>" {
            rest = tail;
        }
    }
    while let [first, tail @ ..] = rest {
        let assignment = first.split_once('=').is_some_and(|(name, _)| {
            !name.is_empty()
                && name
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        });
        if !assignment {
            break;
        }
        notes.push(format!(
            "The environment assignment {first} is not part of the request."
        ));
        rest = tail;
    }
    if let [first, tail @ ..] = rest {
        let program = first.rsplit(['/', '\\']).next().unwrap_or(first);
        if matches!(program, "aws" | "aws.exe" | "aws.cmd" | "aws2") {
            rest = tail;
        }
    }
    rest.to_vec()
}

/// What one option's words become in the request.
fn option_value(field: &Field, words: &[String], command: &str) -> Result<Value, String> {
    let option = format!("--{}", field.cli);
    let shape = *field.shape;
    let single = || -> Result<&String, String> {
        match words {
            [one] => Ok(one),
            [] => Err(format!("{option} needs a value")),
            _ => Err(format!(
                "{option} takes one value, but {} follow it",
                words.len()
            )),
        }
    };
    let check_paramfile = |text: &str| -> Result<(), String> {
        match PARAMFILE_PREFIXES.iter().copied().find(|p| text.starts_with(p)) {
            Some(p @ ("file://" | "fileb://")) => Err(format!("{option} {text} makes the AWS CLI read the value from a file ({p}), which muster cannot do; paste the content instead")),
            Some(_) => Err(format!("{option} {text}: the AWS CLI v1 fetches a URL given as a value and sends its content; paste the content, or the URL in --cli-input-json if the URL itself is the value")),
            None => Ok(()),
        }
    };
    let json = |text: &str| -> Result<Value, String> {
        crate::json::from_text(text).map_err(|e| format!("{option} is not valid JSON: {e}"))
    };
    match shape {
        Shape::String | Shape::Integer | Shape::Long | Shape::Double => {
            let text = single()?;
            check_paramfile(text)?;
            shorthand::typed(shorthand::Parsed::Str(text.clone()), shape, field.name)
        }
        Shape::Boolean => Err(format!("{option} is a flag: write {option} or --no-{}", field.cli)),
        Shape::Map(_) | Shape::Structure(_) => {
            let text = single()?;
            check_paramfile(text)?;
            let stripped = text.trim_matches(|c: char| c.is_whitespace());
            if stripped.starts_with('{') {
                json(text)
            } else if stripped.starts_with('[') {
                Err(format!("{option} takes an object, not a JSON list"))
            } else {
                let pairs = shorthand::parse(text).map_err(|e| format!("{option}: {e}"))?;
                shorthand::typed(shorthand::Parsed::Map(pairs), shape, field.name)
            }
        }
        Shape::List(inner) => {
            let first = words.first().ok_or_else(|| format!("{option} needs at least one value"))?;
            if let [one] = words {
                check_paramfile(one)?;
            }
            let first_stripped = first.trim();
            if let ([one], true) = (words, first_stripped.starts_with('[')) {
                return json(one);
            }
            if inner.is_scalar() {
                return words
                    .iter()
                    .map(|w| shorthand::typed(shorthand::Parsed::Str(w.clone()), *inner, field.name))
                    .collect::<Result<Vec<_>, _>>()
                    .map(Value::Array);
            }
            if first_stripped.starts_with('{') || first_stripped.starts_with('[') {
                // Not shorthand: each word is a JSON object.
                return words
                    .iter()
                    .map(|w| {
                        if w.trim_start().starts_with('{') {
                            json(w)
                        } else {
                            Err(format!("{option}: {w:?} is not JSON, though the first value is (the AWS CLI reads all values one way)"))
                        }
                    })
                    .collect::<Result<Vec<_>, _>>()
                    .map(Value::Array);
            }
            let parsed = words
                .iter()
                .map(|w| shorthand::parse(w).map(shorthand::Parsed::Map).map_err(|e| format!("{option}: {e}")))
                .collect::<Result<Vec<_>, _>>()?;
            shorthand::typed(shorthand::Parsed::List(parsed), shape, field.name)
        }
    }
    .map_err(|e| if e.starts_with("--") { e } else { format!("{command} {option}: {e}") })
}

fn cli_error(message: String) -> ImportError {
    unusable(ImportFormat::Cli, message)
}

/// Global options, then `<service> <operation>`; returns the operation and where its options start.
fn command_head(
    words: &[String],
    globals: &mut Vec<(String, Option<String>)>,
) -> Result<(&'static OperationModel, usize), ImportError> {
    let mut position = 0;
    let mut positional = Vec::new();
    while let Some(word) = words.get(position) {
        let (name, inline) = match word.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n, Some(v.to_owned())),
            _ => (word.as_str(), None),
        };
        if GLOBAL_VALUE_OPTIONS.contains(&name) {
            let value = if let Some(v) = inline {
                v
            } else {
                position += 1;
                words
                    .get(position)
                    .cloned()
                    .ok_or_else(|| cli_error(format!("{name} needs a value.")))?
            };
            globals.push((name.to_owned(), Some(value)));
        } else if GLOBAL_FLAGS.contains(&name) {
            globals.push((name.to_owned(), None));
        } else if positional.len() < 2 && !word.starts_with('-') {
            positional.push(word.as_str());
        } else {
            break;
        }
        position += 1;
    }
    let [service, command] = positional.as_slice() else {
        return Err(cli_error("Expected an AWS CLI command: aws <service> <operation> [options], like aws servicediscovery register-instance ...".to_owned()));
    };
    let model = model::by_cli(service, command).ok_or_else(|| {
        let known: Vec<String> = model::OPERATIONS
            .iter()
            .map(|m| format!("{} {}", m.service.cli, m.cli))
            .collect();
        let names: Vec<&str> = known.iter().map(String::as_str).collect();
        let asked = format!("{service} {command}");
        let hint = crate::shape::suggest(&asked, &names)
            .map_or_else(String::new, |s| format!(" Did you mean aws {s}?"));
        cli_error(format!(
            "aws {asked} is not a command muster imports.{hint} It imports: {}.",
            known.join(", ")
        ))
    })?;
    Ok((model, position))
}

/// Reads the options of one command.
struct Options<'a> {
    model: &'static OperationModel,
    cli_name: String,
    words: &'a [String],
    next: usize,
    request: Map<String, Value>,
    input_json: Option<Map<String, Value>>,
    globals: Vec<(String, Option<String>)>,
    notes: Vec<String>,
}

impl Options<'_> {
    fn error(&self, message: &str) -> ImportError {
        cli_error(format!("{}: {message}", self.cli_name))
    }

    /// The words after an option: its `=value`, one word, or for lists every word up to the next
    /// option (argparse's `nargs='+'`).
    fn values(&mut self, inline: Option<&String>, many: bool) -> Vec<String> {
        if let Some(v) = inline {
            return vec![v.clone()];
        }
        let mut values = Vec::new();
        while let Some(next) = self.words.get(self.next) {
            if self.starts_option(next) || (!many && !values.is_empty()) {
                break;
            }
            values.push(next.clone());
            self.next += 1;
        }
        values
    }

    /// argparse's test, with the option names: `--name=value` is an option whenever `--name` is
    /// one (or abbreviates one), even when the value has spaces.
    fn starts_option(&self, word: &str) -> bool {
        if let Some((name, _)) = word.split_once('=') {
            if name.starts_with("--") && self.option_names().iter().any(|n| n.starts_with(name)) {
                return true;
            }
        }
        looks_like_option(word)
    }

    /// Every option string the CLI's parser knows for this command.
    fn option_names(&self) -> Vec<String> {
        let mut names: Vec<String> = GLOBAL_VALUE_OPTIONS
            .iter()
            .chain(GLOBAL_FLAGS.iter())
            .chain(["--cli-input-json", "--generate-cli-skeleton"].iter())
            .map(|s| (*s).to_owned())
            .collect();
        for f in self.model.input.fields() {
            names.push(format!("--{}", f.cli));
            if matches!(f.shape, Shape::Boolean) {
                names.push(format!("--no-{}", f.cli));
            }
        }
        names
    }

    /// argparse accepts any unambiguous prefix of an option (`--forc` for `--force`).
    fn expand(&mut self, name: String) -> Result<String, ImportError> {
        let names = self.option_names();
        if names.contains(&name) {
            return Ok(name);
        }
        let matches: Vec<&String> = names.iter().filter(|n| n.starts_with(&name)).collect();
        match matches.as_slice() {
            [one] => {
                self.notes.push(format!(
                    "{name} is an abbreviation of {one}, which the AWS CLI accepts; write it out."
                ));
                Ok((*one).clone())
            }
            [] => Ok(name),
            many => Err(self.error(&format!(
                "{name} is ambiguous: it could be {}.",
                many.iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))),
        }
    }

    fn field(&self, name: &str) -> Result<(&'static Field, bool), ImportError> {
        let fields = self.model.input.fields();
        let option = name.trim_start_matches("--");
        if let Some(f) = fields.iter().find(|f| f.cli == option) {
            return Ok((f, false));
        }
        if let Some(f) = option.strip_prefix("no-").and_then(|o| {
            fields
                .iter()
                .find(|f| f.cli == o && matches!(f.shape, Shape::Boolean))
        }) {
            return Ok((f, true));
        }
        let names: Vec<String> = fields.iter().map(|f| format!("--{}", f.cli)).collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let hint = match name.chars().find(|c| c.is_whitespace()) {
            Some(space) => format!(
                " It holds U+{:04X}, a space the shell does not split on (a no-break space, say); type it as an ordinary space.",
                u32::from(space)
            ),
            None => crate::shape::suggest(name, &refs)
                .map_or_else(String::new, |s| format!(" Did you mean {s}?")),
        };
        Err(cli_error(format!(
            "{} has no option {name}.{hint} Its options: {}.",
            self.cli_name,
            names.join(", ")
        )))
    }

    fn cli_input_json(&mut self, inline: Option<&String>) -> Result<(), ImportError> {
        let values = self.values(inline, false);
        let [text] = values.as_slice() else {
            return Err(self.error("--cli-input-json needs a value."));
        };
        if text.starts_with("file://") || text.starts_with("fileb://") {
            return Err(self.error(&format!("--cli-input-json {text} reads a file, which muster cannot do; import the file's content (the cli-input-json format) instead.")));
        }
        match parse_json(text)? {
            Value::Object(map) => {
                self.input_json = Some(map);
                Ok(())
            }
            other => Err(self.error(&format!(
                "--cli-input-json must be a JSON object, not {}.",
                crate::shape::describe(&other)
            ))),
        }
    }

    fn option(&mut self, word: &str) -> Result<(), ImportError> {
        if !word.starts_with("--") || word == "--" {
            let typed = if word.starts_with(['\u{2013}', '\u{2014}', '\u{2212}']) {
                " It starts with a typographic dash (– or —), which editors put in place of --; type the option with two hyphens."
            } else {
                ""
            };
            return Err(self.error(&format!("unexpected {word:?}; every value follows its option (quote values that contain spaces).{typed}")));
        }
        let (name, inline) = match word.split_once('=') {
            Some((n, v)) => (n.to_owned(), Some(v.to_owned())),
            None => (word.to_owned(), None),
        };
        let name = self.expand(name)?;
        if GLOBAL_VALUE_OPTIONS.contains(&name.as_str()) {
            let value = self.values(inline.as_ref(), false).into_iter().next();
            self.globals.push((name, value));
            return Ok(());
        }
        if GLOBAL_FLAGS.contains(&name.as_str()) {
            self.globals.push((name, None));
            return Ok(());
        }
        match name.as_str() {
            "--cli-input-json" => return self.cli_input_json(inline.as_ref()),
            "--cli-input-yaml" => return Err(self.error("--cli-input-yaml is not supported here; use --cli-input-json (the same members as JSON).")),
            "--generate-cli-skeleton" => return Err(self.error("--generate-cli-skeleton prints a template instead of calling the API; import the filled-in template (the cli-input-json format).")),
            _ => {}
        }
        let (field, negated) = self.field(&name)?;
        if self.request.contains_key(field.name) {
            self.notes.push(format!(
                "--{} is given more than once; the AWS CLI (argparse) uses the last.",
                field.cli
            ));
        }
        let value = if matches!(field.shape, Shape::Boolean) {
            if inline.is_some() {
                return Err(self.error(&format!("{name} is a flag and takes no value.")));
            }
            Value::Bool(!negated)
        } else {
            let many = matches!(field.shape, Shape::List(_));
            let values = self.values(inline.as_ref(), many);
            if many && values.is_empty() {
                // The CLI declares lists with nargs='*': no value is an empty list.
                Value::Array(Vec::new())
            } else if values.is_empty() {
                let after = self.words.get(self.next).map_or_else(
                    || " at the end".to_owned(),
                    |w| {
                        format!(
                            " (next is {w:?}; write {name}=VALUE for a value that starts with -)"
                        )
                    },
                );
                return Err(self.error(&format!("{name} needs a value{after}.")));
            } else {
                option_value(field, &values, &self.cli_name).map_err(cli_error)?
            }
        };
        self.request.insert(field.name.to_owned(), value);
        Ok(())
    }
}

/// An `aws <service> <operation> ...` command line, split into words by its shell.
fn command_line(words: &[String], format: ImportFormat) -> Result<Imported, ImportError> {
    let mut notes = Vec::new();
    let words = command_words(words, &mut notes);
    let mut globals = Vec::new();
    let (model, start) = command_head(&words, &mut globals)?;
    let mut options = Options {
        model,
        cli_name: format!("aws {} {}", model.service.cli, model.cli),
        words: words.get(start..).unwrap_or_default(),
        next: 0,
        request: Map::new(),
        input_json: None,
        globals,
        notes: Vec::new(),
    };
    while let Some(word) = options.words.get(options.next) {
        options.next += 1;
        options.option(word)?;
    }
    let mut request = options.request;
    notes.append(&mut options.notes);
    if let Some(input) = options.input_json {
        let mut added = Vec::new();
        for (k, v) in input {
            if !request.contains_key(&k) {
                added.push(k.clone());
                request.insert(k, v);
            }
        }
        if !added.is_empty() {
            notes.push(format!("From --cli-input-json: {}.", added.join(", ")));
        }
    }
    for (name, value) in options.globals {
        if let ("--region" | "--profile" | "--endpoint-url", Some(v)) = (name.as_str(), value) {
            notes.push(format!(
                "The command runs with {name} {v}; that is not part of the request."
            ));
        }
    }
    Ok(Imported {
        operation: model.operation,
        request: Value::Object(request),
        format,
        notes,
    })
}
