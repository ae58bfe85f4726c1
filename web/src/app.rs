//! The app shell: header with the view tabs, the current view, and the state the views share.
//! The view follows the URL hash (`#/register-instance`, `#/registry`, `#/container-instance`,
//! `#/cluster`, `#/placement`), so reload keeps it.

use std::any::Any;

use leptos::ev;
use leptos::mount::mount_to;
use leptos::prelude::*;

use crate::components::header::Header;
use crate::components::scenario_menu::ScenarioNotices;
use crate::components::scenario_sync::{self, Notices};
use crate::pages::cluster::ClusterPage;
use crate::pages::container_instance::ContainerInstancePage;
use crate::pages::placement::PlacementPage;
use crate::pages::register_instance::RegisterInstancePage;
use crate::pages::registry::RegistryPage;
use crate::state::agent::AgentForm;
use crate::state::cluster::Cluster;
use crate::state::placement::{PlacementInputs, PlanView};
use crate::state::registry::{Instances, QuickAdd};
use crate::state::scenario::{NoticeKind, Scenario};
use crate::state::simulate::{DiscoverForm, QueryForm};
use crate::state::{ContextForm, View};

/// The state every view works on, created once so it survives switching views.
#[derive(Debug, Clone, Copy)]
pub struct Shared {
    /// The builder's request text: the single source of truth of the builder.
    pub text: RwSignal<String>,
    /// The service and namespace: the builder checks against it, the registry runs on it.
    pub context: RwSignal<ContextForm>,
    pub instances: RwSignal<Instances>,
    pub quick_add: RwSignal<QuickAdd>,
    pub query: RwSignal<QueryForm>,
    /// The distribution's query count, as typed.
    pub queries: RwSignal<String>,
    pub discover: RwSignal<DiscoverForm>,
    /// The RegisterContainerInstance builder's request text: its single source of truth.
    pub ci_text: RwSignal<String>,
    /// The agent preset that fills `ci_text`.
    pub agent: RwSignal<AgentForm>,
    /// The simulated ECS cluster: the builder previews against it, the Cluster view shows it.
    pub cluster: RwSignal<Cluster>,
    /// The Placement view's inputs, as typed.
    pub placement: RwSignal<PlacementInputs>,
    /// The last plan and the inputs it ran on (to tell when it is out of date).
    pub plan: RwSignal<Option<(PlacementInputs, Result<PlanView, String>)>>,
    pub view: RwSignal<View>,
    /// The notices above the views (loads, imports and resets, each with its Undo).
    pub notices: Notices,
}

impl Shared {
    fn new(view: View, scenario: Scenario, notices: Notices) -> Self {
        let Scenario {
            text,
            context,
            instances,
            quick_add,
            query,
            queries,
            discover,
            ci_text,
            agent,
            cluster,
            placement,
        } = scenario;
        Self {
            text: RwSignal::new(text),
            context: RwSignal::new(context),
            quick_add: RwSignal::new(quick_add),
            instances: RwSignal::new(instances),
            query: RwSignal::new(query),
            queries: RwSignal::new(queries),
            discover: RwSignal::new(discover),
            ci_text: RwSignal::new(ci_text),
            agent: RwSignal::new(agent),
            cluster: RwSignal::new(cluster),
            placement: RwSignal::new(placement),
            plan: RwSignal::new(None),
            view: RwSignal::new(view),
            notices,
        }
    }

    /// Makes a change that replaces what the user entered (a reset, a preset, an import), with
    /// a notice that undoes it; nothing is said when nothing changed.
    pub fn replace_undoably(self, text: &str, change: impl FnOnce()) {
        let previous = self.snapshot();
        change();
        if self.snapshot() != previous {
            scenario_sync::notify(
                self.notices,
                NoticeKind::Done,
                text.to_owned(),
                Some(previous),
            );
        }
    }

    /// Everything the user entered (tracked: call it in `untrack` outside effects).
    pub fn scenario(self) -> Scenario {
        Scenario {
            text: self.text.get(),
            context: self.context.get(),
            instances: self.instances.get(),
            quick_add: self.quick_add.get(),
            query: self.query.get(),
            queries: self.queries.get(),
            discover: self.discover.get(),
            ci_text: self.ci_text.get(),
            agent: self.agent.get(),
            cluster: self.cluster.get(),
            placement: self.placement.get(),
        }
    }

    /// Everything the user entered, untracked (for event handlers and timers). One copy of the
    /// clone-everything code instead of one per caller.
    #[inline(never)]
    pub fn snapshot(self) -> Scenario {
        untrack(|| self.scenario())
    }

