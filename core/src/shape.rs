//! Request-shape checks shared by every operation: JSON syntax, required members, unknown
//! parameters and JSON types, as botocore's `ParamValidator` does them (and with its rules:
//! integers must be JSON integers, maps and structures JSON objects).

use serde_json::{Map, Number, Value};

use crate::diagnostics::{rules, Diagnostic};
use crate::json;
use crate::pointer::{Place, Pointer, Segment};

/// What the shape checks need to see of a value, whichever tree it is in.
#[derive(Debug, Clone, Copy)]
pub enum Scalar<'v> {
    Null,
    Bool(bool),
    Number(&'v Number),
    String(&'v str),
    Array,
    Object,
}

/// A JSON value the shape checks run on: a `serde_json::Value`, or the borrowed
/// [`json::Value`] the request validators use.
pub trait Tree {
    type Members: Members<Value = Self>;
    fn scalar(&self) -> Scalar<'_>;
    fn object(&self) -> Option<&Self::Members>;
    /// The value's text, if it is a string.
    fn text(&self) -> Option<&str> {
        match self.scalar() {
            Scalar::String(text) => Some(text),
            _ => None,
        }
    }
}

/// The members of a JSON object of a [`Tree`].
pub trait Members {
    type Value: Tree;
    fn member(&self, name: &str) -> Option<&Self::Value>;
    fn for_each_member(&self, f: impl FnMut(&str, &Self::Value));
}

impl Tree for Value {
    type Members = Map<String, Value>;
    fn scalar(&self) -> Scalar<'_> {
        match self {
            Value::Null => Scalar::Null,
            Value::Bool(b) => Scalar::Bool(*b),
            Value::Number(n) => Scalar::Number(n),
            Value::String(s) => Scalar::String(s),
            Value::Array(_) => Scalar::Array,
            Value::Object(_) => Scalar::Object,
        }
    }
    fn object(&self) -> Option<&Self::Members> {
        self.as_object()
    }
}

impl Members for Map<String, Value> {
    type Value = Value;
    fn member(&self, name: &str) -> Option<&Value> {
        self.get(name)
    }
    fn for_each_member(&self, mut f: impl FnMut(&str, &Value)) {
        for (key, value) in self {
            f(key, value);
        }
    }
}

impl<'a> Tree for json::Value<'a> {
    type Members = json::Map<'a>;
    fn scalar(&self) -> Scalar<'_> {
        match self {
            json::Value::Null => Scalar::Null,
            json::Value::Bool(b) => Scalar::Bool(*b),
            json::Value::Number(n) => Scalar::Number(n),
            json::Value::String(s) => Scalar::String(s),
            json::Value::Array(_) => Scalar::Array,
            json::Value::Object(_) => Scalar::Object,
        }
    }
    fn object(&self) -> Option<&Self::Members> {
        self.as_object()
    }
}

impl<'a> Members for json::Map<'a> {
    type Value = json::Value<'a>;
    fn member(&self, name: &str) -> Option<&json::Value<'a>> {
        self.get(name)
    }
    fn for_each_member(&self, mut f: impl FnMut(&str, &json::Value<'a>)) {
        for (key, value) in self {
            f(key, value);
        }
    }
}

/// The wire type of a member, as named in the botocore service model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    String,
    /// A 32-bit signed integer.
    Integer,
    /// A 64-bit signed integer.
    Long,
    Double,
    Boolean,
    /// A JSON object from string keys to values (checked by the caller).
    Map,
    List,
    Structure,
    /// Any JSON value: the model's document type.
    Document,
    /// The model's timestamp: epoch seconds, or the ISO 8601 text the AWS CLI v2 prints by
    /// default (`"2024-01-01T00:00:00.123000+00:00"`), since contexts are pasted CLI output.
    Timestamp,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::String => "a string",
            Kind::Integer => "a 32-bit integer",
            Kind::Long => "a 64-bit integer",
            Kind::Double => "a number",
            Kind::Boolean => "true or false",
            Kind::Map => "an object of key/value pairs",
            Kind::List => "an array",
            Kind::Structure => "an object",
            Kind::Document => "a JSON value",
            Kind::Timestamp => "a timestamp (epoch seconds or ISO 8601 text)",
        }
    }

    /// Whether `value` has this wire type.
    pub fn matches(self, value: &impl Tree) -> bool {
        let scalar = value.scalar();
        match (self, scalar) {
            (Kind::String, Scalar::String(_))
            | (Kind::Double | Kind::Timestamp, Scalar::Number(_))
            | (Kind::Boolean, Scalar::Bool(_))
            | (Kind::Map | Kind::Structure, Scalar::Object)
            | (Kind::List, Scalar::Array)
            | (Kind::Document, _) => true,
            (Kind::Timestamp, Scalar::String(text)) => is_timestamp_text(text),
            (Kind::Integer, Scalar::Number(n)) => {
                n.as_i64().is_some_and(|n| i32::try_from(n).is_ok())
            }
            (Kind::Long, Scalar::Number(n)) => {
                n.is_i64() || n.as_u64().is_some_and(|n| i64::try_from(n).is_ok())
            }
            _ => false,
        }
    }
}

