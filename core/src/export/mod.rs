//! Export a request to the forms people run or paste — the API body, the raw HTTP request, curl,
//! the AWS CLI (bash and PowerShell), `--cli-input-json` / `--cli-input-yaml` files, boto3, the
//! JavaScript SDK v3, CloudFormation and Terraform — and import requests back from the API body,
//! CLI input files, AWS CLI command lines, HTTP text, curl commands and API responses.
//!
//! Only valid requests are exported (unless [`ExportOptions::allow_invalid`]); a format that
//! cannot express a request says why instead of dropping data.

mod cli;
#[cfg(feature = "windows-import")]
mod cmd;
mod code;
mod iac;
mod import;
mod model;
#[cfg(feature = "windows-import")]
mod powershell;
mod quote;
mod shell;
mod shorthand;
mod windows;
mod yaml;
#[cfg(feature = "yaml-import")]
mod yaml_read;

use std::fmt;
use std::str::FromStr;

use serde_json::{Map, Value};

pub use import::{import_all, import_request, ImportError, ImportFormat, Imported};
pub use quote::{bash_quote, hcl_str, js_str, powershell_quote, python_str, yaml_str};
pub use shell::{split_words, split_words_keeping_variables, ShellError};
pub use yaml::to_yaml;
#[cfg(feature = "yaml-import")]
pub use yaml_read::{parse_yaml, YamlError};

use crate::{Diagnostic, Operation};

/// The formats a request can be exported to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// The API request body, pretty-printed.
    Json,
    /// The AWS JSON 1.1 HTTP request (without the SigV4 signature headers).
    Http,
    /// A curl command that signs the request with `--aws-sigv4`.
    Curl,
    /// An AWS CLI command for bash.
    Cli,
    /// The file for `aws ... --cli-input-json file://...`.
    CliInputJson,
    /// The file for `aws ... --cli-input-yaml file://...` (AWS CLI v2 only).
    CliInputYaml,
    /// An AWS CLI command for PowerShell.
    PowerShell,
    /// A Python script using boto3.
    Boto3,
    /// An ES module using the AWS SDK for JavaScript v3.
    JsSdkV3,
    CloudFormationYaml,
    CloudFormationJson,
    Terraform,
}

impl Format {
    pub const ALL: &'static [Format] = &[
        Format::Json,
        Format::Http,
        Format::Curl,
        Format::Cli,
        Format::CliInputJson,
        Format::CliInputYaml,
        Format::PowerShell,
        Format::Boto3,
        Format::JsSdkV3,
        Format::CloudFormationYaml,
        Format::CloudFormationJson,
        Format::Terraform,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Http => "http",
            Format::Curl => "curl",
            Format::Cli => "cli",
            Format::CliInputJson => "cli-input-json",
            Format::CliInputYaml => "cli-input-yaml",
            Format::PowerShell => "powershell",
            Format::Boto3 => "boto3",
            Format::JsSdkV3 => "js-sdk-v3",
            Format::CloudFormationYaml => "cloudformation-yaml",
            Format::CloudFormationJson => "cloudformation-json",
            Format::Terraform => "terraform",
        }
    }

    /// Whether the format can express `operation` at all (CloudFormation and Terraform have no
    /// resource for the ECS container-instance calls or for UpdateService).
    pub fn supports(self, operation: Operation) -> bool {
        model::operation(operation).is_some()
            && (!matches!(
                self,
                Format::CloudFormationYaml | Format::CloudFormationJson | Format::Terraform
            ) || matches!(
                operation,
                Operation::RegisterInstance
                    | Operation::CreateService
                    | Operation::EcsCreateService
            ))
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = ExportError;

    fn from_str(name: &str) -> Result<Self, ExportError> {
        Self::ALL
            .iter()
            .copied()
            .find(|f| f.name() == name)
            .ok_or_else(|| ExportError::UnknownFormat {
                name: name.to_owned(),
            })
    }
}

