//! The service and namespace editor of the Registry & DNS view. It edits the context the builder
//! checks against, so both views always use the same service.

use leptos::prelude::*;
use muster_core::{CallError, Diagnostic, Report};

use super::context_form::{choice_options, set_choice};
use super::diagnostics::{DiagnosticEntry, StatusBadge};
use crate::state::context::Record;
use crate::state::service::{self, ServiceTarget};
use crate::state::ContextForm;

/// Service diagnostics with their controls.
pub type ServicePlaced = Memo<Vec<(ServiceTarget, Diagnostic)>>;

fn invalid(placed: ServicePlaced, control: ServiceTarget) -> Option<&'static str> {
    placed
        .with(|p| service::invalid(p, control))
        .then_some("true")
}

fn described_by(
    placed: ServicePlaced,
    control: ServiceTarget,
    hint_id: Option<&'static str>,
) -> Option<String> {
    placed.with(|p| service::described_by(p, control, hint_id))
}

#[component]
pub fn ServiceEditor(
    context: RwSignal<ContextForm>,
    service_id: Memo<Option<String>>,
) -> impl IntoView {
    let checked: Memo<Result<Report, CallError>> = Memo::new(move |_| {
        let id = service_id.get();
        context.with(|c| service::check(c, id.as_deref()))
    });
    let placed: ServicePlaced = Memo::new(move |_| {
        checked.with(|c| {
            c.as_ref()
                .map(|r| context.with(|f| service::place(r, f)))
                .unwrap_or_default()
        })
    });
    let no_dns = move || !context.with(ContextForm::has_dns);
    let service_json = move || {
        let id = service_id.get();
        let value = context.with(|c| c.service_value(id.as_deref()));
        serde_json::to_string_pretty(&value).unwrap_or_default()
    };
    let namespace_json = move || {
        context
            .with(ContextForm::namespace_value)
            .and_then(|v| serde_json::to_string_pretty(&v).ok())
            .unwrap_or_else(|| "No namespace type chosen.".to_owned())
    };
    view! {
        <section class="panel service-panel" aria-labelledby="svc-heading">
            <div class="panel-head">
                <h2 id="svc-heading">"Service"</h2>
                <StatusBadge checked=checked testid="svc-status"/>
            </div>
            <fieldset class="svc-editor" id="svc-editor" tabindex="-1" data-testid="svc-editor">
                <legend class="visually-hidden">"Service and namespace"</legend>
                <NamesAndRouting context=context placed=placed/>
                <fieldset
                    class="records svc-records"
                    id="svc-records"
                    tabindex="-1"
                    disabled=no_dns
                    aria-invalid=move || invalid(placed, ServiceTarget::Records)
                    aria-describedby=move || described_by(placed, ServiceTarget::Records, None)
                >
                    <legend>"DNS records and TTLs (seconds)"</legend>
                    {Record::ALL.into_iter().map(|record| view! { <RecordRow record=record context=context placed=placed/> }).collect_view()}
                </fieldset>
                <HealthField context=context placed=placed/>
            </fieldset>
            <ServiceDiagnostics checked=checked placed=placed/>
            <details class="context-json svc-json">
                <summary>"Service and namespace JSON"</summary>
                <pre data-testid="service-json" tabindex="0" aria-label="Service JSON">{service_json}</pre>
                <pre data-testid="namespace-json" tabindex="0" aria-label="Namespace JSON">{namespace_json}</pre>
            </details>
        </section>
    }
}