/// Text botocore reads as a timestamp: ISO 8601 (`2024-01-01`, `2024-01-01T00:00:00.123+00:00`)
/// or epoch seconds.
fn is_timestamp_text(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
        || crate::ecs::cluster::parse_timestamp(text).is_some()
}

/// One member of a request structure.
#[derive(Debug, Clone, Copy)]
pub struct Member {
    pub name: &'static str,
    pub kind: Kind,
    pub required: bool,
    /// What [`check_shape`] checks of the value beyond its type; `None` when the caller checks it.
    pub shape: Option<&'static Shape>,
}

impl Member {
    pub const fn required(name: &'static str, kind: Kind) -> Self {
        Self {
            name,
            kind,
            required: true,
            shape: None,
        }
    }
    pub const fn optional(name: &'static str, kind: Kind) -> Self {
        Self {
            name,
            kind,
            required: false,
            shape: None,
        }
    }
    /// The member, with its value also checked against `shape`.
    #[must_use]
    pub const fn shaped(self, shape: &'static Shape) -> Self {
        Self {
            shape: Some(shape),
            ..self
        }
    }
}

/// What the botocore service model asks of a value beyond its JSON type: lengths, ranges,
/// enums, list sizes and the members of nested structures, as AWS checks them on receipt
/// (botocore's `ParamValidator` checks the types and required members only).
#[derive(Debug)]
pub enum Shape {
    /// A string of `min` to `max` characters, and one of `values` unless that is empty.
    Text {
        min: usize,
        max: usize,
        values: &'static [&'static str],
    },
    /// An integer from `min` to `max`.
    Range { min: i64, max: i64 },
    /// A list of `min` to `max` items of `item` type, each also checked against `shape`.
    List {
        item: Kind,
        shape: Option<&'static Shape>,
        min: usize,
        max: usize,
    },
    /// An object whose values are of `value` type.
    Map { value: Kind },
    /// A structure of these members.
    Structure(&'static [Member]),
    /// A tagged union: a structure that sets exactly one of its members.
    Union(&'static [Member]),
}

impl Shape {
    /// A string that must be one of `values`.
    pub const fn one_of(values: &'static [&'static str]) -> Self {
        Shape::Text {
            min: 0,
            max: usize::MAX,
            values,
        }
    }
    /// A list of any length whose `item` values each have `shape`.
    pub const fn list_with(item: Kind, shape: &'static Shape) -> Self {
        Shape::List {
            item,
            shape: Some(shape),
            min: 0,
            max: usize::MAX,
        }
    }
    /// A list of `item` values with no other constraint on them.
    pub const fn list_of(item: Kind) -> Self {
        Shape::List {
            item,
            shape: None,
            min: 0,
            max: usize::MAX,
        }
    }
}

