//! The app shell: header with the view tabs, the current view, and the state the views share.
//! The view follows the URL hash (`#/register-instance`, `#/registry`), so reload keeps it.

use leptos::ev;
use leptos::prelude::*;

use crate::components::header::Header;
use crate::pages::register_instance::RegisterInstancePage;
use crate::pages::registry::RegistryPage;
use crate::state::registry::{Instances, QuickAdd};
use crate::state::simulate::{DiscoverForm, QueryForm, DEFAULT_QUERIES};
use crate::state::{request, ContextForm, View};

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
    pub view: RwSignal<View>,
}

impl Shared {
    fn new(view: View) -> Self {
        let instances = Instances::default();
        Self {
            text: RwSignal::new(request::seed_text()),
            context: RwSignal::new(ContextForm::default()),
            quick_add: RwSignal::new(QuickAdd::suggested(&instances)),
            instances: RwSignal::new(instances),
            query: RwSignal::new(QueryForm::default()),
            queries: RwSignal::new(DEFAULT_QUERIES.to_string()),
            discover: RwSignal::new(DiscoverForm::default()),
            view: RwSignal::new(view),
        }
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
    let shared = Shared::new(initial);
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

    view! {
        <Header view=view/>
        <main id="main" class="page" data-view=move || view.get().slug()>
            {move || match view.get() {
                View::RegisterInstance => {
                    view! { <RegisterInstancePage text=shared.text context=shared.context/> }.into_any()
                }
                View::Registry => view! { <RegistryPage shared=shared/> }.into_any(),
            }}
        </main>
        <footer class="site-footer">
            <p>
                "muster checks requests and simulates Cloud Map in your browser, following the AWS Cloud Map documentation. Nothing is sent to AWS."
            </p>
        </footer>
    }
}
