//! The request as JSON text: the single source of truth the form is a view of.

use leptos::prelude::*;

use super::diagnostics::{aria_invalid, described_by, InlineDiagnostics, Placed};
use crate::state::Target;

#[component]
pub fn JsonEditor(
    text: RwSignal<String>,
    placed: Placed,
    on_input: Callback<String>,
    /// Where whole-request diagnostics go; its control id is the textarea's id and test id.
    #[prop(default = Target::Top)]
    control: Target,
) -> impl IntoView {
    let id = control.control_id();
    let hint_id = format!("hint-{id}");
    let describedby = {
        let hint_id = hint_id.clone();
        move || described_by(placed, control, &hint_id)
    };
    view! {
        <div class="field editor">
            <label for=id.clone() class="editor-label">"Request JSON"</label>
            <textarea
                id=id.clone()
                data-testid=id
                class="mono"
                rows="16"
                spellcheck="false"
                autocomplete="off"
                autocapitalize="off"
                wrap="off"
                aria-invalid=move || aria_invalid(placed, control)
                aria-describedby=describedby
                prop:value=move || text.get()
                on:input=move |ev| on_input.run(event_target_value(&ev))
            ></textarea>
            <p class="hint" id=hint_id>
                "Edit the request here or in the form; both stay in sync. Paste the output of a generator or the --cli-input-json file."
            </p>
            <InlineDiagnostics control=control placed=placed/>
        </div>
    }
}
