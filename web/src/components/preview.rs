//! The pretty request, read-only, with a Copy button.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen_futures::JsFuture;

use crate::state::request;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CopyState {
    Idle,
    Copied,
    Failed,
}

#[component]
pub fn Preview(text: RwSignal<String>) -> impl IntoView {
    let pretty = Memo::new(move |_| text.with(|t| request::pretty(t)));
    let state = RwSignal::new(CopyState::Idle);
    // Each copy bumps the generation, so an older timer does not hide a newer confirmation.
    let generation = RwSignal::new(0_u32);
    let copy = move |_| {
        let Some(content) = pretty.get_untracked() else {
            return;
        };
        let clipboard = window().navigator().clipboard();
        if clipboard.is_undefined() {
            state.set(CopyState::Failed);
            return;
        }
        let promise = clipboard.write_text(&content);
        generation.update(|g| *g = g.wrapping_add(1));
        let mine = generation.get_untracked();
        spawn_local(async move {
            let outcome = if JsFuture::from(promise).await.is_ok() {
                CopyState::Copied
            } else {
                CopyState::Failed
            };
            state.set(outcome);
            set_timeout(
                move || {
                    if generation.get_untracked() == mine {
                        state.set(CopyState::Idle);
                    }
                },
                Duration::from_secs(3),
            );
        });
    };
    let message = move || match state.get() {
        CopyState::Idle => "",
        CopyState::Copied => "Copied",
        CopyState::Failed => "Copy failed: select the text and copy it",
    };
    view! {
        <section class="panel preview-panel" aria-labelledby="preview-heading">
            <div class="panel-head">
                <h2 id="preview-heading">"Request preview"</h2>
                <div class="copy">
                    <span
                        class="copy-status"
                        class:copy-failed=move || state.get() == CopyState::Failed
                        data-testid="copy-status"
                        role="status"
                        aria-live="polite"
                    >
                        {message}
                    </span>
                    <button
                        type="button"
                        class="button"
                        data-testid="copy-request"
                        disabled=move || pretty.with(Option::is_none)
                        on:click=copy
                    >
                        "Copy"
                    </button>
                </div>
            </div>
            <pre class="preview mono" data-testid="preview" tabindex="0" aria-label="Request preview">
                {move || pretty.get().unwrap_or_else(|| "The request is not valid JSON yet; fix it in the editor to preview it.".to_owned())}
            </pre>
        </section>
    }
}
