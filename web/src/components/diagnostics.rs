//! Diagnostics: the status badge, the full list, and the inline lists next to each field.

use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use muster_core::{CallError, Diagnostic, Report, Severity};

use crate::state::findings::{self, Target};

/// Every diagnostic with its place in the form.
pub type Placed = Memo<Vec<(Target, Diagnostic)>>;

/// The outcome of the last check.
pub type Checked = Memo<Result<Report, CallError>>;

/// Moves keyboard focus to a control by id (and scrolls it into view).
pub fn focus_control(id: &str) {
    let element = document()
        .get_element_by_id(id)
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = element {
        // Focus can fail only for elements that cannot take it; nothing to do then.
        let _ = element.focus();
    }
}

fn severity_class(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "sev sev-error",
        Severity::Warning => "sev sev-warning",
        Severity::Info => "sev sev-info",
    }
}

/// The severity as icon and word, so colour is never the only signal.
#[component]
pub fn SeverityTag(severity: Severity) -> impl IntoView {
    view! {
        <span class=severity_class(severity)>
            <span aria-hidden="true">{findings::severity_icon(severity)}</span>
            " "
            {findings::severity_label(severity)}
        </span>
    }
}

/// The valid / N errors, N warnings badge.
#[component]
pub fn StatusBadge(
    checked: Checked,
    /// The badge's `data-testid`: the builder's is `status`.
    #[prop(default = "status")]
    testid: &'static str,
) -> impl IntoView {
    let state = move || {
        checked.with(|c| match c {
            Ok(report) if report.valid => (
                "status status-valid",
                "✔",
                findings::status_text(report),
                "true",
            ),
            Ok(report) => (
                "status status-invalid",
                "✖",
                findings::status_text(report),
                "false",
            ),
            Err(_) => (
                "status status-invalid",
                "✖",
                "Cannot check".to_owned(),
                "false",
            ),
        })
    };
    view! {
        <p class=move || state().0 data-testid=testid data-valid=move || state().3 role="status" aria-live="polite">
            <span aria-hidden="true">{move || state().1}</span>
            " "
            {move || state().2}
        </p>
    }
}

/// The diagnostics shown next to one control (a row shows both its key and value findings).
#[component]
pub fn InlineDiagnostics(control: Target, placed: Placed) -> impl IntoView {
    let items = move || {
        placed.with(|p| {
            p.iter()
                .filter(|(t, _)| findings::belongs_to(*t, control))
                .map(|(_, d)| {
                    view! {
                        <li class="field-diagnostic" data-testid="field-diagnostic" data-code=d.code data-severity=d.severity.as_str()>
                            <SeverityTag severity=d.severity/>
                            " "
                            <code class="code">{d.code}</code>
                            " "
                            <span class="message">{d.message.clone()}</span>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let empty = move || !placed.with(|p| p.iter().any(|(t, _)| findings::belongs_to(*t, control)));
    view! {
        <ul class="field-diagnostics" id=control.diagnostics_id() hidden=empty>
            {items}
        </ul>
    }
}

/// Whether a control has inline diagnostics (so `aria-describedby` should point at them).
/// The findings that belong to `control`, as a memo of their own. Effects that read it rerun
/// only when those findings change, not on every check: a large form has hundreds of such
/// effects, and rerunning all of them on each keystroke cost more than the check itself.
pub fn placed_about(placed: Placed, control: Target) -> Placed {
    Memo::new(move |_| {
        placed.with(|p| {
            p.iter()
                .filter(|(t, _)| findings::belongs_to(*t, control))
                .cloned()
                .collect()
        })
    })
}

pub fn has_inline(placed: Placed, control: Target) -> bool {
    placed.with(|p| p.iter().any(|(t, _)| findings::belongs_to(*t, control)))
}

/// `aria-describedby`: the hint, plus the inline diagnostics when there are any.
pub fn described_by(placed: Placed, control: Target, hint_id: &str) -> String {
    if has_inline(placed, control) {
        format!("{hint_id} {}", control.diagnostics_id())
    } else {
        hint_id.to_owned()
    }
}

/// `aria-invalid`: set when an error targets the control.
pub fn aria_invalid(placed: Placed, control: Target) -> Option<&'static str> {
    placed
        .with(|p| findings::invalid(p, control))
        .then_some("true")
}

/// The full list of findings; clicking one focuses its field.
/// One entry of a diagnostics list: severity, code, path and message as a button that focuses
/// the control the finding is about, and a link to the AWS page that states the rule.
#[component]
pub fn DiagnosticEntry(
    diagnostic: Diagnostic,
    control_id: String,
    testid: &'static str,
    /// `data-testid` of the focus button, where a test needs it.
    #[prop(optional)]
    focus_testid: Option<&'static str>,
    title: &'static str,
    /// The entry's DOM id, for lists that controls point at with `aria-describedby`.
    #[prop(optional)]
    id: Option<String>,
) -> impl IntoView {
    let d = diagnostic;
    // The visible word starts the accessible name (WCAG 2.5.3), the rest says where it leads.
    let docs_more = format!(" for {} (AWS documentation)", d.code);
    view! {
        <li class="diagnostic" id=id data-testid=testid data-code=d.code data-severity=d.severity.as_str()>
            <button
                type="button"
                class="diagnostic-focus"
                data-testid=focus_testid
                title=title
                on:click=move |_| focus_control(&control_id)
            >
                <span class="diagnostic-head">
                    <SeverityTag severity=d.severity/>
                    <code class="code">{d.code}</code>
                    <code class="path">{findings::display_path(&d.path).to_owned()}</code>
                </span>
                <span class="message">{d.message.clone()}</span>
            </button>
            <a class="docs" href=d.docs target="_blank" rel="noopener noreferrer">
                "docs"
                <span class="visually-hidden">{docs_more}</span>
            </a>
        </li>
    }
}

#[component]
pub fn DiagnosticList(checked: Checked, placed: Placed) -> impl IntoView {
    let call_error = move || checked.with(|c| c.as_ref().err().map(|e| e.message.clone()));
    let items = move || {
        placed.with(|p| {
            p.iter()
                .map(|(target, d)| {
                    view! {
                        <DiagnosticEntry
                            diagnostic=d.clone()
                            control_id=target.control_id()
                            testid="diagnostic"
                            focus_testid="diagnostic-focus"
                            title="Go to the field"
                        />
                    }
                })
                .collect_view()
        })
    };
    let empty = move || checked.with(|c| c.as_ref().is_ok_and(|r| r.diagnostics.is_empty()));
    view! {
        <section class="panel diagnostics-panel" aria-labelledby="diagnostics-heading">
            <h2 id="diagnostics-heading">"Diagnostics"</h2>
            {move || call_error().map(|message| view! { <p class="call-error" role="alert">{message}</p> })}
            <p class="empty" hidden=move || !empty()>"No problems found."</p>
            <ol class="diagnostics" data-testid="diagnostics">
                {items}
            </ol>
        </section>
    }
}
