//! The export panel of a request builder: a format picker, Region and endpoint, the output with
//! colours, its notes, Copy and Download. A request with errors is exported only after an
//! explicit "Export anyway".

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use muster_core::{CallError, Report};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::state::export::{self, Blocker, Builder, ExportSettings, ExportView, Exported, Token};

/// Text coloured by [`export::highlight`]: one text node per run, never markup.
#[component]
pub fn Highlighted(#[prop(into)] tokens: Signal<Vec<Token>>) -> impl IntoView {
    move || {
        tokens
            .get()
            .into_iter()
            .map(|t| view! { <span class=t.kind.class()>{t.text}</span> })
            .collect_view()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Feedback {
    Idle,
    Copied,
    CopyFailed,
    Downloaded,
    DownloadFailed,
}

impl Feedback {
    fn message(self) -> &'static str {
        match self {
            Feedback::Idle => "",
            Feedback::Copied => "Copied",
            Feedback::CopyFailed => "Copy failed: select the text and copy it",
            Feedback::Downloaded => "Downloaded",
            Feedback::DownloadFailed => "Download failed: copy the text instead",
        }
    }

    fn failed(self) -> bool {
        matches!(self, Feedback::CopyFailed | Feedback::DownloadFailed)
    }
}

#[component]
pub fn ExportPanel(
    builder: Builder,
    #[prop(into)] text: Signal<String>,
    checked: Memo<Result<Report, CallError>>,
) -> impl IntoView {
    let heading_id = format!("{}-export-heading", builder.slug());
    let settings = RwSignal::new(ExportSettings::default());
    let result = Memo::new(move |_| {
        let settings = settings.get();
        checked.with(|c| text.with(|t| export::export(builder, t, c.as_ref().ok(), &settings)))
    });
    let exported = move || match result.get() {
        ExportView::Ready { exported, .. } => Some(exported),
        _ => None,
    };
    let errors = move || match result.get() {
        ExportView::Blocked { errors } | ExportView::Ready { errors, .. } => errors,
        ExportView::Failed { .. } => Vec::new(),
    };
    let failure = move || match result.get() {
        ExportView::Failed { code, message } => Some(format!("{code}: {message}")),
        _ => None,
    };
    let tokens = Signal::derive(move || {
        exported()
            .map(|e| export::highlight(&e.text, e.format))
            .unwrap_or_default()
    });

    let feedback = RwSignal::new(Feedback::Idle);
    // Each action bumps the generation, so an older timer does not clear a newer message.
    let generation = RwSignal::new(0_u32);
    let show = move |next: Feedback| {
        feedback.set(next);
        generation.update(|g| *g = g.wrapping_add(1));
        let mine = generation.get_untracked();
        set_timeout(
            move || {
                if generation.get_untracked() == mine {
                    feedback.set(Feedback::Idle);
                }
            },
            Duration::from_secs(3),
        );
    };
    let copy = move |_| {
        let Some(content) = exported().map(|e| e.text) else {
            return;
        };
        let clipboard = window().navigator().clipboard();
        if clipboard.is_undefined() {
            show(Feedback::CopyFailed);
            return;
        }
        let promise = clipboard.write_text(&content);
        spawn_local(async move {
            show(if JsFuture::from(promise).await.is_ok() {
                Feedback::Copied
            } else {
                Feedback::CopyFailed
            });
        });
    };
    let download = move |_| {
        let Some(e) = exported() else {
            return;
        };
        show(if save_file(&e.filename, &e.text).is_ok() {
            Feedback::Downloaded
        } else {
            Feedback::DownloadFailed
        });
    };
    let labelledby = heading_id.clone();

    view! {
        <section class="panel export-panel" aria-labelledby=labelledby data-testid="export-panel">
            <div class="panel-head">
                <h2 id=heading_id>"Export"</h2>
                <div class="copy">
                    <span
                        class="copy-status"
                        class:copy-failed=move || feedback.get().failed()
                        data-testid="export-feedback"
                        role="status"
                        aria-live="polite"
                    >
                        {move || feedback.get().message()}
                    </span>
                    <button type="button" class="button" data-testid="export-copy" disabled=move || exported().is_none() on:click=copy>
                        "Copy"
                    </button>
                    <button type="button" class="button" data-testid="export-download" disabled=move || exported().is_none() on:click=download>
                        "Download"
                    </button>
                </div>
            </div>
            <ExportOptions builder=builder settings=settings/>
            <ExportWarning errors=Signal::derive(errors) settings=settings/>
            <p class="call-error" data-testid="export-error" role="alert" hidden=move || failure().is_none()>
                {failure}
            </p>
            <ExportOutput exported=Signal::derive(exported) tokens=tokens/>
        </section>
    }
}

/// The format picker, Region and endpoint.
#[component]
fn ExportOptions(builder: Builder, settings: RwSignal<ExportSettings>) -> impl IntoView {
    let slug = builder.slug();
    let format_id = format!("{slug}-export-format");
    let region_id = format!("{slug}-export-region");
    let endpoint_id = format!("{slug}-export-endpoint");
    let (format_for, region_for, endpoint_for) =
        (format_id.clone(), region_id.clone(), endpoint_id.clone());
    let choices = export::format_choices(builder);
    view! {
        <div class="export-options">
            <div class="field">
                <label for=format_for>"Format"</label>
                <select
                    id=format_id
                    data-testid="export-format"
                    prop:value=move || settings.with(|s| s.format.clone())
                    on:change=move |ev| {
                        let format = event_target_value(&ev);
                        settings.update(|s| s.format = format);
                    }
                >
                    {choices
                        .into_iter()
                        .map(|c| {
                            let label = match &c.unsupported {
                                Some(reason) => format!("{} — not available: {reason}", c.label),
                                None => c.label.to_owned(),
                            };
                            view! {
                                <option value=c.name disabled=c.unsupported.is_some() selected=c.name == export::DEFAULT_FORMAT>
                                    {label}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <label for=region_for>"Region"</label>
                <input
                    type="text"
                    id=region_id
                    class="mono"
                    data-testid="export-region"
                    placeholder="us-east-1"
                    spellcheck="false"
                    autocomplete="off"
                    prop:value=move || settings.with(|s| s.region.clone())
                    on:input=move |ev| {
                        let region = event_target_value(&ev);
                        settings.update(|s| s.region = region);
                    }
                />
            </div>
            <div class="field">
                <label for=endpoint_for>"Endpoint URL"</label>
                <input
                    type="text"
                    id=endpoint_id
                    class="mono"
                    data-testid="export-endpoint"
                    placeholder="the AWS endpoint"
                    spellcheck="false"
                    autocomplete="off"
                    prop:value=move || settings.with(|s| s.endpoint_url.clone())
                    on:input=move |ev| {
                        let endpoint = event_target_value(&ev);
                        settings.update(|s| s.endpoint_url = endpoint);
                    }
                />
            </div>
        </div>
    }
}

/// The errors that hold the export back, and "Export anyway".
#[component]
fn ExportWarning(
    errors: Signal<Vec<Blocker>>,
    settings: RwSignal<ExportSettings>,
) -> impl IntoView {
    view! {
        <div class="notice export-warning" data-testid="export-warning" hidden=move || errors.with(Vec::is_empty)>
            <p class="export-warning-text">
                {move || export::warning_text(errors.with(Vec::len), settings.with(|s| s.allow_invalid))}
            </p>
            <ul class="export-errors" data-testid="export-errors">
                {move || errors
                    .get()
                    .into_iter()
                    .map(|b| view! { <li data-testid="export-error-item" data-code=b.code>{b.line()}</li> })
                    .collect_view()}
            </ul>
            <button
                type="button"
                class="button button-small"
                data-testid="export-anyway"
                hidden=move || settings.with(|s| s.allow_invalid)
                on:click=move |_| settings.update(|s| s.allow_invalid = true)
            >
                "Export anyway"
            </button>
        </div>
    }
}

/// The file name, the coloured text and the notes.
#[component]
fn ExportOutput(exported: Signal<Option<Exported>>, tokens: Signal<Vec<Token>>) -> impl IntoView {
    view! {
        <div class="export-result" hidden=move || exported.with(Option::is_none)>
            <p class="hint export-filename">
                "File: " <code data-testid="export-filename">{move || exported.get().map(|e| e.filename)}</code>
            </p>
            <pre class="preview mono export-output" data-testid="export-output" tabindex="0" aria-label="Exported request">
                <Highlighted tokens=tokens/>
            </pre>
            <ul class="export-notes hint" data-testid="export-notes">
                {move || exported
                    .get()
                    .map(|e| e.notes)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|note| view! { <li>{note}</li> })
                    .collect_view()}
            </ul>
        </div>
    }
}

/// Saves `text` as a file named `filename`: a Blob, an object URL and a temporary `<a download>`.
pub(crate) fn save_file(filename: &str, text: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/plain;charset=utf-8");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let anchor: web_sys::HtmlAnchorElement = document().create_element("a")?.dyn_into()?;
    anchor.set_href(&url);
    anchor.set_download(filename);
    anchor.set_hidden(true);
    let body = document()
        .body()
        .ok_or_else(|| JsValue::from_str("no body"))?;
    body.append_child(&anchor)?;
    anchor.click();
    anchor.remove();
    // The download has started by the time the timer fires; the URL is only needed until then.
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        Duration::from_secs(10),
    );
    Ok(())
}
