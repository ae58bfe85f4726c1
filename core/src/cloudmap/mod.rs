//! AWS Cloud Map: RegisterInstance validation against its service and namespace.

pub mod attributes;
pub mod discover;
pub mod dns;
pub mod model;
pub mod namespace;
pub mod preview;
pub mod registry;
pub mod service;
pub mod validate;

pub use model::{Context, Namespace, NamespaceType, RecordType, RoutingPolicy, Service};
pub use validate::register_instance;
