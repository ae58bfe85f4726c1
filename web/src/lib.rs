//! muster-web: the Leptos app that builds, validates and previews RegisterInstance and
//! RegisterContainerInstance requests, and simulates the registry, DNS and ECS cluster they
//! lead to.
//!
//! `state` holds the logic as plain Rust (tested natively); `components` and `pages` render it.

pub mod app;
pub mod components;
pub mod pages;
pub mod state;

pub use app::App;
