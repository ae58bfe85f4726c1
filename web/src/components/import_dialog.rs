//! The import dialog of a request builder: paste text or drop a file, see what muster understood,
//! and load it into the builder it belongs to. A modal `<dialog>`: focus moves into it, Escape
//! closes it, and focus returns to the button that opened it.

use leptos::ev;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen_futures::JsFuture;

use super::export_panel::Highlighted;
use super::file_drop::FileDrop;
use crate::app::Shared;
use crate::state::export::{self, Builder, ImportView};

#[component]
pub fn ImportDialog(builder: Builder, shared: Shared) -> impl IntoView {
    let slug = builder.slug();
    let heading_id = format!("{slug}-import-heading");
    let hint_id = format!("{slug}-import-hint");
    let opener = NodeRef::<html::Button>::new();
    let dialog = NodeRef::<html::Dialog>::new();
    let textarea = NodeRef::<html::Textarea>::new();
    let text = RwSignal::new(String::new());
    let format = RwSignal::new(String::new());
    let file_name = RwSignal::new(None::<String>);
    let result = Memo::new(move |_| {
        let format = format.get();
        text.with(|t| export::import(t, &format))
    });
    let understood = move || match result.get() {
        ImportView::Understood(u) => Some(u),
        _ => None,
    };

    let open = move |_| {
        if let Some(d) = dialog.get_untracked() {
            if d.show_modal().is_ok() {
                if let Some(t) = textarea.get_untracked() {
                    let _ = t.focus();
                }
            }
        }
    };
    let close = move || {
        if let Some(d) = dialog.get_untracked() {
            d.close();
        }
    };
    // Fires however the dialog closes (the buttons, Escape), so focus always goes back.
    let on_close = move |_: ev::Event| {
        if let Some(b) = opener.get_untracked() {
            let _ = b.focus();
        }
    };
    let use_it = move |_| {
        let Some((u, taken)) = understood().and_then(|u| taking(&u, builder).map(|t| (u, t)))
        else {
            return;
        };
        text.set(String::new());
        file_name.set(None);
        close();
        take(shared, taken, &u);
    };

    let (labelledby, describedby) = (heading_id.clone(), hint_id.clone());
    view! {
        <button
            type="button"
            class="button button-quiet"
            data-testid="import-open"
            aria-haspopup="dialog"
            node_ref=opener
            on:click=open
        >
            "Import…"
        </button>
        <dialog
            class="import-dialog"
            role="dialog"
            aria-modal="true"
            aria-labelledby=labelledby
            aria-describedby=describedby
            data-testid="import-dialog"
            node_ref=dialog
            on:close=on_close
        >
            <div class="dialog-head">
                <h2 id=heading_id>"Import a request"</h2>
                <button type="button" class="button button-quiet button-small" data-testid="import-close" on:click=move |_| close()>
                    "Close"
                </button>
            </div>
            <p class="hint" id=hint_id>
                {import_hint(builder)}
            </p>
            <ImportSource builder=builder text=text format=format file_name=file_name textarea=textarea/>
            <ImportResult builder=builder result=result/>
            <div class="dialog-actions">
                <button type="button" class="button" data-testid="import-cancel" on:click=move |_| close()>
                    "Cancel"
                </button>
                <button
                    type="button"
                    class="button button-primary"
                    data-testid="import-use"
                    disabled=move || understood().is_none_or(|u| u.target.is_err() && !sets_the_service(&u, builder))
                    on:click=use_it
                >
                    "Use this request"
                </button>
            </div>
        </dialog>
    }
}

/// Where the text comes from: the textarea, a dropped or chosen file; and the format select.
#[component]
fn ImportSource(
    builder: Builder,
    text: RwSignal<String>,
    format: RwSignal<String>,
    file_name: RwSignal<Option<String>>,
    textarea: NodeRef<html::Textarea>,
) -> impl IntoView {
    let slug = builder.slug();
    let text_id = format!("{slug}-import-text");
    let format_id = format!("{slug}-import-format");
    let file_id = format!("{slug}-import-file");
    let (text_for, format_for) = (text_id.clone(), format_id.clone());
    let file_error = RwSignal::new(None::<String>);
    let read_file = move |file: web_sys::File| {
        let name = file.name();
        file_error.set(None);
        spawn_local(async move {
            match JsFuture::from(file.text()).await {
                Ok(content) => {
                    text.set(content.as_string().unwrap_or_default());
                    file_name.set(Some(name));
                }
                Err(_) => file_error.set(Some(format!("Could not read {name}."))),
            }
        });
    };
    view! {
        <div class="field">
            <label for=text_for>"Text to import"</label>
            <textarea
                id=text_id
                class="mono"
                rows="8"
                spellcheck="false"
                autocomplete="off"
                autocapitalize="off"
                wrap="off"
                data-testid="import-text"
                node_ref=textarea
                prop:value=move || text.get()
                on:input=move |ev| {
                    file_name.set(None);
                    text.set(event_target_value(&ev));
                }
            ></textarea>
        </div>
        <FileDrop
            prompt="Drop a file here, or"
            testid="import-drop"
            input_id=file_id
            input_testid="import-file"
            accept=".json,.yaml,.yml,.sh,.txt,.http,.ps1,application/json,text/plain"
            on_file=read_file
        >
            <span class="hint" data-testid="import-file-name">
                {move || file_name.get().map(|n| format!("Read {n}"))}
            </span>
            <span class="row-error" role="alert" hidden=move || file_error.with(Option::is_none)>
                {move || file_error.get()}
            </span>
        </FileDrop>
        <div class="field import-format">
            <label for=format_for>"Format"</label>
            <select
                id=format_id
                data-testid="import-format"
                prop:value=move || format.get()
                on:change=move |ev| format.set(event_target_value(&ev))
            >
                <option value="" selected=true>"Auto-detect"</option>
                {export::import_formats()
                    .into_iter()
                    .map(|(name, label)| view! { <option value=name>{label}</option> })
                    .collect_view()}
            </select>
        </div>
    }
}

