//! The AWS CLI command for a request: `aws <service> <operation> --option value ...`, for bash
//! and for PowerShell.
//!
//! The CLI (v1 and v2) reads each option's value in steps, and each step can change a value
//! that was meant literally; the renderer avoids every one:
//! - a value starting with `file://`, `fileb://`, `http://` or `https://` is replaced by the
//!   file or URL content (awscli `paramfile.py`), so such members go into `--cli-input-json`;
//! - argparse takes a value starting with `-` for an option, so it is written `--opt=value`;
//! - a list or map value starting with `[` or `{` is parsed as JSON, anything else as shorthand
//!   (`awscli/shorthand.py`), so shorthand is used only where every key and value is made of
//!   characters that grammar reads back unchanged, and JSON otherwise;
//! - argparse drops a value that is exactly `--`, even written `--opt=--`, and no argument can
//!   carry NUL, so such members also go into `--cli-input-json`.

use serde_json::{Map, Value};

use super::model::{Field, OperationModel, Shape};
use super::quote::{bash_quote, powershell_quote};
use super::ExportOptions;

/// One option on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// `--option value`.
    Value { option: String, value: String },
    /// `--option v1 v2 ...` (a list, one word per element).
    Values { option: String, values: Vec<String> },
    /// A boolean: `--force` or `--no-force`.
    Flag(String),
}

/// A whole command, before quoting.
#[derive(Debug, Clone)]
pub struct Command {
    pub service: &'static str,
    pub operation: &'static str,
    pub args: Vec<Arg>,
    /// Members that cannot be options, passed inline with `--cli-input-json` (the CLI adds them
    /// only where no option gave the member).
    pub input_json: Map<String, Value>,
    pub notes: Vec<String>,
}

/// The prefixes the AWS CLI resolves to a file or URL content (v1 fetches URLs by default; v2
/// only files, but the same value is written safely for both).
pub const PARAMFILE_PREFIXES: [&str; 4] = ["file://", "fileb://", "http://", "https://"];

fn has_paramfile_prefix(text: &str) -> bool {
    PARAMFILE_PREFIXES.iter().any(|p| text.starts_with(p))
}

/// Characters the shorthand grammar reads back unchanged in an unquoted value, at any position.
fn shorthand_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | ':' | '/' | '@' | '+' | '-')
}

fn shorthand_scalar(text: &str) -> Option<String> {
    (!text.is_empty() && text.chars().all(shorthand_char)).then(|| text.to_owned())
}

