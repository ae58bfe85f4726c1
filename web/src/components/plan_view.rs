//! The Placement view's results: the instances by Availability Zone with their usage bars and
//! placed tasks, the failures and service events, the per-task explanation, the Cloud Map
//! registrations and the DNS answer. Each renders a part of a [`PlanView`]. Long lists show
//! their first part with buttons for the rest, so a plan of thousands of instances draws at once.
//!
//! [`PlanView`]: crate::state::placement::PlanView

use std::sync::Arc;

use leptos::prelude::*;
use muster_core::api::DnsSimulation;

use super::dns_query::Answer;
use super::show_more::ShowMore;
use crate::state::placement::{
    strategy_headings, Card, Chip, ExplanationView, FailureView, RegistrationView, TaskTable,
    Usage, ZoneGroup, CARDS_FIRST, CHIPS_FIRST, ITEMS_FIRST, ROWS_FIRST,
};

/// The instances grouped by zone.
#[component]
pub fn ZonesPanel(zones: Vec<ZoneGroup>) -> impl IntoView {
    let empty = zones.is_empty();
    view! {
        <section class="panel" aria-labelledby="pl-instances-heading" data-testid="pl-instances">
            <div class="panel-head">
                <h2 id="pl-instances-heading">"Container instances after the plan"</h2>
            </div>
            <p class="usage-legend hint">
                <span class="swatch swatch-before" aria-hidden="true"></span>
                "in use before the plan "
                <span class="swatch swatch-placed" aria-hidden="true"></span>
                "reserved by this plan "
                <span class="swatch swatch-free" aria-hidden="true"></span>
                "free"
            </p>
            <p class="empty" hidden=!empty>"The cluster has no container instances."</p>
            {zones.into_iter().map(|zone| view! { <ZoneView zone=zone/> }).collect_view()}
        </section>
    }
}

#[component]
fn ZoneView(zone: ZoneGroup) -> impl IntoView {
    let heading_id = format!(
        "pl-zone-{}",
        if zone.zone.is_empty() {
            "none"
        } else {
            &zone.zone
        }
    );
    let labelled_by = heading_id.clone();
    let tasks = zone.tasks().to_string();
    let (heading, summary) = (zone.heading(), zone.summary());
    let list_label = format!("Instances in {heading}");
    let list_id = format!("{heading_id}-cards");
    let ZoneGroup { zone, cards } = zone;
    let place = if zone.is_empty() {
        "without an Availability Zone".to_owned()
    } else {
        format!("in {zone}")
    };
    let many = cards.len() > CARDS_FIRST;
    let more = ShowMore::new(cards.len(), CARDS_FIRST, list_id.clone());
    view! {
        <section class="pl-zone" data-testid="pl-zone" data-zone=zone data-tasks=tasks aria-labelledby=labelled_by>
            <div class="pl-zone-head">
                <h3 id=heading_id>{heading}</h3>
                <span class="hint">{summary}</span>
            </div>
            <ul class="pl-cards" class:pl-cards-many=many id=list_id aria-label=list_label>
                {more.items(move |i| cards.card(i).map(|card| view! { <CardView card=card/> }))}
            </ul>
            {more.controls("instances", place, "pl-more-cards")}
        </section>
    }
}

#[component]
fn CardView(card: Card) -> impl IntoView {
    let Card {
        arn,
        id,
        short,
        ec2_instance_id,
        instance_type,
        status,
        agent_connected,
        usage,
        ports,
        chips,
    } = card;
    let tasks = chips.len();
    let pill = format!("pill pill-{}", status.to_ascii_lowercase());
    let chips_empty = chips.is_empty();
    let (data_id, data_status) = (id.clone(), status.clone());
    let chips_id = format!("pl-chips-{id}");
    let more = ShowMore::new(chips.len(), CHIPS_FIRST, chips_id.clone());
    let chips: Arc<[Chip]> = chips.into();
    view! {
        <li class="instance ci-card pl-card" data-testid="pl-card" data-id=data_id data-tasks=tasks.to_string() data-status=data_status>
            <div class="instance-head">
                <span class=pill>{status}</span>
                <code class="instance-id" title=arn>{format!("{short}…")}</code>
                <span class="pl-type">{instance_type}</span>
            </div>
            <p class="hint pl-ec2">
                <span class="visually-hidden">"Container instance "{id}", "</span>
                <span class="mono">{ec2_instance_id}</span>
                <span class="agent" data-connected=agent_connected.to_string()>
                    {if agent_connected { "agent connected" } else { "agent disconnected" }}
                </span>
            </p>
            <div class="pl-usage">
                {usage.into_iter().map(|u| view! { <UsageBar usage=u/> }).collect_view()}
            </div>
            <p class="pl-ports">
                <span class="line-label">"Ports in use "</span>
                <span class="mono">{ports}</span>
            </p>
            <ul class="pl-chips" id=chips_id aria-label="Tasks placed here" hidden=chips_empty>
                {more.items(move |i| {
                    chips.get(i).cloned().map(|chip| {
                        view! {
                            <li class="task-chip" data-testid="pl-task-chip" data-task=chip.number.to_string() data-arn=chip.task_arn>
                                <span class="chip-number">
                                    <span class="visually-hidden">"Task "</span>
                                    {format!("#{}", chip.number)}
                                </span>
                                " "
                                <code>{chip.short}</code>
                                " "
                                <span class="chip-port mono">
                                    <span class="visually-hidden">"host port "</span>
                                    {chip.ports}
                                </span>
                            </li>
                        }
                    })
                })}
            </ul>
            {more.controls("tasks", "on this instance".to_owned(), "pl-more-chips")}
            <p class="hint" hidden=!chips_empty>"No task of this plan here."</p>
        </li>
    }
}