/// What the import understood (or why it failed), and a preview of the request.
#[component]
fn ImportResult(builder: Builder, result: Memo<ImportView>) -> impl IntoView {
    let understood = move || match result.get() {
        ImportView::Understood(u) => Some(u),
        _ => None,
    };
    let failure = move || match result.get() {
        ImportView::Failed { code, message } => Some(format!("{code}: {message}")),
        _ => None,
    };
    let preview = Signal::derive(move || {
        understood()
            .map(|u| export::highlight(&u.text, "json"))
            .unwrap_or_default()
    });
    view! {
        <p class="call-error" data-testid="import-error" role="alert" hidden=move || failure().is_none()>
            {failure}
        </p>
        <div class="import-result" data-testid="import-summary" hidden=move || understood().is_none()>
            <p class="import-understood" data-testid="import-understood" role="status">
                {move || understood().map(|u| export::summary(&u))}
            </p>
            <dl class="import-facts">
                <dt>"Operation"</dt>
                <dd class="mono" data-testid="import-operation">{move || understood().map(|u| u.operation)}</dd>
                <dt>"Format"</dt>
                <dd class="mono" data-testid="import-detected-format">{move || understood().map(|u| u.format)}</dd>
            </dl>
            <ul class="hint import-notes" data-testid="import-notes">
                {move || understood()
                    .map(|u| u.notes)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|note| view! { <li>{note}</li> })
                    .collect_view()}
            </ul>
            <p class="notice" data-testid="import-target-problem" hidden=move || understood().is_none_or(|u| u.target.is_ok() || sets_the_service(&u, builder))>
                {move || understood().and_then(|u| u.target.err())}
            </p>
            <p class="hint" data-testid="import-sets-service" hidden=move || understood().is_none_or(|u| !sets_the_service(&u, builder))>
                "This is a Cloud Map service: using it sets the service the request is checked against (its name, records, routing and health check)."
            </p>
            <p class="hint" data-testid="import-switch" hidden=move || understood().is_none_or(|u| u.target.is_err() || u.target == Ok(builder))>
                {move || understood()
                    .and_then(|u| u.target.ok())
                    .map(|b| format!("This is a {} request: using it opens the {} builder.", u_op(b), b.label()))}
            </p>
            <pre class="preview mono import-preview" data-testid="import-preview" tabindex="0" aria-label="Imported request JSON">
                <Highlighted tokens=preview/>
            </pre>
        </div>
    }
}

/// What the dialog takes, for the builder it belongs to.
fn import_hint(builder: Builder) -> &'static str {
    if builder == Builder::RegisterInstance {
        "Paste an AWS CLI command (bash, PowerShell or the Windows command prompt), a --cli-input-json or --cli-input-yaml file, the API request JSON, an HTTP request or curl command, or get-instance / list-instances output; get-service output sets the service the request is checked against. Nothing is sent anywhere."
    } else {
        "Paste an AWS CLI command (bash, PowerShell or the Windows command prompt), a --cli-input-json or --cli-input-yaml file, the API request JSON, an HTTP request or curl command, or describe-services / describe-container-instances output. Nothing is sent anywhere."
    }
}

/// Whether the import is a Cloud Map service (get-service output or a CreateService request)
/// opened from the RegisterInstance builder, whose "Checked against" form takes it.
fn sets_the_service(understood: &export::Understood, builder: Builder) -> bool {
    understood.operation == "CreateService" && builder == Builder::RegisterInstance
}

/// What "Use" does with an import: load a builder's request, or set the service.
enum Taken {
    Request(export::Load),
    Service,
}

fn taking(understood: &export::Understood, builder: Builder) -> Option<Taken> {
    if sets_the_service(understood, builder) {
        Some(Taken::Service)
    } else {
        export::load(understood, builder).ok().map(Taken::Request)
    }
}

fn take(shared: Shared, taken: Taken, understood: &export::Understood) {
    match taken {
        Taken::Request(load) => apply(shared, load, understood),
        Taken::Service => set_service(shared, understood),
    }
}

/// Sets the "Checked against" form from an imported service, with an Undo.
fn set_service(shared: Shared, understood: &export::Understood) {
    let Ok(service) = serde_json::from_str::<serde_json::Value>(&understood.text) else {
        return;
    };
    let what = format!(
        "The request is now checked against the service from {}.",
        export::import_format_label(understood.format)
    );
    shared.replace_undoably(&what, || {
        shared.context.update(|c| *c = c.with_service(&service));
    });
}

/// Puts the imported request into its builder, with an Undo, and shows that builder.
fn apply(shared: Shared, load: export::Load, understood: &export::Understood) {
    let what = format!(
        "Imported a {} request from {}.",
        understood.operation,
        export::import_format_label(understood.format)
    );
    shared.replace_undoably(&what, || match load.builder {
        Builder::RegisterInstance => shared.text.set(load.text),
        Builder::ContainerInstance => shared.ci_text.set(load.text),
        Builder::CreateService => shared.placement.update(|p| p.service = load.text),
    });
    if let Some(view) = load.switch_to {
        shared.go(view);
    }
}

fn u_op(builder: Builder) -> &'static str {
    builder.operation().name()
}
