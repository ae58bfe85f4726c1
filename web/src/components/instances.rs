//! The registered instances: register the builder's request, quick-add instances, and one row
//! per instance with its health, edit, re-register and deregister.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use muster_core::cloudmap::registry::HealthStatus;

use super::code_input::CodeInput;
use super::response_preview::PreviewMemo;
use crate::app::Shared;
use crate::state::registry::{
    self, Outcome, QuickAdd, QuickField, Registered, RowStatus, HEALTH_CHOICES, ROWS_SHOWN,
};
use crate::state::{request, simulate, View};

/// The registry as Cloud Map holds it, or why the service cannot be used.
pub type OutcomeMemo = Memo<Result<Outcome, String>>;

#[component]
pub fn InstancesPanel(
    shared: Shared,
    outcome: OutcomeMemo,
    service_id: Memo<Option<String>>,
    preview: PreviewMemo,
) -> impl IntoView {
    let instances = shared.instances;
    let show_all = RwSignal::new(false);
    let count = move || {
        outcome.with(|o| match o {
            Ok(o) => registry::count_text(o),
            Err(_) => format!("{} listed", instances.with(registry::Instances::len)),
        })
    };
    let quota = move || outcome.with(|o| o.as_ref().ok().and_then(|o| o.quota.clone()));
    let outcome_error = move || outcome.with(|o| o.as_ref().err().cloned());
    let keys = move || {
        instances.with(|l| {
            let shown = registry::rows_shown(l.len(), show_all.get());
            l.entries()
                .iter()
                .take(shown)
                .map(|e| e.key)
                .collect::<Vec<_>>()
        })
    };
    let hidden_rows = move || {
        instances.with(|l| {
            l.len()
                .saturating_sub(registry::rows_shown(l.len(), show_all.get()))
        })
    };
    view! {
        <section class="panel instances-panel" aria-labelledby="instances-heading">
            <div class="panel-head">
                <h2 id="instances-heading">"Registered instances"</h2>
                <p class="count" data-testid="instance-count" aria-live="polite">{count}</p>
            </div>
            <p class="call-error" role="alert" data-testid="quota-error" hidden=move || quota().is_none()>
                <strong>"ResourceLimitExceeded: "</strong>
                {quota}
            </p>
            {move || outcome_error().map(|message| view! { <p class="call-error" role="alert">{message}</p> })}
            <FromBuilder shared=shared preview=preview/>
            <QuickAddForm shared=shared/>
            <p class="empty" data-testid="no-instances" hidden=move || !instances.with(registry::Instances::is_empty)>
                "No instances yet. Register the builder's request, or add one with the form above."
            </p>
            <ul class="instance-list" data-testid="instance-list" aria-label="Registered instances">
                <For each=keys key=|key| *key let(key)>
                    <InstanceRow key=key shared=shared outcome=outcome service_id=service_id/>
                </For>
            </ul>
            <button
                type="button"
                class="button button-quiet show-all"
                data-testid="show-all-instances"
                hidden=move || hidden_rows() == 0
                on:click=move |_| show_all.set(true)
            >
                {move || format!("Show all {} instances", instances.with(registry::Instances::len))}
            </button>
            <Refused outcome=outcome/>
        </section>
    }
}

/// "Register the builder's request", saying whether it creates or updates an instance, or why
/// the response preview (the core's registry) refuses it.
#[component]
fn FromBuilder(shared: Shared, preview: PreviewMemo) -> impl IntoView {
    let (text, instances) = (shared.text, shared.instances);
    let error = RwSignal::new(None::<String>);
    let would = Memo::new(move |_| text.with(|t| instances.with(|l| l.would_register(t))));
    let summary = move || {
        let refused = preview.with(|p| {
            simulate::refusal(p)
                .map(|(code, message)| format!("Cloud Map will refuse it with {code}: {message}"))
        });
        if let Some(refused) = refused {
            return refused;
        }
        would.with(|w| match w {
            Ok((id, Registered::Created)) if id.is_empty() => {
                "The builder's request has no InstanceId; Cloud Map will refuse it.".to_owned()
            }
            Ok((id, Registered::Created)) => format!("Creates the instance {id}."),
            Ok((id, Registered::Updated)) => {
                format!("Updates {id}, which is registered already (its health starts over).")
            }
            Ok((id, Registered::Retried)) => format!("Repeats the registration of {id} with the same CreatorRequestId and attributes: Cloud Map takes it for a retry, and nothing changes."),
            Err(e) => e.to_string(),
        })
    };
    let register = move |_| {
        let outcome = text.with_untracked(|t| {
            let mut result = None;
            instances.update(|l| result = Some(l.register_text(t)));
            result
        });
        match outcome {
            Some(Err(e)) => error.set(Some(e.to_string())),
            _ => error.set(None),
        }
    };
    view! {
        <div class="from-builder">
            <button
                type="button"
                class="button button-primary"
                data-testid="add-from-builder"
                aria-describedby="builder-summary"
                disabled=move || would.with(Result::is_err)
                on:click=register
            >
                "Register the builder's request"
            </button>
            <p class="hint" id="builder-summary" data-testid="builder-summary">{summary}</p>
            <p class="row-error" role="alert" data-testid="register-error" hidden=move || error.with(Option::is_none)>
                {move || error.get()}
            </p>
        </div>
    }
}

