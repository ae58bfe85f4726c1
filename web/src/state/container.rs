//! The RegisterContainerInstance request as the form sees it. As in the RegisterInstance builder
//! the JSON text is the single source of truth: the form is read from it, and each form edit
//! changes one member of the parsed text and writes it back, pretty, in member order.
//!
//! The four lists (totalResources, attributes, platformDevices, tags) are rows of cells described
//! by [`Section::columns`], so one component renders them all.

use std::fmt;

use muster_core::ecs::cluster::ClusterState;
use muster_core::pointer::Pointer;
use muster_core::{CallError, Diagnostic, Report};
use serde_json::{json, Map, Value};

use super::findings::Target;
use super::request::{
    display_value, insert_in_order, parse_object, FormNotice, FormState, ParseForm,
};

/// The operation this view builds.
pub const OPERATION: &str = "RegisterContainerInstance";

/// The request members in the API reference's order.
const MEMBER_ORDER: [&str; 9] = [
    "cluster",
    "instanceIdentityDocument",
    "instanceIdentityDocumentSignature",
    "totalResources",
    "versionInfo",
    "containerInstanceArn",
    "attributes",
    "platformDevices",
    "tags",
];

/// The value members of a resource, by type.
const VALUE_FIELDS: [(&str, &str); 4] = [
    ("INTEGER", "integerValue"),
    ("DOUBLE", "doubleValue"),
    ("LONG", "longValue"),
    ("STRINGSET", "stringSetValue"),
];

/// The resource types, as the type select offers them.
pub const RESOURCE_TYPES: [&str; 4] = ["INTEGER", "DOUBLE", "LONG", "STRINGSET"];
/// The device types ECS tracks.
pub const DEVICE_TYPES: [&str; 2] = ["GPU", "NEURON_DEVICE"];

/// A single text member the form edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CiField {
    Cluster,
    ContainerInstanceArn,
    Signature,
    AgentVersion,
    AgentHash,
    DockerVersion,
}

impl CiField {
    pub const ALL: [CiField; 6] = [
        CiField::Cluster,
        CiField::ContainerInstanceArn,
        CiField::Signature,
        CiField::AgentVersion,
        CiField::AgentHash,
        CiField::DockerVersion,
    ];

    /// The member's name (inside `versionInfo` for the version fields).
    pub fn member(self) -> &'static str {
        match self {
            CiField::Cluster => "cluster",
            CiField::ContainerInstanceArn => "containerInstanceArn",
            CiField::Signature => "instanceIdentityDocumentSignature",
            CiField::AgentVersion => "agentVersion",
            CiField::AgentHash => "agentHash",
            CiField::DockerVersion => "dockerVersion",
        }
    }

    fn in_version_info(self) -> bool {
        matches!(
            self,
            CiField::AgentVersion | CiField::AgentHash | CiField::DockerVersion
        )
    }

    /// The kebab-case name used in DOM ids and test ids.
    pub fn slug(self) -> &'static str {
        match self {
            CiField::Cluster => "cluster",
            CiField::ContainerInstanceArn => "arn",
            CiField::Signature => "signature",
            CiField::AgentVersion => "agent-version",
            CiField::AgentHash => "agent-hash",
            CiField::DockerVersion => "docker-version",
        }
    }

    pub fn hint(self) -> &'static str {
        match self {
            CiField::Cluster => "The cluster's short name or ARN; without it, default.",
            CiField::ContainerInstanceArn => "Only when re-registering: the ARN the first registration returned. Leave empty for a new instance.",
            CiField::Signature => "The signature of the identity document, from the instance metadata service.",
            CiField::AgentVersion | CiField::AgentHash | CiField::DockerVersion => "",
        }
    }
}

/// One of the request's lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Section {
    Resources,
    Attributes,
    Devices,
    Tags,
}

/// How a cell is edited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellKind {
    Text,
    Choice(&'static [&'static str]),
}

/// One column of a section's rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub label: &'static str,
    pub kind: CellKind,
}

const fn text(label: &'static str) -> Column {
    Column {
        label,
        kind: CellKind::Text,
    }
}

impl Section {
    pub const ALL: [Section; 4] = [
        Section::Resources,
        Section::Attributes,
        Section::Devices,
        Section::Tags,
    ];