/// A stacked bar: in use before the plan, reserved by it, free. A `meter` whose value text says
/// the same in words.
#[component]
fn UsageBar(usage: Usage) -> impl IntoView {
    let (before, placed) = usage.widths();
    let text = usage.text();
    view! {
        <div
            class="usage"
            role="meter"
            data-testid="pl-usage"
            data-resource=usage.name
            data-capacity=usage.capacity.to_string()
            data-used=usage.used().to_string()
            aria-label=usage.name
            aria-valuemin="0"
            aria-valuemax=usage.capacity.max(0).to_string()
            aria-valuenow=usage.used().clamp(0, usage.capacity.max(0)).to_string()
            aria-valuetext=text.clone()
            title=text
        >
            <span class="usage-head">
                <span class="meter-name">{usage.name}</span>
                <span class="bar-value mono">{usage.short()}</span>
            </span>
            <span class="bar-track usage-track">
                <span class="usage-before" style:width=before></span>
                <span class="usage-placed" style:width=placed></span>
            </span>
        </div>
    }
}

/// Unplaced tasks with ECS's reason, the service events, tasks stopped by a scale-in.
#[component]
pub fn FailuresPanel(
    failures: Arc<[FailureView]>,
    events: Arc<[String]>,
    stopped: Arc<[String]>,
    error: Option<(String, String)>,
) -> impl IntoView {
    let none = failures.is_empty() && error.is_none();
    let no_failures = failures.is_empty();
    let no_events = events.is_empty();
    let no_stopped = stopped.is_empty();
    let more_failures = ShowMore::new(failures.len(), ITEMS_FIRST, "pl-failure-list".to_owned());
    let more_events = ShowMore::new(events.len(), ITEMS_FIRST, "pl-event-list".to_owned());
    let more_stopped = ShowMore::new(stopped.len(), ITEMS_FIRST, "pl-stopped-list".to_owned());
    view! {
        <section class="panel pl-section" aria-labelledby="pl-failures-heading" data-testid="pl-failures">
            <div class="panel-head">
                <h2 id="pl-failures-heading">"Failures and service events"</h2>
            </div>
            <p class="empty" hidden=!none>"Every task found an instance."</p>
            {error.map(|(code, message)| {
                let data_code = code.clone();
                view! {
                    <p class="api-result api-error" data-testid="pl-error" data-code=data_code>
                        <strong>{code}</strong>" "<span class="message">{message}</span>
                    </p>
                }
            })}
            <ul class="pl-failure-list" id="pl-failure-list" hidden=no_failures>
                {more_failures.items(move |i| failures.get(i).cloned().map(|f| view! { <FailureItem failure=f/> }))}
            </ul>
            {more_failures.controls("failures", String::new(), "pl-more-failures")}
            <div hidden=no_events>
                <h3 class="sub-heading">"Service events"</h3>
                <ul class="lines" id="pl-event-list" data-testid="pl-events">
                    {more_events.items(move |i| events.get(i).cloned().map(|e| view! { <li data-testid="pl-event">{e}</li> }))}
                </ul>
                {more_events.controls("events", String::new(), "pl-more-events")}
            </div>
            <div hidden=no_stopped>
                <h3 class="sub-heading">"Stopped by the scale-in"</h3>
                <ul class="lines" id="pl-stopped-list" data-testid="pl-stopped">
                    {more_stopped.items(move |i| stopped.get(i).cloned().map(|s| view! { <li>{s}</li> }))}
                </ul>
                {more_stopped.controls("stopped tasks", String::new(), "pl-more-stopped")}
            </div>
        </section>
    }
}

