//! Short hints for each field, condensed from the RegisterInstance API reference.

use super::request::Field;

pub fn field_hint(field: Field) -> &'static str {
    match field {
        Field::ServiceId => "The ID of the service that the instance is registered with, like srv-p5zdwlg5uvvzjita. Its settings decide which attributes are needed.",
        Field::InstanceId => "Up to 64 letters, digits and _ / : . @ -. Registering an existing ID updates that instance. With an SRV record, it becomes part of the record's name.",
        Field::CreatorRequestId => "Optional. A unique string (up to 64 characters, a date or UUID) that lets a failed request be retried without registering twice.",
    }
}

pub const ATTRIBUTES_HINT: &str = "Reserved AWS_* keys set what the service's records and health checks return; other keys are custom attributes (up to 30) that DiscoverInstances returns.";

/// The hint for an attribute row, by key.
pub fn attribute_hint(key: &str) -> &'static str {
    match key {
        "AWS_INSTANCE_IPV4" => "The IPv4 address Route 53 returns for an A record (for example 192.0.2.44); also the SRV target and health check address.",
        "AWS_INSTANCE_IPV6" => "The IPv6 address Route 53 returns for an AAAA record (for example 2001:db8::1); also the SRV target.",
        "AWS_INSTANCE_PORT" => "The port Route 53 returns in an SRV record, and the port Route 53 health checks send requests to.",
        "AWS_INSTANCE_CNAME" => "The domain name Route 53 returns for a CNAME record (for example example.com).",
        "AWS_ALIAS_DNS_NAME" => "The DNS name of an Elastic Load Balancing load balancer, for an alias record. Needs WEIGHTED routing and A/AAAA records.",
        "AWS_EC2_INSTANCE_ID" => "HTTP namespaces only: the EC2 instance ID. The only other attribute allowed with it is AWS_INIT_HEALTH_STATUS.",
        "AWS_INIT_HEALTH_STATUS" => "With a custom health check, the initial status: HEALTHY (the default) or UNHEALTHY.",
        _ => "Custom attribute: key up to 255 printable ASCII characters, value up to 1,024.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::request::RESERVED_KEYS;

    #[test]
    fn every_reserved_key_has_its_own_hint() {
        let custom = attribute_hint("team");
        for key in RESERVED_KEYS {
            assert_ne!(attribute_hint(key), custom, "{key}");
        }
        for field in Field::ALL {
            assert!(field_hint(field).ends_with('.'));
        }
    }
}
