//! Export and import for the request builders, as plain functions: which formats an operation
//! can be exported to, the export itself (refused while the request has errors unless the user
//! says "export anyway"), a small tokenizer that colours the output, and what an import
//! understood and which builder it loads into.

use muster_core::export::{Format, ImportFormat};
use muster_core::{Diagnostic, Operation, Report, Severity};
use serde_json::{json, Map, Value};

use super::View;

/// A request builder that can export its request and load an imported one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Builder {
    /// Cloud Map RegisterInstance (the RegisterInstance view).
    RegisterInstance,
    /// ECS RegisterContainerInstance (the Container instance view).
    ContainerInstance,
    /// ECS CreateService (the Placement view's service request).
    CreateService,
}

impl Builder {
    pub const ALL: [Builder; 3] = [
        Builder::RegisterInstance,
        Builder::ContainerInstance,
        Builder::CreateService,
    ];

    pub fn operation(self) -> Operation {
        match self {
            Builder::RegisterInstance => Operation::RegisterInstance,
            Builder::ContainerInstance => Operation::RegisterContainerInstance,
            Builder::CreateService => Operation::EcsCreateService,
        }
    }

    /// The view the builder lives in.
    pub fn view(self) -> View {
        match self {
            Builder::RegisterInstance => View::RegisterInstance,
            Builder::ContainerInstance => View::ContainerInstance,
            Builder::CreateService => View::Placement,
        }
    }

    /// How the UI names the builder ("the … builder").
    pub fn label(self) -> &'static str {
        match self {
            Builder::RegisterInstance => "RegisterInstance",
            Builder::ContainerInstance => "RegisterContainerInstance",
            Builder::CreateService => "ECS CreateService (Placement)",
        }
    }

    /// A prefix for the panel's element ids and test ids, unique per builder.
    pub fn slug(self) -> &'static str {
        match self {
            Builder::RegisterInstance => "ri",
            Builder::ContainerInstance => "ci",
            Builder::CreateService => "pl",
        }
    }

    /// The builder that edits `operation`'s requests (as `importRequest` names it).
    pub fn for_operation(operation: &str) -> Option<Builder> {
        Self::ALL
            .into_iter()
            .find(|b| b.operation().name() == operation)
    }
}

/// One entry of the format picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatChoice {
    pub name: &'static str,
    pub label: &'static str,
    /// Why the format cannot express the operation; `None` when it can.
    pub unsupported: Option<String>,
}

/// The picker's label for an export format name.
pub fn format_label(name: &str) -> &'static str {
    match name {
        "json" => "API request JSON",
        "http" => "HTTP request",
        "curl" => "curl (SigV4)",
        "cli" => "AWS CLI (bash)",
        "cli-input-json" => "--cli-input-json file",
        "cli-input-yaml" => "--cli-input-yaml file (CLI v2)",
        "powershell" => "AWS CLI (PowerShell)",
        "boto3" => "Python (boto3)",
        "js-sdk-v3" => "JavaScript (SDK v3)",
        "cloudformation-yaml" => "CloudFormation (YAML)",
        "cloudformation-json" => "CloudFormation (JSON)",
        "terraform" => "Terraform",
        _ => "Other",
    }
}

/// Every export format, with the ones that cannot express `builder`'s operation marked and why.
pub fn format_choices(builder: Builder) -> Vec<FormatChoice> {
    let operation = builder.operation();
    Format::ALL
        .iter()
        .map(|&format| FormatChoice {
            name: format.name(),
            label: format_label(format.name()),
            unsupported: (!format.supports(operation)).then(|| {
                format!(
                    "{} has no resource for {}",
                    format_label(format.name()),
                    operation.name()
                )
            }),
        })
        .collect()
}

/// The format the picker starts on.
pub const DEFAULT_FORMAT: &str = "cli";

/// The user's export settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportSettings {
    pub format: String,
    /// Empty: the default Region (us-east-1).
    pub region: String,
    /// Empty: the service's public endpoint.
    pub endpoint_url: String,
    /// "Export anyway" was chosen for a request with errors.
    pub allow_invalid: bool,
}

impl Default for ExportSettings {
    fn default() -> Self {
        Self {
            format: DEFAULT_FORMAT.to_owned(),
            region: String::new(),
            endpoint_url: String::new(),
            allow_invalid: false,
        }
    }
}

