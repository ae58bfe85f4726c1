//! One top-level request member (ServiceId, InstanceId, CreatorRequestId) as a text input.

use leptos::prelude::*;

use super::diagnostics::{aria_invalid, described_by, InlineDiagnostics, Placed};
use crate::state::findings::{field_slug, Target};
use crate::state::{hints, Edit, Field, FormState};

#[component]
pub fn RequestField(
    field: Field,
    form: Memo<FormState>,
    placed: Placed,
    on_edit: Callback<Edit>,
) -> impl IntoView {
    let slug = field_slug(field);
    let control = Target::Field(field);
    let hint_id = format!("hint-{slug}");
    let describedby = {
        let hint_id = hint_id.clone();
        move || described_by(placed, control, &hint_id)
    };
    let tag = if field == Field::CreatorRequestId {
        "optional"
    } else {
        "required"
    };
    view! {
        <div class="field">
            <label for=control.control_id()>
                <span class="label-text">{field.member()}</span>
                <span class="tag">{tag}</span>
            </label>
            <input
                id=control.control_id()
                type="text"
                data-testid=slug
                autocomplete="off"
                autocapitalize="off"
                spellcheck="false"
                prop:value=move || form.with(|f| f.form.field(field).to_owned())
                disabled=move || !form.with(FormState::editable)
                aria-invalid=move || aria_invalid(placed, control)
                aria-describedby=describedby
                on:input=move |ev| on_edit.run(Edit::SetField(field, event_target_value(&ev)))
            />
            <p class="hint" id=hint_id>{hints::field_hint(field)}</p>
            <InlineDiagnostics control=control placed=placed/>
        </div>
    }
}