    pub fn member(self) -> &'static str {
        match self {
            Section::Resources => "totalResources",
            Section::Attributes => "attributes",
            Section::Devices => "platformDevices",
            Section::Tags => "tags",
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            Section::Resources => "resources",
            Section::Attributes => "attributes",
            Section::Devices => "devices",
            Section::Tags => "tags",
        }
    }

    fn index(self) -> usize {
        match self {
            Section::Resources => 0,
            Section::Attributes => 1,
            Section::Devices => 2,
            Section::Tags => 3,
        }
    }

    pub fn columns(self) -> &'static [Column] {
        const RESOURCES: [Column; 3] = [
            text("Name"),
            Column {
                label: "Type",
                kind: CellKind::Choice(&RESOURCE_TYPES),
            },
            text("Value"),
        ];
        const ATTRIBUTES: [Column; 2] = [text("Name"), text("Value")];
        const DEVICES: [Column; 2] = [
            text("Id"),
            Column {
                label: "Type",
                kind: CellKind::Choice(&DEVICE_TYPES),
            },
        ];
        const TAGS: [Column; 2] = [text("Key"), text("Value")];
        match self {
            Section::Resources => &RESOURCES,
            Section::Attributes => &ATTRIBUTES,
            Section::Devices => &DEVICES,
            Section::Tags => &TAGS,
        }
    }

    /// The column a member of a row's object is shown in.
    fn column_of(self, member: &str) -> usize {
        match (self, member) {
            (Section::Resources | Section::Devices, "type")
            | (Section::Attributes | Section::Tags, "value" | "targetType" | "targetId") => 1,
            (Section::Resources, m) if m.ends_with("Value") => 2,
            _ => 0,
        }
    }

    pub fn hint(self) -> &'static str {
        match self {
            Section::Resources => "What the instance offers tasks: CPU units (1,024 a vCPU) and MEMORY in MiB as INTEGER, reserved host PORTS and PORTS_UDP as STRINGSET (comma-separated).",
            Section::Attributes => "Custom attributes (up to 10) for placement constraints, and the agent's ecs.* capabilities. An empty value sends a name-only attribute.",
            Section::Devices => "GPUs (from /var/lib/ecs/gpu/nvidia_gpu_info.json) that tasks can reserve.",
            Section::Tags => "Up to 50 tags on the container instance.",
        }
    }

    /// A new row: its object, with a name that is not used yet where the row has one.
    fn new_row(self, rows: &[Value]) -> Value {
        let free = |prefix: &str, member: &str| {
            (1..=rows.len() + 1)
                .map(|n| format!("{prefix}{n}"))
                .find(|name| !rows.iter().any(|r| r.get(member) == Some(&json!(name))))
                .unwrap_or_default()
        };
        match self {
            Section::Resources => {
                json!({"name": free("CUSTOM_", "name"), "type": "INTEGER", "integerValue": 1})
            }
            Section::Attributes => json!({"name": free("custom.attribute-", "name")}),
            Section::Devices => json!({"id": free("GPU-", "id"), "type": "GPU"}),
            Section::Tags => json!({"key": free("tag-", "key"), "value": ""}),
        }
    }
}

/// What the form shows for a request.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CiForm {
    /// By [`CiField::ALL`] order.
    pub fields: [String; 6],
    /// The identity document string, as sent.
    pub document: String,
    /// Each section's rows of cell texts, by [`Section::ALL`] order.
    pub rows: [Vec<Vec<String>>; 4],
    /// Sections present but not a list, which the form cannot edit.
    pub not_list: [bool; 4],
}

impl CiForm {
    pub fn field(&self, field: CiField) -> &str {
        CiField::ALL
            .iter()
            .position(|f| *f == field)
            .and_then(|i| self.fields.get(i))
            .map_or("", String::as_str)
    }

    pub fn rows(&self, section: Section) -> &[Vec<String>] {
        self.rows.get(section.index()).map_or(&[], Vec::as_slice)
    }

    pub fn cell(&self, section: Section, row: usize, column: usize) -> &str {
        self.rows(section)
            .get(row)
            .and_then(|r| r.get(column))
            .map_or("", String::as_str)
    }

    pub fn not_list(&self, section: Section) -> bool {
        self.not_list.get(section.index()).copied().unwrap_or(false)
    }
}

/// The container-instance form, read the same way as the RegisterInstance one.
pub type CiFormState = FormState<CiForm>;

impl ParseForm for CiForm {
    fn parse(text: &str) -> Result<Self, FormNotice> {
        parse_form(text)
    }
}

/// Reads the form from request text.
pub fn parse_form(text: &str) -> Result<CiForm, FormNotice> {
    let object = parse_object(text)?;
    let version = object.get("versionInfo");
    let fields = CiField::ALL.map(|field| {
        let value = if field.in_version_info() {
            version.and_then(|v| v.get(field.member()))
        } else {
            object.get(field.member())
        };
        value.map(display_value).unwrap_or_default()
    });
    let mut form = CiForm {
        fields,
        document: object
            .get("instanceIdentityDocument")
            .map(display_value)
            .unwrap_or_default(),
        ..CiForm::default()
    };
    for section in Section::ALL {
        let (rows, not_list) = match object.get(section.member()) {
            Some(Value::Array(items)) => {
                (items.iter().map(|i| row_cells(section, i)).collect(), false)
            }
            None | Some(Value::Null) => (Vec::new(), false),
            Some(_) => (Vec::new(), true),
        };
        if let (Some(slot), Some(flag)) = (
            form.rows.get_mut(section.index()),
            form.not_list.get_mut(section.index()),
        ) {
            *slot = rows;
            *flag = not_list;
        }
    }
    Ok(form)
}