impl ExportSettings {
    /// The `exportRequest` options object.
    pub fn options(&self) -> Value {
        let mut options = Map::new();
        let region = self.region.trim();
        if !region.is_empty() {
            options.insert("region".to_owned(), json!(region));
        }
        let endpoint = self.endpoint_url.trim();
        if !endpoint.is_empty() {
            options.insert("endpointUrl".to_owned(), json!(endpoint));
        }
        if self.allow_invalid {
            options.insert("allowInvalid".to_owned(), json!(true));
        }
        Value::Object(options)
    }
}

/// One error the warning lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blocker {
    pub code: &'static str,
    pub path: String,
    pub message: String,
}

impl Blocker {
    /// The line the warning shows: `CM003 at /InstanceId: message`.
    pub fn line(&self) -> String {
        if self.path.is_empty() {
            format!("{}: {}", self.code, self.message)
        } else {
            format!("{} at {}: {}", self.code, self.path, self.message)
        }
    }
}

/// The errors that stop an export (warnings and infos do not).
pub fn blockers(report: &Report) -> Vec<Blocker> {
    report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(blocker)
        .collect()
}

fn blocker(d: &Diagnostic) -> Blocker {
    Blocker {
        code: d.code,
        path: d.path.clone(),
        message: d.message.to_string(),
    }
}

/// The heading of the warning shown while the request has errors.
pub fn warning_text(count: usize, allow_invalid: bool) -> String {
    let errors = muster_core::text::count(count, "error", "errors");
    if allow_invalid {
        format!("Exported anyway: the request has {errors}, so AWS would reject it as it is.")
    } else {
        format!("The request has {errors}. Fix them to export, or export it anyway to keep working on it elsewhere.")
    }
}

/// The exported text and what to tell about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exported {
    pub format: &'static str,
    pub text: String,
    pub filename: String,
    pub notes: Vec<String>,
}

/// What the export panel shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportView {
    /// The request has errors and "export anyway" was not chosen.
    Blocked { errors: Vec<Blocker> },
    /// The export, with the errors it was exported despite (empty for a valid request).
    Ready {
        exported: Exported,
        errors: Vec<Blocker>,
    },
    /// The core refused (not JSON, unsupported format, bad option): its code and message.
    Failed { code: &'static str, message: String },
}

/// Exports `text` (the builder's request) as `settings` say; `report` is the builder's own check.
pub fn export(
    builder: Builder,
    text: &str,
    report: Option<&Report>,
    settings: &ExportSettings,
) -> ExportView {
    let errors = report.map(blockers).unwrap_or_default();
    if !errors.is_empty() && !settings.allow_invalid {
        return ExportView::Blocked { errors };
    }
    let request: Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(error) => {
            return ExportView::Failed {
                code: "INVALID_REQUEST",
                message: format!(
                    "The request is not valid JSON ({error}); fix it in the editor to export it."
                ),
            }
        }
    };
    // The builder's check already decided; the core checks without the builder's context, so it
    // is told to go ahead.
    let mut options = settings.options();
    if !errors.is_empty() {
        options["allowInvalid"] = json!(true);
    }
    match muster_core::api::export_request(
        builder.operation().name(),
        &request,
        &settings.format,
        Some(&options),
    ) {
        Ok(out) => ExportView::Ready {
            exported: Exported {
                format: out.format,
                text: out.text,
                filename: out.filename,
                notes: out.notes,
            },
            errors,
        },
        Err(error) => ExportView::Failed {
            code: error.code.as_str(),
            message: error.message,
        },
    }
}

/// What a piece of highlighted text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    Plain,
    Key,
    Str,
    Number,
    /// true, false, null and the like.
    Literal,
    Comment,
    /// A command-line option (`--instance-id`, `-Method`).
    Flag,
}

impl TokenKind {
    /// The CSS class of the span.
    pub fn class(self) -> &'static str {
        match self {
            TokenKind::Plain => "tok",
            TokenKind::Key => "tok tok-key",
            TokenKind::Str => "tok tok-str",
            TokenKind::Number => "tok tok-num",
            TokenKind::Literal => "tok tok-lit",
            TokenKind::Comment => "tok tok-comment",
            TokenKind::Flag => "tok tok-flag",
        }
    }
}

/// A run of text of one kind; the tokens of a text concatenate back to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub text: String,
}

