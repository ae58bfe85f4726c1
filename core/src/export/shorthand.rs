//! The AWS CLI's shorthand syntax (`Key=value,Other=[a,b],Nested={K=v}`), read exactly as
//! `awscli/shorthand.py` reads it: the same character classes, the same backtracking for
//! `a=b,c` lists, the same quote handling. Its `BackCompatVisitor` step then converts values by
//! the model: integers and floats from text, `true`/`false`, and a lone value where a list is
//! expected wrapped in a list (without converting it, as the CLI does).

use serde_json::{Map, Number, Value};

use super::model::Shape;

/// A value as the grammar reads it, before the model gives it types.
#[derive(Debug, Clone, PartialEq)]
pub enum Parsed {
    Str(String),
    List(Vec<Parsed>),
    Map(Vec<(String, Parsed)>),
}

/// Python's `str.isspace()`, which `\s` and `rstrip()` use.
fn py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// `string.whitespace`, which the parser skips between tokens.
fn ascii_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{b}' | '\u{c}')
}

fn in_ranges(c: char, ranges: &[(u32, u32)]) -> bool {
    let u = u32::from(c);
    ranges.iter().any(|&(lo, hi)| (lo..=hi).contains(&u))
}

/// `_START_WORD`: `!#-&(-+--<>-Z\\-z|-\uffff`.
fn start_word(c: char) -> bool {
    in_ranges(
        c,
        &[
            (0x21, 0x21),
            (0x23, 0x26),
            (0x28, 0x2B),
            (0x2D, 0x3C),
            (0x3E, 0x5A),
            (0x5C, 0x7A),
            (0x7C, 0xFFFF),
        ],
    )
}

/// `_FIRST_FOLLOW_CHARS`: `\s!#-&(-+--\\^-|~-\uffff`.
fn first_follow(c: char) -> bool {
    py_space(c)
        || in_ranges(
            c,
            &[
                (0x21, 0x21),
                (0x23, 0x26),
                (0x28, 0x2B),
                (0x2D, 0x5C),
                (0x5E, 0x7C),
                (0x7E, 0xFFFF),
            ],
        )
}

/// `_SECOND_FOLLOW_CHARS`: `\s!#-&(-+--<>-\uffff`.
fn second_follow(c: char) -> bool {
    py_space(c)
        || in_ranges(
            c,
            &[
                (0x21, 0x21),
                (0x23, 0x26),
                (0x28, 0x2B),
                (0x2D, 0x3C),
                (0x3E, 0xFFFF),
            ],
        )
}

struct Parser {
    s: Vec<char>,
    i: usize,
    /// Set by `key@=`: scalar values after it that start with `file://` or `fileb://` are read
    /// from that file. Like the CLI's flag, it stays set until the next key.
    paramfiles: bool,
    /// How many `[` / `{` enclose the cursor, bounded so hostile input cannot exhaust the stack.
    depth: usize,
}

/// The deepest nesting read; the CLI's recursive parser fails long before real requests would.
const MAX_DEPTH: usize = 64;

type Result<T> = std::result::Result<T, String>;

impl Parser {
    fn current(&self) -> Option<char> {
        self.s.get(self.i).copied()
    }

    fn at_eof(&self) -> bool {
        self.i >= self.s.len()
    }

    fn error(&self, expected: &str) -> String {
        let actual = self
            .current()
            .map_or_else(|| "the end".to_owned(), |c| format!("{c:?}"));
        format!(
            "shorthand syntax error at character {}: expected {expected}, found {actual}",
            self.i + 1
        )
    }

    fn consume_whitespace(&mut self) {
        while self.current().is_some_and(ascii_space) {
            self.i += 1;
        }
    }

    fn expect(&mut self, c: char, whitespace: bool) -> Result<()> {
        if whitespace {
            self.consume_whitespace();
        }
        if self.current() != Some(c) {
            return Err(self.error(&format!("{c:?}")));
        }
        self.i += 1;
        if whitespace {
            self.consume_whitespace();
        }
        Ok(())
    }

    /// `_expect` that only reports whether it matched (whitespace before stays consumed).
    fn try_expect(&mut self, c: char) -> bool {
        self.consume_whitespace();
        if self.current() == Some(c) {
            self.i += 1;
            self.consume_whitespace();
            true
        } else {
            false
        }
    }

