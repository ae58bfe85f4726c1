//! Where each diagnostic belongs in the form, and the status summary.

use muster_core::pointer::Pointer;
use muster_core::text::count;
use muster_core::{Diagnostic, Report, Severity};

use super::container::CiTarget;
use super::placement::PlTarget;
use super::request::Field;

/// Which half of an attribute row a diagnostic is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    Key,
    Value,
}

/// The place in the form a diagnostic is shown next to and focuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    /// The whole request: shown by the JSON editor.
    Top,
    Field(Field),
    /// The attributes section as a whole (a missing attribute, too many attributes).
    Attributes,
    /// One attribute row, by position.
    Attribute {
        index: usize,
        part: Part,
    },
    /// A place in the RegisterContainerInstance form.
    Ci(CiTarget),
    /// A place in the Placement view.
    Placement(PlTarget),
}

impl Target {
    /// The DOM id of the control that clicking the diagnostic focuses.
    pub fn control_id(self) -> String {
        match self {
            Target::Top => "json-editor".to_owned(),
            Target::Field(field) => format!("field-{}", field_slug(field)),
            Target::Attributes => "attributes".to_owned(),
            Target::Attribute {
                index,
                part: Part::Key,
            } => format!("attr-key-{index}"),
            Target::Attribute {
                index,
                part: Part::Value,
            } => format!("attr-value-{index}"),
            Target::Ci(target) => target.control_id(),
            Target::Placement(target) => target.control_id(),
        }
    }

    /// The DOM id of the inline diagnostics shown next to the control (`aria-describedby`).
    pub fn diagnostics_id(self) -> String {
        match self {
            Target::Top => "diagnostics-top".to_owned(),
            Target::Field(field) => format!("diagnostics-{}", field_slug(field)),
            Target::Attributes => "diagnostics-attributes".to_owned(),
            Target::Attribute { index, .. } => format!("diagnostics-attr-{index}"),
            Target::Ci(target) => target.diagnostics_id(),
            Target::Placement(target) => target.diagnostics_id(),
        }
    }
}

/// The kebab-case name of a field, used in DOM ids and test ids.
pub fn field_slug(field: Field) -> &'static str {
    match field {
        Field::ServiceId => "service-id",
        Field::InstanceId => "instance-id",
        Field::CreatorRequestId => "creator-request-id",
    }
}

/// Codes that are about an attribute's key rather than its value.
const KEY_CODES: [&str; 2] = ["CM005", "CM016"];

/// Maps a diagnostic to its place in the form. `keys` are the attribute keys in row order.
pub fn target(diagnostic: &Diagnostic, keys: &[String]) -> Target {
    let Some(segments) = Pointer::parse_segments(&diagnostic.path) else {
        return Target::Top;
    };
    match segments.as_slice() {
        [member] => match member.as_str() {
            "ServiceId" => Target::Field(Field::ServiceId),
            "InstanceId" => Target::Field(Field::InstanceId),
            "CreatorRequestId" => Target::Field(Field::CreatorRequestId),
            "Attributes" => Target::Attributes,
            _ => Target::Top,
        },
        [attributes, key, ..] if attributes == "Attributes" => {
            let part = if KEY_CODES.contains(&diagnostic.code) {
                Part::Key
            } else {
                Part::Value
            };
            keys.iter()
                .position(|k| k == key)
                .map_or(Target::Attributes, |index| Target::Attribute {
                    index,
                    part,
                })
        }
        _ => Target::Top,
    }
}

/// Whether a diagnostic at `diagnostic_target` belongs with the control at `control`: a row
/// shows the diagnostics of both its key and value.
pub fn belongs_to(diagnostic_target: Target, control: Target) -> bool {
    match (diagnostic_target, control) {
        (Target::Attribute { index: a, .. }, Target::Attribute { index: b, .. }) => a == b,
        (Target::Ci(a), Target::Ci(b)) => a.belongs_to(b),
        (Target::Placement(a), Target::Placement(b)) => a.belongs_to(b),
        (a, b) => a == b,
    }
}

/// Whether a control should be marked `aria-invalid`: an error (not a warning) targets it.
pub fn invalid(placed: &[(Target, Diagnostic)], control: Target) -> bool {
    placed
        .iter()
        .any(|(t, d)| *t == control && d.severity == Severity::Error)
}

/// Counts by severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Summary {
    pub fn of(diagnostics: &[Diagnostic]) -> Self {
        diagnostics.iter().fold(Self::default(), |mut s, d| {
            match d.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Info => s.infos += 1,
            }
            s
        })
    }
}

/// The status badge text: "Valid", "Valid, 1 warning", "2 errors, 1 warning".
pub fn status_text(report: &Report) -> String {
    let summary = Summary::of(&report.diagnostics);
    let mut parts = Vec::new();
    if report.valid {
        parts.push("Valid".to_owned());
    }
    if summary.errors > 0 {
        parts.push(count(summary.errors, "error", "errors"));
    }
    if summary.warnings > 0 {
        parts.push(count(summary.warnings, "warning", "warnings"));
    }
    parts.join(", ")
}

