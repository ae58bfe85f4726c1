//! A labelled one-line input for codes, addresses and numbers: monospace, with no
//! autocorrection or capitalisation to get in the way.

use leptos::prelude::*;

/// The field `id` (also its test id) with its label; `value` is shown and `on_input` gets each
/// edit. `class` is added to the field's own class.
#[allow(clippy::needless_pass_by_value)] // Component props are owned.
#[component]
pub fn CodeInput(
    id: String,
    label: &'static str,
    #[prop(into)] placeholder: Signal<String>,
    #[prop(into)] value: Signal<String>,
    on_input: Callback<String>,
    #[prop(optional, into)] class: String,
) -> impl IntoView {
    let class = if class.is_empty() {
        "field".to_owned()
    } else {
        format!("field {class}")
    };
    view! {
        <div class=class>
            <label class="qa-label" for=id.clone()>{label}</label>
            <input
                id=id.clone()
                type="text"
                class="mono"
                data-testid=id
                autocomplete="off"
                autocapitalize="off"
                spellcheck="false"
                placeholder=move || placeholder.get()
                prop:value=move || value.get()
                on:input=move |ev| on_input.run(event_target_value(&ev))
            />
        </div>
    }
}
