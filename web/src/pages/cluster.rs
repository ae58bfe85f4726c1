//! The ECS cluster: the registered container instances with their resources and tasks, and the
//! calls on them (drain, activate, deregister) with ECS's answers and side effects.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::app::Shared;
use crate::components::cluster_panels::{
    DescribePanel, InstanceCardView, LastCall, ServicesEditor,
};
use crate::state::cluster::{Cluster, ResetProblems};
use crate::state::container::follow_cluster;
use crate::state::View;

/// Replaces the cluster with an empty one, undoably: a whole cluster is a lot to lose to one
/// click. The agent preset and the builder's request follow the new name and Region where they
/// named the old cluster, so what they register keeps joining the cluster on screen.
fn start_over(shared: Shared, next: Cluster) {
    let (cluster, agent, ci_text) = (shared.cluster, shared.agent, shared.ci_text);
    let old = cluster.with_untracked(|c| c.state.clone());
    let from = (old.cluster_name.clone(), old.region.clone());
    let to = (next.state.cluster_name.clone(), next.state.region.clone());
    let follow = move |a: &mut crate::state::agent::AgentForm| {
        a.follow_cluster((&from.0, &from.1), (&to.0, &to.1))
    };
    let agent_follows = agent.with_untracked(|a| follow(&mut a.clone()));
    let request = ci_text.with_untracked(|text| follow_cluster(text, &old, &next.state));
    let mut message = format!(
        "The cluster starts over, empty: {} in {}.",
        next.state.cluster_name, next.state.region
    );
    message.push_str(match (agent_follows, request.is_some()) {
        (true, true) => " The agent preset and the builder's request follow it.",
        (true, false) => " The agent preset follows it.",
        (false, true) => " The builder's request follows it.",
        (false, false) => "",
    });
    shared.replace_undoably(&message, || {
        cluster.set(next);
        agent.update(|a| {
            follow(a);
        });
        if let Some(text) = request {
            ci_text.set(text);
        }
    });
}

#[component]
pub fn ClusterPage(shared: Shared) -> impl IntoView {
    let cluster = shared.cluster;
    let arns = Memo::new(move |_| cluster.with(Cluster::arns));
    let count = move || {
        muster_core::text::count(
            arns.with(Vec::len),
            "container instance",
            "container instances",
        )
    };
    view! {
        <div class="registry" data-testid="cluster-page">
            <div class="pane-head registry-head">
                <h1 id="cluster-heading">"Cluster"</h1>
                <p class="lede">
                    "The container instances registered with the simulated cluster. Add tasks, then drain or deregister an instance to see what ECS answers and does with them."
                </p>
                <p class="cluster-arn">
                    <code data-testid="cluster-arn">{move || cluster.with(|c| c.state.cluster_arn())}</code>
                </p>
            </div>
            <div class="registry-grid">
                <div class="registry-col">
                    <section class="panel instances-panel" aria-labelledby="cluster-instances-heading">
                        <div class="panel-head">
                            <h2 id="cluster-instances-heading">"Container instances"</h2>
                            <p class="count" data-testid="cluster-count" aria-live="polite">{count}</p>
                        </div>
                        <p class="empty" data-testid="cluster-empty" hidden=move || !arns.with(Vec::is_empty)>
                            "No container instances yet. Build one in the "
                            <a href=View::ContainerInstance.hash()>"Container instance"</a>
                            " view and press Register."
                        </p>
                        <ul class="instance-list" data-testid="cluster-instances" aria-label="Container instances">
                            <For each=move || arns.get() key=|arn| arn.clone() let(arn)>
                                <InstanceCardView arn=arn cluster=cluster/>
                            </For>
                        </ul>
                    </section>
                </div>
                <div class="registry-col">
                    <LastCall cluster=cluster/>
                    <ServicesEditor cluster=cluster/>
                    <DescribePanel cluster=cluster/>
                    <StartOverForm shared=shared/>
                </div>
            </div>
        </div>
    }
}

/// Start over: a new empty cluster named as typed, with each field's own problem.
#[component]
fn StartOverForm(shared: Shared) -> impl IntoView {
    let cluster = shared.cluster;
    let name = RwSignal::new(cluster.with_untracked(|c| c.state.cluster_name.clone()));
    let region = RwSignal::new(cluster.with_untracked(|c| c.state.region.clone()));
    let problems = RwSignal::new(ResetProblems::default());
    let reset = move |ev: SubmitEvent| {
        ev.prevent_default();
        match Cluster::reset(&name.get_untracked(), &region.get_untracked()) {
            Ok(next) => {
                problems.set(ResetProblems::default());
                start_over(shared, next);
            }
            Err(found) => problems.set(found),
        }
    };
    // Each field is marked, and described, by its own problem only.
    let text_input = move |id: &'static str,
                           label: &'static str,
                           value: RwSignal<String>,
                           problem: fn(&ResetProblems) -> &Option<String>| {
        let error_id = format!("{id}-error");
        view! {
            <div class="field">
                <label class="qa-label" for=id>{label}</label>
                <input
                    id=id
                    type="text"
                    class="mono"
                    data-testid=id
                    autocomplete="off"
                    spellcheck="false"
                    aria-invalid=move || problems.with(|p| problem(p).is_some()).then_some("true")
                    aria-describedby=error_id
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))
                />
            </div>
        }
    };
    view! {
        <form class="panel reset-form" data-testid="cluster-reset" aria-labelledby="reset-heading" on:submit=reset>
            <h2 id="reset-heading">"Start over"</h2>
            <div class="reset-grid">
                {text_input("cluster-name", "Cluster name", name, |p| &p.name)}
                {text_input("cluster-region", "Region", region, |p| &p.region)}
                <button type="submit" class="button button-danger" data-testid="cluster-reset-button">
                    "Reset cluster"
                </button>
            </div>
            <div id="cluster-reset-error" role="alert" hidden=move || problems.with(ResetProblems::is_empty)>
                <p class="row-error" id="cluster-name-error" hidden=move || problems.with(|p| p.name.is_none())>
                    {move || problems.with(|p| p.name.clone())}
                </p>
                <p class="row-error" id="cluster-region-error" hidden=move || problems.with(|p| p.region.is_none())>
                    {move || problems.with(|p| p.region.clone())}
                </p>
            </div>
            <p class="hint">"An empty cluster with one service, web; the notice above can undo it. Requests register only with the cluster they name, and the agent preset follows the new name and Region."</p>
        </form>
    }
}