#[component]
fn FailureItem(failure: FailureView) -> impl IntoView {
    let count = muster_core::text::count(failure.count, "task", "tasks");
    let data_reason = failure.reason.clone();
    view! {
        <li class="pl-failure" data-testid="pl-failure" data-reason=data_reason data-count=failure.count.to_string()>
            <p class="pl-failure-head">
                <strong class="pl-reason">{failure.reason}</strong>
                <span class="hint">{format!("{count} · closest instance ")}<code title=failure.arn>{failure.instance}</code></span>
            </p>
            <p class="pl-detail">{failure.detail}</p>
        </li>
    }
}

/// Why each task went where it did.
#[component]
pub fn ExplanationPanel(explanation: ExplanationView) -> impl IntoView {
    let unexplained = explanation.unexplained_text();
    let ExplanationView {
        requirement,
        group,
        network_mode,
        strategies,
        default_strategy,
        constraints,
        tasks,
        ..
    } = explanation;
    let headings = strategy_headings(&strategies);
    let chain_hint = if default_strategy {
        "No placementStrategy was given, so ECS's default for services applies."
    } else {
        "Each strategy scores the candidates; lower is better, and each later strategy breaks the ties of the earlier ones."
    };
    let no_constraints = constraints.is_empty();
    view! {
        <section class="panel pl-section" aria-labelledby="pl-explanation-heading" data-testid="pl-explanation">
            <div class="panel-head">
                <h2 id="pl-explanation-heading">"Why each task went where it did"</h2>
            </div>
            <p class="pl-requirement" data-testid="pl-requirement">
                "Each task of "<code>{group}</code>" ("{network_mode}" networking) reserves "{requirement}"."
            </p>
            <h3 class="sub-heading">"Strategy chain"</h3>
            <p class="hint">{chain_hint}</p>
            <ol class="pl-chain" data-testid="pl-chain">
                {strategies
                    .into_iter()
                    .map(|(label, legend)| {
                        let meaning = legend
                            .split_once(": ")
                            .map_or(legend.clone(), |(_, m)| m.to_owned());
                        view! {
                            <li>
                                <code>{label}</code>
                                <span class="pl-legend">{meaning}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
            <h3 class="sub-heading">"Constraints"</h3>
            <p class="hint" hidden=!no_constraints>"None: every instance with room is a candidate."</p>
            <ul class="lines" data-testid="pl-constraints" hidden=no_constraints>
                {constraints.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}
            </ul>
            <h3 class="sub-heading">"Task by task"</h3>
            <p class="hint">
                "Instances are removed by the first rule they fail, in ECS's order: status, agent, CPU, memory, GPU, ports, required attributes, constraints. The rest are scored by the chain."
            </p>
            {tasks
                .into_iter()
                .enumerate()
                .map(|(i, task)| view! { <TaskTableView task=task strategies=headings.clone() open={ i == 0 }/> })
                .collect_view()}
            {unexplained.map(|text| view! { <p class="hint">{text}</p> })}
        </section>
    }
}

#[component]
fn TaskTableView(task: TaskTable, strategies: Vec<(String, String)>, open: bool) -> impl IntoView {
    let columns = strategies.len();
    let caption = format!(
        "Task {}: every instance, the rule that removed it or its scores",
        task.task
    );
    let region_label = caption.clone();
    let rows_id = format!("pl-task-{}-rows", task.task);
    let more = ShowMore::new(task.rows.len(), ROWS_FIRST, rows_id.clone());
    let place = format!("for task {}", task.task);
    let rows = task.rows;
    view! {
        <details class="pl-task" data-testid="pl-task-explanation" data-task=task.task.to_string() open=open>
            <summary>{task.summary}</summary>
            {task.chosen_first.then(|| view! {
                <p class="hint" data-testid="pl-chosen-first">
                    "The chosen instance is listed first, then the others in the cluster's order."
                </p>
            })}
            // Focusable, so keyboard users can scroll a table wider than the screen.
            <div class="table-wrap" tabindex="0" role="region" aria-label=region_label>
                <table class="pl-verdicts">
                    <caption class="visually-hidden">{caption}</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Instance"</th>
                            <th scope="col">"Zone"</th>
                            {strategies
                                .into_iter()
                                .map(|(kind, field)| view! {
                                    <th scope="col" class="num pl-score-head">
                                        <span class="pl-score-type">{kind}</span>
                                        " "
                                        <span class="pl-score-field">{field}</span>
                                    </th>
                                })
                                .collect_view()}
                            <th scope="col">"Result"</th>
                        </tr>
                    </thead>
                    <tbody id=rows_id>
                        {more.items(move |i| {
                            rows.get(i).cloned().map(|row| {
                                let result = match (&row.removed, row.chosen) {
                                    (_, true) => view! { <strong class="pl-chosen-tag">"✔ chosen"</strong> }.into_any(),
                                    (Some((rule, detail)), false) => view! {
                                        <span class="pl-removed">"removed by "<code>{rule.clone()}</code></span>
                                        <span class="pl-removed-detail">{detail.clone()}</span>
                                    }
                                    .into_any(),
                                    (None, false) => view! { <span class="hint">"candidate"</span> }.into_any(),
                                };
                                let scores = if row.scores.is_empty() {
                                    (0..columns).map(|_| view! { <td class="num hint">{"—".to_owned()}</td> }).collect_view()
                                } else {
                                    row.scores.into_iter().map(|s| view! { <td class="num mono">{s}</td> }).collect_view()
                                };
                                let (data_id, out) = (row.short.clone(), row.removed.is_some());
                                view! {
                                    <tr
                                        class:pl-chosen=row.chosen
                                        class:pl-out=out
                                        data-testid="pl-verdict"
                                        data-id=data_id
                                        data-chosen=row.chosen.to_string()
                                    >
                                        <th scope="row"><code>{row.short}</code></th>
                                        <td class="mono">{row.zone}</td>
                                        {scores}
                                        <td class="pl-result">{result}</td>
                                    </tr>
                                }
                            })
                        })}
                    </tbody>
                </table>
            </div>
            {more.controls("instances", place, "pl-more-verdicts")}
        </details>
    }
}

/// The RegisterInstance requests ECS would make for the placed tasks.
#[component]
pub fn RegistrationsPanel(
    registrations: Arc<[RegistrationView]>,
    /// Why there are none, when there are none.
    empty: &'static str,
) -> impl IntoView {
    let none = registrations.is_empty();
    let valid = registrations.iter().filter(|r| r.valid).count();
    let count = format!("{valid} of {} valid", registrations.len());
    let more = ShowMore::new(
        registrations.len(),
        ITEMS_FIRST,
        "pl-registration-list".to_owned(),
    );
    view! {
        <section class="panel" aria-labelledby="pl-registrations-heading" data-testid="pl-registrations">
            <div class="panel-head">
                <h2 id="pl-registrations-heading">"Cloud Map registrations"</h2>
                <p class="count" hidden=none>{count}</p>
            </div>
            <p class="hint" hidden=none>
                "The RegisterInstance request ECS sends for each placed task, checked against the Cloud Map service."
            </p>
            <p class="empty" hidden=!none>{empty}</p>
            <ul class="pl-registration-list" id="pl-registration-list">
                {more.items(move |i| registrations.get(i).cloned().map(|r| view! { <RegistrationItem registration=r/> }))}
            </ul>
            {more.controls("registrations", String::new(), "pl-more-registrations")}
        </section>
    }
}

#[component]
fn RegistrationItem(registration: RegistrationView) -> impl IntoView {
    let r = registration;
    let (class, icon, word) = if r.valid {
        ("sev sev-ok", "✔", "Valid")
    } else {
        ("sev sev-error", "✖", "Invalid")
    };
    let where_ = if r.zone.is_empty() {
        r.address.clone()
    } else {
        format!("{} · {}", r.address, r.zone)
    };
    let label = format!("RegisterInstance request for {}", r.instance_id);
    let no_findings = r.findings.is_empty();
    view! {
        <li class="pl-registration" data-testid="pl-registration" data-valid=r.valid.to_string()>
            <details>
                <summary>
                    <span class=class><span aria-hidden="true">{icon}</span>" "{word}</span>
                    " "
                    <code class="pl-instance-id">{r.instance_id}</code>
                    " "
                    <span class="hint">{where_}</span>
                    {r.simulated_address.then(|| view! { <span class="hint">" · made-up address"</span> })}
                </summary>
                <ul class="lines" hidden=no_findings>
                    {r.findings.into_iter().map(|(code, message)| view! { <li><code class="code">{code}</code>" "{message}</li> }).collect_view()}
                </ul>
                <pre class="preview mono" tabindex="0" aria-label=label>{r.json}</pre>
            </details>
        </li>
    }
}

/// What DNS answers for the service name once the tasks are registered.
#[component]
pub fn DnsPanel(dns: Option<DnsSimulation>, registered: bool) -> impl IntoView {
    let empty = if registered {
        "The namespace is HTTP-only: it has no DNS records."
    } else {
        "No registrations, so there is no DNS answer to show."
    };
    view! {
        <section class="panel dns-panel pl-dns" aria-labelledby="pl-dns-heading" data-testid="pl-dns">
            <div class="panel-head">
                <h2 id="pl-dns-heading">"DNS answer"</h2>
            </div>
            {match dns {
                Some(dns) => view! { <Answer result=dns/> }.into_any(),
                None => view! { <p class="empty">{empty}</p> }.into_any(),
            }}
        </section>
    }
}
