//! The DNS query box: name, type and seed in; rcode, the record sections, notes and the dig
//! text out.

use leptos::prelude::*;
use muster_core::api::DnsSimulation;
use muster_core::cloudmap::dns::Record;

use crate::state::simulate::{self, QueryForm, QUERY_TYPES};

/// A DNS name (or record data holding names) that may wrap after each dot, never inside a label.
pub fn dns_text(text: &str) -> impl IntoView {
    text.split_inclusive('.')
        .map(|part| view! { {part.to_owned()}<wbr/> })
        .collect_view()
}

/// The simulated answer, or why there is none.
pub type DnsMemo = Memo<Result<DnsSimulation, String>>;

#[component]
pub fn QueryPanel(
    query: RwSignal<QueryForm>,
    fqdn: Memo<String>,
    result: DnsMemo,
) -> impl IntoView {
    let failed = move || result.with(|r| r.as_ref().err().cloned());
    let ok = move || result.with(|r| r.as_ref().ok().cloned());
    view! {
        <section class="panel dns-panel" aria-labelledby="dns-heading">
            <div class="panel-head">
                <h2 id="dns-heading">"DNS query"</h2>
            </div>
            <QueryInputs query=query fqdn=fqdn/>
            {move || failed().map(|message| view! { <p class="call-error" role="alert" data-testid="dns-error">{message}</p> })}
            {move || ok().map(|r| view! { <Answer result=r/> })}
        </section>
    }
}

/// The name, type and seed inputs.
#[component]
pub fn QueryInputs(query: RwSignal<QueryForm>, fqdn: Memo<String>) -> impl IntoView {
    let seed_text = RwSignal::new(query.with_untracked(|q| q.seed.to_string()));
    let seed_invalid = move || simulate::parse_seed(&seed_text.get()).is_none();
    let new_seed = move |_| {
        let next = simulate::next_seed(query.with_untracked(|q| q.seed));
        query.update(|q| q.seed = next);
        seed_text.set(next.to_string());
    };
    view! {
        <div class="query-grid">
            <div class="field query-name">
                <label for="dns-name">"Name"</label>
                <input
                    id="dns-name"
                    type="text"
                    class="mono"
                    data-testid="dns-name"
                    autocomplete="off"
                    autocapitalize="off"
                    spellcheck="false"
                    aria-describedby="hint-dns-name"
                    placeholder=move || fqdn.get()
                    prop:value=move || query.with(|q| q.name.clone().unwrap_or_default())
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        query.update(|q| q.set_name(&text));
                    }
                />
                <p class="hint" id="hint-dns-name">
                    "Empty asks the service's own name, "
                    <code>{move || fqdn.get()}</code>
                    "."
                </p>
            </div>
            <div class="field query-type">
                <label for="dns-type">"Type"</label>
                <select
                    id="dns-type"
                    data-testid="dns-type"
                    on:change=move |ev| {
                        let text = event_target_value(&ev);
                        query.update(|q| q.set_type(&text));
                    }
                >
                    {QUERY_TYPES
                        .into_iter()
                        .map(|t| view! { <option value=t prop:selected=move || query.with(|q| q.record_type == t)>{t}</option> })
                        .collect_view()}
                </select>
            </div>
            <div class="field query-seed">
                <label for="dns-seed">"Seed"</label>
                <div class="seed-row">
                    <input
                        id="dns-seed"
                        type="text"
                        inputmode="numeric"
                        class="mono"
                        data-testid="dns-seed"
                        autocomplete="off"
                        aria-describedby="hint-dns-seed"
                        aria-invalid=move || seed_invalid().then_some("true")
                        prop:value=move || seed_text.get()
                        on:input=move |ev| {
                            let text = event_target_value(&ev);
                            if let Some(seed) = simulate::parse_seed(&text) {
                                query.update(|q| q.seed = seed);
                            }
                            seed_text.set(text);
                        }
                    />
                    <button type="button" class="button" data-testid="dns-new-seed" on:click=new_seed>
                        "New seed"
                    </button>
                </div>
                <p class="hint" id="hint-dns-seed">
                    {move || if seed_invalid() {
                        "Not a whole number from 0 to 2^53; the last good seed is used."
                    } else {
                        "Same seed, same answer: the random picks are reproducible."
                    }}
                </p>
            </div>
        </div>
    }
}

/// A simulated answer: rcode, the records by section, the notes and the dig text.
#[component]
pub fn Answer(result: DnsSimulation) -> impl IntoView {
    let DnsSimulation {
        query,
        response,
        dig,
        ..
    } = result;
    let rcode = response.rcode;
    let summary = format!(
        "{} {} · {}",
        query.name,
        query.record_type,
        muster_core::text::count(response.answer.len(), "answer", "answers")
    );
    let sections = [
        ("answer", "Answer", response.answer),
        ("authority", "Authority", response.authority),
        ("additional", "Additional", response.additional),
    ];
    let bodies = sections
        .into_iter()
        .filter(|(_, _, records)| !records.is_empty())
        .map(|(slug, title, records)| view! { <Section slug=slug title=title records=records/> })
        .collect_view();
    let notes = response
        .notes
        .into_iter()
        .map(|n| view! { <li>{n}</li> })
        .collect_view();
    view! {
        <div class="dns-result" aria-live="polite">
            <p class="dns-summary">
                <span class=format!("rcode rcode-{}", rcode.to_ascii_lowercase()) data-testid="dns-rcode" data-rcode=rcode>
                    {rcode}
                </span>
                " "
                <span class="mono">{summary}</span>
            </p>
            <div class="table-wrap" tabindex="0" role="region" aria-label="Response records">
                <table class="records-table" data-testid="dns-records">
                    <caption class="visually-hidden">"Response records by section"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Name"</th>
                            <th scope="col">"TTL"</th>
                            <th scope="col">"Type"</th>
                            <th scope="col">"Data"</th>
                        </tr>
                    </thead>
                    {bodies}
                </table>
            </div>
            <ul class="notes" data-testid="dns-notes">{notes}</ul>
            <details class="dig" open>
                <summary>"As dig prints it"</summary>
                <pre class="preview mono" data-testid="dns-dig" tabindex="0" aria-label="dig output">{dig}</pre>
            </details>
        </div>
    }
}

/// One section of the response as a `<tbody>` with a heading row.
#[component]
fn Section(slug: &'static str, title: &'static str, records: Vec<Record>) -> impl IntoView {
    let rows = records
        .into_iter()
        .map(|r| {
            let record_type = r.record_type.clone();
            view! {
                <tr data-testid="dns-record" data-section=slug data-type=record_type>
                    <td class="mono rec-name">{dns_text(&r.name)}</td>
                    <td class="mono num">{r.ttl}</td>
                    <td class="mono">{r.record_type}</td>
                    <td class="mono rec-data" data-testid="dns-data">{dns_text(&r.data)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <tbody data-testid=format!("dns-{slug}")>
            <tr class="section-row">
                <th scope="rowgroup" colspan="4">{title}</th>
            </tr>
            {rows}
        </tbody>
    }
}
