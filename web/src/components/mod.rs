//! Components: each renders a piece of state and turns user input into state transitions.

pub mod attributes;
pub mod context_form;
pub mod diagnostics;
pub mod discover;
pub mod distribution;
pub mod dns_query;
pub mod header;
pub mod instances;
pub mod json_editor;
pub mod preview;
pub mod request_field;
pub mod response_preview;
pub mod service_editor;
