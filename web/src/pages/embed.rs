//! Embed mode (`?embed=1`, see `state::embed`): one compact builder without the header, the view
//! tabs or the footer, for an iframe. After every change it posts the request and its
//! diagnostics to the parent window.

use leptos::prelude::*;
use leptos::wasm_bindgen::closure::Closure;
use leptos::wasm_bindgen::JsCast;
use serde_json::Value;

use crate::components::context_form::ContextSection;
use crate::components::diagnostics::{DiagnosticList, StatusBadge};
use crate::components::json_editor::JsonEditor;
use crate::components::theme_toggle::apply_theme;
use crate::pages::container_instance::{CiBuilder, CiRequestForm};
use crate::pages::register_instance::{InstanceBuilder, InstanceRequestForm};
use crate::state::container::CiTarget;
use crate::state::embed::{self, EmbedParams, Operation, SetRequest};
use crate::state::{request, Target};

/// Posts `message` to the parent window (the window itself when not framed) for `target` only.
fn post_to_parent(message: &Value, target: &str) {
    let Ok(json) = serde_json::to_string(message) else {
        return;
    };
    // A structured-clone of a plain object, so listeners need no JSON.parse.
    let Ok(value) = js_sys::JSON::parse(&json) else {
        return;
    };
    let own = window();
    let parent = own.parent().ok().flatten().unwrap_or(own);
    // Fails only for a malformed target origin, which `state::embed::origin` rules out.
    let _ = parent.post_message(&value, target);
}

/// Posts each update unless it repeats the last one (one edit can fire several input events
/// whose effects all see the final text).
fn post_update(last: StoredValue<Option<Value>>, message: Value, target: &str) {
    if last.with_value(|l| l.as_ref() == Some(&message)) {
        return;
    }
    post_to_parent(&message, target);
    last.set_value(Some(message));
}

/// Where messages go: the `parentOrigin` the URL names, else this page's own origin.
fn message_target(params: &EmbedParams) -> String {
    params
        .parent_origin
        .clone()
        .unwrap_or_else(|| window().location().origin().unwrap_or_default())
}

/// Lets the page that framed the builder put a new request (and context) in it with a
/// `muster:set` message. Only the parent window at the origin the builder posts to is heard; a
/// message it cannot use is answered with `muster:error`, and the builder stays as it was.
fn listen_for_set(target: String, operation: Operation, apply: impl Fn(SetRequest) + 'static) {
    let callback =
        Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            let own = window();
            let from_parent = match (event.source(), own.parent().ok().flatten()) {
                (Some(source), Some(parent)) => js_sys::Object::is(&source, &parent),
                _ => false,
            };
            if !embed::accepts_from(&event.origin(), from_parent, &target) {
                return;
            }
            // Structured-clone data as JSON; what JSON cannot hold is not a message for the builder.
            let Some(data) = js_sys::JSON::stringify(&event.data())
                .ok()
                .and_then(|text| text.as_string())
                .and_then(|text| serde_json::from_str::<Value>(&text).ok())
            else {
                return;
            };
            match embed::read_set_message(&data, operation) {
                None => {}
                Some(Ok(set)) => apply(set),
                Some(Err(why)) => post_to_parent(&embed::error_message(&why), &target),
            }
        });
    let _ = window().add_event_listener_with_callback("message", callback.as_ref().unchecked_ref());
    // The listener lives as long as the page.
    callback.forget();
}

/// Tells the parent the builder's height whenever it changes, so it can size the iframe.
fn report_height(target: String) {
    let Some(body) = document().body() else {
        return;
    };
    let measured = body.clone();
    let callback = Closure::<dyn Fn()>::new(move || {
        let height = f64::from(measured.offset_height());
        post_to_parent(&embed::resize_message(height), &target);
    });
    if let Ok(observer) = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()) {
        observer.observe(&body);
    }
    // The observer lives as long as the page.
    callback.forget();
}