/// How a format's text is read for colouring.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Syntax {
    /// JSON: strings, keys, numbers, literals.
    Json,
    /// bash / PowerShell / curl: `#` comments, `--flags`, raw `'…'` strings.
    Shell,
    /// YAML, Python, HCL: `#` comments, bare `key:` / `key =` keys.
    Hash,
    /// JavaScript: `//` comments, bare `key:` keys.
    Js,
    /// HTTP: `Header:` keys, then a JSON body.
    Http,
}

impl Syntax {
    fn of(format: &str) -> Self {
        match format {
            "cli" | "curl" | "powershell" => Syntax::Shell,
            "cli-input-yaml" | "cloudformation-yaml" | "boto3" | "terraform" => Syntax::Hash,
            "js-sdk-v3" => Syntax::Js,
            "http" => Syntax::Http,
            _ => Syntax::Json,
        }
    }

    /// `#` starts a comment (after whitespace or at a line start).
    fn hash_comments(self) -> bool {
        matches!(self, Syntax::Shell | Syntax::Hash)
    }

    /// `--name` / `-Name` are options, and `'` quotes strings without escapes.
    fn shell(self) -> bool {
        self == Syntax::Shell
    }

    /// A bare word followed by `:` or ` =` at a line start is a key.
    fn bare_keys(self) -> bool {
        matches!(self, Syntax::Hash | Syntax::Js | Syntax::Http)
    }
}

const LITERALS: [&str; 8] = [
    "true", "false", "null", "True", "False", "None", "$true", "$false",
];

/// Splits `text` (an export in `format`) into coloured runs. Never fails: whatever is not
/// recognised is plain text, and the runs always join back to `text`.
pub fn highlight(text: &str, format: &str) -> Vec<Token> {
    let syntax = Syntax::of(format);
    let chars: Vec<char> = text.chars().collect();
    let mut tokens: Vec<Token> = Vec::new();
    let mut i = 0;
    // Whether only whitespace (and YAML's "- ") precedes `i` on its line.
    let mut line_start = true;
    while let Some(&c) = chars.get(i) {
        let prev = i.checked_sub(1).and_then(|p| chars.get(p)).copied();
        let after_space = prev.is_none_or(char::is_whitespace);
        let (kind, end) = if c == '"' || c == '\'' {
            let end = string_end(&chars, i, c == '\'' && syntax.shell());
            let kind = if followed_by_colon(&chars, end)
                || (syntax.bare_keys() && chars.get(end) == Some(&' ') && is_bare_key(&chars, end))
            {
                TokenKind::Key
            } else {
                TokenKind::Str
            };
            (kind, end)
        } else if (syntax.hash_comments() && c == '#' && after_space)
            || (syntax == Syntax::Js && c == '/' && chars.get(i + 1) == Some(&'/'))
        {
            (TokenKind::Comment, line_end(&chars, i))
        } else if syntax.shell() && c == '-' && after_space && next_is_word(&chars, i) {
            (TokenKind::Flag, word_end(&chars, i))
        } else if c.is_ascii_digit()
            && after_word_boundary(prev)
            && !(syntax.shell() && prev == Some('='))
        {
            let end = word_end(&chars, i);
            let word: String = chars.get(i..end).unwrap_or_default().iter().collect();
            let kind = if is_number(&word) {
                TokenKind::Number
            } else {
                TokenKind::Plain
            };
            (kind, end)
        } else if is_word_char(c) || c == '$' {
            let end = word_end(&chars, i);
            let word: String = chars.get(i..end).unwrap_or_default().iter().collect();
            let kind = if LITERALS.contains(&word.as_str()) {
                TokenKind::Literal
            } else if syntax.bare_keys() && line_start && is_bare_key(&chars, end) {
                TokenKind::Key
            } else {
                TokenKind::Plain
            };
            (kind, end)
        } else {
            (TokenKind::Plain, i + 1)
        };
        let end = end.clamp(i + 1, chars.len());
        let piece: String = chars.get(i..end).unwrap_or_default().iter().collect();
        if !(c.is_whitespace() && c != '\n' || c == '-' && kind == TokenKind::Plain) {
            line_start = false;
        }
        if piece.contains('\n') {
            line_start = piece.ends_with('\n');
        }
        push(&mut tokens, kind, &piece);
        i = end;
    }
    tokens
}

