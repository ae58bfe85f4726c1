//! AWS Cloud Map: RegisterInstance validation against its service and namespace.

pub mod attributes;
pub mod model;
pub mod validate;

pub use model::{Context, Namespace, NamespaceType, RecordType, RoutingPolicy, Service};
pub use validate::register_instance;