#[component]
pub fn EmbedApp(params: Result<EmbedParams, String>) -> impl IntoView {
    if let Some(root) = document().document_element() {
        let _ = root.class_list().add_1("embedded");
    }
    let body = match params {
        Ok(params) => {
            if let Some(theme) = params.theme {
                apply_theme(theme);
            }
            report_height(message_target(&params));
            document().set_title(&format!(
                "muster · {} builder (embedded)",
                params.operation.name()
            ));
            match params.operation {
                Operation::RegisterInstance => {
                    view! { <EmbedRegisterInstance params=params/> }.into_any()
                }
                Operation::RegisterContainerInstance => {
                    view! { <EmbedContainerInstance params=params/> }.into_any()
                }
            }
        }
        Err(message) => {
            // The page that framed the builder, when the URL names it, else this origin.
            let search = window().location().search().unwrap_or_default();
            let target = embed::parent_origin(&search)
                .unwrap_or_else(|| window().location().origin().unwrap_or_default());
            post_to_parent(&embed::error_message(&message), &target);
            view! { <p class="call-error" role="alert" data-testid="embed-error">{message}</p> }
                .into_any()
        }
    };
    view! {
        <main id="main" class="embed" data-testid="embed">
            {body}
        </main>
    }
}

#[component]
fn EmbedRegisterInstance(params: EmbedParams) -> impl IntoView {
    let target = message_target(&params);
    let text = RwSignal::new(params.request.clone().unwrap_or_else(request::seed_text));
    let context = RwSignal::new(params.context.clone().unwrap_or_default());
    let builder = InstanceBuilder::new(text, context);
    let InstanceBuilder {
        checked,
        placed,
        on_text,
        ..
    } = builder;
    listen_for_set(target.clone(), Operation::RegisterInstance, move |set| {
        if let Some(form) = set.context {
            context.set(form);
        }
        if let Some(request) = set.request {
            on_text.run(request);
        }
    });
    let last = StoredValue::new(None::<Value>);
    Effect::new(move |_| {
        let message = checked
            .with(|c| text.with(|t| embed::update_message(Operation::RegisterInstance, t, c)));
        post_update(last, message, &target);
    });
    let context_problem = params.context_problem.clone();
    let no_problem = context_problem.is_none();

    view! {
        <div class="embed-builder" data-operation="RegisterInstance">
            <div class="embed-head">
                <h1 id="embed-heading">"RegisterInstance"</h1>
                <StatusBadge checked=checked/>
            </div>
            <p class="notice" data-testid="embed-context-problem" hidden=no_problem>
                {context_problem}
            </p>
            <details class="embed-context">
                <summary>"Checked against: service and namespace"</summary>
                <ContextSection context=context text=text/>
            </details>
            <InstanceRequestForm builder=builder/>
            <DiagnosticList checked=checked placed=placed/>
            <section class="panel editor-panel" aria-labelledby="embed-json-heading">
                <h2 id="embed-json-heading">"Request JSON"</h2>
                <JsonEditor text=text placed=placed on_input=on_text/>
            </section>
        </div>
    }
}

#[component]
fn EmbedContainerInstance(params: EmbedParams) -> impl IntoView {
    let target = message_target(&params);
    let seed = || {
        crate::state::agent::AgentForm::default()
            .request_text()
            .unwrap_or_default()
    };
    let text = RwSignal::new(params.request.clone().unwrap_or_else(seed));
    let CiBuilder {
        form,
        checked,
        placed,
        edit_error,
        on_edit,
        on_text,
    } = CiBuilder::new(text);
    listen_for_set(
        target.clone(),
        Operation::RegisterContainerInstance,
        move |set| {
            if let Some(request) = set.request {
                on_text.run(request);
            }
        },
    );
    let last = StoredValue::new(None::<Value>);
    Effect::new(move |_| {
        let message = checked.with(|c| {
            text.with(|t| embed::update_message(Operation::RegisterContainerInstance, t, c))
        });
        post_update(last, message, &target);
    });
    // The context parameter is the Cloud Map service: it means nothing here.
    let ignored = params
        .context
        .is_some()
        .then_some("The context parameter applies to RegisterInstance only; it is ignored.");
    let not_ignored = ignored.is_none();

    view! {
        <div class="embed-builder" data-operation="RegisterContainerInstance">
            <div class="embed-head">
                <h1 id="embed-heading">"RegisterContainerInstance"</h1>
                <StatusBadge checked=checked testid="ci-status"/>
            </div>
            <p class="notice" data-testid="embed-context-problem" hidden=not_ignored>
                {ignored}
            </p>
            <CiRequestForm form=form placed=placed on_edit=on_edit edit_error=edit_error/>
            <DiagnosticList checked=checked placed=placed/>
            <section class="panel editor-panel" aria-labelledby="embed-json-heading">
                <h2 id="embed-json-heading">"Request JSON"</h2>
                <JsonEditor text=text placed=placed on_input=on_text control=Target::Ci(CiTarget::Top)/>
            </section>
        </div>
    }
}