    /// Subscribes the current effect to every part of the scenario, without cloning it.
    pub fn track_scenario(self) {
        self.text.track();
        self.context.track();
        self.instances.track();
        self.quick_add.track();
        self.query.track();
        self.queries.track();
        self.discover.track();
        self.ci_text.track();
        self.agent.track();
        self.cluster.track();
        self.placement.track();
    }

    /// Replaces everything the user entered; the plan is made afresh for the new inputs (the
    /// Placement view makes it, a slice at a time, when it shows a cleared plan).
    pub fn apply(self, scenario: Scenario) {
        self.plan.set(None);
        self.text.set(scenario.text);
        self.context.set(scenario.context);
        self.instances.set(scenario.instances);
        self.quick_add.set(scenario.quick_add);
        self.query.set(scenario.query);
        self.queries.set(scenario.queries);
        self.discover.set(scenario.discover);
        self.ci_text.set(scenario.ci_text);
        self.agent.set(scenario.agent);
        self.cluster.set(scenario.cluster);
        self.placement.set(scenario.placement);
    }

    /// Shows `view` and puts it in the URL (a history entry, so Back returns).
    pub fn go(self, view: View) {
        let location = window().location();
        if location.hash().ok().and_then(|h| View::from_hash(&h)) != Some(view) {
            // Setting the hash fires hashchange, which sets the view; set it here too so the
            // switch does not depend on the event.
            let _ = location.set_hash(&view.hash());
        }
        if self.view.get_untracked() != view {
            self.view.set(view);
        }
    }
}

#[component]
pub fn App() -> impl IntoView {
    let initial = window()
        .location()
        .hash()
        .ok()
        .and_then(|h| View::from_hash(&h))
        .unwrap_or_default();
    let notices = RwSignal::new(Vec::new());
    let shared = Shared::new(initial, scenario_sync::initial(notices), notices);
    scenario_sync::start(shared, notices);
    let view = shared.view;
    // The app lives as long as the page, so the listener is never removed.
    let _ = window_event_listener(ev::hashchange, move |_| {
        let hash = window().location().hash().unwrap_or_default();
        let next = view.get_untracked().follow(&hash);
        if next != view.get_untracked() {
            view.set(next);
        }
    });
    Effect::new(move |_| document().set_title(view.get().title()));

    // Each view is built afresh when it is shown and dropped when it is left, never rebuilt in
    // place: a `move || match ... into_any()` would carry rebuild code for every page's whole
    // view tree into the wasm (about 50 KB gzip for the two Cloud Map views alone).
    let outlet = NodeRef::<leptos::html::Main>::new();
    let mounted = StoredValue::new_local(None::<Box<dyn Any>>);
    let app_owner = Owner::current();
    Effect::new(move |_| {
        let page = view.get();
        let (Some(parent), Some(owner)) = (outlet.get(), app_owner.clone()) else {
            return;
        };
        // The page's reactive owner hangs off the app's, not this effect's, so it lives until
        // its handle is dropped.
        mounted.set_value(None);
        let handle = untrack(|| owner.with(|| mount_page(page, shared, parent)));
        mounted.set_value(Some(handle));
    });

    view! {
        <Header view=view shared=shared notices=notices/>
        <ScenarioNotices shared=shared notices=notices/>
        <main id="main" class="page" data-view=move || view.get().slug() node_ref=outlet></main>
        <footer class="site-footer">
            <p>
                "muster checks requests and simulates Cloud Map and ECS in your browser, following the AWS documentation. Nothing is sent to AWS."
            </p>
        </footer>
    }
}

/// Mounts a view's page into `parent`; dropping the handle unmounts it.
fn mount_page(page: View, shared: Shared, parent: web_sys::HtmlElement) -> Box<dyn Any> {
    match page {
        View::RegisterInstance => Box::new(mount_to(parent, move || {
            view! { <RegisterInstancePage shared=shared/> }
        })),
        View::Registry => Box::new(mount_to(
            parent,
            move || view! { <RegistryPage shared=shared/> },
        )),
        View::ContainerInstance => Box::new(mount_to(parent, move || {
            view! { <ContainerInstancePage shared=shared/> }
        })),
        View::Cluster => Box::new(mount_to(
            parent,
            move || view! { <ClusterPage shared=shared/> },
        )),
        View::Placement => Box::new(mount_to(
            parent,
            move || view! { <PlacementPage shared=shared/> },
        )),
    }
}
