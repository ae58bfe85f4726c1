//! Long lists drawn a part at a time: the first items, then more on request, with a line that
//! says how many of how many are shown. A large result is on screen at once and nothing is
//! hidden for good.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::components::frames::next_frame;
use crate::state::placement::{PartSizer, Window};

/// One list's part on screen. The list element has the id `list_id` and the items as its
/// children.
#[derive(Clone, Copy)]
pub struct ShowMore {
    total: usize,
    step: usize,
    /// Only a list longer than its first part has a part to track.
    part: Option<Part>,
}

#[derive(Clone, Copy)]
struct Part {
    /// Items drawn.
    shown: RwSignal<usize>,
    /// Items asked for: `shown` catches up a part per frame, so the page keeps painting while
    /// "Show all" draws thousands.
    wanted: StoredValue<usize>,
    /// Whether a catch-up is under way.
    growing: StoredValue<bool>,
    /// The first item a press asked for: it takes the focus once drawn, so keyboard users go on
    /// from where the new items start.
    focus_next: StoredValue<Option<usize>>,
    list_id: StoredValue<String>,
}

impl ShowMore {
    /// The first `step` of `total` items of the list with id `list_id`.
    pub fn new(total: usize, step: usize, list_id: String) -> Self {
        let first = Window::new(total, step);
        let part = (total > first.step).then(|| Part {
            shown: RwSignal::new(first.shown),
            wanted: StoredValue::new(first.shown),
            growing: StoredValue::new(false),
            focus_next: StoredValue::new(None),
            list_id: StoredValue::new(list_id),
        });
        Self {
            total,
            step: first.step,
            part,
        }
    }

    fn window(self, shown: usize) -> Window {
        Window::new(self.total, self.step).showing(shown)
    }

    /// The items drawn so far, `item(i)` making the `i`th. New items are added after the ones
    /// drawn, which stay as they are.
    pub fn items<V>(self, item: impl Fn(usize) -> V + Clone + Send + 'static) -> AnyView
    where
        V: IntoView + 'static,
    {
        let Some(part) = self.part else {
            return (0..self.total).map(item).collect_view().into_any();
        };
        view! {
            <For each=move || 0..part.shown.get() key=|i| *i let(i)>
                {item(i)}
            </For>
        }
        .into_any()
    }

    /// The line and the buttons that go after the list: `Showing 48 of 1,667 instances in
    /// us-east-1a`, "Show 48 more instances", "Show all 1,667 instances". Nothing for a short
    /// list; hidden once every item is drawn.
    pub fn controls(self, noun: &'static str, place: String, testid: &'static str) -> AnyView {
        let Some(part) = self.part else {
            return ().into_any();
        };
        let list_id = part.list_id.get_value();
        let status_id = format!("{list_id}-shown");
        let controls_id = format!("{list_id}-more");
        let window = move || self.window(part.shown.get());
        view! {
            <div
                class="show-more"
                id=controls_id
                data-testid=testid
                data-shown=move || part.shown.get().to_string()
                data-total=self.total.to_string()
                hidden=move || { part.shown.get() >= self.total }
            >
                <p class="hint show-more-status" id=status_id.clone()>
                    {move || window().status(noun, &place)}
                </p>
                <button
                    type="button"
                    class="button button-small"
                    data-testid="show-more"
                    aria-describedby=status_id.clone()
                    aria-controls=list_id.clone()
                    on:click=move |_| {
                        let asked = self.window(part.wanted.get_value());
                        self.ask(part, asked.shown + asked.more());
                    }
                >
                    {move || window().more_label(noun)}
                </button>
                <button
                    type="button"
                    class="button button-small"
                    data-testid="show-all"
                    aria-describedby=status_id
                    aria-controls=list_id
                    hidden=move || !window().offers_all()
                    on:click=move |_| self.ask(part, self.total)
                >
                    {self.window(0).all_label(noun)}
                </button>
            </div>
        }
        .into_any()
    }

    /// Draws up to `wanted` items, a part per frame.
    fn ask(self, part: Part, wanted: usize) {
        let from = part.wanted.get_value();
        let wanted = wanted.min(self.total);
        if wanted <= from {
            return;
        }
        part.focus_next.set_value(Some(from));
        part.wanted.set_value(wanted);
        if !part.growing.get_value() {
            part.growing.set_value(true);
            spawn_local(grow(part, self.step));
        }
    }
}

/// Catches `shown` up with `wanted`, a part per frame, each part sized by [`PartSizer`] to fill
/// a frame, so thousands of items take a second or two and the page keeps painting.
async fn grow(list: Part, step: usize) {
    let mut sizer = PartSizer::new(step);
    loop {
        let (Some(shown), Some(wanted)) =
            (list.shown.try_get_untracked(), list.wanted.try_get_value())
        else {
            // The list is gone (a new plan replaced it).
            return;
        };
        if shown >= wanted {
            break;
        }
        let started = js_sys::Date::now();
        list.shown.set((shown + sizer.part()).min(wanted));
        next_frame().await;
        take_focus(list);
        sizer.record(js_sys::Date::now() - started);
    }
    let _ = list.growing.try_set_value(false);
}

/// Focuses the item a press asked for once it is drawn, while the focus is still on the buttons
/// (or fell to the page when they were hidden): a user who moved on keeps their place.
fn take_focus(list: Part) {
    let Some(Some(index)) = list.focus_next.try_get_value() else {
        return;
    };
    if list
        .shown
        .try_get_untracked()
        .is_none_or(|shown| index >= shown)
    {
        return;
    }
    list.focus_next.set_value(None);
    let item = list.list_id.with_value(|id| {
        let on_controls = document().active_element().is_none_or(|active| {
            active.tag_name() == "BODY"
                || document()
                    .get_element_by_id(&format!("{id}-more"))
                    .is_some_and(|controls| controls.contains(Some(&active)))
        });
        if !on_controls {
            return None;
        }
        document()
            .get_element_by_id(id)?
            .query_selector(&format!(":scope > :nth-child({})", index + 1))
            .ok()
            .flatten()?
            .dyn_into::<web_sys::HtmlElement>()
            .ok()
    });
    if let Some(item) = item {
        // Focusable from script only: the item is no stop in the tab order.
        let _ = item.set_attribute("tabindex", "-1");
        let _ = item.focus();
    }
}
