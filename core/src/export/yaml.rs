//! A small YAML emitter for JSON values: block style, every string double-quoted, so no value
//! can be read back as a number, boolean, null, date or anchor.

use serde_json::{Number, Value};

use super::quote::yaml_str;

/// The YAML document for `value`, ending with a newline.
pub fn to_yaml(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Object(map) if !map.is_empty() => write_mapping(&mut out, map, 0),
        Value::Array(items) if !items.is_empty() => write_sequence(&mut out, items, 0),
        other => {
            out.push_str(&scalar(other));
            out.push('\n');
        }
    }
    out
}

/// Keys left bare: identifiers that no YAML 1.1 reader takes for a boolean or null.
fn key(text: &str) -> String {
    const SPECIAL: [&str; 11] = [
        "y", "n", "yes", "no", "on", "off", "true", "false", "null", "none", "nan",
    ];
    let bare = text.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && text.chars().all(|c| c.is_ascii_alphanumeric())
        && !SPECIAL.contains(&text.to_ascii_lowercase().as_str());
    if bare {
        text.to_owned()
    } else {
        yaml_str(text)
    }
}

/// A number as YAML 1.1 and 1.2 both read it: floats always carry a `.` and a signed exponent.
fn number(n: &Number) -> String {
    if n.is_f64() {
        let text = n.to_string();
        let (mantissa, exponent) = match text.split_once(['e', 'E']) {
            Some((m, e)) => (m.to_owned(), Some(e.to_owned())),
            None => (text.clone(), None),
        };
        let mantissa = if mantissa.contains('.') {
            mantissa
        } else {
            format!("{mantissa}.0")
        };
        match exponent {
            Some(e) if e.starts_with(['-', '+']) => format!("{mantissa}e{e}"),
            Some(e) => format!("{mantissa}e+{e}"),
            None => mantissa,
        }
    } else {
        n.to_string()
    }
}

fn scalar(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => number(n),
        Value::String(s) => yaml_str(s),
        Value::Array(_) => "[]".to_owned(),
        Value::Object(_) => "{}".to_owned(),
    }
}

fn write_mapping(out: &mut String, map: &serde_json::Map<String, Value>, indent: usize) {
    for (k, v) in map {
        out.push_str(&" ".repeat(indent));
        out.push_str(&key(k));
        out.push(':');
        write_value_after_key(out, v, indent);
    }
}

fn write_value_after_key(out: &mut String, value: &Value, indent: usize) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            out.push('\n');
            write_mapping(out, map, indent + 2);
        }
        Value::Array(items) if !items.is_empty() => {
            out.push('\n');
            write_sequence(out, items, indent + 2);
        }
        other => {
            out.push(' ');
            out.push_str(&scalar(other));
            out.push('\n');
        }
    }
}

fn write_sequence(out: &mut String, items: &[Value], indent: usize) {
    for item in items {
        out.push_str(&" ".repeat(indent));
        out.push('-');
        match item {
            Value::Object(map) if !map.is_empty() => {
                // The first member shares the dash's line; the rest align under it.
                let mut first = true;
                for (k, v) in map {
                    if first {
                        out.push(' ');
                        first = false;
                    } else {
                        out.push_str(&" ".repeat(indent + 2));
                    }
                    out.push_str(&key(k));
                    out.push(':');
                    write_value_after_key(out, v, indent + 2);
                }
            }
            Value::Array(inner) if !inner.is_empty() => {
                out.push('\n');
                write_sequence(out, inner, indent + 2);
            }
            other => {
                out.push(' ');
                out.push_str(&scalar(other));
                out.push('\n');
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn block_style_with_quoted_strings() {
        let yaml = to_yaml(&json!({
            "ServiceId": "srv-1",
            "Attributes": {"AWS_INSTANCE_PORT": "80", "yes": "no"},
            "DnsRecords": [{"Type": "A", "TTL": 60}, {"Type": "SRV", "TTL": 0}],
            "Empty": {}, "List": [], "Nested": [["a"], []],
            "Double": 1e300, "Half": 0.5, "Small": -2.5e-7, "Flag": true
        }));
        assert_eq!(
            yaml,
            "ServiceId: \"srv-1\"\nAttributes:\n  \"AWS_INSTANCE_PORT\": \"80\"\n  \"yes\": \"no\"\nDnsRecords:\n  - Type: \"A\"\n    TTL: 60\n  - Type: \"SRV\"\n    TTL: 0\nEmpty: {}\nList: []\nNested:\n  -\n    - \"a\"\n  - []\nDouble: 1.0e+300\nHalf: 0.5\nSmall: -2.5e-7\nFlag: true\n"
        );
    }
}
