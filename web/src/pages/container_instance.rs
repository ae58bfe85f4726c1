//! The RegisterContainerInstance builder: the agent preset and the form on the left; the JSON,
//! findings and the response preview on the right. Same single source of truth as the
//! RegisterInstance builder: the JSON text.

use leptos::prelude::*;

use crate::app::Shared;
use crate::components::agent_preset::AgentPreset;
use crate::components::ci_form::{CiFieldInput, CiFormMemo, DocumentField, RowsSection};
use crate::components::ci_response::{CiPreviewMemo, CiResponse};
use crate::components::diagnostics::{DiagnosticList, Placed, StatusBadge};
use crate::components::export_panel::ExportPanel;
use crate::components::import_dialog::ImportDialog;
use crate::components::json_editor::JsonEditor;
use crate::state::container::{self, CiEdit, CiField, CiFormState, CiTarget, Section};
use crate::state::export::Builder;
use crate::state::{findings, Target};
use muster_core::{CallError, Report};

/// What a RegisterContainerInstance builder derives from its request text (the single source of
/// truth), and how form edits and typed text change that text: shared by the app's page and the
/// embedded builder.
#[derive(Clone, Copy)]
pub struct CiBuilder {
    pub form: CiFormMemo,
    pub checked: Memo<Result<Report, CallError>>,
    pub placed: Placed,
    pub edit_error: RwSignal<Option<String>>,
    pub on_edit: Callback<CiEdit>,
    pub on_text: Callback<String>,
}

impl CiBuilder {
    pub fn new(text: RwSignal<String>) -> Self {
        let form: CiFormMemo = Memo::new(move |previous: Option<&CiFormState>| {
            text.with(|t| CiFormState::read(t, previous))
        });
        let checked = Memo::new(move |_| text.with(|t| container::check(t)));
        let placed = Memo::new(move |_| {
            checked.with(|c| {
                c.as_ref()
                    .map(|report| form.with(|f| container::place(report, &f.form)))
                    .unwrap_or_default()
            })
        });
        let edit_error = RwSignal::new(None::<String>);
        let on_edit = Callback::new(move |edit: CiEdit| {
            match text.with_untracked(|t| container::apply(t, &edit)) {
                Ok(next) => {
                    edit_error.set(None);
                    text.set(next);
                }
                Err(error) => edit_error.set(Some(error.to_string())),
            }
        });
        let on_text = Callback::new(move |next: String| {
            edit_error.set(None);
            text.set(next);
        });
        Self {
            form,
            checked,
            placed,
            edit_error,
            on_edit,
            on_text,
        }
    }
}

#[component]
pub fn ContainerInstancePage(shared: Shared) -> impl IntoView {
    let Shared {
        ci_text: text,
        agent,
        cluster,
        ..
    } = shared;
    let CiBuilder {
        form,
        checked,
        placed,
        edit_error,
        on_edit,
        on_text,
    } = CiBuilder::new(text);
    // The preset replaces the whole request: say so, with an Undo.
    let fill_from_preset = Callback::new(move |filled: String| {
        shared.replace_undoably("The request is filled from the agent preset.", || {
            on_text.run(filled);
        });
    });
    let preview: CiPreviewMemo = Memo::new(move |_| text.with(|t| cluster.with(|c| c.preview(t))));
    let status_summary = move || {
        checked.with(|c| match c {
            Ok(report) => format!("{} · see diagnostics", findings::status_text(report)),
            Err(_) => "Cannot check · see diagnostics".to_owned(),
        })
    };

    view! {
        <div class="builder" data-testid="container-instance-page">
            <section class="form-pane" aria-labelledby="ci-heading">
                <div class="pane-head">
                    <div class="pane-title">
                        <h1 id="ci-heading">"RegisterContainerInstance"</h1>
                        <ImportDialog builder=Builder::ContainerInstance shared=shared/>
                    </div>
                    <p class="lede">
                        "Registers an EC2 instance with an ECS cluster, as the container agent does when it starts."
                    </p>
                    <a class="status-jump" href="#diagnostics-heading" data-testid="ci-status-jump">
                        {status_summary}
                    </a>
                </div>
                <AgentPreset agent=agent on_fill=fill_from_preset/>
                <CiRequestForm form=form placed=placed on_edit=on_edit edit_error=edit_error/>
            </section>
            <section class="json-pane" aria-label="Request JSON, findings and response">
                <div class="panel editor-panel">
                    <div class="panel-head">
                        <h2>"JSON"</h2>
                        <StatusBadge checked=checked testid="ci-status"/>
                    </div>
                    <JsonEditor text=text placed=placed on_input=on_text control=Target::Ci(CiTarget::Top)/>
                </div>
                <DiagnosticList checked=checked placed=placed/>
                <ExportPanel builder=Builder::ContainerInstance text=text checked=checked/>
                <CiResponse text=text cluster=cluster preview=preview/>
            </section>
        </div>
    }
}

/// The request's members: text fields, the lists as rows, the identity document, versionInfo.
#[component]
pub fn CiRequestForm(
    form: CiFormMemo,
    placed: Placed,
    on_edit: Callback<CiEdit>,
    edit_error: RwSignal<Option<String>>,
) -> impl IntoView {
    let notice = move || form.with(|f| f.notice.as_ref().map(ToString::to_string));
    let field = move |field: CiField| {
        view! { <CiFieldInput field=field form=form placed=placed on_edit=on_edit/> }
    };
    let section = move |section: Section| {
        view! { <RowsSection section=section form=form placed=placed on_edit=on_edit/> }
    };
    view! {
        <div class="request-form">
            <p class="notice" data-testid="ci-form-notice" role="status" hidden=move || notice().is_none()>
                {notice}
            </p>
            <p class="notice" data-testid="ci-edit-error" role="alert" hidden=move || edit_error.with(Option::is_none)>
                {move || edit_error.get()}
            </p>
            <div class="form-grid">
                {field(CiField::Cluster)}
                {field(CiField::ContainerInstanceArn)}
            </div>
            {section(Section::Resources)}
            {section(Section::Attributes)}
            <fieldset class="attributes ci-section">
                <legend>"Instance identity"</legend>
                <DocumentField form=form placed=placed on_edit=on_edit/>
                {field(CiField::Signature)}
            </fieldset>
            <fieldset class="attributes ci-section">
                <legend>"versionInfo"</legend>
                <div class="form-grid form-grid-3">
                    {field(CiField::AgentVersion)}
                    {field(CiField::AgentHash)}
                    {field(CiField::DockerVersion)}
                </div>
            </fieldset>
            {section(Section::Devices)}
            {section(Section::Tags)}
        </div>
    }
}