    fn parameter(&mut self) -> Result<Vec<(String, Parsed)>> {
        let mut params: Vec<(String, Parsed)> = vec![self.keyval()?];
        while !self.at_eof() {
            self.expect(',', true)?;
            let (key, value) = self.keyval()?;
            if params.iter().any(|(k, _)| *k == key) {
                return Err(format!(
                    "shorthand gives the key {key:?} twice (often a \",\" where a space was meant)"
                ));
            }
            params.push((key, value));
        }
        Ok(params)
    }

    /// A scalar as `_resolve_paramfiles` leaves it: unchanged, unless `@=` asked for a file.
    fn scalar(&self, text: String) -> Result<String> {
        if self.paramfiles && (text.starts_with("file://") || text.starts_with("fileb://")) {
            return Err(format!("@={text} reads the value from a file, which muster cannot do; paste the value instead"));
        }
        Ok(text)
    }

    fn keyval(&mut self) -> Result<(String, Parsed)> {
        let key = self.key();
        self.paramfiles = self.try_expect('@');
        self.expect('=', true)?;
        let value = self.values()?;
        Ok((key, value))
    }

    fn key(&mut self) -> String {
        let start = self.i;
        while self.current().is_some_and(|c| {
            c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '#' | '/' | ':')
        }) {
            self.i += 1;
        }
        self.s
            .get(start..self.i)
            .unwrap_or_default()
            .iter()
            .collect()
    }

    fn values(&mut self) -> Result<Parsed> {
        match self.current() {
            None => Ok(Parsed::Str(String::new())),
            Some('[') => self.explicit_list(),
            Some('{') => self.hash_literal(),
            Some(_) => self.csv_value(),
        }
    }

    fn csv_value(&mut self) -> Result<Parsed> {
        let first = self.first_value()?;
        self.consume_whitespace();
        if self.at_eof() || self.current() != Some(',') {
            return Ok(first);
        }
        self.expect(',', true)?;
        let mut list = vec![first.clone()];
        loop {
            let attempt = self.second_value().and_then(|value| {
                self.consume_whitespace();
                if self.at_eof() {
                    Ok((value, true))
                } else {
                    self.expect(',', true).map(|()| (value, false))
                }
            });
            match attempt {
                Ok((value, done)) => {
                    list.push(Parsed::Str(value));
                    if done {
                        break;
                    }
                }
                Err(e) => {
                    if self.at_eof() {
                        return Err(e);
                    }
                    // Back to the comma before the key of the next pair (`a=b,c=d`).
                    while self.current() != Some(',') {
                        if self.i == 0 {
                            break;
                        }
                        self.i -= 1;
                    }
                    break;
                }
            }
        }
        if list.len() == 1 {
            Ok(first)
        } else {
            Ok(Parsed::List(list))
        }
    }

    /// Matches `(\\,|[start])(\\,|[follow])*` at the cursor; the consumed text.
    fn word(&mut self, follow: fn(char) -> bool) -> Option<String> {
        let start = self.i;
        let mut first = true;
        loop {
            let c = self.current();
            if c == Some('\\') && self.s.get(self.i + 1) == Some(&',') {
                self.i += 2;
            } else if c.is_some_and(|c| if first { start_word(c) } else { follow(c) }) {
                self.i += 1;
            } else {
                break;
            }
            first = false;
        }
        (self.i > start).then(|| {
            self.s
                .get(start..self.i)
                .unwrap_or_default()
                .iter()
                .collect()
        })
    }

    fn unquoted(text: &str) -> String {
        text.replace("\\,", ",")
            .trim_end_matches(py_space)
            .to_owned()
    }

    fn value(&mut self) -> Result<String> {
        let text = self
            .word(first_follow)
            .map(|w| Self::unquoted(&w))
            .unwrap_or_default();
        self.scalar(text)
    }

    fn first_value(&mut self) -> Result<Parsed> {
        let text = match self.current() {
            Some(q @ ('\'' | '"')) => self.quoted(q)?,
            _ => self.value()?,
        };
        Ok(Parsed::Str(text))
    }

    fn second_value(&mut self) -> Result<String> {
        let text = match self.current() {
            Some(q @ ('\'' | '"')) => self.quoted(q)?,
            _ => match self.word(second_follow) {
                Some(w) => Self::unquoted(&w),
                None => return Err(self.error("a value")),
            },
        };
        self.scalar(text)
    }

    /// `'(?:\\'|[^'])*'`: ends at the first quote not preceded by a backslash, or, failing that,
    /// at the last escaped one (the regex backtracks to it).
    fn quoted(&mut self, quote: char) -> Result<String> {
        let start = self.i + 1;
        let mut j = start;
        let mut last_escaped = None;
        let end = loop {
            match self.s.get(j) {
                None => match last_escaped {
                    Some(end) => break end,
                    None => {
                        return Err(format!("a {quote} quote in the shorthand is never closed"))
                    }
                },
                Some('\\') if self.s.get(j + 1) == Some(&quote) => {
                    last_escaped = Some(j + 1);
                    j += 2;
                }
                Some(&c) if c == quote => break j,
                Some(_) => j += 1,
            }
        };
        let inner: String = self.s.get(start..end).unwrap_or_default().iter().collect();
        self.i = end + 1;
        self.scalar(
            inner
                .replace(&format!("\\{quote}"), &quote.to_string())
                .replace("\\\\", "\\"),
        )
    }

    fn explicit_list(&mut self) -> Result<Parsed> {
        self.expect('[', true)?;
        let mut values = Vec::new();
        while self.current() != Some(']') {
            values.push(self.explicit_value()?);
            self.consume_whitespace();
            if self.current() != Some(']') {
                self.expect(',', false)?;
                self.consume_whitespace();
            }
        }
        self.expect(']', false)?;
        Ok(Parsed::List(values))
    }

    fn explicit_value(&mut self) -> Result<Parsed> {
        match self.current() {
            Some('[' | '{') if self.depth >= MAX_DEPTH => Err(format!(
                "shorthand nested deeper than {MAX_DEPTH} levels (the AWS CLI gives up too); use JSON"
            )),
            Some('[') => {
                self.depth += 1;
                let list = self.explicit_list();
                self.depth -= 1;
                list
            }
            Some('{') => {
                self.depth += 1;
                let hash = self.hash_literal();
                self.depth -= 1;
                hash
            }
            _ => self.first_value(),
        }
    }

    fn hash_literal(&mut self) -> Result<Parsed> {
        self.expect('{', true)?;
        let mut pairs: Vec<(String, Parsed)> = Vec::new();
        while self.current() != Some('}') {
            let key = self.key();
            self.paramfiles = self.try_expect('@');
            self.expect('=', true)?;
            let value = self.explicit_value()?;
            self.consume_whitespace();
            if self.current() != Some('}') {
                self.expect(',', false)?;
                self.consume_whitespace();
            }
            // A Python dict: a repeated key keeps its first position and takes the last value.
            match pairs.iter_mut().find(|(k, _)| *k == key) {
                Some(slot) => slot.1 = value,
                None => pairs.push((key, value)),
            }
        }
        self.expect('}', false)?;
        Ok(Parsed::Map(pairs))
    }
}

