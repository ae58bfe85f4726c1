//! The header's theme switch: System / Light / Dark as a radio group (arrow keys move between
//! the choices, as in any radio group). The choice is remembered in `localStorage`.

use leptos::prelude::*;

use crate::state::theme::{self, Theme};

/// The stored choice (System when there is none or storage is unavailable).
pub fn stored_theme() -> Theme {
    let stored = window()
        .local_storage()
        .ok()
        .flatten()
        .and_then(|s| s.get_item(theme::STORAGE_KEY).ok().flatten());
    Theme::parse(stored.as_deref())
}

/// Shows `choice` by setting (or removing) `data-theme` on `<html>`.
pub fn apply_theme(choice: Theme) {
    let Some(root) = document().document_element() else {
        return;
    };
    // Attribute changes on <html> cannot fail in practice; the page keeps its theme if they do.
    let _ = match choice.attribute() {
        Some(value) => root.set_attribute(theme::ATTRIBUTE, value),
        None => root.remove_attribute(theme::ATTRIBUTE),
    };
}

fn store_theme(choice: Theme) {
    if let Some(storage) = window().local_storage().ok().flatten() {
        // Storage can be full or disabled; the choice then lasts until reload.
        let _ = storage.set_item(theme::STORAGE_KEY, choice.value());
    }
}

#[component]
pub fn ThemeToggle() -> impl IntoView {
    let current = RwSignal::new(stored_theme());
    let choose = move |choice: Theme| {
        current.set(choice);
        apply_theme(choice);
        store_theme(choice);
    };
    apply_theme(current.get_untracked());
    view! {
        <fieldset class="theme-toggle" data-testid="theme-toggle">
            <legend class="visually-hidden">"Colour theme"</legend>
            {Theme::ALL
                .into_iter()
                .map(|choice| {
                    view! {
                        <label class="theme-option">
                            <input
                                type="radio"
                                name="muster-theme"
                                value=choice.value()
                                data-testid=format!("theme-{}", choice.value())
                                prop:checked=move || current.get() == choice
                                on:change=move |_| choose(choice)
                            />
                            <span class="theme-option-text">{choice.label()}</span>
                        </label>
                    }
                })
                .collect_view()}
        </fieldset>
    }
}
