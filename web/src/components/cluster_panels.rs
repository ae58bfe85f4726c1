//! The Cluster view's pieces: one card per container instance with its resource bars, tasks and
//! actions; the last call's response, error and side effects; the services editor; and
//! DescribeContainerInstances. Bar widths go through the CSSOM (`style:width`), which the
//! page's CSP allows.

use leptos::prelude::*;

use super::diagnostics::focus_control;
use super::lines::{GroupView, LineList, MeterBar};
use crate::state::cluster::{self, Cluster, ServiceField, STANDALONE_GROUP};
use crate::state::display;

#[component]
pub fn InstanceCardView(arn: String, cluster: RwSignal<Cluster>) -> impl IntoView {
    let view_of = {
        let arn = arn.clone();
        Memo::new(move |_| cluster.with(|c| c.instance(&arn).map(display::card_view)))
    };
    let status = move || view_of.with(|v| v.as_ref().map_or("", |v| v.card.status));
    let force = RwSignal::new(false);
    let group = RwSignal::new("service:web".to_owned());
    let short = cluster::short_id(&arn).to_owned();
    let (group_id, force_id) = (format!("group-{short}"), format!("force-{short}"));
    let (add_arn, drain_arn, dereg_arn) = (arn.clone(), arn.clone(), arn);
    let add = move |_| {
        let chosen = group.get_untracked();
        cluster.update(|c| {
            // A renamed service leaves the select on its first option.
            let groups = c.task_groups();
            let chosen = if groups.contains(&chosen) {
                chosen
            } else {
                groups.first().cloned().unwrap_or_default()
            };
            let _ = c.add_task(&add_arn, &chosen);
        });
    };
    let toggle = move |_| {
        let next = if status() == "DRAINING" {
            "ACTIVE"
        } else {
            "DRAINING"
        };
        cluster.update(|c| c.set_status(&drain_arn, next));
    };
    let deregister = move |_| {
        let forced = force.get_untracked();
        cluster.update(|c| c.deregister(&dereg_arn, forced));
        // The card (and the focused button) is gone: move focus to ECS's answer.
        if cluster.with_untracked(|c| c.instance(&dereg_arn).is_none()) {
            focus_control("last-call");
        }
    };
    // The read-only part re-renders as a whole; the controls below keep their state and focus.
    let info = move || {
        view_of.get().map(|v| {
            let card = v.card;
            view! {
                <div class="instance-head">
                    <span class=format!("pill pill-{}", card.status.to_ascii_lowercase())>{card.status}</span>
                    <code class="instance-id">{card.id}</code>
                    <span class="agent" data-connected=card.agent_connected.to_string()>
                        {if card.agent_connected { "agent connected" } else { "agent disconnected" }}
                    </span>
                </div>
                <LineList lines=v.facts class="attr-summary" label="Instance"/>
                <ul class="bars meters" aria-label="Registered and remaining resources">
                    {card.meters.into_iter().map(|m| view! { <MeterBar meter=m/> }).collect_view()}
                </ul>
                <p class="hint" data-testid="ci-task-count">
                    {format!("{} running, {} pending tasks", card.running, card.pending)}
                </p>
                <LineList lines=v.tasks class="lines task-list" label="Tasks"/>
            }
        })
    };
    view! {
        <li class="instance ci-card" data-testid="ci-card" data-id=short data-status=status>
            {info}
            <div class="instance-actions">
                <label class="visually-hidden" for=group_id.clone()>"Task to add"</label>
                <select id=group_id data-testid="ci-task-group" on:change=move |ev| group.set(event_target_value(&ev))>
                    {move || {
                        cluster
                            .with(Cluster::task_groups)
                            .into_iter()
                            .map(|g| {
                                let label = if g == STANDALONE_GROUP { "standalone task".to_owned() } else { g.clone() };
                                let selected = g.clone();
                                view! { <option value=g prop:selected=move || group.with(|x| *x == selected)>{label}</option> }
                            })
                            .collect_view()
                    }}
                </select>
                <button type="button" class="button button-small" data-testid="ci-add-task" on:click=add>"Add task"</button>
                <span class="instance-buttons">
                    <button type="button" class="button button-small" data-testid="ci-drain" on:click=toggle>
                        {move || if status() == "DRAINING" { "Activate" } else { "Drain" }}
                    </button>
                    <label class="check">
                        <input
                            type="checkbox"
                            id=force_id
                            data-testid="ci-force"
                            prop:checked=move || force.get()
                            on:change=move |ev| force.set(event_target_checked(&ev))
                        />
                        " force"
                    </label>
                    <button type="button" class="button button-small button-danger" data-testid="ci-deregister" on:click=deregister>
                        "Deregister"
                    </button>
                </span>
            </div>
        </li>
    }
}