/// Namespace name and type, service name and routing policy.
#[component]
fn NamesAndRouting(context: RwSignal<ContextForm>, placed: ServicePlaced) -> impl IntoView {
    let no_dns = move || !context.with(ContextForm::has_dns);
    view! {
        <div class="svc-grid">
            <div class="field">
                <label for="svc-ns-name">"Namespace name"</label>
                <input
                    id="svc-ns-name"
                    type="text"
                    class="mono"
                    data-testid="svc-ns-name"
                    autocomplete="off"
                    autocapitalize="off"
                    spellcheck="false"
                    prop:value=move || context.with(|c| c.namespace_name.clone())
                    on:input=move |ev| {
                        let name = event_target_value(&ev);
                        context.update(|c| c.namespace_name = name);
                    }
                />
            </div>
            <div class="field">
                <label for="svc-ns-type">"Namespace type"</label>
                <select
                    id="svc-ns-type"
                    data-testid="svc-ns-type"
                    aria-invalid=move || invalid(placed, ServiceTarget::NamespaceType)
                    aria-describedby=move || described_by(placed, ServiceTarget::NamespaceType, None)
                    on:change=move |ev| set_choice(context, &ev, ContextForm::set_namespace)
                >
                    {choice_options(context, |c| c.namespace)}
                </select>
            </div>
            <div class="field">
                <label for="svc-name">"Service name"</label>
                <input
                    id="svc-name"
                    type="text"
                    class="mono"
                    data-testid="svc-name"
                    autocomplete="off"
                    autocapitalize="off"
                    spellcheck="false"
                    aria-describedby=move || described_by(placed, ServiceTarget::ServiceName, Some("hint-svc-name"))
                    aria-invalid=move || invalid(placed, ServiceTarget::ServiceName)
                    prop:value=move || context.with(|c| c.service_name.clone())
                    on:input=move |ev| {
                        let name = event_target_value(&ev);
                        context.update(|c| c.service_name = name);
                    }
                />
                <p class="hint" id="hint-svc-name">
                    "Answers at "
                    <code data-testid="svc-fqdn">{move || context.with(ContextForm::fqdn)}</code>
                </p>
            </div>
            <div class="field">
                <label for="svc-routing">"Routing policy"</label>
                <select
                    id="svc-routing"
                    data-testid="svc-routing"
                    disabled=no_dns
                    aria-invalid=move || invalid(placed, ServiceTarget::Routing)
                    aria-describedby=move || described_by(placed, ServiceTarget::Routing, None)
                    on:change=move |ev| set_choice(context, &ev, |c, routing| c.routing = routing)
                >
                    {choice_options(context, |c| c.routing)}
                </select>
            </div>
        </div>
    }
}

/// The health check choice.
#[component]
fn HealthField(context: RwSignal<ContextForm>, placed: ServicePlaced) -> impl IntoView {
    view! {
        <div class="field">
            <label for="svc-health">"Health check"</label>
            <select
                id="svc-health"
                data-testid="svc-health"
                aria-describedby=move || described_by(placed, ServiceTarget::Health, Some("hint-svc-health"))
                aria-invalid=move || invalid(placed, ServiceTarget::Health)
                on:change=move |ev| set_choice(context, &ev, |c, health| c.health = health)
            >
                {choice_options(context, |c| c.health)}
            </select>
            <p class="hint" id="hint-svc-health">
                "Without a health check Route 53 answers every instance, whatever its status. A custom check lets you set each instance's status below."
            </p>
        </div>
    }
}

/// One record type: its checkbox and its TTL.
#[component]
fn RecordRow(
    record: Record,
    context: RwSignal<ContextForm>,
    placed: ServicePlaced,
) -> impl IntoView {
    let name = record.name();
    let on = move || context.with(|c| c.records.contains(record));
    let ttl_target = ServiceTarget::Ttl(record);
    view! {
        <div class="svc-record">
            <label class="check record">
                <input
                    type="checkbox"
                    data-testid=format!("svc-record-{name}")
                    prop:checked=on
                    on:change=move |ev| {
                        let checked = event_target_checked(&ev);
                        context.update(|c| c.records = c.records.with(record, checked));
                    }
                />
                " "
                {name}
            </label>
            <label class="visually-hidden" for=ttl_target.control_id()>{format!("{name} TTL in seconds")}</label>
            <input
                id=ttl_target.control_id()
                type="text"
                inputmode="numeric"
                class="mono ttl"
                data-testid=format!("svc-ttl-{name}")
                autocomplete="off"
                disabled=move || !on()
                aria-invalid=move || invalid(placed, ttl_target)
                aria-describedby=move || described_by(placed, ttl_target, None)
                prop:value=move || context.with(|c| c.ttls.get(record).to_owned())
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    context.update(|c| c.ttls.set(record, text));
                }
            />
        </div>
    }
}

/// The service's findings; clicking one focuses its control.
#[component]
fn ServiceDiagnostics(
    checked: Memo<Result<Report, CallError>>,
    placed: ServicePlaced,
) -> impl IntoView {
    let call_error = move || checked.with(|c| c.as_ref().err().map(|e| e.message.clone()));
    let empty = move || checked.with(|c| c.as_ref().is_ok_and(|r| r.diagnostics.is_empty()));
    let items = move || {
        placed.with(|p| {
            p.iter()
                .enumerate()
                .map(|(index, (target, d))| {
                    view! {
                        <DiagnosticEntry
                            diagnostic=d.clone()
                            control_id=target.control_id()
                            id=service::diagnostic_id(index)
                            testid="svc-diagnostic"
                            title="Go to the setting"
                        />
                    }
                })
                .collect_view()
        })
    };
    view! {
        <div class="svc-diagnostics" aria-live="polite">
            {move || call_error().map(|message| view! { <p class="call-error" role="alert">{message}</p> })}
            <p class="empty" hidden=move || !empty()>"The service is valid."</p>
            <ol class="diagnostics" data-testid="svc-diagnostics" aria-label="Service diagnostics">
                {items}
            </ol>
        </div>
    }
}