/// Checks `value`, already known to have the type of `shape`, against it, and every nested
/// member that has a shape; `name` names the value in messages.
pub fn check_shape(
    value: &Value,
    shape: &Shape,
    name: &str,
    path: &Pointer,
    out: &mut Vec<Diagnostic>,
) {
    match *shape {
        Shape::Structure(members) | Shape::Union(members) => {
            let Some(object) = check_structure(value, path, members, name, out) else {
                return;
            };
            if matches!(shape, Shape::Union(_)) {
                check_union(object, members, name, path, out);
            }
            for member in members {
                if let (Some(shape), Some(value)) =
                    (member.shape, typed(object, member.name, member.kind))
                {
                    check_shape(value, shape, member.name, &path.key(member.name), out);
                }
            }
        }
        Shape::List {
            item,
            shape,
            min,
            max,
        } => {
            let items = value.as_array().map(Vec::as_slice).unwrap_or_default();
            if items.len() < min || items.len() > max {
                let count = items.len();
                out.push(Diagnostic::new(
                    &rules::REQ005,
                    path,
                    format!(
                        "{name} has {count} entries; it takes {}.",
                        allowed(min, max)
                    ),
                ));
            }
            let entry = format!("{name} entry");
            for (i, value) in items.iter().enumerate() {
                let here = path.index(i);
                if !item.matches(value) {
                    out.push(Diagnostic::new(
                        &rules::REQ003,
                        &here,
                        type_message(&entry, item, value),
                    ));
                } else if let Some(shape) = shape {
                    check_shape(value, shape, &entry, &here, out);
                }
            }
        }
        Shape::Map { value: kind } => {
            for (key, value) in value.as_object().into_iter().flatten() {
                if !kind.matches(value) {
                    out.push(Diagnostic::new(
                        &rules::REQ003,
                        &path.key(key),
                        type_message(key, kind, value),
                    ));
                }
            }
        }
        Shape::Text { min, max, values } => {
            let Some(text) = value.as_str() else {
                return;
            };
            if !values.is_empty() {
                check_enum(text, values, name, path, out);
                return;
            }
            let length = text.chars().count();
            if length < min || length > max {
                out.push(Diagnostic::new(
                    &rules::REQ005,
                    path,
                    format!(
                        "{name} is {length} characters long; it must be {} characters.",
                        allowed(min, max)
                    ),
                ));
            }
        }
        Shape::Range { min, max } => {
            if let Some(number) = value.as_i64().filter(|n| *n < min || *n > max) {
                out.push(Diagnostic::new(
                    &rules::REQ005,
                    path,
                    format!("{name} is {number}; it must be from {min} to {max}."),
                ));
            }
        }
    }
}

/// A tagged union sets exactly one of its members.
fn check_union(
    object: &Map<String, Value>,
    members: &[Member],
    name: &str,
    path: &Pointer,
    out: &mut Vec<Diagnostic>,
) {
    let set = members
        .iter()
        .filter(|m| object.contains_key(m.name))
        .count();
    if set != 1 {
        let names: Vec<&str> = members.iter().map(|m| m.name).collect();
        out.push(Diagnostic::new(
            &rules::REQ001,
            path,
            format!(
                "{name} sets {set} of {}; it must set exactly one.",
                names.join(", ")
            ),
        ));
    }
}

/// "1 to 10", or just the bound that applies.
fn allowed(min: usize, max: usize) -> String {
    if max == usize::MAX {
        format!("at least {min}")
    } else if min == 0 {
        format!("at most {max}")
    } else {
        format!("{min} to {max}")
    }
}

/// Reports `value` unless it is one of `allowed`, with the closest one when it looks misspelt.
pub fn check_enum(
    value: &str,
    allowed: &[&str],
    name: &str,
    path: &Pointer,
    out: &mut Vec<Diagnostic>,
) {
    if allowed.contains(&value) {
        return;
    }
    let hint = suggest(value, allowed).map_or_else(String::new, |s| format!(" Did you mean {s}?"));
    let message = match allowed {
        [only] => format!("{name} {value:?} is not {only}, the one value allowed here.{hint}"),
        _ => format!(
            "{name} {value:?} is not one of {}.{hint}",
            allowed.join(", ")
        ),
    };
    out.push(Diagnostic::new(&rules::REQ004, path, message));
}

/// The JSON type of a value, in words, for messages.
pub fn describe(value: &impl Tree) -> &'static str {
    match value.scalar() {
        Scalar::Null => "null",
        Scalar::Bool(_) => "a boolean",
        Scalar::Number(n) if n.is_f64() => "a decimal number",
        Scalar::Number(_) => "a number",
        Scalar::String(_) => "a string",
        Scalar::Array => "an array",
        Scalar::Object => "an object",
    }
}

/// Parses request text; a syntax error becomes a JSON001 diagnostic with the line and column.
pub fn parse_json(text: &str) -> Result<Value, Diagnostic> {
    parse_json_with_duplicates(text).map(|(value, _)| value)
}