/// A row's cell texts.
fn row_cells(section: Section, item: &Value) -> Vec<String> {
    let get = |member: &str| item.get(member).map(display_value).unwrap_or_default();
    match section {
        Section::Resources => {
            let value = value_field(item)
                .and_then(|f| item.get(f))
                .map(|v| match v {
                    Value::Array(items) => items
                        .iter()
                        .map(display_value)
                        .collect::<Vec<_>>()
                        .join(", "),
                    other => display_value(other),
                })
                .unwrap_or_default();
            vec![get("name"), get("type"), value]
        }
        Section::Attributes => vec![get("name"), get("value")],
        Section::Devices => vec![get("id"), get("type")],
        Section::Tags => vec![get("key"), get("value")],
    }
}

/// The member holding a resource's amount: the one of its type, or else the first present.
fn value_field(item: &Value) -> Option<&'static str> {
    let by_type = item
        .get("type")
        .and_then(Value::as_str)
        .and_then(|t| VALUE_FIELDS.iter().find(|(name, _)| *name == t))
        .map(|(_, field)| *field);
    by_type.or_else(|| {
        VALUE_FIELDS
            .iter()
            .map(|(_, field)| *field)
            .find(|field| item.get(field).is_some())
    })
}

/// A resource amount as JSON: a number where the type wants one and the text is one (so
/// anything else stays text and gets its diagnostic), comma-separated strings for STRINGSET.
fn amount(field: &str, text: &str) -> Value {
    let trimmed = text.trim();
    match field {
        "stringSetValue" if trimmed.is_empty() => json!([]),
        "stringSetValue" => Value::Array(
            text.split(',')
                .map(|p| Value::String(p.trim().to_owned()))
                .collect(),
        ),
        "doubleValue" => trimmed
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite())
            .map_or_else(|| json!(text), |n| json!(n)),
        _ => trimmed
            .parse::<i64>()
            .map_or_else(|_| json!(text), |n| json!(n)),
    }
}

/// An amount carried over to another type's member: whole doubles become integers, scalars a
/// one-entry set, a set its text.
fn convert(current: &Value, field: &str) -> Value {
    match (current, field) {
        (Value::Number(n), "integerValue" | "longValue") => n
            .as_i64()
            .or_else(|| {
                n.as_f64()
                    .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                    .map(|f| {
                        #[allow(clippy::cast_possible_truncation)] // whole and in range
                        let whole = f as i64;
                        whole
                    })
            })
            .map_or_else(|| current.clone(), |i| json!(i)),
        (Value::Number(n), "doubleValue") => n.as_f64().map_or(Value::Null, |f| json!(f)),
        (Value::Null, "stringSetValue") => json!([]),
        (Value::Null, _) => json!(0),
        (Value::Array(_), "stringSetValue") => current.clone(),
        (other, _) => {
            let text = match other {
                Value::Array(items) => items
                    .iter()
                    .map(display_value)
                    .collect::<Vec<_>>()
                    .join(", "),
                scalar => display_value(scalar),
            };
            amount(field, &text)
        }
    }
}

/// One change the form makes to the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CiEdit {
    SetField(CiField, String),
    SetDocument(String),
    /// Pretty-prints the identity document, when it is JSON.
    FormatDocument,
    AddRow(Section),
    RemoveRow(Section, usize),
    SetCell {
        section: Section,
        row: usize,
        column: usize,
        value: String,
    },
}

/// Why a form edit was not applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CiEditError {
    NotEditable(FormNotice),
    NotList(Section),
    NotObject(&'static str),
    NoSuchRow(usize),
    DocumentNotJson,
}

impl fmt::Display for CiEditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CiEditError::NotEditable(notice) => notice.fmt(f),
            CiEditError::NotList(section) => write!(
                f,
                "{} is not a JSON list, so the form cannot edit it; fix it in the JSON editor.",
                section.member()
            ),
            CiEditError::NotObject(what) => write!(
                f,
                "That {what} is not a JSON object, so the form cannot edit it; fix it in the JSON editor."
            ),
            CiEditError::NoSuchRow(row) => write!(f, "There is no row {}.", row + 1),
            CiEditError::DocumentNotJson => f.write_str(
                "The identity document is not JSON, so it cannot be formatted; its diagnostic says where it breaks.",
            ),
        }
    }
}

