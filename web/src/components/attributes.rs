//! The Attributes map as editable rows, with quick-add buttons for the reserved keys.

use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;

use super::diagnostics::{
    aria_invalid, described_by, focus_control, placed_about, InlineDiagnostics, Placed,
};
use crate::state::findings::{Part, Target};
use crate::state::request::RESERVED_KEYS;
use crate::state::{hints, Edit, FormState};

/// A refused edit shown by its row: (row, message).
pub type RowError = RwSignal<Option<(usize, String)>>;

#[component]
pub fn AttributesSection(
    form: Memo<FormState>,
    placed: Placed,
    on_edit: Callback<Edit>,
    row_error: RowError,
) -> impl IntoView {
    let editable = move || form.with(|f| f.editable() && !f.form.attributes_not_object);
    let count = move || form.with(|f| f.form.attributes.len());
    // Shared by every row, so a keystroke reruns one memo here rather than an effect per row.
    let rows_editable = Memo::new(move |_| form.with(FormState::editable));
    let describedby = move || described_by(placed, Target::Attributes, "hint-attributes");
    view! {
        <fieldset
            class="attributes"
            id="attributes"
            tabindex="-1"
            aria-describedby=describedby
            aria-invalid=move || aria_invalid(placed, Target::Attributes)
        >
            <legend>"Attributes"</legend>
            <p class="hint" id="hint-attributes">{hints::ATTRIBUTES_HINT}</p>
            <p class="notice" hidden=move || !form.with(|f| f.form.attributes_not_object)>
                "Attributes is not a JSON object, so the rows cannot be edited here. Fix it in the JSON editor."
            </p>
            <InlineDiagnostics control=Target::Attributes placed=placed/>
            <p class="empty" hidden=move || count() != 0>"No attributes yet."</p>
            <ol class="attr-rows">
                <For each=move || 0..count() key=|index| *index let(index)>
                    <AttributeRow index=index form=form editable=rows_editable placed=placed on_edit=on_edit row_error=row_error/>
                </For>
            </ol>
            <div class="attr-actions">
                <button
                    type="button"
                    class="button"
                    data-testid="add-attribute"
                    disabled=move || !editable()
                    on:click=move |_| add_then_focus(on_edit, Edit::AddAttribute, count, Part::Key)
                >
                    "+ Add attribute"
                </button>
            </div>
            <div class="quick-add" role="group" aria-labelledby="quick-add-label">
                <span id="quick-add-label" class="quick-add-label">"Add reserved:"</span>
                {RESERVED_KEYS
                    .into_iter()
                    .map(|key| {
                        let present = move || form.with(|f| f.form.attributes.iter().any(|row| row.key == key));
                        view! {
                            <button
                                type="button"
                                class="chip"
                                data-testid=format!("add-reserved-{key}")
                                title=hints::attribute_hint(key)
                                hidden=present
                                disabled=move || !editable()
                                on:click=move |_| add_then_focus(on_edit, Edit::AddReserved(key.to_owned()), count, Part::Value)
                            >
                                {key}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            <datalist id="reserved-keys">
                {RESERVED_KEYS.into_iter().map(|key| view! { <option value=key></option> }).collect_view()}
            </datalist>
        </fieldset>
    }
}

/// Adds a row and moves the focus into it, its text selected: the clicked button stays behind (or, for a reserved
/// key, disappears), so a keyboard user would otherwise be left on the button or on nothing.
fn add_then_focus(on_edit: Callback<Edit>, edit: Edit, count: impl Fn() -> usize, part: Part) {
    let before = untrack(&count);
    on_edit.run(edit);
    if untrack(&count) > before {
        let id = Target::Attribute {
            index: before,
            part,
        }
        .control_id();
        // The row is rendered by the next reactive pass. Its text (a placeholder key, an
        // example value) is selected, so typing replaces it.
        request_animation_frame(move || {
            focus_control(&id);
            if let Some(input) = document()
                .get_element_by_id(&id)
                .and_then(|el| el.dyn_into::<web_sys::HtmlInputElement>().ok())
            {
                input.select();
            }
        });
    }
}

#[component]
fn AttributeRow(
    index: usize,
    form: Memo<FormState>,
    editable: Memo<bool>,
    placed: Placed,
    on_edit: Callback<Edit>,
    row_error: RowError,
) -> impl IntoView {
    // The row's own key and value and findings as memos: the row's effects rerun only when
    // this row changes, not whenever any part of the request does.
    let row = Memo::new(move |_| {
        form.with(|f| {
            f.form
                .attributes
                .get(index)
                .map(|row| (row.key.clone(), row.value.clone()))
                .unwrap_or_default()
        })
    });
    let key = move || row.with(|(key, _)| key.clone());
    let value = move || row.with(|(_, value)| value.clone());
    let disabled = move || !editable.get();
    let key_control = Target::Attribute {
        index,
        part: Part::Key,
    };
    let value_control = Target::Attribute {
        index,
        part: Part::Value,
    };
    let placed = placed_about(placed, value_control);
    let hint_id = format!("hint-attr-{index}");
    let error_id = format!("attr-error-{index}");
    let row_message = move || {
        row_error.with(|e| {
            e.as_ref()
                .filter(|(row, _)| *row == index)
                .map(|(_, m)| m.clone())
        })
    };
    let key_describedby = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let base = described_by(placed, key_control, &hint_id);
            if row_message().is_some() {
                format!("{base} {error_id}")
            } else {
                base
            }
        }
    };
    let value_describedby = {
        let hint_id = hint_id.clone();
        move || described_by(placed, value_control, &hint_id)
    };
    let key_invalid = move || {
        if row_message().is_some() {
            Some("true")
        } else {
            aria_invalid(placed, key_control)
        }
    };
    let row_label = move || {
        let key = key();
        if key.is_empty() {
            format!("attribute {}", index + 1)
        } else {
            key
        }
    };
    view! {
        <li class="attr-row" data-testid=format!("attr-row-{index}")>
            <div class="attr-inputs">
                <div class="attr-key">
                    <label class="mini-label" for=key_control.control_id()>"Key"</label>
                    <input
                        id=key_control.control_id()
                        type="text"
                        class="mono"
                        data-testid=format!("attr-key-{index}")
                        list="reserved-keys"
                        autocomplete="off"
                        autocapitalize="off"
                        spellcheck="false"
                        prop:value=key
                        disabled=disabled
                        aria-invalid=key_invalid
                        aria-describedby=key_describedby
                        on:input=move |ev| on_edit.run(Edit::RenameAttribute { index, key: event_target_value(&ev) })
                        on:blur=move |ev| {
                            // A refused rename leaves the typed text in the box; put the real key back.
                            if row_message().is_some() {
                                row_error.set(None);
                                let target = event_target::<web_sys::HtmlInputElement>(&ev);
                                target.set_value(&key());
                            }
                        }
                    />
                </div>
                <div class="attr-value">
                    <label class="mini-label" for=value_control.control_id()>"Value"</label>
                    <input
                        id=value_control.control_id()
                        type="text"
                        class="mono"
                        data-testid=format!("attr-value-{index}")
                        autocomplete="off"
                        autocapitalize="off"
                        spellcheck="false"
                        prop:value=value
                        disabled=disabled
                        aria-invalid=move || aria_invalid(placed, value_control)
                        aria-describedby=value_describedby
                        on:input=move |ev| on_edit.run(Edit::SetAttributeValue { index, value: event_target_value(&ev) })
                    />
                </div>
                <button
                    type="button"
                    class="button button-quiet remove"
                    data-testid=format!("attr-remove-{index}")
                    aria-label=move || format!("Remove {}", row_label())
                    disabled=disabled
                    on:click=move |_| on_edit.run(Edit::RemoveAttribute(index))
                >
                    <span aria-hidden="true">"✕"</span>
                    <span class="remove-text">"Remove"</span>
                </button>
            </div>
            <p class="hint" id=hint_id>{move || hints::attribute_hint(&key())}</p>
            <p class="row-error" id=error_id role="alert" hidden=move || row_message().is_none()>
                {row_message}
            </p>
            <InlineDiagnostics control=value_control placed=placed/>
        </li>
    }
}
