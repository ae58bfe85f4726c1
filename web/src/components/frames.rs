//! Waiting for the browser between slices of long work, so it can paint and handle input.

use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

/// Waits until the browser has painted a frame.
pub async fn next_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        request_animation_frame(move || {
            // Called just before the paint; the timeout runs after it.
            set_timeout(
                move || {
                    let _ = resolve.call0(&JsValue::UNDEFINED);
                },
                Duration::ZERO,
            );
        });
    });
    let _ = JsFuture::from(promise).await;
}

/// Waits for the browser's next task, so it can handle input and paint in between.
pub async fn next_turn() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        set_timeout(
            move || {
                let _ = resolve.call0(&JsValue::UNDEFINED);
            },
            Duration::ZERO,
        );
    });
    let _ = JsFuture::from(promise).await;
}