/// Parses one shorthand argument (`k=v,k2=v2`) into its pairs.
pub fn parse(text: &str) -> Result<Vec<(String, Parsed)>> {
    Parser {
        s: text.chars().collect(),
        i: 0,
        paramfiles: false,
        depth: 0,
    }
    .parameter()
}

/// A parsed value as JSON, without the model.
pub fn plain(parsed: Parsed) -> Value {
    match parsed {
        Parsed::Str(s) => Value::String(s),
        Parsed::List(items) => Value::Array(items.into_iter().map(plain).collect()),
        Parsed::Map(pairs) => {
            Value::Object(pairs.into_iter().map(|(k, v)| (k, plain(v))).collect())
        }
    }
}

/// Python's `int()` on text: surrounding whitespace, a sign, and `_` between digits.
pub fn python_int(text: &str) -> Option<Number> {
    let t = text.trim_matches(py_space);
    let (negative, digits) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let valid = !digits.is_empty()
        && !digits.starts_with('_')
        && !digits.ends_with('_')
        && !digits.contains("__")
        && digits.chars().all(|c| c.is_ascii_digit() || c == '_');
    if !valid {
        return None;
    }
    let clean: String = digits.chars().filter(|c| *c != '_').collect();
    if negative {
        format!("-{clean}").parse::<i64>().ok().map(Number::from)
    } else {
        clean.parse::<u64>().ok().map(Number::from)
    }
}

/// Python's `float()` on text, for finite values (JSON has no NaN or infinity).
pub fn python_float(text: &str) -> Option<Number> {
    let t = text.trim_matches(py_space);
    if t.contains("__") || t.starts_with('_') || t.ends_with('_') {
        return None;
    }
    let clean: String = t.chars().filter(|c| *c != '_').collect();
    if !clean
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'))
    {
        return None;
    }
    crate::text::parse_decimal(&clean).and_then(Number::from_f64)
}