/// Parses request text and also reports keys that appear twice in one object (JSON003): parsers
/// disagree on which value wins (serde and Python keep the last), so such a request is ambiguous.
/// One pass builds the value and watches for repeats; a key's pointer is spelled out only when
/// it is reported.
pub fn parse_json_with_duplicates(text: &str) -> Result<(Value, Vec<Diagnostic>), Diagnostic> {
    let mut duplicates = Vec::new();
    let text = crate::json::negative_zero_as_zero(text);
    let mut deserializer = serde_json::Deserializer::from_str(&text);
    let value = serde::de::DeserializeSeed::deserialize(
        Build {
            at: &Segment::Root,
            out: &mut duplicates,
        },
        &mut deserializer,
    )
    .and_then(|value| deserializer.end().map(|()| value))
    .map_err(|err| json_error(&err))?;
    Ok((value, duplicates))
}

fn json_error(err: &serde_json::Error) -> Diagnostic {
    let full = err.to_string();
    let reason = full
        .find(" at line ")
        .map_or(full.as_str(), |i| full.get(..i).unwrap_or(""));
    // serde_json words a lone surrogate as a hex-escape problem; the user (or JSON.stringify of
    // a broken JS string) wrote a \uD800-style escape, so name that.
    let surrogate = if reason.contains("surrogate") || reason.contains("hex escape") {
        " A \\uD800-\\uDFFF escape must be one half of a surrogate pair; alone it is no Unicode character (JSON.stringify writes one for a JS string with a broken pair), and AWS refuses it."
    } else {
        ""
    };
    Diagnostic::new(
        &rules::JSON001,
        &Pointer::root(),
        format!(
            "Not valid JSON at line {}, column {}: {reason}.{surrogate} Fix the syntax to see the request's other problems.",
            err.line(),
            err.column()
        ),
    )
}

/// The JSON003 finding for a key repeated within one object.
pub(crate) fn duplicate_key(pointer: &Pointer, key: &str) -> Diagnostic {
    Diagnostic::new(
        &rules::JSON003,
        pointer,
        format!("The key {key:?} appears more than once in the same object. JSON parsers disagree on which value wins (muster, like AWS's Python SDK, uses the last); keep one."),
    )
}

/// Parses request text into the borrowed tree the request validators use, with the JSON003
/// findings, and hands it to `check`. Text the fast parser does not take goes to serde_json,
/// which says why it is not JSON (JSON001), or, should the two parsers ever disagree, reads it
/// for the validators all the same.
pub fn with_tree<R>(
    text: &str,
    check: impl FnOnce(&json::Value<'_>, Vec<Diagnostic>) -> R,
) -> Result<R, Diagnostic> {
    json::with_arena(|arena| {
        if let Some((tree, duplicates)) = json::parse(text, arena, duplicate_key) {
            return Ok(check(&tree, duplicates));
        }
        let (value, duplicates) = parse_json_with_duplicates(text)?;
        Ok(check(&json::Value::convert(&value, arena), duplicates))
    })
}

/// Builds a `Value` (as serde_json's own would, the last of repeated keys winning) and records
/// every key repeated within one object.
struct Build<'a, 'o> {
    at: &'a Segment<'a>,
    out: &'o mut Vec<Diagnostic>,
}

impl<'de> serde::de::DeserializeSeed<'de> for Build<'_, '_> {
    type Value = Value;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Build<'_, '_> {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let here = Segment::Key(self.at, &key);
            let value = map.next_value_seed(Build {
                at: &here,
                out: &mut *self.out,
            })?;
            if object.contains_key(&key) {
                self.out.push(duplicate_key(&here.pointer(), &key));
            }
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        loop {
            let here = Segment::Index(self.at, items.len());
            match seq.next_element_seed(Build {
                at: &here,
                out: &mut *self.out,
            })? {
                Some(item) => items.push(item),
                None => return Ok(Value::Array(items)),
            }
        }
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
}

/// Checks that `value` is an object whose members are known, present when required and of the
/// right type. Returns the object so the caller can check member values; members of the wrong
/// type are reported here and should be skipped by the caller (use [`typed`]).
pub fn check_structure<'a, T: Tree>(
    value: &'a T,
    path: &dyn Place,
    members: &[Member],
    what: &str,
    out: &mut Vec<Diagnostic>,
) -> Option<&'a T::Members> {
    let Some(object) = value.object() else {
        let rule = if path.is_root() {
            &rules::JSON002
        } else {
            &rules::REQ003
        };
        out.push(Diagnostic::new(
            rule,
            &path.pointer(),
            format!(
                "{what} must be a JSON object, but this is {}.",
                describe(value)
            ),
        ));
        return None;
    };
    for member in members {
        if member.required && object.member(member.name).is_none() {
            out.push(Diagnostic::new(
                &rules::REQ001,
                &path.key(member.name),
                format!("{what} is missing the required parameter {}.", member.name),
            ));
        }
    }
    object.for_each_member(|key, member_value| {
        let here = || path.key(key);
        match find_member(members, key) {
            None => {
                let names: Vec<&str> = members.iter().map(|m| m.name).collect();
                let hint = suggest(key, &names).map_or_else(
                    || format!(" Valid parameters: {}.", names.join(", ")),
                    |s| format!(" Did you mean {s}?"),
                );
                out.push(Diagnostic::new(
                    &rules::REQ002,
                    &here(),
                    format!("Unknown parameter {key:?} in {what}.{hint}"),
                ));
            }
            Some(member) if !member.kind.matches(member_value) => {
                out.push(Diagnostic::new(
                    &rules::REQ003,
                    &here(),
                    type_message(key, member.kind, member_value),
                ));
            }
            Some(_) => {}
        }
    });
    Some(object)
}

