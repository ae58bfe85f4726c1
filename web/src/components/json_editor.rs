//! The request as JSON text: the single source of truth the form is a view of.

use leptos::prelude::*;

use super::diagnostics::{aria_invalid, described_by, InlineDiagnostics, Placed};
use crate::state::Target;

#[component]
pub fn JsonEditor(
    text: RwSignal<String>,
    placed: Placed,
    on_input: Callback<String>,
) -> impl IntoView {
    view! {
        <div class="field editor">
            <label for="json-editor" class="editor-label">"Request JSON"</label>
            <textarea
                id="json-editor"
                data-testid="json-editor"
                class="mono"
                rows="16"
                spellcheck="false"
                autocomplete="off"
                autocapitalize="off"
                wrap="off"
                aria-invalid=move || aria_invalid(placed, Target::Top)
                aria-describedby=move || described_by(placed, Target::Top, "hint-json-editor")
                prop:value=move || text.get()
                on:input=move |ev| on_input.run(event_target_value(&ev))
            ></textarea>
            <p class="hint" id="hint-json-editor">
                "Edit the request here or in the form; both stay in sync. Paste the output of a generator or the --cli-input-json file."
            </p>
            <InlineDiagnostics control=Target::Top placed=placed/>
        </div>
    }
}
