//! The scenario outside the page: the autosave in localStorage, share links in the URL hash
//! (`#/view?s=...`), and the document `?src=URL` names, fetched once on load. The checks and
//! messages are in `state::scenario` and `state::source`; this is the browser glue.

use std::cell::Cell;
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsValue;

use crate::app::Shared;
use crate::state::export::Builder;
use crate::state::scenario::{
    decode_link, hash_payload, hash_without_payload, read_stored, unreadable_text, Notice,
    NoticeKind, Scenario, Stored, ASIDE_KEY, STORAGE_KEY,
};
use crate::state::source::{self, Loaded};

/// The notices above the views.
pub type Notices = RwSignal<Vec<Notice>>;

/// How long after the last change the autosave writes.
const SAVE_DELAY: Duration = Duration::from_millis(300);

static NEXT_NOTICE: AtomicU64 = AtomicU64::new(1);

/// Shows a notice; returns its id.
pub fn notify(notices: Notices, kind: NoticeKind, text: String, undo: Option<Scenario>) -> u64 {
    let id = NEXT_NOTICE.fetch_add(1, Ordering::Relaxed);
    let notice = Notice {
        id,
        kind,
        text,
        undo: undo.map(Box::new),
    };
    // One notice at a time of each load: a new one replaces those that are done.
    notices.update(|list| {
        list.retain(|n| n.kind == NoticeKind::Loading);
        list.push(notice);
    });
    id
}

pub fn dismiss(notices: Notices, id: u64) {
    notices.update(|list| list.retain(|n| n.id != id));
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// Replaces the URL without a history entry or a hashchange.
fn replace_url(url: &str) {
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(url));
    }
}

/// The scenario the app starts with: a share link's, else the autosave's, else the defaults.
/// An unreadable autosave is moved aside and reported.
pub fn initial(notices: Notices) -> Scenario {
    let mut scenario = Scenario::default();
    let store = storage();
    let raw = store
        .as_ref()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
    match read_stored(raw.as_deref()) {
        Stored::Nothing => {}
        Stored::Found(saved) => scenario = *saved,
        Stored::Unreadable(error) => {
            let moved = match (&store, &raw) {
                (Some(s), Some(raw)) => {
                    s.set_item(ASIDE_KEY, raw).is_ok() && s.remove_item(STORAGE_KEY).is_ok()
                }
                _ => false,
            };
            notify(
                notices,
                NoticeKind::Problem,
                unreadable_text(&error, moved),
                None,
            );
        }
    }
    let hash = window().location().hash().unwrap_or_default();
    if let Some(payload) = hash_payload(&hash) {
        match decode_link(payload) {
            Ok(linked) => {
                let previous = std::mem::replace(&mut scenario, linked);
                notify(
                    notices,
                    NoticeKind::Done,
                    "Loaded the scenario from the link.".into(),
                    Some(previous),
                );
            }
            Err(error) => {
                notify(notices, NoticeKind::Problem, error.to_string(), None);
            }
        }
        // The link's scenario is now the autosave's; a reload need not read the link again.
        replace_url(&hash_without_payload(&hash));
    }
    scenario
}

/// Starts the autosave, follows share links pasted into the address bar, and fetches `?src=`.
pub fn start(shared: Shared, notices: Notices) {
    autosave(shared, notices);
    let _ = window_event_listener(ev::hashchange, move |_| {
        let hash = window().location().hash().unwrap_or_default();
        let Some(payload) = hash_payload(&hash) else {
            return;
        };
        match decode_link(payload) {
            Ok(linked) => load(
                shared,
                notices,
                Loaded::Scenario(Box::new(linked)),
                "Loaded the scenario from the link.".to_owned(),
            ),
            Err(error) => {
                notify(notices, NoticeKind::Problem, error.to_string(), None);
            }
        }
        replace_url(&hash_without_payload(&hash));
    });
    follow_other_tabs(shared, notices);
    if let Some(raw) = src_param() {
        fetch_src(shared, notices, &raw);
    }
}

/// Another tab of the app saved its scenario: this tab takes it up, so two tabs do not
/// overwrite each other's autosave with their own older copy. The browser tells only the
/// other tabs, and only when the saved text changed, so taking it up (which saves the same
/// text again) does not bounce back.
fn follow_other_tabs(shared: Shared, notices: Notices) {
    let _ = window_event_listener(ev::storage, move |event| {
        if event.key().as_deref() != Some(STORAGE_KEY) {
            return;
        }
        let Stored::Found(theirs) = read_stored(event.new_value().as_deref()) else {
            return;
        };
        let previous = shared.snapshot();
        if *theirs != previous {
            shared.apply(*theirs);
            notify(
                notices,
                NoticeKind::Done,
                "Updated with the changes made in another tab.".into(),
                Some(previous),
            );
        }
    });
}

