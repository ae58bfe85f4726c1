//! The request as JSON text: the single source of truth the form is a view of.

use leptos::prelude::*;

use super::diagnostics::{aria_invalid, described_by, InlineDiagnostics, Placed};
use crate::state::Target;

/// The builders' hint under the editor.
const SYNC_HINT: &str = "Edit the request here or in the form; both stay in sync. Paste the output of a generator or the --cli-input-json file.";

#[component]
pub fn JsonEditor(
    #[prop(into)] text: Signal<String>,
    placed: Placed,
    on_input: Callback<String>,
    /// Where whole-request diagnostics go; its control id is the textarea's id and test id.
    #[prop(default = Target::Top)]
    control: Target,
    /// The textarea's label (visually hidden: the panel's heading says what it is).
    #[prop(default = "Request JSON")]
    label: &'static str,
    #[prop(default = SYNC_HINT)] hint: &'static str,
    /// A problem with the input that is not a diagnostic (a shape a simulator cannot use).
    #[prop(optional, into)]
    problem: Option<Signal<Option<String>>>,
) -> impl IntoView {
    let id = control.control_id();
    let hint_id = format!("hint-{id}");
    let problem_id = format!("problem-{id}");
    let has_problem = move || problem.is_some_and(|p| p.with(Option::is_some));
    let describedby = {
        let (hint_id, problem_id) = (hint_id.clone(), problem_id.clone());
        move || {
            let base = described_by(placed, control, &hint_id);
            if has_problem() {
                format!("{base} {problem_id}")
            } else {
                base
            }
        }
    };
    view! {
        <div class="field editor">
            <label for=id.clone() class="editor-label">{label}</label>
            <textarea
                id=id.clone()
                data-testid=id
                class="mono"
                rows="16"
                spellcheck="false"
                autocomplete="off"
                autocapitalize="off"
                wrap="off"
                aria-invalid=move || aria_invalid(placed, control).or(has_problem().then_some("true"))
                aria-describedby=describedby
                prop:value=move || text.get()
                on:input=move |ev| on_input.run(event_target_value(&ev))
            ></textarea>
            <p class="hint" id=hint_id>{hint}</p>
            {problem.map(|p| view! {
                <p class="row-error" id=problem_id data-testid="editor-problem" role="alert" hidden=move || p.with(Option::is_none)>
                    {move || p.get()}
                </p>
            })}
            <InlineDiagnostics control=control placed=placed/>
        </div>
    }
}