/// Applies a form edit to the request text; returns the new text, pretty-printed.
pub fn apply(text: &str, edit: &CiEdit) -> Result<String, CiEditError> {
    let mut object = parse_object(text).map_err(CiEditError::NotEditable)?;
    match edit {
        CiEdit::SetField(field, value) => set_field(&mut object, *field, value)?,
        CiEdit::SetDocument(document) => set_member(
            &mut object,
            "instanceIdentityDocument",
            (!document.is_empty()).then(|| json!(document)),
        ),
        CiEdit::FormatDocument => {
            let document = object
                .get("instanceIdentityDocument")
                .and_then(Value::as_str)
                .and_then(|d| serde_json::from_str::<Value>(d).ok())
                .and_then(|d| serde_json::to_string_pretty(&d).ok())
                .ok_or(CiEditError::DocumentNotJson)?;
            set_member(
                &mut object,
                "instanceIdentityDocument",
                Some(json!(document)),
            );
        }
        CiEdit::AddRow(section) => {
            let rows = list_mut(&mut object, *section)?;
            let row = section.new_row(rows);
            rows.push(row);
        }
        CiEdit::RemoveRow(section, row) => {
            let rows = list_mut(&mut object, *section)?;
            if *row >= rows.len() {
                return Err(CiEditError::NoSuchRow(*row));
            }
            rows.remove(*row);
        }
        CiEdit::SetCell {
            section,
            row,
            column,
            value,
        } => {
            let item = list_mut(&mut object, *section)?
                .get_mut(*row)
                .ok_or(CiEditError::NoSuchRow(*row))?
                .as_object_mut()
                .ok_or(CiEditError::NotObject("row"))?;
            set_cell(item, *section, *column, value);
        }
    }
    Ok(serde_json::to_string_pretty(&Value::Object(object)).unwrap_or_default())
}

/// The request text with its `cluster` following a cluster that starts over: a request that
/// named `from` (by name, by ARN, or by leaving the member out while `from` is `default`) names
/// `to` the same way, an ARN as an ARN. `None` when there is nothing to follow: the request
/// names another cluster (that is the user's choice), already names `to`, or is not an object
/// the form can edit.
pub fn follow_cluster(text: &str, from: &ClusterState, to: &ClusterState) -> Option<String> {
    let object = parse_object(text).ok()?;
    let requested = match object.get("cluster") {
        None | Some(Value::Null) => None,
        Some(Value::String(name)) => Some(name.as_str()),
        Some(_) => return None,
    };
    if !from.is_named_by(requested) || to.is_named_by(requested) {
        return None;
    }
    let name = if requested.is_some_and(|r| r.starts_with("arn:")) {
        to.cluster_arn()
    } else {
        to.cluster_name.clone()
    };
    apply(text, &CiEdit::SetField(CiField::Cluster, name)).ok()
}

/// Sets a member in order, or removes it for `None`.
fn set_member(object: &mut Map<String, Value>, key: &str, value: Option<Value>) {
    match value {
        Some(value) => insert_in_order(object, key, value, &MEMBER_ORDER),
        None => {
            object.shift_remove(key);
        }
    }
}

/// Every field is optional: clearing one removes it (and an emptied versionInfo).
fn set_field(
    object: &mut Map<String, Value>,
    field: CiField,
    value: &str,
) -> Result<(), CiEditError> {
    let value = (!value.is_empty()).then(|| json!(value));
    if !field.in_version_info() {
        set_member(object, field.member(), value);
        return Ok(());
    }
    if matches!(object.get("versionInfo"), None | Some(Value::Null)) {
        if value.is_none() {
            return Ok(());
        }
        set_member(object, "versionInfo", Some(json!({})));
    }
    let info = object
        .get_mut("versionInfo")
        .and_then(Value::as_object_mut)
        .ok_or(CiEditError::NotObject("versionInfo"))?;
    match value {
        Some(value) => {
            info.insert(field.member().to_owned(), value);
        }
        None => {
            info.shift_remove(field.member());
        }
    }
    if info.is_empty() {
        object.shift_remove("versionInfo");
    }
    Ok(())
}

/// The section's list, created (in member order) when missing.
fn list_mut(
    object: &mut Map<String, Value>,
    section: Section,
) -> Result<&mut Vec<Value>, CiEditError> {
    if matches!(object.get(section.member()), None | Some(Value::Null)) {
        set_member(object, section.member(), Some(json!([])));
    }
    match object.get_mut(section.member()) {
        Some(Value::Array(items)) => Ok(items),
        _ => Err(CiEditError::NotList(section)),
    }
}