/// The last call: ECS's answer and what happened in the cluster.
#[component]
pub fn LastCall(cluster: RwSignal<Cluster>) -> impl IntoView {
    let last = Memo::new(move |_| cluster.with(|c| c.last.as_ref().map(display::call_view)));
    let body = move || {
        last.get().map(|v| {
            let (code, message) = v.error.unwrap_or_else(|| ("HTTP 200".to_owned(), v.summary));
            let failed = code != "HTTP 200";
            let data_code = code.clone();
            view! {
                <p class="api-result" class:api-error=failed data-testid="call-result" data-code=data_code>
                    <code>{v.operation}</code>
                    " → "
                    <strong>{code}</strong>
                    " "
                    <span class="message">{message}</span>
                </p>
                {v.groups.into_iter().map(|g| view! { <GroupView group=g/> }).collect_view()}
                <details class="dig">
                    <summary>"Request and response JSON"</summary>
                    <pre class="preview mono" data-testid="call-request" tabindex="0" aria-label="Request">{v.request}</pre>
                    <pre class="preview mono" data-testid="call-response" tabindex="0" aria-label="Response">{v.response}</pre>
                </details>
            }
        })
    };
    view! {
        <section class="panel" id="last-call" tabindex="-1" aria-labelledby="last-call-heading" data-testid="last-call" aria-live="polite">
            <div class="panel-head">
                <h2 id="last-call-heading">"Last call"</h2>
            </div>
            <p class="empty" hidden=move || last.with(Option::is_some)>
                "Register, drain or deregister an instance to see ECS's answer here."
            </p>
            {body}
        </section>
    }
}

/// The cluster's services: what draining and rescheduling keep running.
#[component]
pub fn ServicesEditor(cluster: RwSignal<Cluster>) -> impl IntoView {
    let count = move || cluster.with(|c| c.services.len());
    view! {
        <section class="panel" aria-labelledby="services-heading" data-testid="services">
            <div class="panel-head">
                <h2 id="services-heading">"Services"</h2>
                <button type="button" class="button button-small" data-testid="service-add" on:click=move |_| cluster.update(Cluster::add_service)>
                    "+ Add service"
                </button>
            </div>
            <p class="hint">
                "Service tasks are replaced elsewhere when their instance drains or is force-deregistered, within the service's desiredCount and its deploymentConfiguration's minimumHealthyPercent and maximumPercent."
            </p>
            <ol class="ci-rows services">
                <For each=move || 0..count() key=|i| *i let(index)>
                    <ServiceRowView index=index cluster=cluster/>
                </For>
            </ol>
        </section>
    }
}

#[component]
fn ServiceRowView(index: usize, cluster: RwSignal<Cluster>) -> impl IntoView {
    let row = move || cluster.with(|c| c.services.get(index).cloned());
    let error_id = format!("service-error-{index}");
    let problems = move || {
        row().map_or_else(Vec::new, |r| {
            ServiceField::ALL
                .into_iter()
                .filter_map(|f| r.problem(f))
                .collect::<Vec<_>>()
        })
    };
    let cells = ServiceField::ALL
        .into_iter()
        .map(|field| {
            let id = format!("service-{}-{index}", field.slug());
            let invalid = move || row().and_then(|r| r.problem(field)).map(|_| "true");
            view! {
                <div class="ci-cell">
                    <label class="mini-label" for=id.clone() title=field.label()>{field.heading()}</label>
                    <input
                        id=id.clone()
                        type="text"
                        class="mono"
                        data-testid=id
                        autocomplete="off"
                        spellcheck="false"
                        inputmode=if field == ServiceField::Name { "text" } else { "numeric" }
                        prop:value=move || row().map(|r| r.get(field).to_owned()).unwrap_or_default()
                        aria-invalid=invalid
                        aria-describedby=error_id.clone()
                        on:input=move |ev| {
                            let value = event_target_value(&ev);
                            cluster.update(|c| c.set_service(index, field, value));
                        }
                    />
                </div>
            }
        })
        .collect_view();
    let tasks = move || {
        let name = row().map(|r| r.name).unwrap_or_default();
        cluster.with(|c| c.service_tasks_text(name.trim()))
    };
    view! {
        <li class="attr-row service-row" data-testid=format!("service-row-{index}")>
            <div class="ci-cells service-cells">
                {cells}
                <button
                    type="button"
                    class="button button-quiet remove"
                    data-testid=format!("service-remove-{index}")
                    aria-label=move || format!("Remove service {}", row().map(|r| r.name).unwrap_or_default())
                    on:click=move |_| cluster.update(|c| c.remove_service(index))
                >
                    <span aria-hidden="true">"✕"</span>
                </button>
            </div>
            <p class="hint">{tasks}</p>
            <p class="row-error" id=error_id role="alert" hidden=move || problems().is_empty()>
                {move || problems().join(" ")}
            </p>
        </li>
    }
}

/// DescribeContainerInstances for every instance.
#[component]
pub fn DescribePanel(cluster: RwSignal<Cluster>) -> impl IntoView {
    let open = RwSignal::new(false);
    view! {
        <section class="panel" aria-labelledby="describe-heading" data-testid="describe">
            <div class="panel-head">
                <h2 id="describe-heading">"DescribeContainerInstances"</h2>
                <button
                    type="button"
                    class="button button-small"
                    data-testid="describe-toggle"
                    aria-expanded=move || open.get().to_string()
                    aria-controls="describe-json"
                    on:click=move |_| open.update(|o| *o = !*o)
                >
                    {move || if open.get() { "Hide" } else { "Describe" }}
                </button>
            </div>
            <p class="hint">"What aws ecs describe-container-instances prints for every instance, without muster's task list."</p>
            <pre id="describe-json" class="preview mono" data-testid="describe-json" tabindex="0" aria-label="DescribeContainerInstances response" hidden=move || !open.get()>
                {move || open.get().then(|| cluster.with(Cluster::describe_text))}
            </pre>
        </section>
    }
}
