//! The Placement view's strategy chain and constraint list as rows: a type select and a field or
//! expression input each, added, removed and reordered. Every edit goes into the CreateService
//! JSON; the rows are read back from it. A memberOf expression that does not parse is shown with
//! the bad span marked.

use leptos::prelude::*;
use muster_core::Severity;

use super::diagnostics::{focus_control, Placed, SeverityTag};
use crate::state::findings;
use crate::state::placement::{
    expression_error, Column, List, PlTarget, RowEdit, RowsState, FIELD_SUGGESTIONS,
};
use crate::state::Target;

/// The rows, read from the request (the last good ones while its JSON does not parse).
pub type RowsMemo = Memo<RowsState>;

/// The id of the strategy field suggestions.
const FIELDS_LIST: &str = "pl-strategy-fields";

#[component]
pub fn PlacementForm(
    rows: RowsMemo,
    placed: Placed,
    on_edit: Callback<RowEdit>,
    edit_error: RwSignal<Option<String>>,
) -> impl IntoView {
    let locked = move || rows.with(|r| r.locked.clone());
    view! {
        <div class="pl-form" data-testid="pl-form">
            <p class="notice" data-testid="pl-form-locked" role="status" hidden=move || locked().is_none()>
                {locked}
            </p>
            <p class="notice" data-testid="pl-edit-error" role="alert" hidden=move || edit_error.with(Option::is_none)>
                {move || edit_error.get()}
            </p>
            <RowsFieldset list=List::Strategies rows=rows placed=placed on_edit=on_edit/>
            <RowsFieldset list=List::Constraints rows=rows placed=placed on_edit=on_edit/>
            <datalist id=FIELDS_LIST>
                {FIELD_SUGGESTIONS.into_iter().map(|f| view! { <option value=f></option> }).collect_view()}
            </datalist>
        </div>
    }
}

/// One list: its rows, its findings and the Add button.
#[component]
fn RowsFieldset(
    list: List,
    rows: RowsMemo,
    placed: Placed,
    on_edit: Callback<RowEdit>,
) -> impl IntoView {
    let count = move || rows.with(|r| r.rows.list(list).len());
    let locked = move || rows.with(|r| r.locked.is_some());
    let control = Target::Placement(PlTarget::List(list));
    let add_id = format!("pl-add-{}", list.slug());
    let (legend, hint, empty, add) = match list {
        List::Strategies => (
            "Placement strategy chain",
            "Applied in order: each later strategy breaks the ties of the earlier ones.",
            "No strategy: ECS uses its default for services, spread over Availability Zones, then over instances.",
            "+ Add strategy",
        ),
        List::Constraints => (
            "Placement constraints",
            "Every instance must satisfy each one. memberOf takes a cluster query expression.",
            "No constraints: every instance with room is a candidate.",
            "+ Add constraint",
        ),
    };
    let add_focus = add_id.clone();
    view! {
        <fieldset
            class="attributes ci-section pl-rows"
            id=PlTarget::List(list).control_id()
            tabindex="-1"
            data-testid=format!("pl-{}-list", list.slug())
            disabled=locked
            aria-invalid=move || placed.with(|p| findings::invalid(p, control)).then_some("true")
        >
            <legend>{legend}</legend>
            <p class="hint">{hint}</p>
            <ol class="ci-rows pl-row-list">
                <For each=move || 0..count() key=|i| *i let(row)>
                    <RowView list=list row=row rows=rows placed=placed on_edit=on_edit add_id=add_focus.clone()/>
                </For>
            </ol>
            <p class="empty" hidden=move || { count() > 0 }>{empty}</p>
            <RowFindings control=control placed=placed hide_syntax=Signal::derive(|| false)/>
            <div class="attr-actions">
                <button
                    type="button"
                    class="button button-small"
                    id=add_id.clone()
                    data-testid=add_id
                    on:click=move |_| on_edit.run(RowEdit::Add(list))
                >
                    {add}
                </button>
            </div>
        </fieldset>
    }
}