fn set_cell(item: &mut Map<String, Value>, section: Section, column: usize, value: &str) {
    let text = || json!(value);
    match (section, column) {
        (Section::Resources | Section::Attributes, 0) => {
            item.insert("name".into(), text());
        }
        (Section::Resources, 1) => {
            // The amount moves to the new type's member; the other value members go.
            let current = value_field(&Value::Object(item.clone()))
                .and_then(|f| item.get(f))
                .cloned()
                .unwrap_or(Value::Null);
            item.insert("type".into(), text());
            if let Some((_, field)) = VALUE_FIELDS.iter().find(|(t, _)| *t == value) {
                for (_, other) in VALUE_FIELDS {
                    item.shift_remove(other);
                }
                item.insert((*field).to_owned(), convert(&current, field));
            }
        }
        (Section::Resources, _) => {
            let field = value_field(&Value::Object(item.clone())).unwrap_or("integerValue");
            item.insert(field.to_owned(), amount(field, value));
        }
        (Section::Attributes, _) if value.is_empty() => {
            item.shift_remove("value");
        }
        (Section::Devices, 0) => {
            item.insert("id".into(), text());
        }
        (Section::Devices, _) => {
            item.insert("type".into(), text());
        }
        (Section::Tags, 0) => {
            item.insert("key".into(), text());
        }
        (Section::Attributes | Section::Tags, _) => {
            item.insert("value".into(), text());
        }
    }
}

/// A place in the form a diagnostic is shown next to and focuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CiTarget {
    /// The whole request: shown by the JSON editor.
    Top,
    Field(CiField),
    Document,
    Section(Section),
    Cell {
        section: Section,
        row: usize,
        column: usize,
    },
}

impl CiTarget {
    pub fn control_id(self) -> String {
        match self {
            CiTarget::Top => "ci-json-editor".to_owned(),
            CiTarget::Field(field) => format!("ci-field-{}", field.slug()),
            CiTarget::Document => "ci-document".to_owned(),
            CiTarget::Section(section) => format!("ci-{}", section.slug()),
            CiTarget::Cell {
                section,
                row,
                column,
            } => format!("ci-{}-{row}-{column}", section.slug()),
        }
    }

    pub fn diagnostics_id(self) -> String {
        match self {
            CiTarget::Top => "ci-diagnostics-top".to_owned(),
            CiTarget::Field(field) => format!("ci-diagnostics-{}", field.slug()),
            CiTarget::Document => "ci-diagnostics-document".to_owned(),
            CiTarget::Section(section) => format!("ci-diagnostics-{}", section.slug()),
            CiTarget::Cell { section, row, .. } => {
                format!("ci-diagnostics-{}-{row}", section.slug())
            }
        }
    }

    /// A row shows the diagnostics of all its cells.
    pub fn belongs_to(self, control: CiTarget) -> bool {
        match (self, control) {
            (
                CiTarget::Cell {
                    section: a, row: i, ..
                },
                CiTarget::Cell {
                    section: b, row: j, ..
                },
            ) => a == b && i == j,
            (a, b) => a == b,
        }
    }
}

/// Maps a diagnostic's path to its place in `form`.
pub fn target(diagnostic: &Diagnostic, form: &CiForm) -> CiTarget {
    let Some(segments) = Pointer::parse_segments(&diagnostic.path) else {
        return CiTarget::Top;
    };
    let field = |name: &str, version: bool| {
        CiField::ALL
            .into_iter()
            .find(|f| f.member() == name && f.in_version_info() == version)
    };
    match segments.as_slice() {
        [member] if member == "instanceIdentityDocument" => CiTarget::Document,
        [member] => field(member, false)
            .map(CiTarget::Field)
            .or_else(|| section_of(member).map(CiTarget::Section))
            .unwrap_or(CiTarget::Top),
        [version, member, ..] if version == "versionInfo" => {
            field(member, true).map_or(CiTarget::Top, CiTarget::Field)
        }
        [list, index, rest @ ..] => {
            let Some(section) = section_of(list) else {
                return CiTarget::Top;
            };
            match index.parse::<usize>() {
                Ok(row) if row < form.rows(section).len() => CiTarget::Cell {
                    section,
                    row,
                    column: rest.first().map_or(0, |m| section.column_of(m)),
                },
                _ => CiTarget::Section(section),
            }
        }
        _ => CiTarget::Top,
    }
}

fn section_of(member: &str) -> Option<Section> {
    Section::ALL.into_iter().find(|s| s.member() == member)
}

/// Validates the request text.
pub fn check(text: &str) -> Result<Report, CallError> {
    muster_core::validate_text(OPERATION, text, None)
}

