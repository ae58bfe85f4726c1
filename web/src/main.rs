//! Mounts the app into `#app`, replacing the loading notice; `?embed=1` mounts the compact
//! embedded builder instead (see `state::embed`).

use leptos::mount::{mount_to, mount_to_body};
use leptos::prelude::{document, window, IntoView};
use leptos::wasm_bindgen::JsCast;
use muster_web::pages::embed::{EmbedApp, EmbedAppProps};
use muster_web::state::embed;
use muster_web::App;

fn main() {
    console_error_panic_hook::set_once();
    let search = window().location().search().unwrap_or_default();
    let root = document()
        .get_element_by_id("app")
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
    match (embed::from_query(&search), root) {
        (Some(params), Some(root)) => {
            root.set_text_content(None);
            mount_to(root, move || EmbedApp(EmbedAppProps { params }).into_view()).forget();
        }
        (Some(params), None) => mount_to_body(move || EmbedApp(EmbedAppProps { params })),
        (None, Some(root)) => {
            root.set_text_content(None);
            mount_to(root, App).forget();
        }
        (None, None) => mount_to_body(App),
    }
}