/// Applies the model as the CLI's `BackCompatVisitor` does.
pub fn typed(parsed: Parsed, shape: Shape, name: &str) -> Result<Value> {
    match (shape, parsed) {
        (Shape::Structure(_), Parsed::Map(pairs)) => {
            let mut map = Map::new();
            for (key, value) in pairs {
                let converted = match shape.field(&key) {
                    Some(field) => typed(value, *field.shape, &key)?,
                    None => plain(value),
                };
                map.insert(key, converted);
            }
            Ok(Value::Object(map))
        }
        (Shape::Map(inner), Parsed::Map(pairs)) => {
            let mut map = Map::new();
            for (key, value) in pairs {
                let converted = typed(value, *inner, &key)?;
                map.insert(key, converted);
            }
            Ok(Value::Object(map))
        }
        (Shape::List(inner), Parsed::List(items)) => Ok(Value::Array(
            items
                .into_iter()
                .map(|item| typed(item, *inner, name))
                .collect::<Result<_>>()?,
        )),
        // `foo=bar` where a list is expected: wrapped as given, not converted.
        (Shape::List(_), other) => Ok(Value::Array(vec![plain(other)])),
        (Shape::Integer | Shape::Long, Parsed::Str(s)) => python_int(&s)
            .map(Value::Number)
            .ok_or_else(|| format!("{name} must be a whole number, not {s:?}")),
        (Shape::Double, Parsed::Str(s)) => python_float(&s)
            .map(Value::Number)
            .ok_or_else(|| format!("{name} must be a number, not {s:?}")),
        // The CLI lower-cases with Python's str.lower(); only ASCII letters lower-case to the
        // letters of "true" and "false", so an ASCII comparison gives the same answer.
        (Shape::Boolean, Parsed::Str(s)) if s.eq_ignore_ascii_case("true") => Ok(Value::Bool(true)),
        (Shape::Boolean, Parsed::Str(s)) if s.eq_ignore_ascii_case("false") => {
            Ok(Value::Bool(false))
        }
        (Shape::Boolean, Parsed::Str(s)) => Ok(Value::String(s)),
        (Shape::Integer | Shape::Long | Shape::Double, _) => Err(format!(
            "{name} must be a single number, not a list or structure"
        )),
        (_, other) => Ok(plain(other)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Value {
        Value::Object(
            parse(text)
                .unwrap()
                .into_iter()
                .map(|(k, v)| (k, plain(v)))
                .collect(),
        )
    }

    #[test]
    fn the_cli_grammar() {
        assert_eq!(p("a=b,c=d"), serde_json::json!({"a": "b", "c": "d"}));
        assert_eq!(
            p("a=b,c,d=e"),
            serde_json::json!({"a": ["b", "c"], "d": "e"})
        );
        assert_eq!(p("a = b "), serde_json::json!({"a": "b"}));
        assert_eq!(p("a=x=y"), serde_json::json!({"a": "x=y"}));
        assert_eq!(p("a="), serde_json::json!({"a": ""}));
        assert_eq!(
            p("a=[1, 2],b={c=d,e=[]}"),
            serde_json::json!({"a": ["1", "2"], "b": {"c": "d", "e": []}})
        );
        assert_eq!(
            p(r"a='x,\'y',b=1\,2"),
            serde_json::json!({"a": "x,'y", "b": "1,2"})
        );
        assert_eq!(p(r"a='x\'"), serde_json::json!({"a": "x\\"}));
        assert_eq!(p(r#"a="q\"\\""#), serde_json::json!({"a": "q\"\\"}));
        assert!(parse("a=b,a=c").is_err());
        assert!(parse("a@=file://x").is_err());
        assert_eq!(
            p("a@=x,b={c@=y},d=file://z"),
            serde_json::json!({"a": "x", "b": {"c": "y"}, "d": "file://z"})
        );
        assert!(parse("a=[1").is_err());
        assert!(parse("a=b,").is_err());
        assert!(parse(&format!("a={}", "[".repeat(100_000))).is_err());
        assert!(parse(&format!("a={}{}", "[".repeat(60), "]".repeat(60))).is_ok());
    }

    #[test]
    fn python_numbers() {
        assert_eq!(
            python_int(" +1_000 ").map(|n| n.to_string()).as_deref(),
            Some("1000")
        );
        assert_eq!(
            python_int("-5").map(|n| n.to_string()).as_deref(),
            Some("-5")
        );
        assert!(python_int("1__0").is_none());
        assert!(python_int("1.0").is_none());
        assert!(python_float("nan").is_none());
        assert_eq!(python_float("1e300").and_then(|n| n.as_f64()), Some(1e300));
    }
}