fn autosave(shared: Shared, notices: Notices) {
    let pending = StoredValue::new_local(None::<TimeoutHandle>);
    let failed = StoredValue::new(false);
    let save = move || {
        let Some(store) = storage() else {
            return;
        };
        let text = shared.snapshot().to_compact();
        if store.set_item(STORAGE_KEY, &text).is_err() && !failed.get_value() {
            failed.set_value(true);
            notify(
                notices,
                NoticeKind::Problem,
                "This browser did not let muster save the scenario (storage is full or turned off); export it to a file to keep it.".into(),
                None,
            );
        }
    };
    Effect::new(move |_| {
        shared.track_scenario();
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        let handle = set_timeout_with_handle(
            move || {
                pending.set_value(None);
                save();
            },
            SAVE_DELAY,
        )
        .ok();
        pending.set_value(handle);
    });
    // A change made just before the page goes away is saved at once.
    let _ = window_event_listener(ev::pagehide, move |_| {
        if let Some(handle) = pending.get_value() {
            handle.clear();
            pending.set_value(None);
            save();
        }
    });
}

/// Puts a loaded document into the app, with a notice that can undo it.
pub fn load(shared: Shared, notices: Notices, loaded: Loaded, text: String) {
    let previous = shared.snapshot();
    match loaded {
        Loaded::Scenario(scenario) => shared.apply(*scenario),
        Loaded::Request(load) => {
            match load.builder {
                Builder::RegisterInstance => shared.text.set(load.text),
                Builder::ContainerInstance => shared.ci_text.set(load.text),
                Builder::CreateService => shared.placement.update(|p| p.service = load.text),
            }
            if let Some(view) = load.switch_to {
                shared.go(view);
            }
        }
    }
    notify(notices, NoticeKind::Done, text, Some(previous));
}

fn src_param() -> Option<String> {
    let search = window().location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()?
        .get("src")
}

/// The page's URL without `?src=`, so a reload starts from the autosave instead of fetching
/// over the user's edits.
fn url_without_src() -> Option<String> {
    let location = window().location();
    let params = web_sys::UrlSearchParams::new_with_str(&location.search().ok()?).ok()?;
    params.delete("src");
    let search = String::from(params.to_string());
    let query = if search.is_empty() {
        String::new()
    } else {
        format!("?{search}")
    };
    Some(format!(
        "{}{query}{}",
        location.pathname().ok()?,
        location.hash().ok()?
    ))
}

fn fetch_src(shared: Shared, notices: Notices, raw: &str) {
    let url = match source::src_url(raw) {
        Ok(url) => url,
        Err(problem) => {
            notify(notices, NoticeKind::Problem, problem, None);
            return;
        }
    };
    let loading = notify(
        notices,
        NoticeKind::Loading,
        format!("Loading {url}…"),
        None,
    );
    spawn_local(async move {
        let result = fetch_bytes(&url).await;
        dismiss(notices, loading);
        match result.and_then(|bytes| source::read_body(&bytes)) {
            Ok(loaded) => {
                let done = loaded.done_text(&url);
                load(shared, notices, loaded, done);
                if let Some(clean) = url_without_src() {
                    replace_url(&clean);
                }
            }
            Err(problem) => {
                notify(
                    notices,
                    NoticeKind::Problem,
                    source::failed_text(&url, &problem),
                    None,
                );
            }
        }
    });
}

/// GETs `url` (nothing else), with a timeout and the size limit.
async fn fetch_bytes(url: &str) -> Result<Vec<u8>, String> {
    let controller =
        web_sys::AbortController::new().map_err(|_| source::NETWORK_PROBLEM.to_owned())?;
    let timed_out = Rc::new(Cell::new(false));
    let timer = {
        let (controller, timed_out) = (controller.clone(), Rc::clone(&timed_out));
        set_timeout_with_handle(
            move || {
                timed_out.set(true);
                controller.abort();
            },
            Duration::from_millis(source::TIMEOUT_MS),
        )
        .ok()
    };
    let signal = controller.signal();
    let result = async {
        let response = gloo_net::http::Request::get(url)
            .abort_signal(Some(&signal))
            .send()
            .await
            .map_err(|_| source::NETWORK_PROBLEM.to_owned())?;
        if let Some(problem) = source::status_problem(response.status(), &response.status_text()) {
            return Err(problem);
        }
        if let Some(problem) =
            source::length_problem(response.headers().get("content-length").as_deref())
        {
            controller.abort();
            return Err(problem);
        }
        response
            .binary()
            .await
            .map_err(|_| "The answer's body could not be read to the end.".to_owned())
    }
    .await;
    if let Some(timer) = timer {
        timer.clear();
    }
    if timed_out.get() {
        return Err(source::timeout_problem());
    }
    result
}
