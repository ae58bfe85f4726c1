//! The RegisterInstance request as the form sees it. The JSON text is the single source of truth:
//! the form is parsed from it, and every form edit parses the current text, changes one member
//! and writes the text back (pretty, member order preserved).

use std::fmt;

use serde_json::{Map, Value};

/// The request members in the order the AWS API reference lists them; new members are inserted
/// in this order so a form edit never shuffles the request.
const MEMBER_ORDER: [&str; 4] = ["ServiceId", "InstanceId", "CreatorRequestId", "Attributes"];

/// The attribute keys Cloud Map gives a meaning to, in the order the quick-add buttons show them.
pub const RESERVED_KEYS: [&str; 7] = [
    "AWS_INSTANCE_IPV4",
    "AWS_INSTANCE_IPV6",
    "AWS_INSTANCE_PORT",
    "AWS_INSTANCE_CNAME",
    "AWS_ALIAS_DNS_NAME",
    "AWS_EC2_INSTANCE_ID",
    "AWS_INIT_HEALTH_STATUS",
];

/// The example from the RegisterInstance API reference, the page's starting point.
pub const SEED_REQUEST: &str = r#"{"ServiceId":"srv-p5zdwlg5uvvzjita","InstanceId":"myservice-53","CreatorRequestId":"7a48a98a-72e6-4849-bfa7-1a458e030d7b","Attributes":{"AWS_INSTANCE_IPV4":"172.2.1.3","AWS_INSTANCE_PORT":"808"}}"#;

/// The seed request, pretty-printed as the editor shows it.
pub fn seed_text() -> String {
    serde_json::from_str::<Value>(SEED_REQUEST)
        .ok()
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_else(|| SEED_REQUEST.to_owned())
}

/// A top-level string member the form edits directly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    ServiceId,
    InstanceId,
    CreatorRequestId,
}

impl Field {
    pub const ALL: [Field; 3] = [Field::ServiceId, Field::InstanceId, Field::CreatorRequestId];

    /// The request member's name.
    pub fn member(self) -> &'static str {
        match self {
            Field::ServiceId => "ServiceId",
            Field::InstanceId => "InstanceId",
            Field::CreatorRequestId => "CreatorRequestId",
        }
    }

    /// Optional members are removed when cleared instead of being sent as `""`.
    fn optional(self) -> bool {
        self == Field::CreatorRequestId
    }
}

/// One attribute as a form row. `value` is the string, or the JSON text of a non-string value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttributeRow {
    pub key: String,
    pub value: String,
}

/// What the form shows for a request.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RequestForm {
    pub service_id: String,
    pub instance_id: String,
    pub creator_request_id: String,
    pub attributes: Vec<AttributeRow>,
    /// `Attributes` is present but not an object, so attribute rows cannot be edited.
    pub attributes_not_object: bool,
}

impl RequestForm {
    pub fn field(&self, field: Field) -> &str {
        match field {
            Field::ServiceId => &self.service_id,
            Field::InstanceId => &self.instance_id,
            Field::CreatorRequestId => &self.creator_request_id,
        }
    }

    pub fn keys(&self) -> Vec<String> {
        self.attributes.iter().map(|row| row.key.clone()).collect()
    }

    /// The reserved keys not yet in the request, for the quick-add buttons.
    pub fn missing_reserved(&self) -> Vec<&'static str> {
        RESERVED_KEYS
            .into_iter()
            .filter(|key| !self.attributes.iter().any(|row| row.key == *key))
            .collect()
    }
}

/// Why the form cannot show (or edit) the request text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormNotice {
    /// The text is not JSON; `message` is the parser's reason with its position.
    NotJson { message: String },
    /// The text is JSON but not an object.
    NotObject { found: &'static str },
}

impl fmt::Display for FormNotice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormNotice::NotJson { message } => {
                write!(f, "The request is not valid JSON ({message}). Fix it in the JSON editor to use the form again.")
            }
            FormNotice::NotObject { found } => {
                write!(f, "The request is {found}, not a JSON object. Fix it in the JSON editor to use the form again.")
            }
        }
    }
}

