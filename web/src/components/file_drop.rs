//! A drop zone with a "choose a file" button, for the import dialog and the Scenario menu: the
//! first file dropped on it or picked through it goes to `on_file`.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

#[component]
pub fn FileDrop(
    /// What the zone asks for, before "choose a file".
    prompt: &'static str,
    /// Classes beside `drop-zone`.
    #[prop(optional)]
    class: &'static str,
    /// `data-testid` of the zone.
    testid: &'static str,
    /// `id` of the file input, which the "choose a file" label names.
    input_id: String,
    /// `data-testid` of the file input.
    input_testid: &'static str,
    /// The input's `accept`: the file types the picker offers.
    accept: &'static str,
    on_file: impl Fn(web_sys::File) + Copy + 'static,
    /// Shown inside the zone after the button (what was read, or why not).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let dragging = RwSignal::new(false);
    let label_for = input_id.clone();
    let classes = format!("drop-zone {class}").trim_end().to_owned();
    let on_drop = move |ev: ev::DragEvent| {
        dragging.set(false);
        if let Some(file) = dropped_file(&ev) {
            on_file(file);
        }
    };
    let on_change = move |ev: ev::Event| {
        if let Some(file) = picked_file(&ev) {
            on_file(file);
        }
    };
    view! {
        <div
            class=classes
            class:dragging=move || dragging.get()
            data-testid=testid
            on:dragover=move |ev: ev::DragEvent| {
                ev.prevent_default();
                dragging.set(true);
            }
            on:dragleave=move |_| dragging.set(false)
            on:drop=on_drop
        >
            <span>{prompt}</span>
            <label for=label_for class="button button-small">"choose a file"</label>
            <input
                type="file"
                id=input_id
                class="visually-hidden"
                accept=accept
                data-testid=input_testid
                on:change=on_change
            />
            {children.map(|c| c())}
        </div>
    }
}

/// The file an `<input type="file">` change picked. The input is cleared, so the same file can
/// be picked again after an edit.
fn picked_file(ev: &ev::Event) -> Option<web_sys::File> {
    let input = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())?;
    let file = input.files().and_then(|f| f.get(0));
    input.set_value("");
    file
}

/// The first file of a drop (the browser's own handling, opening the file, is prevented).
fn dropped_file(ev: &ev::DragEvent) -> Option<web_sys::File> {
    ev.prevent_default();
    ev.data_transfer()
        .and_then(|d| d.files())
        .and_then(|f| f.get(0))
}
