//! The app shell: header and the RegisterInstance builder page.

use leptos::prelude::*;

use crate::components::header::Header;
use crate::pages::register_instance::RegisterInstancePage;

#[component]
pub fn App() -> impl IntoView {
    view! {
        <Header/>
        <main id="main" class="page">
            <RegisterInstancePage/>
        </main>
        <footer class="site-footer">
            <p>
                "muster checks requests in your browser against the rules in the AWS Cloud Map documentation. Nothing is sent to AWS."
            </p>
        </footer>
    }
}
