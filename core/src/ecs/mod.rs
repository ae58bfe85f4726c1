//! Amazon ECS container instances: RegisterContainerInstance / DeregisterContainerInstance /
//! UpdateContainerInstancesState validation, the request an agent would send, and a cluster
//! that registers, deregisters and drains them; CreateService / UpdateService validation, task
//! placement with the cluster query language, and the Cloud Map registrations ECS makes for tasks.

pub mod agent;
pub mod cluster;
pub mod discovery;
pub mod model;
pub mod placement;
pub mod query;
pub mod service;
mod service_shapes;
pub mod taskdef;
pub mod validate;

pub use agent::{agent_request, AgentOptions, InstanceType, Os, INSTANCE_TYPES};
pub use cluster::{ApiError, Clock, ClusterState, ContainerInstance, Outcome, StepClock};
pub use validate::{
    deregister_container_instance, register_container_instance, update_container_instances_state,
};