fn push(tokens: &mut Vec<Token>, kind: TokenKind, piece: &str) {
    match tokens.last_mut() {
        Some(last) if last.kind == kind => last.text.push_str(piece),
        _ => tokens.push(Token {
            kind,
            text: piece.to_owned(),
        }),
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn after_word_boundary(prev: Option<char>) -> bool {
    prev.is_none_or(|p| !is_word_char(p) && p != '.' && p != '-')
}

fn is_number(word: &str) -> bool {
    !word.is_empty()
        && word.chars().all(|c| c.is_ascii_digit() || c == '.')
        && word.parse::<f64>().is_ok()
}

/// The end of the string opened at `start` (past its closing quote, or the end of the line).
fn string_end(chars: &[char], start: usize, raw: bool) -> usize {
    let Some(&quote) = chars.get(start) else {
        return start + 1;
    };
    let mut j = start + 1;
    while let Some(&c) = chars.get(j) {
        if c == '\\' && !raw {
            j += 2;
            continue;
        }
        if c == quote {
            return j + 1;
        }
        // An unclosed double-quoted string stops at the line end; a shell's single-quoted string
        // (JSON over several lines) runs on.
        if c == '\n' && !raw {
            return j;
        }
        j += 1;
    }
    chars.len()
}

fn line_end(chars: &[char], start: usize) -> usize {
    chars
        .iter()
        .skip(start)
        .position(|&c| c == '\n')
        .map_or(chars.len(), |p| start + p)
}

/// The end of a word (letters, digits, `_ - . $`) starting at `start`.
fn word_end(chars: &[char], start: usize) -> usize {
    let mut j = start;
    while chars
        .get(j)
        .is_some_and(|&c| is_word_char(c) || matches!(c, '-' | '.' | '$'))
    {
        j += 1;
    }
    j.max(start + 1)
}

fn next_is_word(chars: &[char], i: usize) -> bool {
    let next = chars.get(i + 1).copied();
    let next = if next == Some('-') {
        chars.get(i + 2).copied()
    } else {
        next
    };
    next.is_some_and(char::is_alphabetic)
}

/// Whether `:` follows `end` on the same line, after spaces only (a JSON or YAML key).
fn followed_by_colon(chars: &[char], end: usize) -> bool {
    chars
        .iter()
        .skip(end)
        .find(|c| **c != ' ' && **c != '\t')
        .is_some_and(|&c| c == ':')
}

/// A bare word followed by `:` (then a space or the line end) or by ` =` (not `==`).
fn is_bare_key(chars: &[char], end: usize) -> bool {
    let rest = |k: usize| chars.get(end + k).copied();
    match rest(0) {
        Some(':') => rest(1).is_none_or(|c| c == ' ' || c == '\n'),
        Some(' ') => {
            let mut k = 0;
            while rest(k) == Some(' ') {
                k += 1;
            }
            rest(k) == Some('=') && rest(k + 1) != Some('=')
        }
        Some('=') => rest(1) != Some('='),
        _ => false,
    }
}

/// The import formats for the dialog's select (after "Auto-detect").
pub fn import_formats() -> Vec<(&'static str, &'static str)> {
    ImportFormat::ALL
        .iter()
        .map(|f| (f.name(), import_format_label(f.name())))
        .collect()
}

/// The dialog's label for an import format name.
pub fn import_format_label(name: &str) -> &'static str {
    match name {
        "json" => "API request JSON",
        "cli-input-json" => "--cli-input-json file or skeleton",
        "cli-input-yaml" => "--cli-input-yaml file or skeleton",
        "cli" => "AWS CLI command",
        "powershell" => "AWS CLI command for PowerShell",
        "http" => "HTTP request",
        "curl" => "curl command",
        "get-instance" => "get-instance output",
        "list-instances" => "list-instances output",
        "get-service" => "get-service output",
        "describe-services" => "describe-services output",
        "describe-container-instances" => "describe-container-instances output",
        _ => "Other",
    }
}

/// What an import understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Understood {
    pub operation: &'static str,
    pub format: &'static str,
    pub notes: Vec<String>,
    /// The request, pretty-printed as the builders show it.
    pub text: String,
    /// The builder it loads into, or why it cannot be loaded.
    pub target: Result<Builder, String>,
}

/// What the import dialog shows for its input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportView {
    /// Nothing pasted yet.
    Empty,
    Understood(Understood),
    Failed {
        code: &'static str,
        message: String,
    },
}