/// Each diagnostic with its place: errors first, then warnings, then infos.
pub fn place(report: &Report, form: &CiForm) -> Vec<(Target, Diagnostic)> {
    let mut placed: Vec<(Target, Diagnostic)> = report
        .diagnostics
        .iter()
        .map(|d| (Target::Ci(target(d, form)), d.clone()))
        .collect();
    placed.sort_by_key(|(_, d)| d.severity);
    placed
}

/// Attribute rows shown before "Show all": the agent sends dozens of name-only capabilities.
pub fn is_capability(row: &[String]) -> bool {
    row.first()
        .is_some_and(|name| name.contains(".capability."))
        && row.get(1).is_none_or(String::is_empty)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::agent::AgentForm;

    fn seed() -> String {
        AgentForm::default().request_text().unwrap()
    }

    fn value(text: &str) -> Value {
        serde_json::from_str(text).unwrap()
    }

    fn set_cell(text: &str, section: Section, row: usize, column: usize, v: &str) -> String {
        apply(
            text,
            &CiEdit::SetCell {
                section,
                row,
                column,
                value: v.into(),
            },
        )
        .unwrap()
    }

    #[test]
    fn the_request_follows_a_cluster_that_starts_over() {
        let cluster = |name, region| ClusterState::new(name, region, "123456789012", 7);
        let (default, prod) = (
            cluster("default", "us-east-1"),
            cluster("prod", "eu-west-1"),
        );
        let followed = follow_cluster(&seed(), &default, &prod).unwrap();
        assert_eq!(value(&followed)["cluster"], "prod");
        assert_eq!(
            value(&followed)["totalResources"],
            value(&seed())["totalResources"],
            "only the cluster changes"
        );
        // An absent cluster is `default`; an ARN stays an ARN, of the new cluster.
        let without = apply(&seed(), &CiEdit::SetField(CiField::Cluster, String::new())).unwrap();
        assert!(value(&without).get("cluster").is_none());
        assert_eq!(
            value(&follow_cluster(&without, &default, &prod).unwrap())["cluster"],
            "prod"
        );
        let old_arn = default.cluster_arn();
        let by_arn = apply(&seed(), &CiEdit::SetField(CiField::Cluster, old_arn)).unwrap();
        assert_eq!(
            value(&follow_cluster(&by_arn, &default, &prod).unwrap())["cluster"],
            "arn:aws:ecs:eu-west-1:123456789012:cluster/prod"
        );
        // Another cluster is the user's choice; naming the new one already changes nothing;
        // text the form cannot edit is left alone.
        let other = apply(
            &seed(),
            &CiEdit::SetField(CiField::Cluster, "staging".into()),
        )
        .unwrap();
        assert_eq!(follow_cluster(&other, &default, &prod), None);
        assert_eq!(follow_cluster(&followed, &default, &prod), None);
        assert_eq!(follow_cluster("{\"cluster\": ", &default, &prod), None);
        assert_eq!(follow_cluster("{\"cluster\": 7}", &default, &prod), None);
    }

    #[test]
    fn the_agent_request_reads_into_the_form() {
        let form = parse_form(&seed()).unwrap();
        assert_eq!(form.field(CiField::Cluster), "default");
        assert_eq!(form.field(CiField::ContainerInstanceArn), "");
        assert_eq!(form.field(CiField::AgentVersion), "1.80.0");
        assert!(form.document.contains("\"instanceType\" : \"m5.large\""));
        let resources = form.rows(Section::Resources);
        assert_eq!(resources[0], ["CPU", "INTEGER", "2048"]);
        assert_eq!(resources[2][0], "PORTS");
        assert_eq!(resources[2][2], "22, 2375, 2376, 51678, 51679");
        assert_eq!(resources[3], ["PORTS_UDP", "STRINGSET", ""]);
        let attributes = form.rows(Section::Attributes);
        assert!(attributes
            .iter()
            .any(|r| r[0] == "ecs.os-type" && r[1] == "linux"));
        assert!(attributes.iter().filter(|r| is_capability(r)).count() > 20);
        assert!(!is_capability(&["ecs.os-type".into(), "linux".into()]));
        assert!(form.rows(Section::Tags).is_empty());
    }

    #[test]
    fn amounts_are_numbers_when_they_parse_and_text_otherwise() {
        let text = set_cell(&seed(), Section::Resources, 1, 2, "-512");
        assert_eq!(value(&text)["totalResources"][1]["integerValue"], -512);
        let report = check(&text).unwrap();
        assert!(!report.valid);
        let form = parse_form(&text).unwrap();
        let placed = place(&report, &form);
        let cell = CiTarget::Cell {
            section: Section::Resources,
            row: 1,
            column: 2,
        };
        assert!(placed
            .iter()
            .any(|(t, d)| d.code == "ECS012" && *t == Target::Ci(cell)));
        assert_eq!(cell.control_id(), "ci-resources-1-2");
        assert_eq!(cell.diagnostics_id(), "ci-diagnostics-resources-1");
        // Not a number: kept as typed, so the type rule names it.
        let text = set_cell(&seed(), Section::Resources, 0, 2, "2k");
        assert_eq!(value(&text)["totalResources"][0]["integerValue"], "2k");
        assert!(check(&text)
            .unwrap()
            .diagnostics
            .iter()
            .any(|d| d.code == "REQ003"));
        assert_eq!(
            parse_form(&text).unwrap().cell(Section::Resources, 0, 2),
            "2k"
        );
    }

    #[test]
    fn port_lists_are_comma_separated_and_keep_a_trailing_comma() {
        let text = set_cell(&seed(), Section::Resources, 3, 2, "53, 5353");
        assert_eq!(
            value(&text)["totalResources"][3]["stringSetValue"],
            json!(["53", "5353"])
        );
        let typing = set_cell(&text, Section::Resources, 3, 2, "53, ");
        assert_eq!(
            parse_form(&typing).unwrap().cell(Section::Resources, 3, 2),
            "53, "
        );
        let cleared = set_cell(&text, Section::Resources, 3, 2, "");
        assert_eq!(
            value(&cleared)["totalResources"][3]["stringSetValue"],
            json!([])
        );
    }

    #[test]
    fn changing_a_type_moves_the_amount() {
        let text = set_cell(&seed(), Section::Resources, 0, 1, "DOUBLE");
        let cpu = &value(&text)["totalResources"][0];
        assert_eq!(cpu["doubleValue"], 2048.0);
        assert!(cpu.get("integerValue").is_none());
        let codes: Vec<&str> = check(&text)
            .unwrap()
            .diagnostics
            .iter()
            .map(|d| d.code)
            .collect();
        assert!(codes.contains(&"ECS014"), "{codes:?}");
        let back = set_cell(&text, Section::Resources, 0, 1, "INTEGER");
        assert_eq!(value(&back)["totalResources"][0]["integerValue"], 2048);
        assert!(check(&back).unwrap().valid);
    }

    #[test]
    fn fields_are_set_in_order_and_removed_when_cleared() {
        let arn = "arn:aws:ecs:us-east-1:123456789012:container-instance/default/0123456789abcdef0123456789abcdef";
        let text = apply(
            &seed(),
            &CiEdit::SetField(CiField::ContainerInstanceArn, arn.into()),
        )
        .unwrap();
        let keys: Vec<String> = value(&text).as_object().unwrap().keys().cloned().collect();
        let at = |k: &str| keys.iter().position(|x| x == k).unwrap();
        assert!(at("versionInfo") < at("containerInstanceArn"));
        assert!(at("containerInstanceArn") < at("attributes"));
        let text = apply(&text, &CiEdit::SetField(CiField::Cluster, String::new())).unwrap();
        assert!(value(&text).get("cluster").is_none());
        // The version fields live in versionInfo, which goes when emptied.
        let mut text = text;
        for field in [
            CiField::AgentVersion,
            CiField::AgentHash,
            CiField::DockerVersion,
        ] {
            text = apply(&text, &CiEdit::SetField(field, String::new())).unwrap();
        }
        assert!(value(&text).get("versionInfo").is_none());
        let text = apply(
            &text,
            &CiEdit::SetField(CiField::AgentVersion, "1.81.0".into()),
        )
        .unwrap();
        assert_eq!(
            value(&text)["versionInfo"],
            json!({"agentVersion": "1.81.0"})
        );
    }

    #[test]
    fn rows_are_added_with_free_names_and_removed() {
        let text = apply(&seed(), &CiEdit::AddRow(Section::Tags)).unwrap();
        let text = apply(&text, &CiEdit::AddRow(Section::Tags)).unwrap();
        assert_eq!(
            value(&text)["tags"],
            json!([{"key": "tag-1", "value": ""}, {"key": "tag-2", "value": ""}])
        );
        assert!(check(&text).unwrap().valid);
        let text = apply(&text, &CiEdit::RemoveRow(Section::Tags, 0)).unwrap();
        assert_eq!(value(&text)["tags"], json!([{"key": "tag-2", "value": ""}]));
        assert_eq!(
            apply(&text, &CiEdit::RemoveRow(Section::Tags, 4)).unwrap_err(),
            CiEditError::NoSuchRow(4)
        );
        let text = apply(&text, &CiEdit::AddRow(Section::Resources)).unwrap();
        assert_eq!(
            parse_form(&text).unwrap().rows(Section::Resources)[4][0],
            "CUSTOM_1"
        );
        let text = apply(&text, &CiEdit::AddRow(Section::Devices)).unwrap();
        assert!(
            check(&text).unwrap().valid,
            "{:?}",
            check(&text).unwrap().diagnostics
        );
    }

    #[test]
    fn attribute_values_are_optional_and_names_are_checked() {
        let text = set_cell(&seed(), Section::Attributes, 0, 1, "blue");
        let text = set_cell(&text, Section::Attributes, 0, 0, "team colour");
        let report = check(&text).unwrap();
        let form = parse_form(&text).unwrap();
        let placed = place(&report, &form);
        let (target, _) = placed.iter().find(|(_, d)| d.code == "ECS018").unwrap();
        assert_eq!(
            *target,
            Target::Ci(CiTarget::Cell {
                section: Section::Attributes,
                row: 0,
                column: 0
            })
        );
        let text = set_cell(&text, Section::Attributes, 0, 1, "");
        assert!(value(&text)["attributes"][0].get("value").is_none());
    }

    #[test]
    fn paths_map_to_controls() {
        let form = parse_form(&seed()).unwrap();
        let t = |path: &str| {
            target(
                &Diagnostic {
                    code: "X",
                    severity: muster_core::Severity::Error,
                    path: path.into(),
                    message: "".into(),
                    docs: "",
                },
                &form,
            )
        };
        assert_eq!(t(""), CiTarget::Top);
        assert_eq!(t("/cluster"), CiTarget::Field(CiField::Cluster));
        assert_eq!(t("/instanceIdentityDocument"), CiTarget::Document);
        assert_eq!(
            t("/instanceIdentityDocumentSignature"),
            CiTarget::Field(CiField::Signature)
        );
        assert_eq!(
            t("/versionInfo/dockerVersion"),
            CiTarget::Field(CiField::DockerVersion)
        );
        assert_eq!(t("/versionInfo/extra"), CiTarget::Top);
        assert_eq!(t("/totalResources"), CiTarget::Section(Section::Resources));
        assert_eq!(
            t("/totalResources/2/stringSetValue/1"),
            CiTarget::Cell {
                section: Section::Resources,
                row: 2,
                column: 2
            }
        );
        assert_eq!(
            t("/totalResources/0/type"),
            CiTarget::Cell {
                section: Section::Resources,
                row: 0,
                column: 1
            }
        );
        assert_eq!(
            t("/totalResources/99/name"),
            CiTarget::Section(Section::Resources)
        );
        assert_eq!(t("/clientToken"), CiTarget::Top);
        let row = |column| CiTarget::Cell {
            section: Section::Tags,
            row: 1,
            column,
        };
        assert!(row(0).belongs_to(row(1)));
        assert!(!row(0).belongs_to(CiTarget::Section(Section::Tags)));
    }

    #[test]
    fn not_json_locks_the_form_and_keeps_the_last_values() {
        let good = CiFormState::read(&seed(), None);
        assert!(good.editable());
        let bad = CiFormState::read("{\"cluster\": ", Some(&good));
        assert!(!bad.editable());
        assert_eq!(bad.form, good.form);
        assert!(matches!(
            apply("[1]", &CiEdit::AddRow(Section::Tags)),
            Err(CiEditError::NotEditable(FormNotice::NotObject { .. }))
        ));
        let text = r#"{"tags": {"a": "b"}}"#;
        assert!(parse_form(text).unwrap().not_list(Section::Tags));
        assert_eq!(
            apply(text, &CiEdit::AddRow(Section::Tags)).unwrap_err(),
            CiEditError::NotList(Section::Tags)
        );
    }

    #[test]
    fn the_document_can_be_edited_and_formatted() {
        let text = apply(
            &seed(),
            &CiEdit::SetDocument(r#"{"instanceId":"i-1","region":"us-east-1"}"#.into()),
        )
        .unwrap();
        let codes: Vec<&str> = check(&text)
            .unwrap()
            .diagnostics
            .iter()
            .map(|d| d.code)
            .collect();
        assert!(codes.contains(&"ECS005"), "{codes:?}");
        let text = apply(&text, &CiEdit::FormatDocument).unwrap();
        assert_eq!(
            parse_form(&text).unwrap().document,
            "{\n  \"instanceId\": \"i-1\",\n  \"region\": \"us-east-1\"\n}"
        );
        let broken = apply(&text, &CiEdit::SetDocument("{".into())).unwrap();
        assert_eq!(
            apply(&broken, &CiEdit::FormatDocument).unwrap_err(),
            CiEditError::DocumentNotJson
        );
    }
}
