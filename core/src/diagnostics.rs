//! Diagnostics are data: `{code, severity, path, message, docs}`, with every code in one table.

use std::borrow::Cow;
use std::fmt::Write as _;

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
    /// Most messages are fixed text; those are borrowed, not copied, into every report.
    pub message: Cow<'static, str>,
    pub docs: &'static str,
}

impl Diagnostic {
    /// A diagnostic with the rule's own severity.
    pub fn new(rule: &Rule, path: &Pointer, message: impl Into<Cow<'static, str>>) -> Self {
        Self {
            code: rule.code,
            severity: rule.severity,
            path: path.as_str().to_owned(),
            message: message.into(),
            docs: rule.docs,
        }
    }
}

/// Where the rule with this code is in [`rules::ALL`].
fn rule_index(code: &str) -> Option<usize> {
    // Sorted by code for a binary search: a few comparisons of short codes, cheaper per
    // finding than hashing the code.
    static INDEX: std::sync::OnceLock<Vec<(&'static str, usize)>> = std::sync::OnceLock::new();
    let index = INDEX.get_or_init(|| {
        let mut index: Vec<_> = rules::ALL
            .iter()
            .enumerate()
            .map(|(i, r)| (r.code, i))
            .collect();
        index.sort_unstable();
        index
    });
    index
        .binary_search_by(|(c, _)| (*c).cmp(code))
        .ok()
        .and_then(|at| index.get(at))
        .map(|(_, i)| *i)
}

/// The rule table for the decoder of [`Report::to_fields`]: each rule's code, severity and docs,
/// in the order of [`rules::ALL`], every field after a U+001F separator.
pub fn rule_table_fields() -> String {
    let mut out = String::new();
    for rule in rules::ALL {
        for field in [rule.code, rule.severity.as_str(), rule.docs] {
            out.push('\u{1f}');
            out.push_str(field);
        }
    }
    out
}

/// The outcome of validating one request: every problem found, not just the first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Report {
    pub valid: bool,
    pub diagnostics: Vec<Diagnostic>,
}

/// What findings are ordered by: the path, then the severity.
fn key(d: &Diagnostic) -> (&str, Severity) {
    (d.path.as_str(), d.severity)
}

impl Report {
    /// Sorts diagnostics by path then severity (stable within a path) and sets `valid`.
    pub fn from_diagnostics(diagnostics: Vec<Diagnostic>) -> Self {
        let sorted = diagnostics.windows(2).all(|pair| match pair {
            [a, b] => key(a) <= key(b),
            _ => true,
        });
        let diagnostics = if sorted {
            diagnostics
        } else {
            // Positions sorted by (path, severity, position), which keeps equal findings in
            // the order they were found; then the findings are moved into that order.
            let mut order: Vec<usize> = (0..diagnostics.len()).collect();
            crate::order::heap_sort_by(&mut order, |&i, &j| {
                match (diagnostics.get(i), diagnostics.get(j)) {
                    (Some(a), Some(b)) => (key(a), i) < (key(b), j),
                    _ => i < j,
                }
            });
            let mut slots: Vec<Option<Diagnostic>> = diagnostics.into_iter().map(Some).collect();
            order
                .into_iter()
                .filter_map(|i| slots.get_mut(i).and_then(Option::take))
                .collect()
        };
        let valid = !diagnostics.iter().any(|d| d.severity == Severity::Error);
        Self { valid, diagnostics }
    }

