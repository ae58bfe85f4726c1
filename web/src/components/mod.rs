//! Components: each renders a piece of state and turns user input into state transitions.

pub mod agent_preset;
pub mod attributes;
pub mod ci_form;
pub mod ci_response;
pub mod cluster_panels;
pub mod context_form;
pub mod diagnostics;
pub mod discover;
pub mod distribution;
pub mod dns_query;
pub mod export_panel;
pub mod header;
pub mod import_dialog;
pub mod instances;
pub mod json_editor;
pub mod lines;
pub mod placement_form;
pub mod plan_view;
pub mod preview;
pub mod request_field;
pub mod response_preview;
pub mod scenario_menu;
pub mod scenario_sync;
pub mod service_editor;
pub mod show_more;
pub mod theme_toggle;