/// Where and as whom the exported request runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportOptions {
    /// The Region (default us-east-1).
    pub region: String,
    /// A custom endpoint (a local emulator, a VPC endpoint), added to cli, boto3, js and curl.
    pub endpoint_url: Option<String>,
    /// A named profile from the shared config files (cli, powershell, boto3, js).
    pub profile: Option<String>,
    /// Export even when validation finds errors.
    pub allow_invalid: bool,
}

impl Default for ExportOptions {
    fn default() -> Self {
        Self {
            region: "us-east-1".to_owned(),
            endpoint_url: None,
            profile: None,
            allow_invalid: false,
        }
    }
}

impl ExportOptions {
    /// Checks the options before they are written into code and commands.
    fn check(&self) -> Result<(), ExportError> {
        let bad = |option, reason: &str| {
            Err(ExportError::BadOption {
                option,
                reason: reason.to_owned(),
            })
        };
        if !crate::text::is_region_code(&self.region) {
            return bad(
                "region",
                "a Region is lower-case letters, digits and dashes, like us-east-1",
            );
        }
        if let Some(url) = &self.endpoint_url {
            let ok = (url.starts_with("http://") || url.starts_with("https://"))
                && url.len() > "https://".len()
                && !url.chars().any(|c| c.is_whitespace() || c.is_control());
            if !ok {
                return bad(
                    "endpoint_url",
                    "an endpoint is an http:// or https:// URL without spaces",
                );
            }
        }
        if let Some(profile) = &self.profile {
            if profile.is_empty() || profile.chars().any(char::is_control) {
                return bad(
                    "profile",
                    "a profile name is a non-empty name without control characters",
                );
            }
        }
        Ok(())
    }
}

/// An exported request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Export {
    pub text: String,
    /// A file name for saving the text.
    pub filename: String,
    /// What the reader should know: how to run it, what was left out and why.
    pub notes: Vec<String>,
}

/// Why a request could not be exported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportError {
    /// Validation found errors; export only valid requests (or set `allow_invalid`).
    Invalid {
        operation: Operation,
        errors: Vec<Diagnostic>,
    },
    /// The format cannot express this request without losing or changing data.
    Unsupported {
        format: Format,
        operation: Operation,
        reason: String,
    },
    /// An export option is unusable.
    BadOption {
        option: &'static str,
        reason: String,
    },
    UnknownFormat {
        name: String,
    },
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExportError::Invalid { operation, errors } => {
                let errors_count = crate::text::count(errors.len(), "error", "errors");
                write!(
                    f,
                    "The {operation} request has {errors_count}; fix them before exporting:"
                )?;
                for e in errors {
                    let path = if e.path.is_empty() {
                        "(request)"
                    } else {
                        &e.path
                    };
                    write!(f, "\n  {} {path}: {}", e.code, e.message)?;
                }
                Ok(())
            }
            ExportError::Unsupported {
                format,
                operation,
                reason,
            } => write!(
                f,
                "{format} cannot express this {operation} request: {}.",
                // Reasons are written as sentences; end with one full stop, not two.
                reason.trim_end_matches('.')
            ),
            ExportError::BadOption { option, reason } => {
                write!(f, "The {option} option is unusable: {reason}.")
            }
            ExportError::UnknownFormat { name } => {
                let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
                let hint = crate::shape::suggest(name, &names)
                    .map_or_else(String::new, |s| format!(" Did you mean {s}?"));
                write!(
                    f,
                    "Unknown export format {name:?}.{hint} Formats: {}.",
                    names.join(", ")
                )
            }
        }
    }
}

impl std::error::Error for ExportError {}

/// The deepest request exported; the renderers recurse, so a deeper (invalid) value is refused
/// before it can exhaust the stack.
const MAX_DEPTH: usize = 64;