    /// The report as JSON text, exactly as `serde_json::to_string` writes it. Validation runs on
    /// every keystroke and in bulk, and in the size-built wasm serde_json's writer cost as much
    /// as the checks; this one copies each string whole when it needs no escape (nearly always).
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(
            32 + self
                .diagnostics
                .iter()
                .map(|d| 64 + d.code.len() + d.path.len() + d.message.len() + d.docs.len())
                .sum::<usize>(),
        );
        out.push_str(if self.valid {
            r#"{"valid":true,"diagnostics":["#
        } else {
            r#"{"valid":false,"diagnostics":["#
        });
        for (i, d) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(r#"{"code":"#);
            push_json_string(&mut out, d.code);
            out.push_str(r#","severity":""#);
            out.push_str(d.severity.as_str());
            out.push_str(r#"","path":"#);
            push_json_string(&mut out, &d.path);
            out.push_str(r#","message":"#);
            push_json_string(&mut out, &d.message);
            out.push_str(r#","docs":"#);
            push_json_string(&mut out, d.docs);
            out.push('}');
        }
        out.push_str("]}");
        out
    }

    /// The report as one text of fields for the npm package's decoder (`wasm/src/report.js`):
    /// `1` or `0` for `valid`, then each diagnostic's rule (its index in [`rules::ALL`]), path
    /// and message, every field after a U+001F separator; the decoder takes code, severity and
    /// docs from its copy of the rule table ([`rule_table_fields`]), so those strings are not
    /// decoded again for every finding. Building objects from it costs about a third of
    /// `JSON.parse` on `to_json`'s text, which a bulk run through the package paid per request.
    /// `None` when a path or message holds U+001F itself (a key can), or a diagnostic's severity
    /// or docs are not its rule's, for `to_json` to carry.
    pub fn to_fields(&self) -> Option<String> {
        const SEPARATOR: char = '\u{1f}';
        let mut out = String::with_capacity(
            1 + self
                .diagnostics
                .iter()
                .map(|d| 8 + d.path.len() + d.message.len())
                .sum::<usize>(),
        );
        out.push(if self.valid { '1' } else { '0' });
        for d in &self.diagnostics {
            let index = rule_index(d.code)?;
            let rule = rules::ALL.get(index)?;
            // The docs are the rule's own static text, so comparing addresses settles it first.
            let own_docs = std::ptr::eq(rule.docs, d.docs) || rule.docs == d.docs;
            // Fixed messages are this crate's literals, none of which holds U+001F.
            let message_clear = match &d.message {
                Cow::Borrowed(_) => true,
                Cow::Owned(text) => !text.contains(SEPARATOR),
            };
            if rule.severity != d.severity
                || !own_docs
                || !message_clear
                || d.path.contains(SEPARATOR)
            {
                return None;
            }
            out.push(SEPARATOR);
            // Writing to a String cannot fail.
            let _ = write!(out, "{index}");
            for field in [&*d.path, &*d.message] {
                out.push(SEPARATOR);
                out.push_str(field);
            }
        }
        Some(out)
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

/// `text` as a JSON string, escaped as serde_json escapes: `"`, `\\` and control characters only.
fn push_json_string(out: &mut String, text: &str) {
    out.push('"');
    // The text between escapes is copied whole: every byte that needs one is ASCII, so each
    // run ends on a character boundary. Messages quote the values they name, so most have some.
    let mut run_start = 0;
    for (i, &b) in text.as_bytes().iter().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..0x20 => "",
            _ => continue,
        };
        out.push_str(text.get(run_start..i).unwrap_or_default());
        if escape.is_empty() {
            out.push_str("\\u00");
            out.extend(char::from_digit(u32::from(b >> 4), 16));
            out.extend(char::from_digit(u32::from(b & 0xf), 16));
        } else {
            out.push_str(escape);
        }
        run_start = i + 1;
    }
    out.push_str(text.get(run_start..).unwrap_or_default());
    out.push('"');
}

const RI: &str = "https://docs.aws.amazon.com/cloud-map/latest/api/API_RegisterInstance.html";
const RI_ATTR: &str =
    "https://docs.aws.amazon.com/cloud-map/latest/api/API_RegisterInstance.html#cloudmap-RegisterInstance-request-Attributes";
const RI_ID: &str =
    "https://docs.aws.amazon.com/cloud-map/latest/api/API_RegisterInstance.html#cloudmap-RegisterInstance-request-InstanceId";
const CM_QUOTAS: &str = "https://docs.aws.amazon.com/cloud-map/latest/dg/cloud-map-limits.html";
const CM_INSTANCE_VALUES: &str =
    "https://docs.aws.amazon.com/cloud-map/latest/dg/instances-values.html";
const CREATE_SERVICE: &str =
    "https://docs.aws.amazon.com/cloud-map/latest/api/API_CreateService.html";
const DNS_RECORD: &str = "https://docs.aws.amazon.com/cloud-map/latest/api/API_DnsRecord.html";
const HEALTH_CHECK: &str =
    "https://docs.aws.amazon.com/cloud-map/latest/api/API_HealthCheckConfig.html";
const CUSTOM_HEALTH_CHECK: &str =
    "https://docs.aws.amazon.com/cloud-map/latest/api/API_HealthCheckCustomConfig.html";
const NAMESPACE: &str = "https://docs.aws.amazon.com/cloud-map/latest/api/API_Namespace.html";
const SERVICE: &str = "https://docs.aws.amazon.com/cloud-map/latest/api/API_Service.html";
const DISCOVER: &str =
    "https://docs.aws.amazon.com/cloud-map/latest/api/API_DiscoverInstances.html";
const JSON_RFC: &str = "https://www.rfc-editor.org/rfc/rfc8259";
const COMMON_PARAMS: &str =
    "https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-parameters-types.html";
const RCI: &str =
    "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterContainerInstance.html";
const UCIS: &str =
    "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateContainerInstancesState.html";
const ECS_CLUSTER_NAME: &str =
    "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateCluster.html";
const ECS_CONTAINER_INSTANCE: &str =
    "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerInstance.html";
const ECS_RESOURCE: &str =
    "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Resource.html";
const ECS_ATTRIBUTE: &str =
    "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Attribute.html";
const ECS_PLATFORM_DEVICE: &str =
    "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PlatformDevice.html";
const ECS_TAG: &str = "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Tag.html";
const ECS_QUOTAS: &str =
    "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html";
const ECS_EVENTS: &str =
    "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-event-messages.html";
const EC2_IDENTITY: &str =
    "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instance-identity-documents.html";

const ECS_CREATE_SERVICE: &str =
    "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html";
const ECS_SERVICE_REGISTRY: &str =
    "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceRegistry.html";
const ECS_LOAD_BALANCER: &str =
    "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_LoadBalancer.html";
const ECS_SERVICE_DISCOVERY: &str =
    "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-discovery.html";
const ECS_DEPLOYMENT: &str =
    "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentConfiguration.html";
const ECS_AWSVPC: &str =
    "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_AwsVpcConfiguration.html";
const ECS_PLACEMENT: &str =
    "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-placement.html";
const ECS_STRATEGIES: &str =
    "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-placement-strategies.html";
const ECS_CONSTRAINTS: &str =
    "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-placement-constraints.html";
const ECS_QUERY_LANGUAGE: &str =
    "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/cluster-query-language.html";

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
    #[allow(clippy::wildcard_imports)] // every docs constant of the parent, as the table grows
    use super::*;

    rule_table! {
        JSON001 = "JSON001", Error, JSON_RFC, "The request is not well-formed JSON.";
        JSON002 = "JSON002", Error, COMMON_PARAMS, "The request must be a JSON object.";
        JSON003 = "JSON003", Error, JSON_RFC, "A key appears twice in one JSON object, so the request is ambiguous.";
        REQ001 = "REQ001", Error, COMMON_PARAMS, "A required parameter is missing.";
        REQ002 = "REQ002", Error, COMMON_PARAMS, "The parameter is not part of the operation's request.";
        REQ003 = "REQ003", Error, COMMON_PARAMS, "The parameter has the wrong JSON type.";
        REQ004 = "REQ004", Error, COMMON_PARAMS, "The value is not one of the values the parameter allows.";
        REQ005 = "REQ005", Error, COMMON_PARAMS, "The value is outside the length, range or number of entries the parameter allows.";
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
        CM011 = "CM011", Error, RI_ATTR, "AWS_INSTANCE_PORT must be a whole number from 0 to 65535 (from 1 when a Route 53 health check uses it).";
        CM012 = "CM012", Error, RI_ATTR, "AWS_INSTANCE_CNAME must be a domain name.";
        CM013 = "CM013", Error, RI_ATTR, "AWS_ALIAS_DNS_NAME must be the DNS name of an Elastic Load Balancing load balancer.";
        CM014 = "CM014", Error, RI_ATTR, "AWS_EC2_INSTANCE_ID must be an EC2 instance ID (i- followed by 8 or 17 hex digits).";
        CM015 = "CM015", Error, RI_ATTR, "AWS_INIT_HEALTH_STATUS must be HEALTHY or UNHEALTHY.";
        CM016 = "CM016", Warning, RI_ATTR, "The key looks like a misspelt reserved AWS_ attribute and will be stored as a custom attribute.";
        CM017 = "CM017", Warning, RI_ATTR, "AWS_INSTANCE_PORT has leading zeros.";
        CM020 = "CM020", Error, RI_ATTR, "A service with an A record needs AWS_INSTANCE_IPV4, and so does a Route 53 health check (IPv6 alone serves only a check of AAAA-only or SRV services).";
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
        CM033 = "CM033", Error, RI_ATTR, "AWS_ALIAS_DNS_NAME is not supported in the GovCloud (US) Regions.";
        CM040 = "CM040", Warning, RI_ATTR, "The value looks like a secret; attributes are readable by anyone who can discover the service.";
        CM041 = "CM041", Warning, RI_ID, "The InstanceId is published in public DNS through the service's SRV record.";
        CM101 = "CM101", Error, CREATE_SERVICE, "The service name must be DNS labels of letters, digits, '-' and '_', 1 to 127 characters in all.";
        CM102 = "CM102", Error, DNS_RECORD, "A CNAME record needs WEIGHTED routing.";
        CM103 = "CM103", Error, DNS_RECORD, "A record TTL must be from 0 to 2147483647 seconds.";
        CM104 = "CM104", Error, DNS_RECORD, "The DNS record types must form a valid combination: A, AAAA, A+AAAA, SRV, A+SRV or CNAME, each once.";
        CM105 = "CM105", Warning, DNS_RECORD, "The record-type combination is not documented by AWS.";
        CM106 = "CM106", Error, HEALTH_CHECK, "A service with a CNAME record cannot have a Route 53 health check.";
        CM107 = "CM107", Error, HEALTH_CHECK, "Route 53 health checks (HealthCheckConfig) are for public DNS and HTTP namespaces only.";
        CM108 = "CM108", Error, HEALTH_CHECK, "HealthCheckConfig and HealthCheckCustomConfig cannot both be given.";
        CM109 = "CM109", Error, HEALTH_CHECK, "FailureThreshold must be from 1 to 10.";
        CM110 = "CM110", Error, HEALTH_CHECK, "ResourcePath has at most 255 characters and is not allowed for TCP checks.";
        CM111 = "CM111", Error, CREATE_SERVICE, "HTTP namespaces and HTTP-type services have no DNS records.";
        CM112 = "CM112", Warning, CREATE_SERVICE, "DnsConfig.NamespaceId is deprecated.";
        CM113 = "CM113", Info, CUSTOM_HEALTH_CHECK, "HealthCheckCustomConfig.FailureThreshold is deprecated; Cloud Map always uses 1.";
        CM114 = "CM114", Error, CREATE_SERVICE, "Description has at most 1,024 characters, CreatorRequestId and DnsConfig.NamespaceId at most 64, and NamespaceId at most 255 (an ID or a shared namespace's ARN).";
        CM115 = "CM115", Error, CREATE_SERVICE, "At most 200 tags, keys 1 to 128 characters and values at most 256.";
        CM116 = "CM116", Error, CREATE_SERVICE, "Tag keys must be unique and must not start with aws:, which AWS reserves.";
        CM117 = "CM117", Error, SERVICE, "A service as GetService returns it: Id up to 64 characters, Arn up to 255, ResourceOwner and CreatedByAccount 12-digit account IDs.";
        CM130 = "CM130", Error, NAMESPACE, "The namespace name must fit its type: a domain name for public DNS, printable ASCII otherwise, and not an ARN.";
        CM131 = "CM131", Error, NAMESPACE, "A namespace as GetNamespace returns it: Id up to 64 characters, Arn up to 255, ResourceOwner a 12-digit account ID, Description up to 1,024, CreatorRequestId and DnsProperties.HostedZoneId up to 64.";
        CM120 = "CM120", Error, DISCOVER, "DiscoverInstances MaxResults must be from 1 to 1000.";
        CM121 = "CM121", Error, DISCOVER, "OwnerAccount must be a 12-digit AWS account ID.";
        CM122 = "CM122", Error, DISCOVER, "NamespaceName is the namespace's name: 1 to 1,024 printable ASCII characters without spaces.";
        CM123 = "CM123", Error, DISCOVER, "ServiceName is the service's name: 1 to 127 characters of dot-separated labels of letters, digits, hyphens and underscores.";
        CM124 = "CM124", Error, DISCOVER, "QueryParameters and OptionalParameters follow the attribute rules: keys 1 to 255 printable ASCII characters without spaces, values at most 1,024 printable ASCII characters, spaces or tabs, not starting with one.";
        CM090 = "CM090", Info, RI, "Some rules need the target service or namespace and were not checked.";
        CM091 = "CM091", Warning, CREATE_SERVICE, "The service given as context breaks a rule of CreateService, so Cloud Map could not have created it; the checks take it as given.";
        ECS001 = "ECS001", Error, ECS_CLUSTER_NAME, "cluster must be a cluster name (1 to 255 letters, digits, hyphens and underscores) or a cluster ARN.";
        ECS002 = "ECS002", Error, ECS_CONTAINER_INSTANCE, "A container instance must not be blank, a container-instance ARN must be well formed, and containerInstanceArn must be the full ARN.";
        ECS003 = "ECS003", Warning, ECS_CONTAINER_INSTANCE, "The container instance ARN belongs to another cluster, Region or account than the cluster parameter.";
        ECS004 = "ECS004", Error, EC2_IDENTITY, "instanceIdentityDocument must be a JSON object: the EC2 instance identity document.";
        ECS005 = "ECS005", Warning, EC2_IDENTITY, "The instance identity document lacks a field ECS reads (instanceId, region, availabilityZone, instanceType).";
        ECS006 = "ECS006", Warning, EC2_IDENTITY, "The identity document's region and availability zone disagree with each other or with the cluster ARN.";
        ECS007 = "ECS007", Warning, RCI, "instanceIdentityDocument and instanceIdentityDocumentSignature are sent together.";
        ECS008 = "ECS008", Error, ECS_RESOURCE, "Every resource needs a name.";
        ECS009 = "ECS009", Error, ECS_RESOURCE, "The resource type must be INTEGER, DOUBLE, LONG or STRINGSET.";
        ECS010 = "ECS010", Error, ECS_RESOURCE, "A resource must carry the value field that matches its type.";
        ECS011 = "ECS011", Warning, ECS_RESOURCE, "A resource carries the value fields of other types, which ECS does not read.";
        ECS012 = "ECS012", Error, ECS_RESOURCE, "Resource amounts must not be negative.";
        ECS013 = "ECS013", Error, ECS_RESOURCE, "Resource names must be unique within totalResources.";
        ECS014 = "ECS014", Warning, ECS_RESOURCE, "CPU and MEMORY are INTEGER and PORTS and PORTS_UDP STRINGSET resources, in upper case.";
        ECS015 = "ECS015", Error, ECS_RESOURCE, "PORTS and PORTS_UDP entries must be port numbers from 0 to 65535, written as strings.";
        ECS016 = "ECS016", Error, ECS_EVENTS, "At most 100 host ports can be reserved on an instance, TCP and UDP together.";
        ECS017 = "ECS017", Info, ECS_RESOURCE, "totalResources has no CPU or MEMORY, so tasks that reserve them cannot be placed.";
        ECS018 = "ECS018", Error, ECS_ATTRIBUTE, "Attribute names must be 1 to 128 letters, digits, hyphens, underscores, slashes, backslashes or periods.";
        ECS019 = "ECS019", Error, ECS_ATTRIBUTE, "Attribute values must be 1 to 128 letters, digits, spaces and - _ . @ / \\ :, not starting or ending with a space.";
        ECS020 = "ECS020", Error, ECS_ATTRIBUTE, "An attribute's targetType can only be container-instance, and a short-form targetId needs it.";
        ECS021 = "ECS021", Warning, ECS_ATTRIBUTE, "An attribute name is given more than once.";
        ECS022 = "ECS022", Warning, ECS_QUOTAS, "A container instance can have at most 10 custom attributes.";
        ECS023 = "ECS023", Error, ECS_PLATFORM_DEVICE, "The platform device type must be GPU or NEURON_DEVICE.";
        ECS024 = "ECS024", Info, ECS_PLATFORM_DEVICE, "NEURON_DEVICE is newer than GPU; older SDKs and CLIs reject it.";
        ECS025 = "ECS025", Error, ECS_PLATFORM_DEVICE, "Platform device IDs must be non-empty and unique.";
        ECS026 = "ECS026", Error, ECS_TAG, "A resource can have at most 50 tags.";
        ECS027 = "ECS027", Error, ECS_TAG, "Tag keys must be 1 to 128 letters, digits, spaces and + - = . _ : / @.";
        ECS028 = "ECS028", Error, ECS_TAG, "Tag values must be at most 256 letters, digits, spaces and + - = . _ : / @.";
        ECS029 = "ECS029", Error, ECS_TAG, "Tag keys must be unique.";
        ECS030 = "ECS030", Error, ECS_TAG, "The aws: prefix, in any letter case, is reserved for AWS in tag keys and values.";
        ECS031 = "ECS031", Error, UCIS, "containerInstances must list 1 to 10 container instances.";
        ECS032 = "ECS032", Error, UCIS, "status can only be set to ACTIVE or DRAINING.";
        ECS033 = "ECS033", Warning, ECS_CONTAINER_INSTANCE, "The container instance ID does not look like one ECS issues, so ECS will probably not find it.";
        ECS040 = "ECS040", Error, ECS_CREATE_SERVICE, "A service can have only one service registry.";
        ECS041 = "ECS041", Error, ECS_SERVICE_REGISTRY, "registryArn must be the ARN of a Cloud Map service.";
        ECS042 = "ECS042", Error, ECS_SERVICE_REGISTRY, "A service registry must fit the task's networking: bridge or host need containerName and containerPort, not port, and none has no address to register.";
        ECS043 = "ECS043", Error, ECS_SERVICE_REGISTRY, "With awsvpc networking, give either containerName and containerPort or port, not both.";
        ECS044 = "ECS044", Error, ECS_SERVICE_REGISTRY, "With awsvpc networking and an SRV record, the registry needs port or containerName and containerPort.";
        ECS045 = "ECS045", Error, ECS_SERVICE_REGISTRY, "containerName and containerPort are given together.";
        ECS046 = "ECS046", Error, ECS_SERVICE_REGISTRY, "containerName must name a container of the task definition.";
        ECS047 = "ECS047", Error, ECS_SERVICE_REGISTRY, "containerPort must be a containerPort of that container's portMappings.";
        ECS048 = "ECS048", Error, ECS_SERVICE_DISCOVERY, "Tasks with bridge or host networking need a Cloud Map service whose only DNS record is SRV.";
        ECS049 = "ECS049", Warning, ECS_SERVICE_REGISTRY, "registryArn names another Cloud Map service than the one in the context.";
        ECS050 = "ECS050", Error, ECS_SERVICE_REGISTRY, "Ports must be from 1 to 65535.";
        ECS051 = "ECS051", Error, ECS_CREATE_SERVICE, "serviceName must be 1 to 255 letters, digits, hyphens and underscores.";
        ECS052 = "ECS052", Error, ECS_QUOTAS, "desiredCount must be 0 to 5,000, and at most 1,000 with service discovery.";
        ECS053 = "ECS053", Error, ECS_CREATE_SERVICE, "DAEMON services take no desiredCount, placementStrategy or capacityProviderStrategy, and not Fargate, CODE_DEPLOY or EXTERNAL.";
        ECS054 = "ECS054", Error, ECS_DEPLOYMENT, "Deployment percentages must not be negative, and DAEMON services keep maximumPercent at 100.";
        ECS055 = "ECS055", Warning, ECS_DEPLOYMENT, "maximumPercent must leave room above minimumHealthyPercent, or deployments cannot replace tasks.";
        ECS056 = "ECS056", Error, ECS_CREATE_SERVICE, "launchType and capacityProviderStrategy cannot both be given.";
        ECS057 = "ECS057", Error, ECS_AWSVPC, "networkConfiguration.awsvpcConfiguration is required with awsvpc networking and not allowed otherwise.";
        ECS058 = "ECS058", Error, ECS_AWSVPC, "awsvpcConfiguration takes 1 to 16 subnets and at most 5 security groups.";
        ECS059 = "ECS059", Error, ECS_CREATE_SERVICE, "CreateService needs a taskDefinition unless the deployment controller is EXTERNAL.";
        ECS060 = "ECS060", Info, ECS_SERVICE_DISCOVERY, "Some rules need the task definition and were not checked.";
        ECS061 = "ECS061", Error, ECS_CREATE_SERVICE, "clientToken is up to 36 ASCII characters from ! to ~.";
        ECS062 = "ECS062", Error, ECS_CREATE_SERVICE, "role is only for a service with loadBalancers whose tasks do not use awsvpc.";
        ECS063 = "ECS063", Error, ECS_LOAD_BALANCER, "A load balancer needs containerName and containerPort from the task definition, and targetGroupArn or loadBalancerName (Classic, not with awsvpc).";
        ECS064 = "ECS064", Error, ECS_SERVICE_REGISTRY, "With awsvpc networking and no SRV record, the registry takes no port, containerName or containerPort.";
        ECS065 = "ECS065", Error, ECS_CREATE_SERVICE, "A REPLICA service (the default scheduling strategy) needs desiredCount.";
        ECS066 = "ECS066", Error, ECS_CREATE_SERVICE, "A capacity provider strategy gives a base to one provider at most and, with several providers, a weight above 0 to one at least.";
        ECS067 = "ECS067", Error, ECS_CREATE_SERVICE, "A Service Connect discoveryName (64) or dnsName (127) is lower-case letters, digits, '_' and '-' (and '.' in dnsName), not starting with '-'.";
        PL001 = "PL001", Error, ECS_STRATEGIES, "At most 5 placement strategies can be given.";
        PL002 = "PL002", Error, ECS_CONSTRAINTS, "At most 10 placement constraints apply to a task, counting the task definition's.";
        PL003 = "PL003", Error, ECS_STRATEGIES, "The placement strategy type must be random, spread or binpack.";
        PL004 = "PL004", Error, ECS_STRATEGIES, "binpack takes the field cpu or memory; spread takes instanceId, host or attribute:NAME.";
        PL005 = "PL005", Warning, ECS_STRATEGIES, "random takes no field.";
        PL006 = "PL006", Error, ECS_CONSTRAINTS, "The placement constraint type must be memberOf or distinctInstance.";
        PL007 = "PL007", Error, ECS_CONSTRAINTS, "memberOf needs an expression; distinctInstance takes none.";
        PL008 = "PL008", Error, ECS_QUERY_LANGUAGE, "The expression is not valid cluster query language.";
        PL009 = "PL009", Error, ECS_QUERY_LANGUAGE, "A cluster query expression can be at most 2,000 characters.";
        PL010 = "PL010", Error, ECS_CONSTRAINTS, "Task definitions accept only memberOf constraints.";
        PL011 = "PL011", Error, ECS_PLACEMENT, "Fargate tasks take no placement strategies or constraints.";
        PL012 = "PL012", Warning, ECS_STRATEGIES, "A strategy after random never applies, since random picks one instance.";
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

    #[test]
    fn findings_are_ordered_by_path_then_severity_keeping_their_order_otherwise() {
        let at = |path: &str| Pointer::root().key(path);
        let report = Report::from_diagnostics(vec![
            Diagnostic::new(&rules::CM040, &at("b"), "b warning"),
            Diagnostic::new(&rules::CM001, &at("b"), "b error 1"),
            Diagnostic::new(&rules::CM001, &at("a"), "a error"),
            Diagnostic::new(&rules::CM001, &at("b"), "b error 2"),
            Diagnostic::new(&rules::CM040, &at("a"), "a warning"),
        ]);
        let messages: Vec<&str> = report
            .diagnostics
            .iter()
            .map(|d| d.message.as_ref())
            .collect();
        assert_eq!(
            messages,
            [
                "a error",
                "a warning",
                "b error 1",
                "b error 2",
                "b warning"
            ]
        );
    }

    #[test]
    fn report_json_is_what_serde_json_writes() {
        let p = Pointer::root().key("a\"b").key("~/\\");
        let every_control: String = (0u8..0x20).map(char::from).collect();
        for message in [
            String::new(),
            "plain".to_owned(),
            format!("{every_control} \" \\ \u{7f} é \u{2028} 😀 </script>"),
        ] {
            for report in [
                Report::from_diagnostics(vec![]),
                Report::from_diagnostics(vec![Diagnostic::new(&rules::CM040, &p, message.clone())]),
                Report::from_diagnostics(vec![
                    Diagnostic::new(&rules::CM001, &p, message.clone()),
                    Diagnostic::new(&rules::CM090, &Pointer::root(), "x"),
                ]),
            ] {
                assert_eq!(report.to_json(), serde_json::to_string(&report).unwrap());
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn any_message_writes_as_serde_json_does(message in ".*", path in ".*") {
            let report = Report::from_diagnostics(vec![Diagnostic {
                path,
                ..Diagnostic::new(&rules::CM001, &Pointer::root(), message)
            }]);
            proptest::prop_assert_eq!(report.to_json(), serde_json::to_string(&report).unwrap());
        }

        /// Splitting the fields text at U+001F, as the package's decoder does, gives back every
        /// field whole; a path or message holding the separator is left to the JSON text.
        #[test]
        fn fields_split_back_into_the_report(messages in proptest::collection::vec(".*", 0..4), path in ".*") {
            let diagnostics: Vec<Diagnostic> = messages.iter().enumerate().map(|(i, message)| Diagnostic {
                path: if i == 0 { path.clone() } else { String::new() },
                ..Diagnostic::new(if i % 2 == 0 { &rules::CM001 } else { &rules::CM090 }, &Pointer::root(), message.clone())
            }).collect();
            let report = Report::from_diagnostics(diagnostics);
            let has_separator = report.diagnostics.iter().any(|d| d.path.contains('\u{1f}') || d.message.contains('\u{1f}'));
            match report.to_fields() {
                None => proptest::prop_assert!(has_separator),
                Some(text) => {
                    proptest::prop_assert!(!has_separator);
                    // Decoded as report.js does: the rule's fields from the table.
                    let table: Vec<String> = rule_table_fields().split('\u{1f}').skip(1).map(str::to_owned).collect();
                    let fields: Vec<&str> = text.split('\u{1f}').collect();
                    let mut decoded: Vec<String> = vec![fields[0].to_owned()];
                    for chunk in fields[1..].chunks(3) {
                        let at = chunk[0].parse::<usize>().unwrap() * 3;
                        decoded.extend([table[at].clone(), table[at + 1].clone(), chunk[1].to_owned(), chunk[2].to_owned(), table[at + 2].clone()]);
                    }
                    let expected: Vec<String> = std::iter::once(if report.valid { "1" } else { "0" }.to_owned())
                        .chain(report.diagnostics.iter().flat_map(|d| [d.code.to_owned(), d.severity.as_str().to_owned(), d.path.clone(), d.message.to_string(), d.docs.to_owned()]))
                        .collect();
                    proptest::prop_assert_eq!(decoded, expected);
                }
            }
        }
    }
}