/// A form that can be read from request text (the text is the truth; the form a view of it).
pub trait ParseForm: Sized + Clone + Default {
    fn parse(text: &str) -> Result<Self, FormNotice>;
}

impl ParseForm for RequestForm {
    fn parse(text: &str) -> Result<Self, FormNotice> {
        parse_form(text)
    }
}

/// The form, and why it is read-only if it is. When the text stops parsing, the form keeps the
/// last values it could read so the page does not jump.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FormState<F = RequestForm> {
    pub form: F,
    pub notice: Option<FormNotice>,
}

impl<F: ParseForm> FormState<F> {
    /// Reads the form from `text`, keeping `previous` values if the text cannot be read.
    pub fn read(text: &str, previous: Option<&Self>) -> Self {
        match F::parse(text) {
            Ok(form) => Self { form, notice: None },
            Err(notice) => Self {
                form: previous.map(|p| p.form.clone()).unwrap_or_default(),
                notice: Some(notice),
            },
        }
    }

    pub fn editable(&self) -> bool {
        self.notice.is_none()
    }
}

/// Reads the form fields from request text.
pub fn parse_form(text: &str) -> Result<RequestForm, FormNotice> {
    let object = parse_object(text)?;
    let field = |name: &str| object.get(name).map(display_value).unwrap_or_default();
    let (attributes, attributes_not_object) = match object.get("Attributes") {
        Some(Value::Object(map)) => (
            map.iter()
                .map(|(key, value)| AttributeRow {
                    key: key.clone(),
                    value: display_value(value),
                })
                .collect(),
            false,
        ),
        None | Some(Value::Null) => (Vec::new(), false),
        Some(_) => (Vec::new(), true),
    };
    Ok(RequestForm {
        service_id: field("ServiceId"),
        instance_id: field("InstanceId"),
        creator_request_id: field("CreatorRequestId"),
        attributes,
        attributes_not_object,
    })
}

/// The request's ServiceId if the text is an object with a string ServiceId.
pub fn service_id(text: &str) -> Option<String> {
    parse_object(text)
        .ok()?
        .get("ServiceId")?
        .as_str()
        .map(str::to_owned)
}

/// The request pretty-printed, or `None` if the text is not JSON.
pub fn pretty(text: &str) -> Option<String> {
    let value: Value = serde_json::from_str(text).ok()?;
    serde_json::to_string_pretty(&value).ok()
}

/// The request text as a JSON object, or why it is not one.
pub(crate) fn parse_object(text: &str) -> Result<Map<String, Value>, FormNotice> {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(other) => Err(FormNotice::NotObject {
            found: kind_of(&other),
        }),
        Err(err) => Err(FormNotice::NotJson {
            message: err.to_string(),
        }),
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A string as itself; any other value as its JSON text, so the user sees what is there.
pub(crate) fn display_value(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// One change the form makes to the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    SetField(Field, String),
    /// A custom attribute with a placeholder key that is not yet used.
    AddAttribute,
    /// A reserved attribute with an example value.
    AddReserved(String),
    RemoveAttribute(usize),
    /// Renames the key of row `index` in place (the row keeps its position).
    RenameAttribute {
        index: usize,
        key: String,
    },
    SetAttributeValue {
        index: usize,
        value: String,
    },
}

/// Why a form edit was not applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditError {
    NotEditable(FormNotice),
    AttributesNotObject,
    NoSuchRow(usize),
    DuplicateKey(String),
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EditError::NotEditable(notice) => notice.fmt(f),
            EditError::AttributesNotObject => {
                f.write_str("Attributes is not an object, so the form cannot edit it; fix it in the JSON editor.")
            }
            EditError::NoSuchRow(index) => write!(f, "There is no attribute row {}.", index + 1),
            EditError::DuplicateKey(key) => {
                write!(f, "There is already an attribute {key:?}; attribute keys must be unique.")
            }
        }
    }
}

