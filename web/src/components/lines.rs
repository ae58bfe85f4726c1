//! The uniform display shapes of the ECS views: lists of [`Line`]s, headed [`Group`]s and resource
//! bars. Every list renders through these few components, so the views share their code.

use leptos::prelude::*;

use crate::state::cluster::Meter;
use crate::state::display::{Group, Line};

/// `<ul>` of lines: a muted label, then the text.
#[component]
pub fn LineList(
    lines: Vec<Line>,
    #[prop(default = "lines")] class: &'static str,
    #[prop(default = "")] label: &'static str,
) -> impl IntoView {
    view! {
        <ul class=class aria-label=(!label.is_empty()).then_some(label)>
            {lines
                .into_iter()
                .map(|line| {
                    let gap = if line.label.is_empty() { "" } else { " " };
                    view! {
                        <li class=line.class data-testid=line.testid data-key=line.key>
                            <span class="line-label">{line.label}</span>
                            {gap}
                            <span class="line-text">{line.text}</span>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// A heading, an optional hint and the group's lines.
#[component]
pub fn GroupView(group: Group) -> impl IntoView {
    let no_hint = group.hint.is_empty();
    view! {
        <div class="group" data-testid=group.testid data-key=group.key>
            <h3 class="sub-heading">{group.heading}</h3>
            <p class="hint" hidden=no_hint>{group.hint}</p>
            <LineList lines=group.lines/>
        </div>
    }
}

/// Registered against remaining, as a bar whose width goes through the CSSOM (`style:width`),
/// which the page's CSP allows.
#[component]
pub fn MeterBar(meter: Meter) -> impl IntoView {
    let text = meter.text();
    let label = format!("{}: {text}", meter.name);
    view! {
        <li
            class="meter"
            data-testid="ci-meter"
            data-resource=meter.name
            data-registered=meter.registered.to_string()
            data-remaining=meter.remaining.to_string()
            aria-label=label
        >
            <span class="meter-name" aria-hidden="true">{meter.name}</span>
            <span class="bar-track" aria-hidden="true">
                <span class="bar-fill" style:width=meter.width()></span>
            </span>
            <span class="bar-value mono" aria-hidden="true">{text}</span>
        </li>
    }
}