#[component]
fn QuickAddForm(shared: Shared) -> impl IntoView {
    let (quick, instances) = (shared.quick_add, shared.instances);
    let error = RwSignal::new(None::<String>);
    let add = move |ev: SubmitEvent| {
        ev.prevent_default();
        match quick.with_untracked(QuickAdd::requests) {
            Ok(requests) => {
                instances.update(|l| {
                    for request in requests {
                        l.register(request);
                    }
                });
                let next = quick.with_untracked(|q| instances.with_untracked(|l| q.next(l)));
                quick.set(next);
                error.set(None);
            }
            Err(message) => error.set(Some(message)),
        }
    };
    let input = move |slug: &'static str,
                      label: &'static str,
                      placeholder: &'static str,
                      field: QuickField| {
        view! {
            <CodeInput
                id=format!("qa-{slug}")
                label=label
                placeholder=placeholder.to_owned()
                value=Signal::derive(move || quick.with(|q| q.field(field).to_owned()))
                on_input=Callback::new(move |value| quick.update(|q| q.set(field, value)))
                class=format!("qa-{slug}")
            />
        }
    };
    view! {
        <form class="quick-add-form" data-testid="quick-add" aria-labelledby="qa-heading" on:submit=add>
            <h3 id="qa-heading">"Add an instance"</h3>
            <div class="qa-grid">
                {input("id", "InstanceId", "instance-1", QuickField::InstanceId)}
                {input("ipv4", "IPv4", "10.0.0.1", QuickField::Ipv4)}
                {input("ipv6", "IPv6", "2001:db8::1", QuickField::Ipv6)}
                {input("port", "Port", "8080", QuickField::Port)}
                {input("cname", "CNAME", "www.example.com", QuickField::Cname)}
                {input("count", "How many", "1", QuickField::Count)}
            </div>
            <details class="qa-custom">
                <summary>"Custom attributes (optional)"</summary>
                <label class="visually-hidden" for="qa-custom">"Custom attributes, one key=value per line"</label>
                <textarea
                    id="qa-custom"
                    data-testid="qa-custom"
                    rows="3"
                    spellcheck="false"
                    placeholder="team=blue"
                    prop:value=move || quick.with(|q| q.custom.clone())
                    on:input=move |ev| {
                        let value = event_target_value(&ev);
                        quick.update(|q| q.set(QuickField::Custom, value));
                    }
                ></textarea>
                <p class="hint">"One key=value per line."</p>
            </details>
            <div class="qa-actions">
                <button type="submit" class="button" data-testid="qa-add">"Add instance"</button>
                <p class="hint">"Empty fields are left out. More than one numbers the IDs and addresses up."</p>
            </div>
            <p class="row-error" role="alert" data-testid="qa-error" hidden=move || error.with(Option::is_none)>
                {move || error.get()}
            </p>
        </form>
    }
}