/// Whether `value` nests deeper than `max`, found without recursion.
fn deeper_than(value: &Value, max: usize) -> bool {
    let mut stack = vec![(value, 0usize)];
    while let Some((value, depth)) = stack.pop() {
        if depth > max {
            return true;
        }
        match value {
            Value::Array(items) => stack.extend(items.iter().map(|v| (v, depth + 1))),
            Value::Object(map) => stack.extend(map.values().map(|v| (v, depth + 1))),
            _ => {}
        }
    }
    false
}

/// Largest integer every JavaScript number holds exactly.
const JS_MAX_SAFE: u64 = (1 << 53) - 1;

/// A path to an integer that JavaScript numbers cannot hold exactly.
pub(crate) fn unsafe_js_integer(value: &Value, path: &crate::pointer::Pointer) -> Option<String> {
    match value {
        Value::Number(n) => {
            let too_big = n.as_i64().map_or_else(
                || n.as_u64().is_some_and(|u| u > JS_MAX_SAFE),
                |i| i.unsigned_abs() > JS_MAX_SAFE,
            );
            too_big.then(|| format!("{} ({n})", path.as_str()))
        }
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, v)| unsafe_js_integer(v, &path.index(i))),
        Value::Object(map) => map
            .iter()
            .find_map(|(k, v)| unsafe_js_integer(v, &path.key(k))),
        _ => None,
    }
}

/// Pretty JSON with the characters `escape` picks written as `\u` escapes. Such characters only
/// occur inside strings, so escaping them in the serialized text is exact.
fn escaped_json(value: &Value, escape: &dyn Fn(char) -> bool) -> String {
    quote::escape_in_json(
        serde_json::to_string_pretty(value).unwrap_or_default(),
        escape,
    )
}

/// JSON with every non-ASCII character (and DEL) escaped, so the file reads the same in any
/// encoding (the AWS CLI v1 reads `file://` in the locale's encoding, cp1252 on many Windows
/// machines).
fn ascii_json(value: &Value) -> String {
    escaped_json(value, &|c| !c.is_ascii() || c == '\u{7f}')
}

/// Exports a request. `request` is the API body as JSON.
pub fn export_request(
    operation: Operation,
    request: &Value,
    format: Format,
    options: &ExportOptions,
) -> Result<Export, ExportError> {
    options.check()?;
    let operation = operation.resolve(request, None);
    let unsupported = |reason: String| ExportError::Unsupported {
        format,
        operation,
        reason,
    };
    let Some(model) = model::operation(operation) else {
        return Err(unsupported(format!(
            "{operation} is not a request muster exports (it exports RegisterInstance, CreateService, RegisterContainerInstance, DeregisterContainerInstance, UpdateContainerInstancesState, ecs:CreateService and UpdateService)"
        )));
    };
    if !options.allow_invalid {
        let report =
            crate::validate(operation, request, None).map_err(|e| unsupported(e.message))?;
        if !report.valid {
            return Err(ExportError::Invalid {
                operation,
                errors: report.errors().cloned().collect(),
            });
        }
    }
    let Some(object) = request.as_object() else {
        return Err(unsupported(format!(
            "the request is {}, not a JSON object",
            crate::shape::describe(request)
        )));
    };
    if deeper_than(request, MAX_DEPTH) {
        return Err(unsupported(format!(
            "the request is nested deeper than {MAX_DEPTH} levels, which no AWS request is"
        )));
    }
    let job = Job {
        model,
        request,
        object,
        format,
        options,
    };
    let (text, filename, notes) = match format {
        Format::Cli | Format::CliInputJson | Format::CliInputYaml | Format::PowerShell => {
            job.cli_family()?
        }
        Format::CloudFormationYaml | Format::CloudFormationJson | Format::Terraform => {
            job.infrastructure()?
        }
        _ => job.request_or_code()?,
    };
    Ok(Export {
        text,
        filename,
        notes,
    })
}

/// One export in progress.
struct Job<'a> {
    model: &'static model::OperationModel,
    request: &'a Value,
    object: &'a Map<String, Value>,
    format: Format,
    options: &'a ExportOptions,
}

