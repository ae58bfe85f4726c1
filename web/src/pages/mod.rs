//! Pages of the app: one per view (see `state::route`).

pub mod cluster;
pub mod container_instance;
pub mod embed;
pub mod placement;
pub mod register_instance;
pub mod registry;
