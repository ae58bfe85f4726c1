//! The RegisterInstance builder: the form on the left, the JSON, findings and preview on the right.

use leptos::prelude::*;

use crate::app::Shared;
use crate::components::attributes::AttributesSection;
use crate::components::context_form::ContextSection;
use crate::components::diagnostics::{DiagnosticList, StatusBadge};
use crate::components::export_panel::ExportPanel;
use crate::components::import_dialog::ImportDialog;
use crate::components::json_editor::JsonEditor;
use crate::components::preview::Preview;
use crate::components::request_field::RequestField;
use crate::state::export::Builder;
use muster_core::{CallError, Diagnostic, Report};

use crate::state::{
    self, findings, request, ContextForm, Edit, EditError, Field, FormState, Target,
};

/// What a RegisterInstance builder derives from its request text (the single source of truth)
/// and context, and how form edits and typed text change that text: shared by the app's page and
/// the embedded builder.
#[derive(Clone, Copy)]
pub struct InstanceBuilder {
    pub form: Memo<FormState>,
    pub checked: Memo<Result<Report, CallError>>,
    pub placed: Memo<Vec<(Target, Diagnostic)>>,
    /// A rename refused because the key exists: the attribute row and the reason.
    pub row_error: RwSignal<Option<(usize, String)>>,
    pub edit_error: RwSignal<Option<String>>,
    pub on_edit: Callback<Edit>,
    pub on_text: Callback<String>,
}

impl InstanceBuilder {
    pub fn new(text: RwSignal<String>, context: RwSignal<ContextForm>) -> Self {
        let form = Memo::new(move |previous: Option<&FormState>| {
            text.with(|t| FormState::read(t, previous))
        });
        let checked = Memo::new(move |_| {
            let context = context.get();
            text.with(|t| state::check(t, &context))
        });
        let placed = Memo::new(move |_| {
            checked.with(|c| {
                c.as_ref()
                    .map(|report| form.with(|f| state::place(report, &f.form)))
                    .unwrap_or_default()
            })
        });
        let row_error = RwSignal::new(None::<(usize, String)>);
        let edit_error = RwSignal::new(None::<String>);
        let on_edit = Callback::new(move |edit: Edit| {
            match text.with_untracked(|t| request::apply(t, &edit)) {
                Ok(next) => {
                    row_error.set(None);
                    edit_error.set(None);
                    text.set(next);
                }
                Err(error) => match (&edit, &error) {
                    (Edit::RenameAttribute { index, .. }, EditError::DuplicateKey(_)) => {
                        row_error.set(Some((*index, error.to_string())));
                    }
                    _ => edit_error.set(Some(error.to_string())),
                },
            }
        });
        let on_text = Callback::new(move |next: String| {
            row_error.set(None);
            edit_error.set(None);
            text.set(next);
        });
        Self {
            form,
            checked,
            placed,
            row_error,
            edit_error,
            on_edit,
            on_text,
        }
    }
}

/// The request form of a RegisterInstance builder: its notices, the fields and the attribute
/// rows. The app's page and the embedded builder show the same one.
#[component]
pub fn InstanceRequestForm(builder: InstanceBuilder) -> impl IntoView {
    let InstanceBuilder {
        form,
        placed,
        row_error,
        edit_error,
        on_edit,
        ..
    } = builder;
    let notice = move || form.with(|f| f.notice.as_ref().map(ToString::to_string));
    view! {
        <div class="request-form">
            <p class="notice" data-testid="form-notice" role="status" hidden=move || notice().is_none()>
                {notice}
            </p>
            <p class="notice" data-testid="edit-error" role="alert" hidden=move || edit_error.with(Option::is_none)>
                {move || edit_error.get()}
            </p>
            {Field::ALL
                .into_iter()
                .map(|field| view! { <RequestField field=field form=form placed=placed on_edit=on_edit/> })
                .collect_view()}
            <AttributesSection form=form placed=placed on_edit=on_edit row_error=row_error/>
        </div>
    }
}

/// The request text and the context belong to the app, so they outlive a switch to another view.
#[component]
pub fn RegisterInstancePage(shared: Shared) -> impl IntoView {
    let Shared { text, context, .. } = shared;
    let builder = InstanceBuilder::new(text, context);
    let InstanceBuilder {
        checked,
        placed,
        row_error,
        edit_error,
        on_text,
        ..
    } = builder;
    let status_summary = move || {
        checked.with(|c| match c {
            Ok(report) => format!("{} · see diagnostics", findings::status_text(report)),
            Err(_) => "Cannot check · see diagnostics".to_owned(),
        })
    };
    let reset = move |_| {
        row_error.set(None);
        edit_error.set(None);
        shared.replace_undoably(
            "The request and the service it is checked against are back at the example.",
            || {
                context.set(ContextForm::default());
                text.set(request::seed_text());
            },
        );
    };

    view! {
        <div class="builder">
            <section class="form-pane" aria-labelledby="form-heading">
                <div class="pane-head">
                    <div class="pane-title">
                        <h1 id="form-heading">"RegisterInstance"</h1>
                        <div class="pane-actions">
                            <ImportDialog builder=Builder::RegisterInstance shared=shared/>
                            <button type="button" class="button button-quiet" data-testid="reset" on:click=reset>
                                "Reset to example"
                            </button>
                        </div>
                    </div>
                    <p class="lede">
                        "Registers an instance with a Cloud Map service, creating its DNS records and health check."
                    </p>
                    // On narrow screens the findings are below the form; this says how many and jumps there.
                    <a class="status-jump" href="#diagnostics-heading" data-testid="status-jump">
                        {status_summary}
                    </a>
                </div>
                <ContextSection context=context text=text/>
                <InstanceRequestForm builder=builder/>
            </section>
            <section class="json-pane" aria-label="Request JSON and findings">
                <div class="panel editor-panel">
                    <div class="panel-head">
                        <h2>"JSON"</h2>
                        <StatusBadge checked=checked/>
                    </div>
                    <JsonEditor text=text placed=placed on_input=on_text/>
                </div>
                <DiagnosticList checked=checked placed=placed/>
                <ExportPanel builder=Builder::RegisterInstance text=text checked=checked/>
                <Preview text=text/>
            </section>
        </div>
    }
}
