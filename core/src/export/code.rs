//! SDK code (boto3, the AWS SDK for JavaScript v3) and the raw AWS JSON 1.1 request (HTTP text
//! and curl).

use serde_json::{Map, Value};

use super::model::OperationModel;
use super::quote::{bash_quote, js_str, python_str};
use super::ExportOptions;

/// How one language writes JSON values as literals: the Python, JavaScript and HCL writers are
/// the same walk with different spellings.
pub struct LiteralSyntax {
    pub null: &'static str,
    pub true_word: &'static str,
    pub false_word: &'static str,
    pub quote: fn(&str) -> String,
    /// How an object key is written (a quoted string, except where the language reads some
    /// keys specially).
    pub key: fn(&str) -> String,
    /// Spaces per nesting level.
    pub step: usize,
    pub key_separator: &'static str,
    /// What ends an object entry (a list item always ends with `,`).
    pub entry_end: &'static str,
}

pub const PYTHON: LiteralSyntax = LiteralSyntax {
    null: "None",
    true_word: "True",
    false_word: "False",
    quote: python_str,
    key: python_str,
    step: 4,
    key_separator: ": ",
    entry_end: ",",
};

pub const JAVASCRIPT: LiteralSyntax = LiteralSyntax {
    null: "null",
    true_word: "true",
    false_word: "false",
    quote: js_str,
    key: js_key,
    step: 2,
    key_separator: ": ",
    entry_end: ",",
};

/// A literal for a JSON value in `syntax`, indented by `indent` spaces on continuation lines.
pub fn literal(value: &Value, indent: usize, syntax: &LiteralSyntax) -> String {
    let pad = " ".repeat(indent + syntax.step);
    let close = " ".repeat(indent);
    match value {
        Value::Null => syntax.null.to_owned(),
        Value::Bool(true) => syntax.true_word.to_owned(),
        Value::Bool(false) => syntax.false_word.to_owned(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => (syntax.quote)(s),
        Value::Array(items) if items.is_empty() => "[]".to_owned(),
        Value::Array(items) => {
            let body: Vec<String> = items
                .iter()
                .map(|v| format!("{pad}{},\n", literal(v, indent + syntax.step, syntax)))
                .collect();
            format!("[\n{}{close}]", body.concat())
        }
        Value::Object(map) if map.is_empty() => "{}".to_owned(),
        Value::Object(map) => {
            let body: Vec<String> = map
                .iter()
                .map(|(k, v)| {
                    format!(
                        "{pad}{}{}{}{}\n",
                        (syntax.key)(k),
                        syntax.key_separator,
                        literal(v, indent + syntax.step, syntax),
                        syntax.entry_end
                    )
                })
                .collect();
            format!("{{\n{}{close}}}", body.concat())
        }
    }
}

/// A JavaScript object key. `"__proto__": v` in an object literal sets the object's prototype
/// instead of making a member, so the SDK would never send that attribute; a computed key makes
/// a member.
fn js_key(key: &str) -> String {
    if key == "__proto__" {
        format!("[{}]", js_str(key))
    } else {
        js_str(key)
    }
}

/// A Python literal for a JSON value, indented by `indent` spaces on continuation lines.
pub fn python_value(value: &Value, indent: usize) -> String {
    literal(value, indent, &PYTHON)
}

/// A JavaScript literal for a JSON value (keys always quoted).
pub fn js_value(value: &Value, indent: usize) -> String {
    literal(value, indent, &JAVASCRIPT)
}

/// Whether a Python identifier can name this member as a keyword argument.
fn python_identifier(name: &str) -> bool {
    const KEYWORDS: [&str; 35] = [
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
        "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
        "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return",
        "try", "while", "with", "yield",
    ];
    name.chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !KEYWORDS.contains(&name)
}

/// A boto3 script that sends the request and prints the response.
pub fn boto3(
    model: &OperationModel,
    request: &Map<String, Value>,
    options: &ExportOptions,
) -> String {
    let mut client_args = vec![python_str(model.service.cli)];
    if options.profile.is_none() {
        client_args.push(format!("region_name={}", python_str(&options.region)));
    }
    if let Some(url) = &options.endpoint_url {
        client_args.push(format!("endpoint_url={}", python_str(url)));
    }
    let client = match &options.profile {
        Some(profile) => format!(
            "session = boto3.Session(profile_name={}, region_name={})\nclient = session.client({})",
            python_str(profile),
            python_str(&options.region),
            client_args.join(", ")
        ),
        None => format!("client = boto3.client({})", client_args.join(", ")),
    };
    let call = if request.keys().all(|k| python_identifier(k)) {
        let args: Vec<String> = request
            .iter()
            .map(|(k, v)| format!("    {k}={},\n", python_value(v, 4)))
            .collect();
        if args.is_empty() {
            format!("response = client.{}()", model.python)
        } else {
            format!("response = client.{}(\n{})", model.python, args.concat())
        }
    } else {
        format!(
            "response = client.{}(**{})",
            model.python,
            python_value(&Value::Object(request.clone()), 0)
        )
    };
    format!(
        "import json\n\nimport boto3\n\n{client}\n\n{call}\nprint(json.dumps(response, indent=2, default=str))\n"
    )
}

/// An ES module for the AWS SDK for JavaScript v3 that sends the request and prints the response.
pub fn js_sdk_v3(
    model: &OperationModel,
    request: &Map<String, Value>,
    options: &ExportOptions,
) -> String {
    let command = model.js_command();
    let client = model.service.js_client;
    let mut config = vec![format!("  region: {},\n", js_str(&options.region))];
    if let Some(profile) = &options.profile {
        config.push(format!("  profile: {},\n", js_str(profile)));
    }
    if let Some(url) = &options.endpoint_url {
        config.push(format!("  endpoint: {},\n", js_str(url)));
    }
    format!(
        "import {{ {client}, {command} }} from {};\n\nconst client = new {client}({{\n{}}});\n\nconst input = {};\n\nconst response = await client.send(new {command}(input));\nconsole.log(JSON.stringify(response, null, 2));\n",
        js_str(model.service.js_package),
        config.concat(),
        js_value(&Value::Object(request.clone()), 0),
    )
}

/// The DNS suffix of a Region's endpoints (China Regions use their own).
fn dns_suffix(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "amazonaws.com.cn"
    } else {
        "amazonaws.com"
    }
}

