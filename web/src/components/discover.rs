//! DiscoverInstances against the registry: the health filter, MaxResults and parameters in;
//! the response JSON or the API error out.

use leptos::prelude::*;
use muster_core::api::Discovery;

use crate::state::simulate::{DiscoverForm, HEALTH_FILTERS};

/// The request the form builds, and the call's result; either may be a message instead.
pub type DiscoverMemo = Memo<(Result<String, String>, Result<Discovery, String>)>;

#[component]
pub fn DiscoverPanel(form: RwSignal<DiscoverForm>, result: DiscoverMemo) -> impl IntoView {
    let request = move || result.with(|(r, _)| r.clone());
    let outcome = move || result.with(|(_, o)| o.clone());
    let textarea = move |slug: &'static str,
                         label: &'static str,
                         get: fn(&DiscoverForm) -> String,
                         set: fn(&mut DiscoverForm, String)| {
        let id = format!("disc-{slug}");
        view! {
            <div class="field">
                <label for=id.clone()>{label}</label>
                <textarea
                    id=id.clone()
                    class="mono small-textarea"
                    data-testid=id
                    rows="2"
                    spellcheck="false"
                    placeholder="key=value"
                    prop:value=move || form.with(get)
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        form.update(|f| set(f, text));
                    }
                ></textarea>
            </div>
        }
    };
    view! {
        <section class="panel discover-panel" aria-labelledby="disc-heading">
            <div class="panel-head">
                <h2 id="disc-heading">"DiscoverInstances"</h2>
            </div>
            <p class="hint">"The API lookup clients use instead of DNS, for the same service. NamespaceName and ServiceName come from the service."</p>
            <div class="disc-grid">
                <div class="field">
                    <label for="disc-health">"HealthStatus"</label>
                    <select
                        id="disc-health"
                        data-testid="disc-health"
                        on:change=move |ev| {
                            let text = event_target_value(&ev);
                            form.update(|f| f.set_health(&text));
                        }
                    >
                        {HEALTH_FILTERS
                            .into_iter()
                            .map(|h| {
                                let label = if h.is_empty() { "(not given: HEALTHY)" } else { h };
                                view! { <option value=h prop:selected=move || form.with(|f| f.health == h)>{label}</option> }
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="disc-max">"MaxResults"</label>
                    <input
                        id="disc-max"
                        type="text"
                        inputmode="numeric"
                        class="mono"
                        data-testid="disc-max"
                        autocomplete="off"
                        placeholder="100"
                        prop:value=move || form.with(|f| f.max_results.clone())
                        on:input=move |ev| {
                            let text = event_target_value(&ev);
                            form.update(|f| f.max_results = text);
                        }
                    />
                </div>
                {textarea("query", "QueryParameters", |f| f.query_parameters.clone(), |f, t| f.query_parameters = t)}
                {textarea("optional", "OptionalParameters", |f| f.optional_parameters.clone(), |f, t| f.optional_parameters = t)}
            </div>
            <details class="context-json">
                <summary>"Request JSON"</summary>
                <pre data-testid="disc-request" tabindex="0" aria-label="DiscoverInstances request">
                    {move || request().unwrap_or_else(|e| e)}
                </pre>
            </details>
            {move || match outcome() {
                Err(message) => view! { <p class="call-error" role="alert" data-testid="disc-error">{message}</p> }.into_any(),
                Ok(discovery) => view! { <DiscoverResult discovery=discovery/> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn DiscoverResult(discovery: Discovery) -> impl IntoView {
    let notes = (!discovery.notes.is_empty()).then(|| {
        let items = discovery
            .notes
            .into_iter()
            .map(|note| view! { <li>{note}</li> })
            .collect_view();
        view! { <ul class="notes" data-testid="disc-notes">{items}</ul> }
    });
    let result = match (discovery.response, discovery.error) {
        (_, Some(error)) => view! {
            <div class="api-result api-error" data-testid="disc-api-error" data-code=error.code>
                <span class="code">{error.code}</span>
                " "
                <span class="message">{error.message}</span>
            </div>
        }
        .into_any(),
        (Some(response), None) => {
            let count = response.instances.len();
            let json = serde_json::to_string_pretty(&response).unwrap_or_default();
            view! {
                <p class="dist-summary" data-testid="disc-count" data-count=count.to_string()>
                    {format!("HTTP 200 · {}", muster_core::text::count(count, "instance", "instances"))}
                </p>
                <pre class="preview mono" data-testid="disc-response" tabindex="0" aria-label="DiscoverInstances response">{json}</pre>
            }
            .into_any()
        }
        (None, None) => ().into_any(),
    };
    view! { {result} {notes} }
}
