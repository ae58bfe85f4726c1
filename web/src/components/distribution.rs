//! How often each instance is answered over many queries: one CSS bar per instance, so
//! MULTIVALUE (every healthy instance in every answer) and WEIGHTED (one per answer) can be
//! compared. Bar widths are set through the CSSOM (`style:width`), which the page's CSP allows.

use leptos::prelude::*;
use muster_core::api::Distribution;
use muster_core::text::grouped;

use crate::state::context::{ContextForm, Routing};
use crate::state::simulate::{self, Bar};

/// The distribution, or why there is none.
pub type DistributionMemo = Memo<Result<Distribution, String>>;

#[component]
pub fn DistributionPanel(
    context: RwSignal<ContextForm>,
    queries: RwSignal<String>,
    result: DistributionMemo,
    /// What is asked, like `myservice.example.local A`.
    asked: Signal<String>,
) -> impl IntoView {
    let queries_error = move || queries.with(|q| simulate::parse_queries(q).err());
    let failed = move || result.with(|r| r.as_ref().err().cloned());
    let bars = move || result.with(|r| r.as_ref().map(simulate::bars).unwrap_or_default());
    let summary = move || {
        result.with(|r| {
            r.as_ref().ok().map(|d| {
                let empty = if d.empty_answers == 0 {
                    String::new()
                } else {
                    format!(" {} had an empty answer.", grouped(d.empty_answers))
                };
                format!(
                    "{} queries of {}, one seed each from the query's seed on.{empty}",
                    grouped(d.queries),
                    asked.get()
                )
            })
        })
    };
    let routing_hint = move || {
        match context.with(|c| c.routing) {
        Routing::Multivalue => "MULTIVALUE: each answer holds up to 8 healthy records, so with 8 or fewer every healthy instance is in 100% of answers.",
        Routing::Weighted => "WEIGHTED: each answer holds one healthy record picked at random, so the shares split the queries.",
    }
    };
    view! {
        <section class="panel distribution-panel" aria-labelledby="dist-heading">
            <div class="panel-head">
                <h2 id="dist-heading">"Answer distribution"</h2>
            </div>
            <div class="dist-controls">
                <div class="field dist-queries">
                    <label for="dist-queries">"Queries"</label>
                    <input
                        id="dist-queries"
                        type="text"
                        inputmode="numeric"
                        class="mono"
                        data-testid="dist-queries"
                        autocomplete="off"
                        aria-invalid=move || queries_error().map(|_| "true")
                        aria-describedby="dist-queries-error"
                        prop:value=move || queries.get()
                        on:input=move |ev| queries.set(event_target_value(&ev))
                    />
                </div>
                <fieldset class="segmented" disabled=move || !context.with(ContextForm::has_dns)>
                    <legend>"Routing policy"</legend>
                    <div class="segments">
                        {Routing::ALL
                            .into_iter()
                            .map(|routing| {
                                view! {
                                    <label class="segment">
                                        <input
                                            type="radio"
                                            name="dist-routing"
                                            value=routing.value()
                                            data-testid=format!("dist-routing-{}", routing.value())
                                            prop:checked=move || context.with(|c| c.routing == routing)
                                            on:change=move |_| context.update(|c| c.routing = routing)
                                        />
                                        <span>{routing.label()}</span>
                                    </label>
                                }
                            })
                            .collect_view()}
                    </div>
                </fieldset>
            </div>
            <p class="row-error" id="dist-queries-error" role="alert" data-testid="dist-error" hidden=move || queries_error().is_none()>
                {queries_error}
            </p>
            <p class="hint">{routing_hint}</p>
            {move || failed().map(|message| view! { <p class="call-error" role="alert">{message}</p> })}
            <p class="dist-summary" data-testid="dist-summary" aria-live="polite">{summary}</p>
            <p class="empty" hidden=move || !bars().is_empty() || failed().is_some()>
                "No registered instances to answer with."
            </p>
            <ul class="bars" data-testid="dist-bars" aria-label="Answers per instance">
                {move || bars().into_iter().map(|bar| view! { <BarRow bar=bar/> }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn BarRow(bar: Bar) -> impl IntoView {
    let width = bar.width();
    let share = bar.share_text();
    let count = grouped(bar.count);
    let id = bar.instance_id.clone();
    let label = format!(
        "{}: in {count} answers, {share}{}",
        bar.instance_id,
        if bar.unhealthy { ", unhealthy" } else { "" }
    );
    view! {
        <li
            class="bar-row"
            class:bar-unhealthy=bar.unhealthy
            data-testid="dist-bar"
            data-instance-id=id
            data-count=bar.count.to_string()
            data-health=bar.health
            aria-label=label
        >
            <span class="bar-label">
                <code class="instance-id">{bar.instance_id}</code>
                {bar.unhealthy.then(|| view! { <span class="unhealthy-tag">"UNHEALTHY"</span> })}
            </span>
            <span class="bar-track" aria-hidden="true">
                <span class="bar-fill" style:width=width></span>
            </span>
            <span class="bar-value mono" aria-hidden="true">
                <span data-testid="dist-count">{count}</span>
                " · "
                {share}
            </span>
        </li>
    }
}