/// Reads `text` as `format` ("" to detect it).
pub fn import(text: &str, format: &str) -> ImportView {
    if text.trim().is_empty() {
        return ImportView::Empty;
    }
    match muster_core::api::import_request(text, Some(format), None) {
        Ok(out) => {
            let target = Builder::for_operation(out.operation).ok_or_else(|| {
                if out.operation == "CreateService" {
                    // get-service output reads as the Cloud Map service; the app holds that in
                    // a form, not a builder.
                    "This is a Cloud Map service, not a request muster builds. Set the service a registration is checked against with the service form (\"Checked against\" in the RegisterInstance builder, or Registry & DNS).".to_owned()
                } else {
                    format!(
                        "muster has no builder for {}; the builders are {}.",
                        out.operation,
                        Builder::ALL.map(|b| b.operation().name()).join(", ")
                    )
                }
            });
            ImportView::Understood(Understood {
                operation: out.operation,
                format: out.format,
                notes: out.notes,
                text: serde_json::to_string_pretty(&out.request)
                    .unwrap_or_else(|_| out.request.to_string()),
                target,
            })
        }
        Err(error) => ImportView::Failed {
            code: error.code.as_str(),
            message: error.message,
        },
    }
}

/// The summary line: "Understood a RegisterInstance request from an AWS CLI command."
pub fn summary(understood: &Understood) -> String {
    format!(
        "Understood a {} request from {}.",
        understood.operation,
        import_format_label(understood.format)
    )
}

/// What "Use this request" does: which builder's text becomes what, and whether the view
/// changes from `current`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Load {
    pub builder: Builder,
    pub text: String,
    /// The view to switch to, when the request belongs to another builder.
    pub switch_to: Option<View>,
}

