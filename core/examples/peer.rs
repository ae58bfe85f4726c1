//! The bridge the peer tests (`scripts/peers`, `tests/peers/`) use to drive muster-core from
//! Python: JSON lines in on stdin, one JSON line out per request, so thousands of cases cost one
//! process.
//!
//! Commands: `{"cmd": "export", "operation", "request", "format", "options"?}`,
//! `{"cmd": "import", "text", "format"?, "operation"?}`, `{"cmd": "validate", "operation",
//! "request"}`, `{"cmd": "quote", "text"}`, `{"cmd": "split", "text"}` (the words the importers
//! read a command line as, or why it is refused), `{"cmd": "yaml", "text"}` (a cli-input-yaml
//! text as JSON, or why it is refused).
//!
//! Run as `aws` (through a symlink of that name) it is instead the stub the shell tests put on
//! PATH: it prints its arguments as one JSON array line and exits.

use std::io::{self, BufRead, Write};

use muster_core::export::{
    bash_quote, export_request, import_request, powershell_quote, ExportOptions, Format,
    ImportFormat,
};
use muster_core::Operation;
use serde_json::{json, Value};

fn main() -> io::Result<()> {
    let program = std::env::args_os().next().unwrap_or_default();
    let name = std::path::Path::new(&program)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if name == "aws" {
        let args: Vec<Value> = std::env::args_os()
            .skip(1)
            .map(|a| match a.into_string() {
                Ok(s) => Value::String(s),
                Err(raw) => json!({"invalid_utf8": raw.to_string_lossy()}),
            })
            .collect();
        let mut out = io::stdout().lock();
        writeln!(out, "{}", Value::Array(args))?;
        return Ok(());
    }
    let stdin = io::stdin();
    let mut out = io::BufWriter::new(io::stdout().lock());
    for line in stdin.lock().lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let reply = match serde_json::from_str::<Value>(&line) {
            Ok(input) => handle(&input),
            Err(e) => json!({"ok": false, "error": format!("bad input line: {e}")}),
        };
        writeln!(out, "{reply}")?;
    }
    out.flush()
}

fn text<'a>(input: &'a Value, key: &str) -> Option<&'a str> {
    input.get(key).and_then(Value::as_str)
}

fn operation(input: &Value) -> Result<Option<Operation>, String> {
    text(input, "operation")
        .map(|name| name.parse::<Operation>().map_err(|e| e.message))
        .transpose()
}

fn options(input: &Value) -> ExportOptions {
    let mut options = ExportOptions::default();
    if let Some(o) = input.get("options") {
        if let Some(region) = text(o, "region") {
            region.clone_into(&mut options.region);
        }
        options.endpoint_url = text(o, "endpoint_url").map(str::to_owned);
        options.profile = text(o, "profile").map(str::to_owned);
        options.allow_invalid = o
            .get("allow_invalid")
            .and_then(Value::as_bool)
            .unwrap_or(false);
    }
    options
}

fn handle(input: &Value) -> Value {
    let result = match text(input, "cmd") {
        Some("export") => export(input),
        Some("import") => import(input),
        Some("validate") => validate(input),
        Some("quote") => Ok(quote(input)),
        Some("split") => Ok(split(input)),
        Some("yaml") => Ok(yaml(input)),
        other => Err(format!("unknown cmd {other:?}")),
    };
    result.unwrap_or_else(|error| json!({"ok": false, "error": error}))
}

fn export(input: &Value) -> Result<Value, String> {
    let operation = operation(input)?.ok_or("export needs an operation")?;
    let format: Format = text(input, "format")
        .ok_or("export needs a format")?
        .parse()
        .map_err(|e: muster_core::export::ExportError| e.to_string())?;
    let request = input.get("request").cloned().unwrap_or(Value::Null);
    Ok(
        match export_request(operation, &request, format, &options(input)) {
            Ok(e) => json!({"ok": true, "text": e.text, "filename": e.filename, "notes": e.notes}),
            Err(e) => json!({"ok": false, "error": e.to_string()}),
        },
    )
}

fn import(input: &Value) -> Result<Value, String> {
    let format = text(input, "format")
        .map(|f| {
            f.parse::<ImportFormat>()
                .map_err(|e: muster_core::export::ImportError| e.to_string())
        })
        .transpose()?;
    let body = text(input, "text").ok_or("import needs text")?;
    Ok(match import_request(body, format, operation(input)?) {
        Ok(i) => json!({
            "ok": true,
            "operation": i.operation.name(),
            "request": i.request,
            "format": i.format.name(),
            "notes": i.notes,
        }),
        Err(e) => json!({"ok": false, "error": e.to_string()}),
    })
}

fn validate(input: &Value) -> Result<Value, String> {
    let operation = operation(input)?.ok_or("validate needs an operation")?;
    let request = input.get("request").cloned().unwrap_or(Value::Null);
    let report = muster_core::validate(operation, &request, None).map_err(|e| e.message)?;
    let codes: Vec<&str> = report.errors().map(|d| d.code).collect();
    Ok(json!({"ok": true, "valid": report.valid, "errors": codes}))
}

fn quote(input: &Value) -> Value {
    let value = text(input, "text").unwrap_or_default();
    json!({"ok": true, "bash": bash_quote(value), "powershell": powershell_quote(value)})
}

fn split(input: &Value) -> Value {
    match muster_core::export::split_words(text(input, "text").unwrap_or_default()) {
        Ok(words) => json!({"ok": true, "words": words}),
        Err(e) => json!({"ok": false, "error": format!("{e:?}")}),
    }
}

fn yaml(input: &Value) -> Value {
    match muster_core::export::parse_yaml(text(input, "text").unwrap_or_default()) {
        Ok(value) => json!({"ok": true, "value": value}),
        Err(e) => json!({"ok": false, "line": e.line, "error": e.message}),
    }
}
