//! What RegisterContainerInstance would return for the request against the shared cluster (run
//! on a copy), and the Register button that sends it for real.

use leptos::prelude::*;
use muster_core::ecs::{ApiError, Outcome};
use serde_json::Value;

use super::lines::LineList;
use crate::state::cluster::{self, Cluster};
use crate::state::display::{self, ResponseView};
use crate::state::View;

/// The preview: the response or the API error; a message when the text is not JSON.
pub type CiPreviewMemo = Memo<Result<Result<Outcome, ApiError>, String>>;

#[component]
pub fn CiResponse(
    text: RwSignal<String>,
    cluster: RwSignal<Cluster>,
    preview: CiPreviewMemo,
) -> impl IntoView {
    let registered = RwSignal::new(None::<String>);
    let target = move || {
        cluster.with(|c| {
            format!(
                "Against the cluster {} ({} in {}), without registering: the call runs on a copy.",
                c.state.cluster_name,
                match c.state.container_instances.len() {
                    1 => "1 instance".to_owned(),
                    n => format!("{n} instances"),
                },
                c.state.region
            )
        })
    };
    let register = move |_| {
        let mut id = None;
        text.with_untracked(|t| {
            cluster.update(|c| {
                if c.register(t).is_ok() {
                    id = c.arns().pop();
                }
            });
        });
        registered.set(id.map(|arn| cluster::short_id(&arn).to_owned()));
    };
    let body = move || {
        preview.with(|p| match p {
            Err(message) => view! { <p class="call-error" role="alert">{message.clone()}</p> }.into_any(),
            Ok(Err(error)) => view! {
                <div class="api-result api-error" data-testid="ci-preview-error" data-code=error.error_type.clone()>
                    <span class="code">{error.error_type.clone()}</span>
                    " "
                    <span class="message">{error.message.clone()}</span>
                </div>
            }
            .into_any(),
            Ok(Ok(outcome)) => {
                let request = text.with_untracked(|t| serde_json::from_str(t).unwrap_or(Value::Null));
                let response = display::response_view(&outcome.response, &request);
                view! { <InstanceResponse response=response/> }.into_any()
            }
        })
    };
    view! {
        <section class="panel response-panel" aria-labelledby="ci-response-heading" data-testid="ci-response">
            <div class="panel-head">
                <h2 id="ci-response-heading">"Response preview"</h2>
                <button
                    type="button"
                    class="button button-primary"
                    data-testid="ci-register"
                    disabled=move || !preview.with(|p| matches!(p, Ok(Ok(_))))
                    on:click=register
                >
                    "Register"
                </button>
            </div>
            <p class="hint">{target}</p>
            <p class="api-result registered" role="status" data-testid="ci-registered" hidden=move || registered.with(Option::is_none)>
                "Registered "
                <code>{move || registered.get()}</code>
                ". See it in the "
                <a href=View::Cluster.hash()>"Cluster view"</a>
                "; registering again adds another instance."
            </p>
            {body}
        </section>
    }
}

/// The containerInstance of a response: identity, resources and attributes.
#[component]
pub fn InstanceResponse(response: ResponseView) -> impl IntoView {
    let ResponseView {
        arn,
        facts,
        resources,
        attributes,
        name_only,
        json,
    } = response;
    view! {
        <div class="api-result" data-testid="ci-preview-ok">
            <strong>"HTTP 200 "</strong>
            <code data-testid="ci-preview-arn">{arn}</code>
        </div>
        <LineList lines=facts class="attr-summary" label="Instance"/>
        <div class="table-wrap" tabindex="0" role="region" aria-label="Registered resources">
            <table class="records-table" data-testid="ci-preview-resources">
                <caption>"registeredResources (remainingResources start the same)"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Type"</th>
                        <th scope="col">"Value"</th>
                    </tr>
                </thead>
                <tbody>
                    {resources
                        .into_iter()
                        .map(|[name, kind, amount]| view! {
                            <tr>
                                <td class="mono">{name}</td>
                                <td class="mono">{kind}</td>
                                <td class="mono rec-data">{amount}</td>
                            </tr>
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
        <h3 class="sub-heading">"Attributes"</h3>
        <p class="hint">
            <span class="added-key">"Highlighted"</span>
            {format!(": added by ECS from the identity document. Not shown: {name_only} name-only capability attributes.")}
        </p>
        <LineList lines=attributes class="attr-summary response-attributes" label="Attributes"/>
        <details class="dig">
            <summary>"Response JSON"</summary>
            <pre class="preview mono" data-testid="ci-preview-json" tabindex="0">{json}</pre>
        </details>
    }
}