/// The load for an understood import, opened from `current`'s view.
pub fn load(understood: &Understood, current: Builder) -> Result<Load, String> {
    let builder = understood.target.clone()?;
    Ok(Load {
        builder,
        text: understood.text.clone(),
        switch_to: (builder != current).then_some(builder.view()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLI: &str = "aws servicediscovery register-instance \\\n  --service-id srv-p5zdwlg5uvvzjita \\\n  --instance-id i-1 \\\n  --attributes '{\"AWS_INSTANCE_IPV4\":\"10.0.0.1\"}'";

    fn seed() -> String {
        super::super::request::seed_text()
    }

    fn joined(tokens: &[Token]) -> String {
        tokens.iter().map(|t| t.text.as_str()).collect()
    }

    fn of_kind(tokens: &[Token], kind: TokenKind) -> Vec<&str> {
        tokens
            .iter()
            .filter(|t| t.kind == kind)
            .map(|t| t.text.as_str())
            .collect()
    }

    #[test]
    fn container_instances_cannot_go_to_cloudformation_or_terraform() {
        let choices = format_choices(Builder::ContainerInstance);
        assert_eq!(choices.len(), Format::ALL.len());
        let unsupported: Vec<&str> = choices
            .iter()
            .filter(|c| c.unsupported.is_some())
            .map(|c| c.name)
            .collect();
        assert_eq!(
            unsupported,
            ["cloudformation-yaml", "cloudformation-json", "terraform"]
        );
        assert!(choices[9]
            .unsupported
            .as_deref()
            .unwrap()
            .contains("RegisterContainerInstance"));
        for builder in [Builder::RegisterInstance, Builder::CreateService] {
            assert!(format_choices(builder)
                .iter()
                .all(|c| c.unsupported.is_none()));
        }
        assert!(choices.iter().all(|c| c.label != "Other"));
    }

    #[test]
    fn a_valid_request_exports_as_the_cli_with_its_filename() {
        let report = crate::state::check(&seed(), &crate::state::ContextForm::default()).unwrap();
        let settings = ExportSettings {
            region: "eu-west-1".into(),
            ..ExportSettings::default()
        };
        let ExportView::Ready { exported, errors } =
            export(Builder::RegisterInstance, &seed(), Some(&report), &settings)
        else {
            panic!("not exported");
        };
        assert!(errors.is_empty());
        assert!(exported
            .text
            .starts_with("aws servicediscovery register-instance"));
        assert!(exported.text.contains("eu-west-1"));
        assert_eq!(exported.filename, "register-instance.sh");
        assert_eq!(exported.format, "cli");
    }

    #[test]
    fn errors_block_the_export_until_export_anyway() {
        let text = seed().replace("myservice-53", "bad id!");
        let report = crate::state::check(&text, &crate::state::ContextForm::default()).unwrap();
        let mut settings = ExportSettings::default();
        let ExportView::Blocked { errors } =
            export(Builder::RegisterInstance, &text, Some(&report), &settings)
        else {
            panic!("not blocked");
        };
        assert_eq!(errors.len(), 1);
        assert!(errors[0].line().starts_with("CM003 at /InstanceId: "));
        settings.allow_invalid = true;
        let ExportView::Ready { exported, errors } =
            export(Builder::RegisterInstance, &text, Some(&report), &settings)
        else {
            panic!("not exported anyway");
        };
        assert_eq!(errors.len(), 1);
        assert!(exported.text.contains("bad id!"));
        assert!(warning_text(1, false).starts_with("The request has 1 error."));
        assert!(warning_text(2, true).contains("2 errors"));
    }

    #[test]
    fn unsupported_formats_and_broken_json_fail_with_a_code() {
        let ci = crate::state::container::check(
            &crate::state::agent::AgentForm::default()
                .request_text()
                .unwrap(),
        )
        .unwrap();
        let text = crate::state::agent::AgentForm::default()
            .request_text()
            .unwrap();
        let settings = ExportSettings {
            format: "terraform".into(),
            ..ExportSettings::default()
        };
        let view = export(Builder::ContainerInstance, &text, Some(&ci), &settings);
        assert!(
            matches!(
                view,
                ExportView::Failed {
                    code: "UNSUPPORTED_FORMAT",
                    ..
                }
            ),
            "{view:?}"
        );
        let view = export(
            Builder::RegisterInstance,
            "{oops",
            None,
            &ExportSettings::default(),
        );
        assert!(
            matches!(view, ExportView::Failed { code: "INVALID_REQUEST", ref message } if message.contains("not valid JSON"))
        );
    }

    #[test]
    fn settings_become_export_options() {
        assert_eq!(ExportSettings::default().options(), json!({}));
        let settings = ExportSettings {
            format: "cli".into(),
            region: " eu-west-1 ".into(),
            endpoint_url: "http://localhost:4566".into(),
            allow_invalid: true,
        };
        assert_eq!(
            settings.options(),
            json!({"region": "eu-west-1", "endpointUrl": "http://localhost:4566", "allowInvalid": true})
        );
    }

    #[test]
    fn every_export_highlights_losslessly() {
        let report = crate::state::check(&seed(), &crate::state::ContextForm::default()).unwrap();
        for choice in format_choices(Builder::RegisterInstance) {
            let settings = ExportSettings {
                format: choice.name.into(),
                ..ExportSettings::default()
            };
            let ExportView::Ready { exported, .. } =
                export(Builder::RegisterInstance, &seed(), Some(&report), &settings)
            else {
                panic!("{} did not export", choice.name);
            };
            let tokens = highlight(&exported.text, choice.name);
            assert_eq!(joined(&tokens), exported.text, "{}", choice.name);
            assert!(
                tokens
                    .iter()
                    .any(|t| matches!(t.kind, TokenKind::Str | TokenKind::Flag)),
                "{}: nothing coloured",
                choice.name
            );
            // Runs of one kind are merged.
            assert!(tokens.windows(2).all(|w| w[0].kind != w[1].kind));
        }
        for text in ["", "\"unclosed", "'", "-", "#", "1.2.3", "é\u{0}ß"] {
            assert_eq!(joined(&highlight(text, "cli")), text);
            assert_eq!(joined(&highlight(text, "json")), text);
        }
    }

    #[test]
    fn json_keys_strings_numbers_and_literals() {
        let tokens = highlight("{\"Name\": \"web\", \"TTL\": 10, \"On\": true}", "json");
        assert_eq!(
            of_kind(&tokens, TokenKind::Key),
            ["\"Name\"", "\"TTL\"", "\"On\""]
        );
        assert_eq!(of_kind(&tokens, TokenKind::Str), ["\"web\""]);
        assert_eq!(of_kind(&tokens, TokenKind::Number), ["10"]);
        assert_eq!(of_kind(&tokens, TokenKind::Literal), ["true"]);
    }

    #[test]
    fn shell_flags_strings_and_comments() {
        let tokens = highlight(&format!("# Registers it\n{CLI}"), "cli");
        assert_eq!(of_kind(&tokens, TokenKind::Comment), ["# Registers it"]);
        assert_eq!(
            of_kind(&tokens, TokenKind::Flag),
            ["--service-id", "--instance-id", "--attributes"]
        );
        assert_eq!(
            of_kind(&tokens, TokenKind::Str),
            ["'{\"AWS_INSTANCE_IPV4\":\"10.0.0.1\"}'"]
        );
        // Hyphens inside words are not flags; digits inside words are not numbers.
        let tokens = highlight("register-instance i-1 srv-p5z 10.0.0.1 PORT=808", "cli");
        assert!(of_kind(&tokens, TokenKind::Flag).is_empty());
        assert!(of_kind(&tokens, TokenKind::Number).is_empty());
    }

    #[test]
    fn yaml_hcl_and_js_keys() {
        let tokens = highlight(
            "Resources:\n  Instance:\n    - Type: 'x' # c\n",
            "cloudformation-yaml",
        );
        assert_eq!(
            of_kind(&tokens, TokenKind::Key),
            ["Resources", "Instance", "Type"]
        );
        assert_eq!(of_kind(&tokens, TokenKind::Comment), ["# c"]);
        let tokens = highlight(
            "resource \"x\" \"y\" {\n  service_id = \"srv\"\n  \"K\" = \"v\"\n}",
            "terraform",
        );
        assert_eq!(of_kind(&tokens, TokenKind::Key), ["service_id", "\"K\""]);
        let tokens = highlight("const a = {\n  ServiceId: \"srv\", // why\n};", "js-sdk-v3");
        assert_eq!(of_kind(&tokens, TokenKind::Key), ["ServiceId"]);
        assert_eq!(of_kind(&tokens, TokenKind::Comment), ["// why"]);
    }

    #[test]
    fn an_imported_cli_command_loads_into_its_builder() {
        let ImportView::Understood(understood) = import(CLI, "") else {
            panic!("not understood");
        };
        assert_eq!(understood.operation, "RegisterInstance");
        assert_eq!(understood.format, "cli");
        assert_eq!(
            summary(&understood),
            "Understood a RegisterInstance request from AWS CLI command."
        );
        let value: Value = serde_json::from_str(&understood.text).unwrap();
        assert_eq!(value["InstanceId"], "i-1");
        let here = load(&understood, Builder::RegisterInstance).unwrap();
        assert_eq!(here.switch_to, None);
        assert_eq!(here.builder, Builder::RegisterInstance);
        let elsewhere = load(&understood, Builder::ContainerInstance).unwrap();
        assert_eq!(elsewhere.switch_to, Some(View::RegisterInstance));
    }

    #[test]
    fn imports_pick_the_builder_or_say_why_not() {
        let ImportView::Understood(ci) = import(
            "{\"cluster\": \"default\", \"instanceIdentityDocument\": \"{}\"}",
            "cli-input-json",
        ) else {
            panic!("not understood");
        };
        assert_eq!(ci.target, Ok(Builder::ContainerInstance));
        assert_eq!(import("  \n", ""), ImportView::Empty);
        assert!(matches!(
            import("{oops", "json"),
            ImportView::Failed {
                code: "IMPORT_FAILED",
                ..
            }
        ));
        let ImportView::Understood(other) = import(
            "aws ecs deregister-container-instance --cluster default --container-instance abc",
            "",
        ) else {
            panic!("not understood");
        };
        assert_eq!(other.operation, "DeregisterContainerInstance");
        let reason = load(&other, Builder::RegisterInstance).unwrap_err();
        assert!(reason.contains("no builder for DeregisterContainerInstance"));
        assert_eq!(
            Builder::for_operation("ecs:CreateService"),
            Some(Builder::CreateService)
        );
        assert_eq!(import_formats().len(), ImportFormat::ALL.len());
    }

    #[test]
    fn the_app_reads_cli_input_yaml() {
        // As `--generate-cli-skeleton yaml-input` writes it, filled in.
        let text = "ServiceId: 'srv-p5zdwlg5uvvzjita' # [REQUIRED] The ID of the service\nInstanceId: web-1\nAttributes: # [REQUIRED]\n  AWS_INSTANCE_IPV4: 10.0.0.1\n  AWS_INSTANCE_PORT: '8080'\n";
        let ImportView::Understood(ri) = import(text, "") else {
            panic!("not understood");
        };
        assert_eq!(ri.operation, "RegisterInstance");
        assert_eq!(ri.format, "cli-input-yaml");
        assert_eq!(ri.target, Ok(Builder::RegisterInstance));
        assert!(
            ri.text.contains("\"AWS_INSTANCE_PORT\": \"8080\""),
            "{}",
            ri.text
        );
    }
}
