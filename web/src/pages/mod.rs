//! Pages of the app: one per view (see `state::route`).

pub mod register_instance;
pub mod registry;