/// Applies a form edit to the request text and returns the new text, pretty-printed.
pub fn apply(text: &str, edit: &Edit) -> Result<String, EditError> {
    let mut object = parse_object(text).map_err(EditError::NotEditable)?;
    match edit {
        Edit::SetField(field, value) => {
            if value.is_empty() && field.optional() {
                object.shift_remove(field.member());
            } else {
                insert_ordered(&mut object, field.member(), Value::String(value.clone()));
            }
        }
        Edit::AddAttribute => {
            let attributes = attributes_mut(&mut object)?;
            let key = placeholder_key(attributes);
            attributes.insert(key, Value::String(String::new()));
        }
        Edit::AddReserved(key) => {
            let attributes = attributes_mut(&mut object)?;
            if attributes.contains_key(key) {
                return Err(EditError::DuplicateKey(key.clone()));
            }
            attributes.insert(key.clone(), Value::String(example_value(key).to_owned()));
        }
        Edit::RemoveAttribute(index) => {
            let attributes = attributes_mut(&mut object)?;
            let key = key_at(attributes, *index)?;
            attributes.shift_remove(&key);
        }
        Edit::RenameAttribute { index, key } => {
            let attributes = attributes_mut(&mut object)?;
            rename_at(attributes, *index, key)?;
        }
        Edit::SetAttributeValue { index, value } => {
            let attributes = attributes_mut(&mut object)?;
            let key = key_at(attributes, *index)?;
            // Replacing an existing key keeps its position.
            attributes.insert(key, Value::String(value.clone()));
        }
    }
    Ok(serde_json::to_string_pretty(&Value::Object(object)).unwrap_or_default())
}

/// A registered request as builder text: pretty, with `service_id` filled in (in member order)
/// when the request has no ServiceId, as the registry lets requests leave it out.
pub fn builder_text(request: &Map<String, Value>, service_id: Option<&str>) -> String {
    let mut object = request.clone();
    if let (false, Some(id)) = (object.contains_key("ServiceId"), service_id) {
        insert_ordered(&mut object, "ServiceId", Value::String(id.to_owned()));
    }
    serde_json::to_string_pretty(&Value::Object(object)).unwrap_or_default()
}

/// The Attributes object, created (in member order) if it is missing or null.
fn attributes_mut(object: &mut Map<String, Value>) -> Result<&mut Map<String, Value>, EditError> {
    if matches!(object.get("Attributes"), None | Some(Value::Null)) {
        insert_ordered(object, "Attributes", Value::Object(Map::new()));
    }
    match object.get_mut("Attributes") {
        Some(Value::Object(map)) => Ok(map),
        _ => Err(EditError::AttributesNotObject),
    }
}

/// Sets `key` in [`MEMBER_ORDER`].
fn insert_ordered(object: &mut Map<String, Value>, key: &str, value: Value) {
    insert_in_order(object, key, value, &MEMBER_ORDER);
}

/// Sets `key`; a new key goes before the first present member that comes after it in `order`
/// (members not in `order` keep their places).
pub(crate) fn insert_in_order(
    object: &mut Map<String, Value>,
    key: &str,
    value: Value,
    order: &[&str],
) {
    if let Some(slot) = object.get_mut(key) {
        *slot = value;
        return;
    }
    let rank = |k: &str| order.iter().position(|m| *m == k);
    let position = rank(key)
        .and_then(|mine| {
            object
                .keys()
                .position(|k| rank(k).is_some_and(|theirs| theirs > mine))
        })
        .unwrap_or(object.len());
    object.shift_insert(position, key.to_owned(), value);
}

fn rename_at(
    attributes: &mut Map<String, Value>,
    index: usize,
    key: &str,
) -> Result<(), EditError> {
    let current = key_at(attributes, index)?;
    if current == key {
        return Ok(());
    }
    if attributes.contains_key(key) {
        return Err(EditError::DuplicateKey(key.to_owned()));
    }
    if let Some(value) = attributes.shift_remove(&current) {
        attributes.shift_insert(index, key.to_owned(), value);
    }
    Ok(())
}

fn key_at(attributes: &Map<String, Value>, index: usize) -> Result<String, EditError> {
    attributes
        .keys()
        .nth(index)
        .cloned()
        .ok_or(EditError::NoSuchRow(index))
}

