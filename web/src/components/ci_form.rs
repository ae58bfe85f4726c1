//! The RegisterContainerInstance form: text fields, the identity document, and the four lists
//! (totalResources, attributes, platformDevices, tags) as rows of cells.

use leptos::prelude::*;

use super::diagnostics::{aria_invalid, described_by, has_inline, InlineDiagnostics, Placed};
use crate::state::container::{
    is_capability, CellKind, CiEdit, CiField, CiFormState, CiTarget, Section,
};
use crate::state::Target;

/// The form as read from the text.
pub type CiFormMemo = Memo<CiFormState>;

/// One text member (cluster, containerInstanceArn, signature, versionInfo's fields).
#[component]
pub fn CiFieldInput(
    field: CiField,
    form: CiFormMemo,
    placed: Placed,
    on_edit: Callback<CiEdit>,
) -> impl IntoView {
    let control = Target::Ci(CiTarget::Field(field));
    let id = control.control_id();
    let hint_id = format!("hint-{id}");
    let describedby = {
        let hint_id = hint_id.clone();
        move || described_by(placed, control, &hint_id)
    };
    view! {
        <div class="field">
            <label for=id.clone()>
                <span class="label-text">{field.member()}</span>
            </label>
            <input
                id=id.clone()
                type="text"
                class="mono"
                data-testid=id
                autocomplete="off"
                autocapitalize="off"
                spellcheck="false"
                prop:value=move || form.with(|f| f.form.field(field).to_owned())
                disabled=move || !form.with(CiFormState::editable)
                aria-invalid=move || aria_invalid(placed, control)
                aria-describedby=describedby
                on:input=move |ev| on_edit.run(CiEdit::SetField(field, event_target_value(&ev)))
            />
            <p class="hint" id=hint_id hidden=field.hint().is_empty()>{field.hint()}</p>
            <InlineDiagnostics control=control placed=placed/>
        </div>
    }
}

/// The identity document (a JSON string in the request), editable as text, with Format.
#[component]
pub fn DocumentField(form: CiFormMemo, placed: Placed, on_edit: Callback<CiEdit>) -> impl IntoView {
    let control = Target::Ci(CiTarget::Document);
    let describedby = move || described_by(placed, control, "hint-ci-document");
    view! {
        <div class="field">
            <div class="label-row">
                <label for="ci-document">
                    <span class="label-text">"instanceIdentityDocument"</span>
                </label>
                <button
                    type="button"
                    class="button button-small"
                    data-testid="ci-document-format"
                    disabled=move || !form.with(CiFormState::editable)
                    on:click=move |_| on_edit.run(CiEdit::FormatDocument)
                >
                    "Format"
                </button>
            </div>
            <textarea
                id="ci-document"
                class="mono document"
                data-testid="ci-document"
                rows="9"
                spellcheck="false"
                wrap="off"
                prop:value=move || form.with(|f| f.form.document.clone())
                disabled=move || !form.with(CiFormState::editable)
                aria-invalid=move || aria_invalid(placed, control)
                aria-describedby=describedby
                on:input=move |ev| on_edit.run(CiEdit::SetDocument(event_target_value(&ev)))
            ></textarea>
            <p class="hint" id="hint-ci-document">
                "The JSON the instance metadata service returns; ECS reads the instance ID, Region, zone and type from it."
            </p>
            <InlineDiagnostics control=control placed=placed/>
        </div>
    }
}

/// One list as rows; attributes hide the agent's name-only capabilities until asked.
#[component]
pub fn RowsSection(
    section: Section,
    form: CiFormMemo,
    placed: Placed,
    on_edit: Callback<CiEdit>,
) -> impl IntoView {
    let control = Target::Ci(CiTarget::Section(section));
    let id = control.control_id();
    let hint_id = format!("hint-{id}");
    let count = move || form.with(|f| f.form.rows(section).len());
    let show_all = RwSignal::new(false);
    let capabilities = move || {
        form.with(|f| {
            f.form
                .rows(section)
                .iter()
                .filter(|r| is_capability(r))
                .count()
        })
    };
    let collapsible = section == Section::Attributes;
    let editable = move || form.with(|f| f.editable() && !f.form.not_list(section));
    let describedby = {
        let hint_id = hint_id.clone();
        move || described_by(placed, control, &hint_id)
    };
    view! {
        <fieldset
            class="attributes ci-section"
            id=id.clone()
            data-testid=id
            tabindex="-1"
            aria-describedby=describedby
            aria-invalid=move || aria_invalid(placed, control)
        >
            <legend>{section.member()}</legend>
            <p class="hint" id=hint_id>{section.hint()}</p>
            <p class="notice" hidden=move || !form.with(|f| f.form.not_list(section))>
                {format!("{} is not a JSON list, so the rows cannot be edited here. Fix it in the JSON editor.", section.member())}
            </p>
            <InlineDiagnostics control=control placed=placed/>
            <ol class="ci-rows">
                <For each=move || 0..count() key=|row| *row let(row)>
                    <CiRow section=section row=row form=form placed=placed on_edit=on_edit show_all=show_all/>
                </For>
            </ol>
            <div class="ci-actions">
                <button
                    type="button"
                    class="button button-small"
                    data-testid=format!("ci-add-{}", section.slug())
                    disabled=move || !editable()
                    on:click=move |_| on_edit.run(CiEdit::AddRow(section))
                >
                    "+ Add"
                </button>
                {collapsible.then(|| view! {
                    <button
                        type="button"
                        class="button button-small button-quiet"
                        data-testid="ci-show-capabilities"
                        aria-expanded=move || show_all.get().to_string()
                        hidden=move || capabilities() == 0
                        on:click=move |_| show_all.update(|s| *s = !*s)
                    >
                        {move || if show_all.get() {
                            "Hide the capability attributes".to_owned()
                        } else {
                            format!("Show {} capability attributes", capabilities())
                        }}
                    </button>
                })}
            </div>
        </fieldset>
    }
}