#[component]
fn InstanceRow(
    key: u64,
    shared: Shared,
    outcome: OutcomeMemo,
    service_id: Memo<Option<String>>,
) -> impl IntoView {
    let instances = shared.instances;
    let entry = move || instances.with(|l| l.get(key).cloned());
    let id = move || {
        instances.with(|l| {
            l.get(key)
                .map(|e| e.instance_id().to_owned())
                .unwrap_or_default()
        })
    };
    let label = move || {
        let id = id();
        if id.is_empty() {
            "the instance without an InstanceId".to_owned()
        } else {
            id
        }
    };
    let status = move || {
        let index = instances.with(|l| l.entries().iter().position(|e| e.key == key));
        outcome.with(|o| {
            o.as_ref()
                .ok()
                .and_then(|o| index.and_then(|i| o.rows.get(i).cloned()))
        })
    };
    let health = move || match status() {
        Some(RowStatus::Registered(h)) => Some(h),
        _ => None,
    };
    let refused = move || match status() {
        Some(RowStatus::Refused { error, message }) => {
            Some(format!("Refused ({error}): {message}"))
        }
        _ => None,
    };
    let summary = move || entry().map(|e| e.summary()).unwrap_or_default();
    let updates = move || entry().map_or(0, |e| e.registrations.saturating_sub(1));
    let select_id = format!("health-{key}");
    let edit = move |_| {
        if let Some(e) = entry() {
            let id = service_id.get_untracked();
            shared
                .text
                .set(request::builder_text(&e.request, id.as_deref()));
            shared.go(View::RegisterInstance);
        }
    };
    view! {
        <li
            class="instance"
            data-testid="instance-row"
            data-instance-id=id
            data-health=move || health().map_or("refused", HealthStatus::as_str)
        >
            <div class="instance-head">
                <span class="health-dot" aria-hidden="true"></span>
                <code class="instance-id">{move || { let id = id(); if id.is_empty() { "(no InstanceId)".to_owned() } else { id } }}</code>
                <span class="tag" hidden=move || updates() == 0 data-testid="instance-updates">
                    {move || match updates() { 1 => "updated once".to_owned(), n => format!("updated {n}×") }}
                </span>
            </div>
            <ul class="attr-summary" aria-label="Attributes">
                {move || {
                    summary()
                        .into_iter()
                        .map(|(k, v)| view! { <li><span class="attr-k">{k}</span>" "<span class="attr-v mono">{v}</span></li> })
                        .collect_view()
                }}
            </ul>
            <p class="row-error" data-testid="instance-refused" hidden=move || refused().is_none()>{refused}</p>
            <div class="instance-actions">
                <label class="mini-label" for=select_id.clone()>"Health"</label>
                <select
                    id=select_id
                    class="health-select"
                    data-testid="instance-health"
                    aria-label=move || format!("Health of {}", label())
                    disabled=move || health().is_none()
                    on:change=move |ev| {
                        if let Some(h) = HealthStatus::parse(&event_target_value(&ev)) {
                            instances.update(|l| l.set_health(key, h));
                        }
                    }
                >
                    {HEALTH_CHOICES
                        .into_iter()
                        .map(|h| view! { <option value=h.as_str() prop:selected=move || health() == Some(h)>{h.as_str()}</option> })
                        .collect_view()}
                </select>
                <span class="instance-buttons">
                    <button type="button" class="button button-small" data-testid="instance-edit" aria-label=move || format!("Edit {} in the builder", label()) on:click=edit>
                        "Edit"
                    </button>
                    <button
                        type="button"
                        class="button button-small"
                        data-testid="instance-reregister"
                        aria-label=move || format!("Re-register {}", label())
                        title="Send the same RegisterInstance again: with its CreatorRequestId Cloud Map takes it for a retry and nothing changes; without one it updates the instance and recreates its health check."
                        on:click=move |_| {
                            instances.update(|l| {
                                l.reregister(key);
                            });
                        }
                    >
                        "Re-register"
                    </button>
                    <button
                        type="button"
                        class="button button-small button-danger"
                        data-testid="instance-deregister"
                        aria-label=move || format!("Deregister {}", label())
                        on:click=move |_| {
                            instances.update(|l| {
                                l.deregister(key);
                            });
                        }
                    >
                        "Deregister"
                    </button>
                </span>
            </div>
        </li>
    }
}

/// The instances Cloud Map would refuse, with the reason.
#[component]
fn Refused(outcome: OutcomeMemo) -> impl IntoView {
    let skipped =
        move || outcome.with(|o| o.as_ref().map(|o| o.skipped.clone()).unwrap_or_default());
    view! {
        <section class="refused" data-testid="skipped" aria-labelledby="skipped-heading" hidden=move || skipped().is_empty()>
            <h3 id="skipped-heading">{move || format!("Refused by Cloud Map ({})", skipped().len())}</h3>
            <p class="hint">"The simulations leave these out, as Cloud Map would not register them."</p>
            <ul>
                {move || {
                    let all = skipped();
                    let more = all.len().saturating_sub(ROWS_SHOWN);
                    let items = all
                        .into_iter()
                        .take(ROWS_SHOWN)
                        .map(|s| {
                            let (id, error) = (s.instance_id.clone(), s.error.clone());
                            let shown = if s.instance_id.is_empty() { "(no InstanceId)".to_owned() } else { s.instance_id };
                            view! {
                                <li data-testid="skipped-item" data-instance-id=id data-error=error>
                                    <code class="instance-id">{shown}</code>
                                    " "
                                    <span class="code">{s.error}</span>
                                    " "
                                    <span class="message">{s.message}</span>
                                </li>
                            }
                        })
                        .collect_view();
                    view! {
                        {items}
                        <li class="hint" hidden=more == 0>{format!("… and {more} more")}</li>
                    }
                }}
            </ul>
        </section>
    }
}