/// `attribute_1`, `attribute_2`, ...: the first that is not a key yet.
fn placeholder_key(attributes: &Map<String, Value>) -> String {
    // Among len + 1 candidates at least one is free.
    (1..=attributes.len() + 1)
        .map(|n| format!("attribute_{n}"))
        .find(|key| !attributes.contains_key(key))
        .unwrap_or_default()
}

/// A value that passes the attribute's own format check (from the AWS examples).
pub fn example_value(key: &str) -> &'static str {
    match key {
        "AWS_INSTANCE_IPV4" => "192.0.2.44",
        "AWS_INSTANCE_IPV6" => "2001:db8::1",
        "AWS_INSTANCE_PORT" => "80",
        "AWS_INSTANCE_CNAME" => "example.com",
        "AWS_ALIAS_DNS_NAME" => "my-load-balancer-1234567890.us-west-2.elb.amazonaws.com",
        "AWS_EC2_INSTANCE_ID" => "i-0123456789abcdef0",
        "AWS_INIT_HEALTH_STATUS" => "HEALTHY",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed() -> String {
        seed_text()
    }

    fn value(text: &str) -> Value {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn seed_is_pretty_and_parses_into_the_form() {
        let text = seed();
        assert!(text.contains("\n  \"ServiceId\": \"srv-p5zdwlg5uvvzjita\""));
        let form = parse_form(&text).unwrap();
        assert_eq!(form.service_id, "srv-p5zdwlg5uvvzjita");
        assert_eq!(form.instance_id, "myservice-53");
        assert_eq!(
            form.creator_request_id,
            "7a48a98a-72e6-4849-bfa7-1a458e030d7b"
        );
        assert_eq!(form.keys(), vec!["AWS_INSTANCE_IPV4", "AWS_INSTANCE_PORT"]);
        assert_eq!(form.attributes[1].value, "808");
        assert!(!form.attributes_not_object);
    }

    #[test]
    fn invalid_json_gives_a_notice_and_keeps_the_last_form() {
        let good: FormState = FormState::read(&seed(), None);
        assert!(good.editable());
        let bad = FormState::read("{\"ServiceId\": ", Some(&good));
        assert!(!bad.editable());
        assert!(matches!(bad.notice, Some(FormNotice::NotJson { .. })));
        assert_eq!(bad.form, good.form);
        assert!(bad.notice.unwrap().to_string().contains("not valid JSON"));
        let array: FormState = FormState::read("[]", None);
        assert_eq!(
            array.notice,
            Some(FormNotice::NotObject { found: "an array" })
        );
    }

    #[test]
    fn edits_are_refused_while_the_text_is_not_an_object() {
        let err = apply("{oops", &Edit::SetField(Field::InstanceId, "x".into())).unwrap_err();
        assert!(matches!(
            err,
            EditError::NotEditable(FormNotice::NotJson { .. })
        ));
        let err = apply("42", &Edit::AddAttribute).unwrap_err();
        assert!(matches!(
            err,
            EditError::NotEditable(FormNotice::NotObject { found: "a number" })
        ));
    }

    #[test]
    fn setting_a_field_changes_only_that_member_in_place() {
        let text = apply(
            &seed(),
            &Edit::SetField(Field::InstanceId, "bad id!".into()),
        )
        .unwrap();
        let v = value(&text);
        assert_eq!(v["InstanceId"], "bad id!");
        let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            ["ServiceId", "InstanceId", "CreatorRequestId", "Attributes"]
        );
        assert_eq!(v["Attributes"]["AWS_INSTANCE_PORT"], "808");
        assert!(
            text.contains("\n  \"InstanceId\": \"bad id!\",\n"),
            "pretty: {text}"
        );
    }

    #[test]
    fn clearing_the_optional_creator_request_id_removes_it_and_typing_reinserts_in_order() {
        let cleared = apply(
            &seed(),
            &Edit::SetField(Field::CreatorRequestId, String::new()),
        )
        .unwrap();
        assert!(value(&cleared).get("CreatorRequestId").is_none());
        let back = apply(
            &cleared,
            &Edit::SetField(Field::CreatorRequestId, "abc".into()),
        )
        .unwrap();
        let keys: Vec<String> = value(&back).as_object().unwrap().keys().cloned().collect();
        assert_eq!(
            keys,
            ["ServiceId", "InstanceId", "CreatorRequestId", "Attributes"]
        );
        // Required members are kept as empty strings so the validator can say what is wrong.
        let empty = apply(&seed(), &Edit::SetField(Field::ServiceId, String::new())).unwrap();
        assert_eq!(value(&empty)["ServiceId"], "");
    }

    #[test]
    fn missing_members_are_inserted_in_api_order() {
        let text = apply(
            r#"{"Attributes": {}, "Extra": 1}"#,
            &Edit::SetField(Field::ServiceId, "srv-1".into()),
        )
        .unwrap();
        let keys: Vec<String> = value(&text).as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, ["ServiceId", "Attributes", "Extra"]);
        let text = apply(&text, &Edit::SetField(Field::InstanceId, "i".into())).unwrap();
        let keys: Vec<String> = value(&text).as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, ["ServiceId", "InstanceId", "Attributes", "Extra"]);
    }

    #[test]
    fn add_attribute_uses_a_unique_placeholder_key() {
        let one = apply(&seed(), &Edit::AddAttribute).unwrap();
        let two = apply(&one, &Edit::AddAttribute).unwrap();
        let form = parse_form(&two).unwrap();
        assert_eq!(
            form.keys(),
            [
                "AWS_INSTANCE_IPV4",
                "AWS_INSTANCE_PORT",
                "attribute_1",
                "attribute_2"
            ]
        );
        assert_eq!(form.attributes[2].value, "");
    }

    #[test]
    fn add_attribute_creates_the_attributes_object_where_it_belongs() {
        let text = apply(
            r#"{"ServiceId": "s", "InstanceId": "i"}"#,
            &Edit::AddAttribute,
        )
        .unwrap();
        assert_eq!(value(&text)["Attributes"]["attribute_1"], "");
        let text = apply(
            r#"{"Attributes": null, "ServiceId": "s"}"#,
            &Edit::AddAttribute,
        )
        .unwrap();
        assert_eq!(value(&text)["Attributes"]["attribute_1"], "");
    }

    #[test]
    fn attributes_that_are_not_an_object_are_not_overwritten() {
        let text = r#"{"ServiceId": "s", "Attributes": "nope"}"#;
        assert!(parse_form(text).unwrap().attributes_not_object);
        assert_eq!(
            apply(text, &Edit::AddAttribute).unwrap_err(),
            EditError::AttributesNotObject
        );
        // Top-level fields stay editable.
        assert!(apply(text, &Edit::SetField(Field::InstanceId, "x".into())).is_ok());
    }

    #[test]
    fn quick_add_offers_only_missing_reserved_keys_and_adds_a_valid_example() {
        let form = parse_form(&seed()).unwrap();
        let missing = form.missing_reserved();
        assert!(!missing.contains(&"AWS_INSTANCE_IPV4"));
        assert!(!missing.contains(&"AWS_INSTANCE_PORT"));
        assert_eq!(missing.len(), 5);
        let text = apply(&seed(), &Edit::AddReserved("AWS_INSTANCE_CNAME".into())).unwrap();
        assert_eq!(
            value(&text)["Attributes"]["AWS_INSTANCE_CNAME"],
            "example.com"
        );
        let again = apply(&text, &Edit::AddReserved("AWS_INSTANCE_CNAME".into()));
        assert_eq!(
            again.unwrap_err(),
            EditError::DuplicateKey("AWS_INSTANCE_CNAME".into())
        );
    }

    #[test]
    fn remove_attribute_by_row() {
        let text = apply(&seed(), &Edit::RemoveAttribute(1)).unwrap();
        assert_eq!(parse_form(&text).unwrap().keys(), ["AWS_INSTANCE_IPV4"]);
        assert_eq!(
            apply(&seed(), &Edit::RemoveAttribute(5)).unwrap_err(),
            EditError::NoSuchRow(5)
        );
    }

    #[test]
    fn rename_keeps_the_row_in_place_and_refuses_duplicates() {
        let text = apply(
            &seed(),
            &Edit::RenameAttribute {
                index: 0,
                key: "zone".into(),
            },
        )
        .unwrap();
        let form = parse_form(&text).unwrap();
        assert_eq!(form.keys(), ["zone", "AWS_INSTANCE_PORT"]);
        assert_eq!(form.attributes[0].value, "172.2.1.3");
        let err = apply(
            &text,
            &Edit::RenameAttribute {
                index: 0,
                key: "AWS_INSTANCE_PORT".into(),
            },
        )
        .unwrap_err();
        assert_eq!(err, EditError::DuplicateKey("AWS_INSTANCE_PORT".into()));
        assert!(err.to_string().contains("already"));
        // Renaming a key to itself is a no-op, not a duplicate.
        assert!(apply(
            &text,
            &Edit::RenameAttribute {
                index: 1,
                key: "AWS_INSTANCE_PORT".into()
            }
        )
        .is_ok());
    }

    #[test]
    fn values_are_always_written_as_strings() {
        let text = r#"{"Attributes": {"AWS_INSTANCE_PORT": 808}}"#;
        assert_eq!(parse_form(text).unwrap().attributes[0].value, "808");
        let text = apply(
            text,
            &Edit::SetAttributeValue {
                index: 0,
                value: "8080".into(),
            },
        )
        .unwrap();
        assert_eq!(
            value(&text)["Attributes"]["AWS_INSTANCE_PORT"],
            Value::String("8080".into())
        );
    }

    #[test]
    fn non_string_members_are_shown_as_json() {
        let form =
            parse_form(r#"{"ServiceId": 12, "InstanceId": null, "Attributes": {"k": true}}"#)
                .unwrap();
        assert_eq!(form.service_id, "12");
        assert_eq!(form.instance_id, "");
        assert_eq!(form.attributes[0].value, "true");
    }

    #[test]
    fn builder_text_fills_in_a_missing_service_id_first() {
        let Value::Object(request) =
            serde_json::json!({"InstanceId": "a", "Attributes": {"k": "v"}})
        else {
            unreachable!()
        };
        let text = builder_text(&request, Some("srv-1"));
        assert!(
            text.starts_with("{\n  \"ServiceId\": \"srv-1\",\n  \"InstanceId\": \"a\""),
            "{text}"
        );
        let Value::Object(own) = serde_json::json!({"ServiceId": "srv-own", "InstanceId": "a"})
        else {
            unreachable!()
        };
        assert_eq!(
            service_id(&builder_text(&own, Some("srv-1"))).as_deref(),
            Some("srv-own")
        );
        assert_eq!(service_id(&builder_text(&request, None)), None);
    }

    #[test]
    fn service_id_and_pretty() {
        assert_eq!(service_id(&seed()).as_deref(), Some("srv-p5zdwlg5uvvzjita"));
        assert_eq!(service_id(r#"{"ServiceId": 1}"#), None);
        assert_eq!(service_id("nope"), None);
        assert_eq!(pretty(r#"{"a":1}"#).as_deref(), Some("{\n  \"a\": 1\n}"));
        assert_eq!(pretty("{"), None);
    }

    #[test]
    fn every_example_value_is_valid_for_its_key() {
        for key in RESERVED_KEYS {
            let request = serde_json::json!({
                "ServiceId": "srv-p5zdwlg5uvvzjita", "InstanceId": "i-1",
                "Attributes": {key: example_value(key)}
            });
            let report =
                muster_core::validate_text("RegisterInstance", &request.to_string(), None).unwrap();
            let own_format = report
                .diagnostics
                .iter()
                .filter(|d| d.path == format!("/Attributes/{key}") && d.code != "CM032");
            assert_eq!(own_format.count(), 0, "{key}: {:?}", report.diagnostics);
        }
    }
}
