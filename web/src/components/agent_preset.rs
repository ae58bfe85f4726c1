//! The agent preset: an instance type and the agent's `ECS_*` settings, which fill the request
//! with what the ECS agent on such an instance would send.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use muster_core::ecs::Os;

use super::code_input::CodeInput;
use crate::state::agent::{self, AgentField, AgentForm};

/// The text settings: field, test id slug, label.
const SETTINGS: [(AgentField, &str, &str); 6] = [
    (AgentField::Cluster, "cluster", "ECS_CLUSTER"),
    (AgentField::Region, "region", "Region"),
    (AgentField::Zone, "zone", "Availability zone"),
    (
        AgentField::ReservedMemory,
        "memory",
        "ECS_RESERVED_MEMORY (MiB)",
    ),
    (AgentField::Ports, "ports", "ECS_RESERVED_PORTS"),
    (AgentField::PortsUdp, "ports-udp", "ECS_RESERVED_PORTS_UDP"),
];

#[component]
pub fn AgentPreset(agent: RwSignal<AgentForm>, on_fill: Callback<String>) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let fill = move |ev: SubmitEvent| {
        ev.prevent_default();
        match agent.with_untracked(AgentForm::request_text) {
            Ok(text) => {
                error.set(None);
                on_fill.run(text);
            }
            Err(message) => error.set(Some(message)),
        }
    };
    let gpus = move || agent.with(|a| a.kind().map_or(0, |k| k.gpus));
    view! {
        <form class="panel preset" data-testid="preset" aria-labelledby="preset-heading" on:submit=fill>
            <div class="panel-head">
                <h2 id="preset-heading">"Agent preset"</h2>
                <button type="submit" class="button button-primary" data-testid="preset-fill">
                    "Fill the request"
                </button>
            </div>
            <p class="hint">
                "What the ECS agent sends from an instance of this type with these settings: resources, capabilities and the identity document."
            </p>
            <div class="preset-grid">
                <TypeSelect agent=agent/>
                <OsChoice agent=agent/>
                {SETTINGS
                    .into_iter()
                    .map(|(field, slug, label)| view! { <PresetInput agent=agent field=field slug=slug label=label/> })
                    .collect_view()}
                <label class="check preset-gpu">
                    <input
                        type="checkbox"
                        data-testid="preset-gpu"
                        prop:checked=move || agent.with(|a| a.gpu)
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            agent.update(|a| a.gpu = on);
                        }
                    />
                    " ECS_ENABLE_GPU_SUPPORT "
                    <span class="hint">
                        {move || match gpus() {
                            0 => "(this type has no GPU)".to_owned(),
                            n => format!("({n} GPU)"),
                        }}
                    </span>
                </label>
            </div>
            <details class="qa-custom">
                <summary data-testid="preset-attributes-toggle">"ECS_INSTANCE_ATTRIBUTES"</summary>
                <label class="visually-hidden" for="preset-attributes">"Custom attributes, one key=value per line"</label>
                <textarea
                    id="preset-attributes"
                    data-testid="preset-attributes"
                    rows="3"
                    spellcheck="false"
                    placeholder="stack=prod"
                    prop:value=move || agent.with(|a| a.attributes.clone())
                    on:input=move |ev| {
                        let value = event_target_value(&ev);
                        agent.update(|a| a.attributes = value);
                    }
                ></textarea>
                <p class="hint">"One key=value per line; the agent sends them on the first registration."</p>
            </details>
            <p class="row-error" role="alert" data-testid="preset-error" hidden=move || error.with(Option::is_none)>
                {move || error.get()}
            </p>
        </form>
    }
}

/// The instance type, grouped by family, with what the agent will report for it.
#[component]
fn TypeSelect(agent: RwSignal<AgentForm>) -> impl IntoView {
    view! {
        <div class="field preset-type">
            <label class="qa-label" for="preset-type">"Instance type"</label>
            <select
                id="preset-type"
                data-testid="preset-type"
                aria-describedby="preset-reports"
                on:change=move |ev| {
                    let name = event_target_value(&ev);
                    agent.update(|a| a.instance_type = name);
                }
            >
                {agent::families()
                    .into_iter()
                    .map(|(family, kinds)| {
                        view! {
                            <optgroup label=family>
                                {kinds
                                    .into_iter()
                                    .map(|kind| {
                                        let name = kind.name;
                                        view! {
                                            <option value=name prop:selected=move || agent.with(|a| a.instance_type == name)>
                                                {agent::type_label(kind)}
                                            </option>
                                        }
                                    })
                                    .collect_view()}
                            </optgroup>
                        }
                    })
                    .collect_view()}
            </select>
            <p class="hint" id="preset-reports" data-testid="preset-reports">
                {move || agent.with(AgentForm::reports)}
            </p>
        </div>
    }
}

/// Linux or Windows.
#[component]
fn OsChoice(agent: RwSignal<AgentForm>) -> impl IntoView {
    view! {
        <fieldset class="segmented">
            <legend class="qa-label">"OS"</legend>
            <div class="segments">
                {[(Os::Linux, "linux", "Linux"), (Os::Windows, "windows", "Windows")]
                    .into_iter()
                    .map(|(os, value, label)| {
                        view! {
                            <label class="segment">
                                <input
                                    type="radio"
                                    name="preset-os"
                                    value=value
                                    data-testid=format!("preset-os-{value}")
                                    prop:checked=move || agent.with(|a| a.os == os)
                                    on:change=move |_| agent.update(|a| a.os = os)
                                />
                                <span>{label}</span>
                            </label>
                        }
                    })
                    .collect_view()}
            </div>
        </fieldset>
    }
}

/// One `ECS_*` setting (or the Region and zone) as a text input.
#[component]
fn PresetInput(
    agent: RwSignal<AgentForm>,
    field: AgentField,
    slug: &'static str,
    label: &'static str,
) -> impl IntoView {
    let id = format!("preset-{slug}");
    let placeholder = move || match field {
        AgentField::Zone => agent.with(|a| format!("{}a", a.region.trim())),
        AgentField::ReservedMemory => "0".to_owned(),
        AgentField::Ports => agent.with(|a| agent::default_ports(a.os)),
        AgentField::PortsUdp => "none".to_owned(),
        _ => String::new(),
    };
    view! {
        <CodeInput
            id=id
            label=label
            placeholder=Signal::derive(placeholder)
            value=Signal::derive(move || agent.with(|a| a.field(field).to_owned()))
            on_input=Callback::new(move |value| agent.update(|a| a.set(field, value)))
        />
    }
}
