//! Pages of the app.

pub mod register_instance;
