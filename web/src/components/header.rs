//! The site header: the brand and the tabs that switch views.

use leptos::prelude::*;

use crate::app::Shared;
use crate::components::scenario_menu::ScenarioMenu;
use crate::components::scenario_sync::Notices;
use crate::components::theme_toggle::ThemeToggle;
use crate::state::View;

#[component]
pub fn Header(view: RwSignal<View>, shared: Shared, notices: Notices) -> impl IntoView {
    view! {
        <header class="site-header">
            <div class="brand">
                <span class="logo" aria-hidden="true">"m"</span>
                <span class="product">"muster"</span>
            </div>
            <ViewNav view=view/>
            <p class="tagline">"Build, check and simulate AWS registrations before you send them."</p>
            <ScenarioMenu shared=shared notices=notices/>
            <ThemeToggle/>
        </header>
    }
}

/// One link per view. Links (not ARIA tabs): each view has its own URL, so they work with the
/// keyboard, middle-click and Back as links do; `aria-current` marks the one shown.
#[component]
fn ViewNav(view: RwSignal<View>) -> impl IntoView {
    view! {
        <nav class="view-nav" aria-label="Views" data-testid="view-nav">
            <ul>
                {View::ALL
                    .into_iter()
                    .map(|v| {
                        let current = move || view.get() == v;
                        view! {
                            <li>
                                <a
                                    class="view-tab"
                                    class:view-tab-current=current
                                    href=v.hash()
                                    data-testid=format!("tab-{}", v.slug())
                                    aria-current=move || current().then_some("page")
                                >
                                    {v.label()}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}