/// The endpoint URL: the option's, or the service's Regional endpoint.
pub fn endpoint(model: &OperationModel, options: &ExportOptions) -> String {
    options.endpoint_url.clone().unwrap_or_else(|| {
        format!(
            "https://{}.{}.{}/",
            model.service.endpoint,
            options.region,
            dns_suffix(&options.region)
        )
    })
}

/// The `Host` header for an endpoint URL.
fn host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.split(['/', '?', '#']).next().unwrap_or(rest)
}

/// The request as AWS JSON 1.1 sends it, without the SigV4 headers.
pub fn http(model: &OperationModel, request: &Value, options: &ExportOptions) -> String {
    let body = super::quote::compact_json(request);
    let url = endpoint(model, options);
    let after_scheme = url.split_once("://").map_or(url.as_str(), |(_, rest)| rest);
    let path = after_scheme
        .find('/')
        .and_then(|i| after_scheme.get(i..))
        .unwrap_or("/");
    format!(
        "POST {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amz-Target: {}.{}\r\nContent-Length: {}\r\n\r\n{body}",
        host(&url),
        model.service.target,
        model.api,
        body.len()
    )
}

/// A curl command that signs with SigV4 from the environment's credentials.
pub fn curl(model: &OperationModel, request: &Value, options: &ExportOptions) -> Option<String> {
    let body = super::quote::compact_json(request);
    let lines = [
        format!(
            "curl --silent --show-error --fail-with-body --request POST {}",
            bash_quote(&endpoint(model, options))?
        ),
        format!(
            "--aws-sigv4 {}",
            bash_quote(&format!(
                "aws:amz:{}:{}",
                options.region, model.service.endpoint
            ))?
        ),
        "--user \"$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY\"".to_owned(),
        "--header 'Content-Type: application/x-amz-json-1.1'".to_owned(),
        format!(
            "--header {}",
            bash_quote(&format!(
                "X-Amz-Target: {}.{}",
                model.service.target, model.api
            ))?
        ),
        format!("--data-raw {}", bash_quote(&body)?),
    ];
    Some(lines.join(" \\\n  ") + "\n")
}