/// One strategy or constraint.
#[component]
fn RowView(
    list: List,
    row: usize,
    rows: RowsMemo,
    placed: Placed,
    on_edit: Callback<RowEdit>,
    /// Where focus goes when the row is removed.
    add_id: String,
) -> impl IntoView {
    let data = move || {
        rows.with(|r| r.rows.list(list).get(row).cloned())
            .unwrap_or_default()
    };
    let count = move || rows.with(|r| r.rows.list(list).len());
    let cell = |column| PlTarget::Cell { list, row, column };
    let (type_target, value_target) = (cell(Column::Type), cell(Column::Value));
    let (type_id, value_id) = (type_target.control_id(), value_target.control_id());
    let row_target = Target::Placement(value_target);
    let findings_id = value_target.diagnostics_id();
    let error_id = format!("pl-{}-expr-error-{row}", list.slug());
    let slug = list.slug();
    let noun = list.noun();
    let number = row + 1;
    let expression = Memo::new(move |_| {
        let r = data();
        (list == List::Constraints && r.kind == "memberOf")
            .then(|| expression_error(&r.value))
            .flatten()
    });
    let no_value = move || {
        let kind = data().kind;
        (list == List::Strategies && kind == "random")
            || (list == List::Constraints && kind == "distinctInstance")
    };
    let invalid =
        move |target: PlTarget| placed.with(|p| findings::invalid(p, Target::Placement(target)));
    let value_invalid =
        move || (invalid(value_target) || expression.with(Option::is_some)).then_some("true");
    let has_findings =
        move || placed.with(|p| p.iter().any(|(t, _)| findings::belongs_to(*t, row_target)));
    let describedby = {
        let (findings_id, error_id) = (findings_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if expression.with(Option::is_some) {
                ids.push(error_id.clone());
            }
            if has_findings() {
                ids.push(findings_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let options = move || {
        let current = data().kind;
        let mut choices: Vec<String> = list.types().iter().map(ToString::to_string).collect();
        if !choices.contains(&current) {
            // What the JSON says, even when ECS would not accept it (the finding says why).
            choices.insert(0, current.clone());
        }
        choices
            .into_iter()
            .map(|choice| {
                let selected = choice == current;
                let label = if choice.is_empty() {
                    "(no type)".to_owned()
                } else {
                    choice.clone()
                };
                view! { <option value=choice prop:selected=selected>{label}</option> }
            })
            .collect_view()
    };
    let moved = move |up: bool| {
        on_edit.run(RowEdit::Move { list, row, up });
        let to = if up { row.saturating_sub(1) } else { row + 1 };
        focus_control(
            &PlTarget::Cell {
                list,
                row: to,
                column: Column::Type,
            }
            .control_id(),
        );
    };
    let remove = move |_| {
        on_edit.run(RowEdit::Remove(list, row));
        focus_control(&add_id);
    };
    let (value_label, placeholder) = match list {
        List::Strategies => ("field", "memory, instanceId, attribute:NAME"),
        List::Constraints => ("expression", "attribute:ecs.instance-type =~ t3.*"),
    };
    let mark = move || {
        expression.get().map(|e| {
            view! {
                <p class="row-error">{e.text()}</p>
                <code class="pl-expr" data-testid="pl-expr-marked">
                    {e.before}
                    <mark class="pl-expr-bad" data-testid="pl-expr-mark">{e.bad}</mark>
                    {e.after}
                </code>
            }
        })
    };
    view! {
        <li class="attr-row pl-row" data-testid=format!("pl-{slug}-row-{row}")>
            <div class=if list == List::Constraints { "pl-cells pl-cells-wide" } else { "pl-cells" }>
                <span class="pl-step" aria-hidden="true">{number}</span>
                <div class="ci-cell pl-type-cell">
                    <label class="mini-label" for=type_id.clone()>
                        <span class="visually-hidden">{format!("{noun} {number} ")}</span>
                        "type"
                    </label>
                    <select
                        id=type_id.clone()
                        data-testid=type_id
                        aria-invalid=move || invalid(type_target).then_some("true")
                        aria-describedby=move || has_findings().then(|| findings_id.clone())
                        on:change=move |ev| on_edit.run(RowEdit::SetType(list, row, event_target_value(&ev)))
                    >
                        {options}
                    </select>
                </div>
                <div class="ci-cell pl-value-cell">
                    <label class="mini-label" for=value_id.clone()>
                        <span class="visually-hidden">{format!("{noun} {number} ")}</span>
                        {value_label}
                    </label>
                    <input
                        id=value_id.clone()
                        type="text"
                        class="mono"
                        data-testid=value_id
                        list=(list == List::Strategies).then_some(FIELDS_LIST)
                        autocomplete="off"
                        autocapitalize="off"
                        spellcheck="false"
                        placeholder=move || if no_value() { "" } else { placeholder }
                        disabled=no_value
                        aria-invalid=value_invalid
                        aria-describedby=describedby
                        prop:value=move || data().value
                        on:input=move |ev| on_edit.run(RowEdit::SetValue(list, row, event_target_value(&ev)))
                    />
                </div>
                <div class="pl-row-actions">
                    <button
                        type="button"
                        class="button button-quiet button-small"
                        data-testid=format!("pl-{slug}-up-{row}")
                        aria-label=format!("Move {} {number} up", noun.to_ascii_lowercase())
                        disabled=row == 0
                        on:click=move |_| moved(true)
                    >
                        <span aria-hidden="true">"↑"</span>
                    </button>
                    <button
                        type="button"
                        class="button button-quiet button-small"
                        data-testid=format!("pl-{slug}-down-{row}")
                        aria-label=format!("Move {} {number} down", noun.to_ascii_lowercase())
                        disabled=move || { row + 1 >= count() }
                        on:click=move |_| moved(false)
                    >
                        <span aria-hidden="true">"↓"</span>
                    </button>
                    <button
                        type="button"
                        class="button button-quiet button-small remove"
                        data-testid=format!("pl-{slug}-remove-{row}")
                        aria-label=format!("Remove {} {number}", noun.to_ascii_lowercase())
                        on:click=remove
                    >
                        <span aria-hidden="true">"✕"</span>
                    </button>
                </div>
            </div>
            {(list == List::Constraints).then(|| view! {
                <div class="pl-expr-error" id=error_id.clone() data-testid=error_id.clone() aria-live="polite" hidden=move || expression.with(Option::is_none)>
                    {mark}
                </div>
            })}
            <RowFindings control=row_target placed=placed hide_syntax=Signal::derive(move || expression.with(Option::is_some))/>
        </li>
    }
}

/// The findings shown under a row (or list). A syntax error of the expression (PL008) is left
/// out while the marked expression above already shows it.
#[component]
fn RowFindings(control: Target, placed: Placed, hide_syntax: Signal<bool>) -> impl IntoView {
    let shown = move || {
        let hide = hide_syntax.get();
        placed.with(|p| {
            p.iter()
                .filter(|(t, d)| findings::belongs_to(*t, control) && !(hide && d.code == "PL008"))
                .map(|(_, d)| (d.code, d.severity, d.message.to_string()))
                .collect::<Vec<_>>()
        })
    };
    let items = move || {
        shown()
            .into_iter()
            .map(|(code, severity, message): (&'static str, Severity, String)| {
                view! {
                    <li class="field-diagnostic" data-testid="field-diagnostic" data-code=code data-severity=severity.as_str()>
                        <SeverityTag severity=severity/>
                        " "
                        <code class="code">{code}</code>
                        " "
                        <span class="message">{message}</span>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <ul class="field-diagnostics" id=control.diagnostics_id() hidden=move || shown().is_empty()>
            {items}
        </ul>
    }
}