/// The text, the file name and the notes.
type Rendered = (String, String, Vec<String>);

impl Job<'_> {
    fn unsupported(&self, reason: impl Into<String>) -> ExportError {
        ExportError::Unsupported {
            format: self.format,
            operation: self.model.operation,
            reason: reason.into(),
        }
    }

    fn file(&self, ext: &str) -> String {
        format!("{}.{ext}", self.model.cli)
    }

    /// json, http, curl, boto3, js-sdk-v3.
    fn request_or_code(&self) -> Result<Rendered, ExportError> {
        let (model, options, operation) = (self.model, self.options, self.model.operation);
        Ok(match self.format {
            Format::Http => (
                code::http(model, self.request, options),
                self.file("http"),
                vec![
                    "Sign the request with SigV4 before sending it: the Authorization and X-Amz-Date headers (and X-Amz-Security-Token with temporary credentials) are left out.".to_owned(),
                    "AWS JSON 1.1, the protocol botocore and the JS SDK use for both services (newer Cloud Map models also list Smithy RPC v2 CBOR).".to_owned(),
                ],
            ),
            Format::Curl => (
                code::curl(model, self.request, options)
                    .ok_or_else(|| self.unsupported("a value contains NUL"))?,
                self.file("curl.sh"),
                vec![
                    "Needs curl 7.76 or later (for --aws-sigv4 and --fail-with-body), and AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY in the environment.".to_owned(),
                    "With temporary credentials add --header \"X-Amz-Security-Token: $AWS_SESSION_TOKEN\".".to_owned(),
                ],
            ),
            Format::Boto3 => (
                code::boto3(model, self.object, options),
                format!("{}.py", model.python),
                vec!["Needs boto3 (pip install boto3) and credentials from the usual places (environment, shared files, instance role).".to_owned()],
            ),
            Format::JsSdkV3 => {
                if let Some(path) = unsafe_js_integer(self.request, &crate::pointer::Pointer::root()) {
                    return Err(self.unsupported(format!(
                        "the integer at {path} is beyond 2^53, and JavaScript numbers (which the SDK uses for longs) would round it"
                    )));
                }
                (
                    code::js_sdk_v3(model, self.object, options),
                    self.file("mjs"),
                    vec![format!(
                        "An ES module for Node 18 or later: npm install {} and run it with node {}.",
                        model.service.js_package,
                        self.file("mjs")
                    )],
                )
            }
            _ => (
                // Invisible characters as escapes, as everywhere else they could disguise text.
                escaped_json(self.request, &|c| c != '\n' && quote::invisible(c)) + "\n",
                self.file("json"),
                vec![format!(
                    "The body of {operation}; send it with X-Amz-Target {}.{} (or use the cli, boto3 or js-sdk-v3 formats).",
                    model.service.target, model.api
                )],
            ),
        })
    }

    /// cli, cli-input-json, cli-input-yaml, powershell.
    fn cli_family(&self) -> Result<Rendered, ExportError> {
        let (model, options) = (self.model, self.options);
        Ok(match self.format {
            Format::Cli => {
                let command = cli::command(model, self.object);
                let text = cli::render_bash(&command, options)
                    .ok_or_else(|| self.unsupported("a value contains NUL"))?;
                let mut notes = vec!["For bash or zsh; values are quoted where the shell would change them, so each reaches the AWS CLI (v1 or v2) exactly.".to_owned()];
                notes.extend(command.notes);
                (text, self.file("sh"), notes)
            }
            Format::CliInputYaml => {
                let filename = self.file("yaml");
                let command = cli_input_command(model, options, "yaml", &filename);
                (
                    yaml::to_yaml(self.request),
                    filename,
                    vec![
                        format!("Run: {command}"),
                        "--cli-input-yaml needs AWS CLI v2; with v1 use the cli-input-json format."
                            .to_owned(),
                    ],
                )
            }
            Format::PowerShell => powershell(model, self.object, options),
            _ => {
                let filename = self.file("json");
                let command = cli_input_command(model, options, "json", &filename);
                (
                    ascii_json(self.request) + "\n",
                    filename,
                    vec![
                        format!("Run: {command}"),
                        "Non-ASCII characters are written as \\u escapes so the file reads the same in any encoding.".to_owned(),
                    ],
                )
            }
        })
    }

    /// cloudformation-yaml, cloudformation-json, terraform.
    fn infrastructure(&self) -> Result<Rendered, ExportError> {
        let operation = self.model.operation;
        if self.format == Format::Terraform {
            let (text, notes) =
                iac::terraform(operation, self.object).map_err(|r| self.unsupported(r))?;
            return Ok((text, self.file("tf"), notes));
        }
        let (template, notes) =
            iac::cloudformation(operation, self.object).map_err(|r| self.unsupported(r))?;
        Ok(if self.format == Format::CloudFormationYaml {
            (yaml::to_yaml(&template), self.file("template.yaml"), notes)
        } else {
            (
                // Control and other invisible characters as escapes: cfn-lint reads JSON templates
                // with a YAML parser, which refuses them raw. That parser also refuses surrogate
                // pairs, so characters beyond U+FFFF stay raw (YAML allows them).
                escaped_json(&template, &|c| {
                    c != '\n' && u32::from(c) <= 0xFFFF && quote::invisible(c)
                }) + "\n",
                self.file("template.json"),
                notes,
            )
        })
    }
}