/// The label shown with a severity, so colour is never the only signal.
pub fn severity_label(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "Error",
        Severity::Warning => "Warning",
        Severity::Info => "Info",
    }
}

/// A text icon for a severity.
pub fn severity_icon(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "✖",
        Severity::Warning => "▲",
        Severity::Info => "ℹ",
    }
}

/// The path as shown to the user: `(whole request)` for the root.
pub fn display_path(path: &str) -> &str {
    if path.is_empty() {
        "(whole request)"
    } else {
        path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diag(code: &'static str, severity: Severity, path: &str) -> Diagnostic {
        Diagnostic {
            code,
            severity,
            path: path.into(),
            message: "".into(),
            docs: "",
        }
    }

    fn keys() -> Vec<String> {
        vec!["AWS_INSTANCE_IPV4".into(), "a/b~c".into()]
    }

    #[test]
    fn paths_map_to_fields() {
        let t = |path: &str| target(&diag("X", Severity::Error, path), &keys());
        assert_eq!(t("/ServiceId"), Target::Field(Field::ServiceId));
        assert_eq!(t("/InstanceId"), Target::Field(Field::InstanceId));
        assert_eq!(
            t("/CreatorRequestId"),
            Target::Field(Field::CreatorRequestId)
        );
        assert_eq!(t("/Attributes"), Target::Attributes);
        assert_eq!(
            t("/Attributes/AWS_INSTANCE_IPV4"),
            Target::Attribute {
                index: 0,
                part: Part::Value
            }
        );
        assert_eq!(t(""), Target::Top);
        assert_eq!(t("/Unknown"), Target::Top);
        assert_eq!(t("/ServiceId/0"), Target::Top);
        assert_eq!(t("not a pointer"), Target::Top);
    }

    #[test]
    fn attribute_keys_are_unescaped() {
        let t = target(&diag("X", Severity::Error, "/Attributes/a~1b~0c"), &keys());
        assert_eq!(
            t,
            Target::Attribute {
                index: 1,
                part: Part::Value
            }
        );
    }

    #[test]
    fn key_problems_point_at_the_key_input() {
        let t = target(
            &diag("CM016", Severity::Warning, "/Attributes/AWS_INSTANCE_IPV4"),
            &keys(),
        );
        assert_eq!(
            t,
            Target::Attribute {
                index: 0,
                part: Part::Key
            }
        );
        assert_eq!(t.control_id(), "attr-key-0");
        assert_eq!(t.diagnostics_id(), "diagnostics-attr-0");
    }

    #[test]
    fn unknown_attribute_keys_fall_back_to_the_section() {
        let t = target(&diag("X", Severity::Error, "/Attributes/gone"), &keys());
        assert_eq!(t, Target::Attributes);
    }

    #[test]
    fn control_ids() {
        assert_eq!(Target::Top.control_id(), "json-editor");
        assert_eq!(
            Target::Field(Field::InstanceId).control_id(),
            "field-instance-id"
        );
        assert_eq!(
            Target::Field(Field::InstanceId).diagnostics_id(),
            "diagnostics-instance-id"
        );
        assert_eq!(
            Target::Attribute {
                index: 3,
                part: Part::Value
            }
            .control_id(),
            "attr-value-3"
        );
    }

    #[test]
    fn rows_collect_key_and_value_diagnostics_and_only_errors_are_invalid() {
        let key = Target::Attribute {
            index: 0,
            part: Part::Key,
        };
        let value = Target::Attribute {
            index: 0,
            part: Part::Value,
        };
        assert!(belongs_to(key, value));
        assert!(!belongs_to(
            key,
            Target::Attribute {
                index: 1,
                part: Part::Key
            }
        ));
        let placed = vec![
            (key, diag("CM016", Severity::Warning, "")),
            (value, diag("CM011", Severity::Error, "")),
        ];
        assert!(invalid(&placed, value));
        assert!(!invalid(&placed, key));
    }

    #[test]
    fn status_texts() {
        let report = |d: Vec<Diagnostic>| Report::from_diagnostics(d);
        assert_eq!(status_text(&report(vec![])), "Valid");
        assert_eq!(
            status_text(&report(vec![diag("W", Severity::Warning, "")])),
            "Valid, 1 warning"
        );
        assert_eq!(
            status_text(&report(vec![diag("I", Severity::Info, "")])),
            "Valid"
        );
        let bad = report(vec![
            diag("E", Severity::Error, ""),
            diag("E", Severity::Error, ""),
            diag("W", Severity::Warning, ""),
        ]);
        assert_eq!(status_text(&bad), "2 errors, 1 warning");
        assert_eq!(
            Summary::of(&bad.diagnostics),
            Summary {
                errors: 2,
                warnings: 1,
                infos: 0
            }
        );
    }

    #[test]
    fn labels() {
        assert_eq!(severity_label(Severity::Warning), "Warning");
        assert_eq!(display_path(""), "(whole request)");
        assert_eq!(display_path("/InstanceId"), "/InstanceId");
        assert!(!severity_icon(Severity::Error).is_empty());
    }
}
