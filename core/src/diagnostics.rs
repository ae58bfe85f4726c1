//! Diagnostics are data: `{code, severity, path, message, docs}`, with every code in one table.

use serde::Serialize;

use crate::pointer::Pointer;

/// How bad a finding is. Only `Error` makes a request invalid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// One stable rule: its code, default severity, a one-line summary and the AWS page that states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Rule {
    pub code: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
    pub docs: &'static str,
}

/// One finding about a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub code: &'static str,
    pub severity: Severity,
    /// RFC 6901 JSON Pointer into the request (`""` is the whole request).
    pub path: String,
    pub message: String,
    pub docs: &'static str,
}

impl Diagnostic {
    /// A diagnostic with the rule's own severity.
    pub fn new(rule: &Rule, path: &Pointer, message: impl Into<String>) -> Self {
        Self {
            code: rule.code,
            severity: rule.severity,
            path: path.as_str().to_owned(),
            message: message.into(),
            docs: rule.docs,
        }
    }
}

/// The outcome of validating one request: every problem found, not just the first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Report {
    pub valid: bool,
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// Sorts diagnostics by path then severity (stable within a path) and sets `valid`.
    pub fn from_diagnostics(mut diagnostics: Vec<Diagnostic>) -> Self {
        diagnostics.sort_by(|a, b| a.path.cmp(&b.path).then(a.severity.cmp(&b.severity)));
        let valid = !diagnostics.iter().any(|d| d.severity == Severity::Error);
        Self { valid, diagnostics }
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
    }

    pub fn has_code(&self, code: &str) -> bool {
        self.diagnostics.iter().any(|d| d.code == code)
    }
}

const RI: &str = "https://docs.aws.amazon.com/cloud-map/latest/api/API_RegisterInstance.html";
const RI_ATTR: &str =
    "https://docs.aws.amazon.com/cloud-map/latest/api/API_RegisterInstance.html#cloudmap-RegisterInstance-request-Attributes";
const RI_ID: &str =
    "https://docs.aws.amazon.com/cloud-map/latest/api/API_RegisterInstance.html#cloudmap-RegisterInstance-request-InstanceId";
const CM_QUOTAS: &str = "https://docs.aws.amazon.com/cloud-map/latest/dg/cloud-map-limits.html";
const CM_INSTANCE_VALUES: &str =
    "https://docs.aws.amazon.com/cloud-map/latest/dg/instances-values.html";
const JSON_RFC: &str = "https://www.rfc-editor.org/rfc/rfc8259";
const COMMON_PARAMS: &str =
    "https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-parameters-types.html";

macro_rules! rule_table {
    ($($id:ident = $code:literal, $sev:ident, $docs:expr, $summary:literal;)*) => {
        $(
            #[doc = $summary]
            pub const $id: Rule = Rule { code: $code, severity: Severity::$sev, summary: $summary, docs: $docs };
        )*
        /// Every rule muster knows, in code order.
        pub static ALL: &[Rule] = &[$($id),*];
    };
}

/// The one table of diagnostic codes. Codes are stable: never renumber, only add.
pub mod rules {
    use super::{
        Rule, Severity, CM_INSTANCE_VALUES, CM_QUOTAS, COMMON_PARAMS, JSON_RFC, RI, RI_ATTR, RI_ID,
    };