/// The member of the table named `key`. A plain loop with the length test first, as in
/// [`json::Map::get`]: it runs for every member of every object checked.
#[allow(clippy::manual_find)] // The loop is the point; see above.
fn find_member<'m>(members: &'m [Member], key: &str) -> Option<&'m Member> {
    for member in members {
        if member.name.len() == key.len() && member.name.as_bytes() == key.as_bytes() {
            return Some(member);
        }
    }
    None
}

/// The message for a value of the wrong type, with the fix when it is obvious.
pub fn type_message(name: &str, kind: Kind, value: &impl Tree) -> String {
    let base = format!(
        "{name} must be {}, but this is {}.",
        kind.name(),
        describe(value)
    );
    if let (Kind::Timestamp, Scalar::String(text)) = (kind, value.scalar()) {
        return format!("{name} {text:?} is not a date-time: write ISO 8601 text (2024-01-01T00:00:00Z, as the AWS CLI v2 prints it) or epoch seconds.");
    }
    let fix = match (kind, value.scalar()) {
        (Kind::String, Scalar::Number(n)) => format!(" Write \"{n}\" in quotes."),
        (Kind::String, Scalar::Bool(b)) => format!(" Write \"{b}\" in quotes."),
        (Kind::Integer | Kind::Long, Scalar::String(s)) if s.trim().parse::<i64>().is_ok() => {
            format!(" Write {} without quotes.", s.trim())
        }
        (Kind::Integer, Scalar::Number(n)) if n.as_i64().is_some() || n.as_u64().is_some() => {
            " It is outside the 32-bit range -2147483648 to 2147483647.".to_owned()
        }
        _ => String::new(),
    };
    base + &fix
}

/// The member `name` of `object` if present and of `kind` (wrong types were already reported).
pub fn typed<'a, O: Members>(object: &'a O, name: &str, kind: Kind) -> Option<&'a O::Value> {
    object.member(name).filter(|v| kind.matches(*v))
}

/// The closest of `candidates` to a misspelt `name`: same letters ignoring case, or at most two
/// edits away.
pub fn suggest<'a>(name: &str, candidates: &[&'a str]) -> Option<&'a str> {
    if let Some(exact) = candidates.iter().find(|c| c.eq_ignore_ascii_case(name)) {
        return Some(exact);
    }
    let lower = name.to_ascii_lowercase();
    candidates
        .iter()
        .map(|c| (edit_distance(&lower, &c.to_ascii_lowercase()), *c))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance, bounded to short names so a hostile key costs little.
pub fn edit_distance(a: &str, b: &str) -> usize {
    const MAX: usize = 64;
    let a: Vec<char> = a.chars().take(MAX + 1).collect();
    let b: Vec<char> = b.chars().take(MAX + 1).collect();
    if a.len() > MAX || b.len() > MAX {
        return usize::MAX;
    }
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        let mut row = Vec::with_capacity(b.len() + 1);
        row.push(i + 1);
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous.get(j).copied().unwrap_or(0) + usize::from(ca != cb);
            let delete = previous.get(j + 1).copied().unwrap_or(0) + 1;
            let insert = row.get(j).copied().unwrap_or(0) + 1;
            row.push(substitute.min(delete).min(insert));
        }
        current.clone_from(&row);
        std::mem::swap(&mut previous, &mut current);
    }
    previous.last().copied().unwrap_or(0)
}

