//! The context form: the service and namespace the request is checked against.

use leptos::prelude::*;

use muster_core::Severity;

use crate::state::context::{Choice, Record};
use crate::state::{request, service, ContextForm, View};

#[component]
pub fn ContextSection(context: RwSignal<ContextForm>, text: RwSignal<String>) -> impl IntoView {
    let without = move || context.with(|c| c.without_service);
    // The ServiceId alone, so the service is checked again when it or the form changes, not on
    // every keystroke in the request.
    let service_id = Memo::new(move |_| text.with(|t| request::service_id(t)));
    let context_json = move || {
        let service_id = service_id.get();
        context
            .with(|c| c.to_json(service_id.as_deref()))
            .unwrap_or_else(|| "No context: only the request itself is checked.".to_owned())
    };
    // The service as set here may be one Cloud Map would not create (a Route 53 health check in
    // a private namespace, CNAME with MULTIVALUE, ...): the request can be valid against it,
    // but the pair could never be sent, so its errors are shown here.
    let service_errors = Memo::new(move |_| {
        if context.with(|c| c.without_service) {
            return Vec::new();
        }
        let service_id = service_id.get();
        context
            .with(|c| service::check(c, service_id.as_deref()))
            .map(|report| {
                report
                    .diagnostics
                    .into_iter()
                    .filter(|d| d.severity == Severity::Error)
                    .map(|d| format!("{}: {}", d.code, d.message))
                    .collect()
            })
            .unwrap_or_default()
    });
    view! {
        <fieldset class="context" data-testid="context">
            <legend>"Checked against"</legend>
            <p class="hint" id="hint-context">
                "The target service's DNS records, routing policy and health check decide which attributes are required. The service's Id is the request's ServiceId."
            </p>
            <label class="check">
                <input
                    type="checkbox"
                    data-testid="without-service"
                    prop:checked=without
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        context.update(|c| c.without_service = on);
                    }
                />
                " Check without a service (skip the rules that need one)"
            </label>
            <fieldset class="context-grid" disabled=without>
                <legend class="visually-hidden">"Service and namespace"</legend>
                <div class="field">
                    <label for="ns-type">"Namespace type"</label>
                    <select
                        id="ns-type"
                        data-testid="ns-type"
                        on:change=move |ev| set_choice(context, &ev, ContextForm::set_namespace)
                    >
                        {choice_options(context, |c| c.namespace)}
                    </select>
                </div>
                <DnsSettings context=context/>
                <div class="field">
                    <label for="health-check">"Health check"</label>
                    <select
                        id="health-check"
                        data-testid="health-check"
                        on:change=move |ev| set_choice(context, &ev, |c, health| c.health = health)
                    >
                        {choice_options(context, |c| c.health)}
                    </select>
                </div>
            </fieldset>
            <div class="row-error" role="alert" data-testid="context-service-errors" hidden=move || service_errors.with(Vec::is_empty)>
                <p>"Cloud Map would not create this service as set here:"</p>
                <ul>
                    {move || service_errors.get().into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}
                </ul>
            </div>
            <p class="hint context-more" hidden=without>
                "Checking against "
                <code data-testid="context-service-name">{move || context.with(ContextForm::fqdn)}</code>
                ". Names, TTLs and registered instances: "
                <a href=View::Registry.hash() data-testid="context-registry-link">"Registry & DNS"</a>
                "."
            </p>
            <details class="context-json">
                <summary>"Context JSON"</summary>
                <pre data-testid="context-preview">{context_json}</pre>
            </details>
        </fieldset>
    }
}

/// Routing policy and record types: they apply only to DNS namespaces.
#[component]
fn DnsSettings(context: RwSignal<ContextForm>) -> impl IntoView {
    let dns_disabled = move || !context.with(ContextForm::dns_applies);
    view! {
        <div class="field">
            <label for="routing-policy">"Routing policy"</label>
            <select
                id="routing-policy"
                data-testid="routing-policy"
                aria-describedby="hint-routing-policy"
                disabled=dns_disabled
                on:change=move |ev| set_choice(context, &ev, |c, routing| c.routing = routing)
            >
                {choice_options(context, |c| c.routing)}
            </select>
            <p class="hint" id="hint-routing-policy">
                "MULTIVALUE answers with up to eight healthy records; WEIGHTED with one picked at random."
            </p>
        </div>
        <fieldset class="records" disabled=dns_disabled>
            <legend>"DNS records"</legend>
            {Record::ALL
                .into_iter()
                .map(|record| {
                    view! {
                        <label class="check record">
                            <input
                                type="checkbox"
                                data-testid=format!("record-{}", record.name())
                                prop:checked=move || context.with(|c| c.records.contains(record))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    context.update(|c| c.records = c.records.with(record, on));
                                }
                            />
                            " "
                            {record.name()}
                        </label>
                    }
                })
                .collect_view()}
        </fieldset>
    }
}

/// The `<option>`s of a context setting offered as a `<select>`, the one `current` reads
/// selected.
pub fn choice_options<C: Choice>(
    context: RwSignal<ContextForm>,
    current: fn(&ContextForm) -> C,
) -> impl IntoView {
    C::all()
        .iter()
        .map(|&choice| {
            view! {
                <option value=choice.value() prop:selected=move || context.with(|c| current(c) == choice)>
                    {choice.label()}
                </option>
            }
        })
        .collect_view()
}

/// Sets a context setting from the change event of its `<select>`.
pub fn set_choice<C: Choice>(
    context: RwSignal<ContextForm>,
    ev: &leptos::ev::Event,
    set: fn(&mut ContextForm, C),
) {
    if let Some(choice) = C::from_value(&event_target_value(ev)) {
        context.update(|c| set(c, choice));
    }
}