/// `aws <service> <op> --cli-input-<kind> file://<filename> --region ...`, quoted for bash.
fn cli_input_command(
    model: &model::OperationModel,
    options: &ExportOptions,
    kind: &str,
    filename: &str,
) -> String {
    let mut words = vec![
        "aws".to_owned(),
        model.service.cli.to_owned(),
        model.cli.to_owned(),
        format!("--cli-input-{kind}"),
        format!("file://{filename}"),
    ];
    for arg in cli::global_args(options) {
        if let cli::Arg::Value { option, value } = arg {
            words.push(option);
            words.push(bash_quote(&value).unwrap_or_default());
        }
    }
    words.join(" ")
}

/// PowerShell: the command itself when every argument survives PowerShell's passing to native
/// programs; otherwise the request goes through a `--cli-input-json` file.
fn powershell(
    model: &model::OperationModel,
    object: &Map<String, Value>,
    options: &ExportOptions,
) -> (String, String, Vec<String>) {
    let command = cli::command(model, object);
    let filename = format!("{}.ps1", model.cli);
    if let Some(text) = cli::render_powershell_direct(&command, options) {
        let mut notes = vec!["For PowerShell (Windows PowerShell 5.1 or PowerShell 7); values are single-quoted, with ' doubled.".to_owned()];
        notes.extend(command.notes);
        return (text, filename, notes);
    }
    let json_file = format!("{}.json", model.cli);
    let text = format!(
        "$request = @'\n{}\n'@\n[System.IO.File]::WriteAllText((Join-Path $PWD '{json_file}'), $request)\naws {} {} --cli-input-json 'file://{json_file}' {}\n",
        ascii_json(&Value::Object(object.clone())),
        model.service.cli,
        model.cli,
        cli::powershell_globals(options),
    );
    (
        text,
        filename,
        vec![
            "The request goes through a --cli-input-json file: PowerShell before 7.3 (and Windows PowerShell 5.1) drops empty arguments and mangles double quotes and backslashes inside arguments to native programs, and aws.cmd re-parses them through cmd.exe, so JSON, empty or unusual values cannot be passed as plain arguments reliably.".to_owned(),
            "The file is written as ASCII (non-ASCII characters as \\u escapes) without a byte order mark, which both AWS CLI versions read.".to_owned(),
        ],
    )
}