/// A map key that shorthand reads as a key: `[A-Za-z0-9_.-]`, starting with a letter, digit or `_`
/// (no `:` or `/`, so no key can make the value start with `file://`).
fn shorthand_key(text: &str) -> bool {
    text.chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

/// A value inside shorthand (after `key=` or inside `[...]`).
fn shorthand_value(value: &Value, shape: Shape) -> Option<String> {
    match (shape, value) {
        (Shape::String, Value::String(s)) => shorthand_scalar(s),
        (Shape::Integer | Shape::Long, Value::Number(n)) if n.is_i64() || n.is_u64() => {
            Some(n.to_string())
        }
        (Shape::Double, Value::Number(n)) => {
            // The CLI applies Python's float() to the text; serde's shortest form reads back exactly.
            let text = n.to_string();
            text.chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'))
                .then_some(text)
        }
        (Shape::Boolean, Value::Bool(b)) => Some(b.to_string()),
        (Shape::List(inner), Value::Array(items)) => {
            let parts = items
                .iter()
                .map(|item| shorthand_value(item, *inner))
                .collect::<Option<Vec<_>>>()?;
            Some(format!("[{}]", parts.join(",")))
        }
        (Shape::Structure(_) | Shape::Map(_), Value::Object(_)) => {
            Some(format!("{{{}}}", shorthand_pairs(value, shape)?))
        }
        _ => None,
    }
}

/// `k=v,k2=v2` for a structure or map, or `None` when shorthand cannot say it exactly.
fn shorthand_pairs(value: &Value, shape: Shape) -> Option<String> {
    let object = value.as_object()?;
    let mut parts = Vec::with_capacity(object.len());
    for (key, member) in object {
        let member_shape = match shape {
            Shape::Structure(_) => *shape.field(key)?.shape,
            Shape::Map(inner) if shorthand_key(key) => *inner,
            _ => return None,
        };
        parts.push(format!("{key}={}", shorthand_value(member, member_shape)?));
    }
    Some(parts.join(","))
}

/// Shorthand for a whole option value; a structure or map needs at least one member (an empty
/// one is written `{}` in JSON).
pub fn shorthand(value: &Value, shape: Shape) -> Option<String> {
    match (shape, value) {
        (Shape::Structure(_) | Shape::Map(_), Value::Object(o)) if !o.is_empty() => {
            shorthand_pairs(value, shape)
        }
        _ => None,
    }
}

/// A list element given as its own word: not empty, not taken for an option, JSON or a file.
fn list_word(text: &str) -> bool {
    text.chars()
        .next()
        .is_some_and(|c| !c.is_whitespace() && !matches!(c, '-' | '[' | '{'))
        && !text.contains('\0')
        && !has_paramfile_prefix(text)
}

/// Whether a value matches the model's shape, so it can be an option at all.
fn matches_shape(value: &Value, shape: Shape) -> bool {
    match shape {
        Shape::String => value.is_string(),
        Shape::Integer | Shape::Long => value.is_i64() || value.is_u64(),
        Shape::Double => value.is_number(),
        Shape::Boolean => value.is_boolean(),
        Shape::List(_) => value.is_array(),
        Shape::Map(_) | Shape::Structure(_) => value.is_object(),
    }
}

fn json(value: &Value) -> String {
    super::quote::compact_json(value)
}

/// One member as an option, or `None` to pass it in `--cli-input-json`.
fn member_arg(field: &Field, value: &Value, notes: &mut Vec<String>) -> Option<Arg> {
    let option = format!("--{}", field.cli);
    let shape = *field.shape;
    if !matches_shape(value, shape) {
        notes.push(format!(
            "{} is not of the type the API expects, so it is passed as given in --cli-input-json.",
            field.name
        ));
        return None;
    }
    match (shape, value) {
        (Shape::String, Value::String(s)) => {
            if s.contains('\0') {
                notes.push(format!("{} contains NUL, which no command-line argument can carry; it is passed in --cli-input-json.", field.name));
                return None;
            }
            if s == "--" {
                notes.push(format!("{} is \"--\", which Python's argparse (under the AWS CLI) drops even as --option=--; it is passed in --cli-input-json.", field.name));
                return None;
            }
            if has_paramfile_prefix(s) {
                notes.push(format!("{} starts with {}, which the AWS CLI would replace by that file's or URL's content; it is passed in --cli-input-json, where it is taken literally.", field.name, PARAMFILE_PREFIXES.iter().find(|p| s.starts_with(*p)).unwrap_or(&"")));
                return None;
            }
            Some(Arg::Value {
                option,
                value: s.clone(),
            })
        }
        (Shape::Boolean, Value::Bool(b)) => Some(Arg::Flag(if *b {
            option
        } else {
            format!("--no-{}", field.cli)
        })),
        (Shape::Integer | Shape::Long | Shape::Double, Value::Number(n)) => Some(Arg::Value {
            option,
            value: n.to_string(),
        }),
        (Shape::List(inner), Value::Array(items)) => {
            if matches!(inner, Shape::String) {
                let words: Option<Vec<String>> = items
                    .iter()
                    .map(|i| i.as_str().filter(|s| list_word(s)).map(str::to_owned))
                    .collect();
                return Some(match words {
                    Some(values) if !values.is_empty() => Arg::Values { option, values },
                    _ => Arg::Value {
                        option,
                        value: json(value),
                    },
                });
            }
            let words: Option<Vec<String>> = items.iter().map(|i| shorthand(i, *inner)).collect();
            Some(match words {
                Some(values) if !values.is_empty() => Arg::Values { option, values },
                _ => Arg::Value {
                    option,
                    value: json(value),
                },
            })
        }
        (Shape::Map(_) | Shape::Structure(_), _) => Some(Arg::Value {
            option,
            value: shorthand(value, shape).unwrap_or_else(|| json(value)),
        }),
        _ => None,
    }
}

/// The command for `request` (an object; other values have no options at all).
pub fn command(model: &OperationModel, request: &Map<String, Value>) -> Command {
    let mut args = Vec::new();
    let mut input_json = Map::new();
    let mut notes = Vec::new();
    for (name, value) in request {
        let arg = if let Some(field) = model.input.field(name) {
            member_arg(field, value, &mut notes)
        } else {
            notes.push(format!("{name} is not a parameter of {}, so it has no option; it is passed in --cli-input-json, where the CLI will reject it.", model.operation));
            None
        };
        match arg {
            Some(arg) => args.push(arg),
            None => {
                input_json.insert(name.clone(), value.clone());
            }
        }
    }
    Command {
        service: model.service.cli,
        operation: model.cli,
        args,
        input_json,
        notes,
    }
}

/// The global options every rendering ends with.
pub fn global_args(options: &ExportOptions) -> Vec<Arg> {
    let mut args = vec![Arg::Value {
        option: "--region".to_owned(),
        value: options.region.clone(),
    }];
    if let Some(profile) = &options.profile {
        args.push(Arg::Value {
            option: "--profile".to_owned(),
            value: profile.clone(),
        });
    }
    if let Some(url) = &options.endpoint_url {
        args.push(Arg::Value {
            option: "--endpoint-url".to_owned(),
            value: url.clone(),
        });
    }
    args
}

/// The arguments after `aws <service> <operation>`, with `--cli-input-json` last among the
/// request's own.
pub fn all_args(command: &Command, options: &ExportOptions) -> Vec<Arg> {
    let mut args = command.args.clone();
    if !command.input_json.is_empty() {
        args.push(Arg::Value {
            option: "--cli-input-json".to_owned(),
            value: json(&Value::Object(command.input_json.clone())),
        });
    }
    args.extend(global_args(options));
    args
}

/// Bash text, one option per line. `None` if some value holds NUL (never, for values routed
/// through [`command`]).
pub fn render_bash(command: &Command, options: &ExportOptions) -> Option<String> {
    let mut lines = vec![format!("aws {} {}", command.service, command.operation)];
    for arg in all_args(command, options) {
        lines.push(match arg {
            Arg::Flag(flag) => flag,
            Arg::Value { option, value } if value.starts_with('-') => {
                format!("{option}={}", bash_quote(&value)?)
            }
            Arg::Value { option, value } => format!("{option} {}", bash_quote(&value)?),
            Arg::Values { option, values } => {
                let words = values
                    .iter()
                    .map(|v| bash_quote(v))
                    .collect::<Option<Vec<_>>>()?;
                format!("{option} {}", words.join(" "))
            }
        });
    }
    Some(lines.join(" \\\n  ") + "\n")
}

/// Whether PowerShell passes `text` to a native program unchanged in every version: Windows
/// PowerShell 5.1 and PowerShell before 7.3 drop empty arguments and mangle embedded `"` (and
/// backslashes before them), and `aws.cmd` (CLI v1 from pip) goes through cmd.exe, which
/// interprets `%`, `^`, `&`, `|`, `<` and `>`.
pub fn powershell_safe(text: &str) -> bool {
    !text.is_empty()
        && text.chars().all(|c| {
            c.is_ascii_alphanumeric()
                || matches!(
                    c,
                    '_' | '.' | ':' | '/' | '@' | '+' | '=' | ',' | '-' | '[' | ']' | '{' | '}'
                )
        })
}

/// PowerShell words for the command, or `None` when some argument is not [`powershell_safe`].
pub fn render_powershell_direct(command: &Command, options: &ExportOptions) -> Option<String> {
    let mut lines = vec![format!("aws {} {}", command.service, command.operation)];
    for arg in all_args(command, options) {
        lines.push(match arg {
            Arg::Flag(flag) => flag,
            Arg::Value { option, value } => {
                if !powershell_safe(&value) {
                    return None;
                }
                if value.starts_with('-') {
                    format!("{option}={}", powershell_quote(&value))
                } else {
                    format!("{option} {}", powershell_quote(&value))
                }
            }
            Arg::Values { option, values } => {
                if !values.iter().all(|v| powershell_safe(v)) {
                    return None;
                }
                let words: Vec<String> = values.iter().map(|v| powershell_quote(v)).collect();
                format!("{option} {}", words.join(" "))
            }
        });
    }
    Some(lines.join(" `\n  ") + "\n")
}

/// The PowerShell global options, quoted.
pub fn powershell_globals(options: &ExportOptions) -> String {
    global_args(options)
        .into_iter()
        .filter_map(|arg| match arg {
            Arg::Value { option, value } => Some(format!("{option} {}", powershell_quote(&value))),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(" ")
}
