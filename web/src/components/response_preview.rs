//! What RegisterInstance would answer for the builder's request against the registry: the
//! OperationId or the error, create or update, the DNS record changes and the health check.

use leptos::prelude::*;
use muster_core::cloudmap::preview::Preview;

use super::dns_query::dns_text;

/// The preview, or why there is none.
pub type PreviewMemo = Memo<Result<Preview, String>>;

#[component]
pub fn ResponsePreview(preview: PreviewMemo) -> impl IntoView {
    let failed = move || preview.with(|p| p.as_ref().err().cloned());
    let ok = move || preview.with(|p| p.as_ref().ok().cloned());
    view! {
        <section class="panel response-panel" aria-labelledby="response-heading" data-testid="response-preview">
            <div class="panel-head">
                <h2 id="response-heading">"Response preview"</h2>
            </div>
            <p class="hint">"What RegisterInstance would return for the builder's current request against these instances."</p>
            {move || failed().map(|message| view! { <p class="call-error" role="alert">{message}</p> })}
            {move || ok().map(|p| view! { <PreviewBody preview=p/> })}
        </section>
    }
}

#[component]
fn PreviewBody(preview: Preview) -> impl IntoView {
    let Preview {
        response,
        error,
        change,
        records,
        health_check,
        notes,
        ..
    } = preview;
    let outcome = match (response, error) {
        (_, Some(error)) => view! {
            <div class="api-result api-error" data-testid="preview-error" data-code=error.code>
                <span class="code">{error.code}</span>
                " "
                <span class="message">{error.message}</span>
            </div>
        }
        .into_any(),
        (Some(response), None) => {
            let change = change.unwrap_or("create");
            let what = match change {
                "update" => "Updates a registered instance",
                "retry" => "Repeats an earlier registration: nothing changes",
                _ => "Creates a new instance",
            };
            view! {
                <dl class="api-result api-ok">
                    <dt>"HTTP 200"</dt>
                    <dd>
                        "OperationId "
                        <code data-testid="preview-operation-id">{response.operation_id}</code>
                    </dd>
                    <dt>"Change"</dt>
                    <dd data-testid="preview-change" data-change=change>{what}</dd>
                </dl>
            }
            .into_any()
        }
        (None, None) => ().into_any(),
    };
    let has_records = !records.is_empty();
    let record_rows = records
        .into_iter()
        .map(|r| {
            view! {
                <tr data-testid="preview-record" data-action=r.action>
                    <td><span class=format!("action action-{}", r.action)>{r.action}</span></td>
                    <td class="mono rec-name">{dns_text(&r.name)}</td>
                    <td class="mono">{r.record_type}</td>
                    // An alias record has no TTL of its own: Route 53 uses the load balancer's.
                    <td class="mono num">{r.ttl.map_or_else(|| "alias".to_owned(), |ttl| ttl.to_string())}</td>
                    <td class="mono rec-data">{dns_text(&r.value)}</td>
                </tr>
            }
        })
        .collect_view();
    let health = health_check.map(|h| {
        let target = if h.endpoint.is_empty() {
            "your own checker reports it (UpdateInstanceCustomHealthStatus)".to_owned()
        } else {
            format!(
                "probes {}{}",
                h.endpoint,
                h.resource_path.clone().unwrap_or_default()
            )
        };
        view! {
            <p class="preview-health" data-testid="preview-health" data-action=h.action>
                <span class=format!("action action-{}", h.action)>{h.action}</span>
                " "
                {format!(
                    "{} health check: {target}; failure threshold {}; starts {}.",
                    h.check_type, h.failure_threshold, h.initial_status
                )}
            </p>
        }
    });
    let note_items = notes
        .into_iter()
        .map(|n| view! { <li>{n}</li> })
        .collect_view();
    view! {
        {outcome}
        <div class="table-wrap" tabindex="0" role="region" aria-label="DNS record changes" hidden=!has_records>
            <table class="records-table" data-testid="preview-records">
                <caption>"DNS record changes"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Action"</th>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Type"</th>
                        <th scope="col">"TTL"</th>
                        <th scope="col">"Value"</th>
                    </tr>
                </thead>
                <tbody>{record_rows}</tbody>
            </table>
        </div>
        {health}
        <ul class="notes" data-testid="preview-notes">{note_items}</ul>
    }
}