/// The strings seen so far, to tell repeats: a short list searched in order (most requests
/// have a handful), and a hash set once there are many, so hostile lists stay linear. The short
/// list lives inline: it is built for every list and map of every request.
#[derive(Debug, Default)]
pub struct Seen<'a> {
    few: [&'a str; Seen::SCAN_LIMIT],
    /// How many of `few` are in use.
    count: usize,
    many: Option<std::collections::HashSet<&'a str>>,
}

impl<'a> Seen<'a> {
    const SCAN_LIMIT: usize = 16;

    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `text`; `false` when it was already there.
    pub fn insert(&mut self, text: &'a str) -> bool {
        if let Some(many) = &mut self.many {
            return many.insert(text);
        }
        let few = self.few.get(..self.count).unwrap_or_default();
        if few.contains(&text) {
            return false;
        }
        if let Some(slot) = self.few.get_mut(self.count) {
            *slot = text;
            self.count += 1;
        } else {
            let mut many: std::collections::HashSet<&str> = self.few.iter().copied().collect();
            many.insert(text);
            self.many = Some(many);
        }
        true
    }

    /// How many distinct strings were added.
    pub fn len(&self) -> usize {
        self.many
            .as_ref()
            .map_or(self.count, std::collections::HashSet::len)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The strings of a list member (`["a", "b"]`), skipping items that are not strings; empty when
/// the member is absent or not a list.
pub fn string_list(object: &Value, name: &str) -> Vec<String> {
    object
        .get(name)
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn syntax_error_has_line_and_column() {
        let err = parse_json("{\n  \"a\": 1,\n}").unwrap_err();
        assert_eq!(err.code, "JSON001");
        assert!(err.message.contains("line 3, column 1"), "{}", err.message);
    }

    #[test]
    fn duplicate_keys_are_found_at_every_depth() {
        let (value, dups) = parse_json_with_duplicates(
            r#"{"a": 1, "b": {"x": 1, "x": 2}, "a": 3, "l": [{"k": 1, "k": 1}]}"#,
        )
        .unwrap();
        assert_eq!(value["a"], 3);
        let paths: Vec<&str> = dups.iter().map(|d| d.path.as_str()).collect();
        assert_eq!(paths, vec!["/b/x", "/a", "/l/0/k"]);
        assert!(dups.iter().all(|d| d.code == "JSON003"));
    }

    #[test]
    fn lone_surrogates_are_named() {
        for text in [r#""\ud800""#, r#"{"k": "a\udc00b"}"#, r#"["\ud800\u0041"]"#] {
            let err = parse_json(text).unwrap_err();
            assert!(
                err.message.contains("surrogate pair"),
                "{text}: {}",
                err.message
            );
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = "[".repeat(100_000);
        assert_eq!(parse_json(&text).unwrap_err().code, "JSON001");
    }

    #[test]
    fn integer_kinds_respect_their_ranges() {
        assert!(Kind::Integer.matches(&json!(2_147_483_647)));
        assert!(!Kind::Integer.matches(&json!(2_147_483_648_i64)));
        assert!(!Kind::Integer.matches(&json!(1.5)));
        assert!(Kind::Long.matches(&json!(i64::MAX)));
        assert!(!Kind::Long.matches(&json!(u64::MAX)));
    }

    #[test]
    fn seen_tells_repeats_in_short_and_long_lists() {
        let names: Vec<String> = (0..40).map(|i| format!("n{i}")).collect();
        let mut seen = Seen::new();
        assert!(names.iter().all(|n| seen.insert(n)));
        assert!(names.iter().all(|n| !seen.insert(n)));
        assert_eq!(seen.len(), 40);
        let mut short = Seen::new();
        assert!(short.is_empty());
        assert!(short.insert("a") && !short.insert("a") && short.insert("b"));
        assert_eq!(short.len(), 2);
    }

    #[test]
    fn suggestions_find_case_and_typos() {
        let names = ["ServiceId", "InstanceId", "Attributes"];
        assert_eq!(suggest("serviceId", &names), Some("ServiceId"));
        assert_eq!(suggest("Atributes", &names), Some("Attributes"));
        assert_eq!(suggest("Zone", &names), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
