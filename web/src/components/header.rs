//! The site header.

use leptos::prelude::*;

#[component]
pub fn Header() -> impl IntoView {
    view! {
        <header class="site-header">
            <div class="brand">
                <span class="logo" aria-hidden="true">"m"</span>
                <span class="product">"muster"</span>
            </div>
            <p class="tagline">
                "Build and check AWS Cloud Map "
                <code>"RegisterInstance"</code>
                " requests before you send them."
            </p>
        </header>
    }
}