    rule_table! {
        JSON001 = "JSON001", Error, JSON_RFC, "The request is not well-formed JSON.";
        JSON002 = "JSON002", Error, COMMON_PARAMS, "The request must be a JSON object.";
        REQ001 = "REQ001", Error, COMMON_PARAMS, "A required parameter is missing.";
        REQ002 = "REQ002", Error, COMMON_PARAMS, "The parameter is not part of the operation's request.";
        REQ003 = "REQ003", Error, COMMON_PARAMS, "The parameter has the wrong JSON type.";
        CM001 = "CM001", Error, RI, "ServiceId must be a service ID or ARN of 1 to 255 characters.";
        CM002 = "CM002", Warning, RI, "ServiceId does not look like a Cloud Map service ID (srv-...) or service ARN.";
        CM003 = "CM003", Error, RI_ID, "InstanceId must be 1 to 64 characters of letters, digits and _ / : . @ -.";
        CM004 = "CM004", Error, RI, "CreatorRequestId must be at most 64 characters.";
        CM005 = "CM005", Error, RI_ATTR, "Attribute keys must be 1 to 255 printable ASCII characters without spaces.";
        CM006 = "CM006", Error, RI_ATTR, "Attribute values must be at most 1,024 printable ASCII characters, spaces and tabs, not starting with whitespace.";
        CM007 = "CM007", Error, CM_QUOTAS, "An instance can have at most 30 custom attributes.";
        CM008 = "CM008", Error, RI_ATTR, "All attribute keys and values together must not exceed 5,000 characters.";
        CM009 = "CM009", Error, RI_ATTR, "AWS_INSTANCE_IPV4 must be an IPv4 address in dotted-decimal form.";
        CM010 = "CM010", Error, RI_ATTR, "AWS_INSTANCE_IPV6 must be an IPv6 address.";
        CM011 = "CM011", Error, RI_ATTR, "AWS_INSTANCE_PORT must be a whole number from 0 to 65535.";
        CM012 = "CM012", Error, RI_ATTR, "AWS_INSTANCE_CNAME must be a domain name.";
        CM013 = "CM013", Error, RI_ATTR, "AWS_ALIAS_DNS_NAME must be the DNS name of an Elastic Load Balancing load balancer.";
        CM014 = "CM014", Error, RI_ATTR, "AWS_EC2_INSTANCE_ID must be an EC2 instance ID (i- followed by 8 or 17 hex digits).";
        CM015 = "CM015", Error, RI_ATTR, "AWS_INIT_HEALTH_STATUS must be HEALTHY or UNHEALTHY.";
        CM016 = "CM016", Warning, RI_ATTR, "The key looks like a misspelt reserved AWS_ attribute and will be stored as a custom attribute.";
        CM017 = "CM017", Warning, RI_ATTR, "AWS_INSTANCE_PORT has leading zeros.";
        CM020 = "CM020", Error, RI_ATTR, "A service with an A record needs AWS_INSTANCE_IPV4.";
        CM021 = "CM021", Error, RI_ATTR, "A service with an AAAA record needs AWS_INSTANCE_IPV6.";
        CM022 = "CM022", Error, RI_ATTR, "A service with a CNAME record needs AWS_INSTANCE_CNAME.";
        CM023 = "CM023", Error, RI_ATTR, "A service with an SRV record needs AWS_INSTANCE_IPV4, AWS_INSTANCE_IPV6 or both.";
        CM024 = "CM024", Error, RI_ATTR, "AWS_INSTANCE_PORT is required when the service has an SRV record or a Route 53 health check.";
        CM025 = "CM025", Error, RI_ATTR, "AWS_ALIAS_DNS_NAME needs a service with A and/or AAAA records and WEIGHTED routing.";
        CM026 = "CM026", Error, RI_ATTR, "AWS_ALIAS_DNS_NAME cannot be combined with AWS_INSTANCE_* attributes.";
        CM027 = "CM027", Error, RI_ATTR, "AWS_EC2_INSTANCE_ID is allowed only in HTTP namespaces.";
        CM028 = "CM028", Error, RI_ATTR, "With AWS_EC2_INSTANCE_ID the only other attribute allowed is AWS_INIT_HEALTH_STATUS.";
        CM029 = "CM029", Error, CM_INSTANCE_VALUES, "An instance without IPv4, IPv6, port or CNAME needs at least one custom attribute.";
        CM030 = "CM030", Warning, RI_ATTR, "AWS_INIT_HEALTH_STATUS has effect only when the service has HealthCheckCustomConfig.";
        CM031 = "CM031", Warning, RI, "ServiceId does not match the Id of the service given as context.";
        CM032 = "CM032", Info, RI_ATTR, "The attribute is not used by any record or health check of the service.";
        CM040 = "CM040", Warning, RI_ATTR, "The value looks like a secret; attributes are readable by anyone who can discover the service.";
        CM041 = "CM041", Warning, RI_ID, "The InstanceId is published in public DNS through the service's SRV record.";
        CM090 = "CM090", Info, RI, "Some rules need the target service or namespace and were not checked.";
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut seen = HashSet::new();
        for rule in rules::ALL {
            assert!(seen.insert(rule.code), "duplicate code {}", rule.code);
            assert!(
                rule.docs.starts_with("https://"),
                "{} has no docs link",
                rule.code
            );
            assert!(
                rule.summary.ends_with('.'),
                "{} summary is not a sentence",
                rule.code
            );
        }
    }

    #[test]
    fn report_validity_follows_errors_only() {
        let p = Pointer::root();
        let warn = Diagnostic::new(&rules::CM040, &p, "w");
        assert!(Report::from_diagnostics(vec![warn.clone()]).valid);
        let err = Diagnostic::new(&rules::CM001, &p, "e");
        assert!(!Report::from_diagnostics(vec![warn, err]).valid);
    }
}
