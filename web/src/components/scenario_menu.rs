//! The header's Scenario menu (share link, export and import of a scenario file, examples,
//! start over) and the notices under the header that report loads and problems, each load
//! with an Undo.

use leptos::ev;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::export_panel::save_file;
use super::file_drop::FileDrop;
use super::scenario_sync::{dismiss, load, notify, Notices};
use crate::app::Shared;
use crate::state::examples::EXAMPLES;
use crate::state::scenario::{encode_link, link_hash, NoticeKind, Scenario, MAX_BYTES};
use crate::state::source::{self, Loaded};

/// The file name of an exported scenario.
const FILE_NAME: &str = "muster-scenario.json";

#[component]
pub fn ScenarioMenu(shared: Shared, notices: Notices) -> impl IntoView {
    let details = NodeRef::<html::Details>::new();
    let summary = NodeRef::<html::Summary>::new();
    let close = move || {
        if let Some(d) = details.get_untracked() {
            let _ = d.remove_attribute("open");
        }
    };
    let load_example = move |index: usize| {
        let Some(example) = EXAMPLES.get(index).copied() else {
            return;
        };
        close();
        load(
            shared,
            notices,
            Loaded::Scenario(Box::new(example.scenario())),
            format!("Loaded the example “{}”.", example.title),
        );
        shared.go(example.view);
    };
    let reset = move |_| {
        close();
        load(
            shared,
            notices,
            Loaded::Scenario(Box::default()),
            "Started over from the defaults.".to_owned(),
        );
    };
    view! {
        <details
            class="scenario-menu"
            data-testid="scenario-menu"
            node_ref=details
            on:keydown=move |ev: ev::KeyboardEvent| {
                // Escape closes the menu and returns focus to its button, as a menu should.
                if ev.key() == "Escape" && details.get_untracked().is_some_and(|d| d.open()) {
                    close();
                    if let Some(summary) = summary.get_untracked() {
                        let _ = summary.focus();
                    }
                }
            }
        >
            <summary class="button button-small" data-testid="scenario-menu-open" node_ref=summary>"Scenario"</summary>
            <div class="scenario-panel">
                <p class="hint">
                    "Everything you enter is saved in this browser as you type. Share it, keep it in a file, or start from an example."
                </p>
                <ShareLink shared=shared/>
                <ScenarioFile shared=shared notices=notices close=close/>
                <section class="scenario-section" aria-labelledby="scenario-examples-heading">
                    <h2 id="scenario-examples-heading" class="scenario-heading">"Examples"</h2>
                    <ul class="scenario-examples">
                        {EXAMPLES
                            .iter()
                            .enumerate()
                            .map(|(index, example)| {
                                view! {
                                    <li>
                                        <button
                                            type="button"
                                            class="scenario-example"
                                            data-testid=format!("example-{}", example.slug)
                                            on:click=move |_| load_example(index)
                                        >
                                            <span class="scenario-example-title">{example.title}</span>
                                            <span class="hint">{example.summary}</span>
                                        </button>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </section>
                <button type="button" class="button button-quiet button-small" data-testid="scenario-reset" on:click=reset>
                    "Start over"
                </button>
            </div>
        </details>
    }
}

/// "Copy share link": the scenario in the URL's hash, copied and shown to copy by hand.
#[component]
fn ShareLink(shared: Shared) -> impl IntoView {
    let link = RwSignal::new(None::<String>);
    let status = RwSignal::new(String::new());
    let share = move |_| {
        let payload = encode_link(&shared.snapshot());
        let location = window().location();
        let url = format!(
            "{}{}{}",
            location.origin().unwrap_or_default(),
            location.pathname().unwrap_or_default(),
            link_hash(shared.view.get_untracked().slug(), &payload)
        );
        link.set(Some(url.clone()));
        let clipboard = window().navigator().clipboard();
        if clipboard.is_undefined() {
            status.set("Copy the link below.".into());
            return;
        }
        let promise = clipboard.write_text(&url);
        spawn_local(async move {
            status.set(if JsFuture::from(promise).await.is_ok() {
                format!("Copied a link of {} characters.", url.len())
            } else {
                "Copy the link below.".into()
            });
        });
    };
    view! {
        <section class="scenario-section" aria-labelledby="scenario-share-heading">
            <h2 id="scenario-share-heading" class="scenario-heading">"Share"</h2>
            <p class="hint">"The link holds the whole scenario, compressed; nothing is uploaded."</p>
            <button type="button" class="button button-small" data-testid="scenario-share" on:click=share>
                "Copy share link"
            </button>
            <span class="hint" role="status" data-testid="scenario-share-status">{move || status.get()}</span>
            <input
                type="text"
                readonly=true
                class="mono scenario-link"
                aria-label="Share link"
                data-testid="scenario-share-link"
                hidden=move || link.with(Option::is_none)
                prop:value=move || link.get().unwrap_or_default()
                on:focus=|ev: ev::FocusEvent| {
                    if let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                        input.select();
                    }
                }
            />
        </section>
    }
}

/// Export to a JSON file; import one by choosing or dropping it.
#[component]
fn ScenarioFile(
    shared: Shared,
    notices: Notices,
    close: impl Fn() + Copy + 'static,
) -> impl IntoView {
    let export = move |_| {
        let text = shared.snapshot().to_pretty();
        if save_file(FILE_NAME, &text).is_err() {
            notify(
                notices,
                NoticeKind::Problem,
                "The download did not start; use the share link instead.".into(),
                None,
            );
        }
    };
    let read_file = move |file: web_sys::File| {
        let name = file.name();
        close();
        #[allow(clippy::cast_precision_loss)]
        if file.size() > MAX_BYTES as f64 {
            notify(
                notices,
                NoticeKind::Problem,
                format!("Could not import {name}: it is larger than 1 MiB."),
                None,
            );
            return;
        }
        spawn_local(async move {
            let text = JsFuture::from(file.text())
                .await
                .ok()
                .and_then(|t| t.as_string());
            match text
                .ok_or_else(|| "the browser could not read it.".to_owned())
                .and_then(|t| source::read_text(&t))
            {
                Ok(loaded) => {
                    let done = loaded.done_text(&name);
                    let view = match &loaded {
                        Loaded::Scenario(_) => None,
                        Loaded::Request(l) => l.switch_to,
                    };
                    load(shared, notices, loaded, done);
                    if let Some(view) = view {
                        shared.go(view);
                    }
                }
                Err(problem) => {
                    notify(
                        notices,
                        NoticeKind::Problem,
                        format!("Could not import {name}: {problem}"),
                        None,
                    );
                }
            }
        });
    };
    view! {
        <section class="scenario-section" aria-labelledby="scenario-file-heading">
            <h2 id="scenario-file-heading" class="scenario-heading">"File"</h2>
            <button type="button" class="button button-small" data-testid="scenario-export" on:click=export>
                "Export scenario"
            </button>
            <FileDrop
                prompt="Drop a scenario or request file here, or"
                class="scenario-drop"
                testid="scenario-drop"
                input_id="scenario-import-file".to_owned()
                input_testid="scenario-import-file"
                accept=".json,application/json"
                on_file=read_file
            />
        </section>
    }
}

/// The notices: what was loaded (with Undo), what went wrong, what is loading.
#[component]
pub fn ScenarioNotices(shared: Shared, notices: Notices) -> impl IntoView {
    let undo = move |id: u64| {
        let previous = notices.with_untracked(|list| {
            list.iter()
                .find(|n| n.id == id)
                .and_then(|n| n.undo.clone())
        });
        dismiss(notices, id);
        if let Some(previous) = previous {
            shared.apply(*previous);
            notify(
                notices,
                NoticeKind::Done,
                "Put back the scenario you had before.".into(),
                None::<Scenario>,
            );
        }
    };
    view! {
        <div class="scenario-notices" data-testid="scenario-notices" role="status" aria-live="polite">
            <For
                each=move || notices.get()
                key=|n| n.id
                let(notice)
            >
                {
                    let id = notice.id;
                    let has_undo = notice.undo.is_some();
                    view! {
                        <div
                            class=format!("scenario-notice scenario-notice-{}", notice.kind.slug())
                            data-testid="scenario-notice"
                            data-kind=notice.kind.slug()
                        >
                            <p class="scenario-notice-text" data-testid="scenario-notice-text">{notice.text}</p>
                            {has_undo.then(|| view! {
                                <button type="button" class="button button-small" data-testid="scenario-undo" on:click=move |_| undo(id)>
                                    "Undo"
                                </button>
                            })}
                            <button
                                type="button"
                                class="button button-quiet button-small"
                                data-testid="scenario-dismiss"
                                aria-label="Dismiss"
                                on:click=move |_| dismiss(notices, id)
                            >
                                "×"
                            </button>
                        </div>
                    }
                }
            </For>
        </div>
    }
}