#[component]
fn CiRow(
    section: Section,
    row: usize,
    form: CiFormMemo,
    placed: Placed,
    on_edit: Callback<CiEdit>,
    show_all: RwSignal<bool>,
) -> impl IntoView {
    let hint_id = CiTarget::Section(section).control_id();
    let hint_id = format!("hint-{hint_id}");
    let first = Target::Ci(CiTarget::Cell {
        section,
        row,
        column: 0,
    });
    let disabled = move || !form.with(CiFormState::editable);
    let name = move || {
        let name = form.with(|f| f.form.cell(section, row, 0).to_owned());
        if name.is_empty() {
            format!("row {}", row + 1)
        } else {
            name
        }
    };
    let collapsed = move || {
        section == Section::Attributes
            && !show_all.get()
            && form.with(|f| {
                f.form
                    .rows(section)
                    .get(row)
                    .is_some_and(|r| is_capability(r))
            })
            && !has_inline(placed, first)
    };
    let cells = section
        .columns()
        .iter()
        .enumerate()
        .map(|(column, spec)| {
            let control = Target::Ci(CiTarget::Cell {
                section,
                row,
                column,
            });
            let id = control.control_id();
            let value = move || form.with(|f| f.form.cell(section, row, column).to_owned());
            let describedby = {
                let hint_id = hint_id.clone();
                move || described_by(placed, control, &hint_id)
            };
            let on_input = move |ev| {
                on_edit.run(CiEdit::SetCell {
                    section,
                    row,
                    column,
                    value: event_target_value(&ev),
                });
            };
            let input = match spec.kind {
                CellKind::Text => view! {
                    <input
                        id=id.clone()
                        type="text"
                        class="mono"
                        data-testid=id.clone()
                        autocomplete="off"
                        autocapitalize="off"
                        spellcheck="false"
                        prop:value=value
                        disabled=disabled
                        aria-invalid=move || aria_invalid(placed, control)
                        aria-describedby=describedby
                        on:input=on_input
                    />
                }
                .into_any(),
                CellKind::Choice(choices) => {
                    let known = move || choices.contains(&value().as_str());
                    view! {
                        <select
                            id=id.clone()
                            data-testid=id.clone()
                            disabled=disabled
                            aria-invalid=move || aria_invalid(placed, control)
                            aria-describedby=describedby
                            on:change=on_input
                        >
                            {choices
                                .iter()
                                .map(|choice| {
                                    view! { <option value=*choice prop:selected=move || value() == *choice>{*choice}</option> }
                                })
                                .collect_view()}
                            <option value=value hidden=known prop:selected=move || !known()>{value}</option>
                        </select>
                    }
                    .into_any()
                }
            };
            view! {
                <div class="ci-cell">
                    <label class="mini-label" for=id>{spec.label}</label>
                    {input}
                </div>
            }
        })
        .collect_view();
    view! {
        <li class="attr-row ci-row" data-testid=format!("ci-{}-row-{row}", section.slug()) hidden=collapsed>
            <div class="ci-cells" class:ci-cells-2=section.columns().len() == 2>
                {cells}
                <button
                    type="button"
                    class="button button-quiet remove"
                    data-testid=format!("ci-remove-{}-{row}", section.slug())
                    aria-label=move || format!("Remove {}", name())
                    disabled=disabled
                    on:click=move |_| on_edit.run(CiEdit::RemoveRow(section, row))
                >
                    <span aria-hidden="true">"✕"</span>
                </button>
            </div>
            <InlineDiagnostics control=first placed=placed/>
        </li>
    }
}
