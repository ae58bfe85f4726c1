//! Mounts the app into `#app`, replacing the loading notice.

use leptos::mount::{mount_to, mount_to_body};
use leptos::prelude::document;
use leptos::wasm_bindgen::JsCast;
use muster_web::App;

fn main() {
    console_error_panic_hook::set_once();
    let root = document()
        .get_element_by_id("app")
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
    match root {
        Some(root) => {
            root.set_text_content(None);
            mount_to(root, App).forget();
        }
        None => mount_to_body(App),
    }
}
