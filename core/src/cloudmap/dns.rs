//! What Route 53 answers for a Cloud Map namespace: the records Cloud Map keeps for each registered
//! instance, routed by the service's policy and the instances' health.
//!
//! Behaviour, from the service model and the Route 53 guide (see reference/cloudmap.md):
//! - MULTIVALUE answers up to 8 healthy records, a random 8 when more are healthy; when none is
//!   healthy, up to 8 records regardless of health.
//! - WEIGHTED answers one random healthy record (equal weights); when none is healthy, one of all.
//! - Without a health check every record counts as healthy. UNKNOWN counts as healthy: Route 53
//!   treats a record whose check has no verdict yet as healthy.
//! - SRV data is `1 1 PORT INSTANCEID.SERVICE.NAMESPACE.`, with the target's A/AAAA records in the
//!   additional section. Those host records get the SRV record's TTL and are answered regardless
//!   of health: each is the only record at its name. (Undocumented; chosen as the plain reading.)
//!   InstanceIds that differ only in case share one host name, whose records then hold every
//!   such instance's address; the answer says so.
//! - An alias answers with the load balancer's DNS name as the alias target, with ELB's 60 s TTL,
//!   and a note: Route 53 answers with the load balancer's addresses, which are not known here.
//! - A name that exists without the queried type is NOERROR with no answer and the SOA in the
//!   authority section (RFC 2308); an unknown name is NXDOMAIN with the SOA; a successful answer
//!   carries the zone's NS records in authority. Names compare case-insensitively.
//! - A name outside the namespace is REFUSED, as an authoritative server answers for a zone it
//!   does not serve; HTTP namespaces have no DNS at all.

use std::fmt::Write as _;

use serde::Serialize;

use super::attributes::{ALIAS, CNAME, IPV4, IPV6, PORT};
use super::model::{Namespace, NamespaceType, RecordType, RoutingPolicy, Service};
use super::registry::{HealthStatus, Instance, Registry};
use crate::rng::{fnv1a, Rng};
use crate::text::grouped;

/// Route 53 answers at most this many records for a multivalue answer.
pub const MULTIVALUE_LIMIT: usize = 8;
/// The TTL of an alias record: the target's, and Elastic Load Balancing uses 60 seconds.
pub const ALIAS_TTL: i64 = 60;
/// Negative-caching TTL when the namespace does not give `Properties.DnsProperties.SOA.TTL`.
pub const DEFAULT_SOA_TTL: i64 = 15;
const NS_TTL: i64 = 172_800;

/// A record as dig prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Record {
    pub name: String,
    #[serde(rename = "type")]
    pub record_type: String,
    pub ttl: i64,
    pub data: String,
}

/// The whole simulated response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Response {
    pub rcode: &'static str,
    pub answer: Vec<Record>,
    pub authority: Vec<Record>,
    pub additional: Vec<Record>,
    /// Why the answer is what it is (health fallbacks, refusals), in plain words.
    pub notes: Vec<String>,
    /// The instance IDs whose records are in the answer, in answer order.
    #[serde(rename = "instanceIds")]
    pub instance_ids: Vec<String>,
}

/// Query types the simulator understands.
pub const QUERY_TYPES: [&str; 8] = ["A", "AAAA", "SRV", "CNAME", "SOA", "NS", "TXT", "MX"];

/// One record Cloud Map keeps for an instance.
#[derive(Debug, Clone)]
struct Entry {
    instance: usize,
    data: String,
    healthy: bool,
}

#[derive(Debug, Clone)]
struct RecordSet {
    name: String,
    record_type: &'static str,
    ttl: i64,
    routing: Routing,
    entries: Vec<Entry>,
    /// Indexes of the healthy entries, computed once per zone.
    healthy: Vec<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Routing {
    Multivalue,
    Weighted,
    /// A single record at its own name (SRV target hosts).
    Simple,
}

/// The hosted zone of one service: its record sets, built once and queried many times.
#[derive(Debug, Clone)]
pub struct Zone {
    apex: String,
    http_only: bool,
    soa_ttl: i64,
    sets: Vec<RecordSet>,
    instance_ids: Vec<String>,
    name_servers: Vec<String>,
}

/// `name` in lower case with exactly one trailing dot.
pub fn absolute(name: &str) -> String {
    let trimmed = name.trim().trim_end_matches('.');
    format!("{}.", trimmed.to_ascii_lowercase())
}

impl Zone {
    /// Builds the records Cloud Map keeps for `registry` in `service` of `namespace`.
    pub fn build(namespace: &Namespace, service: &Service, registry: &Registry) -> Self {
        let apex = absolute(namespace.name.as_deref().unwrap_or("local"));
        let http_only = namespace.namespace_type == Some(NamespaceType::Http);
        let service_name = absolute(&format!(
            "{}.{}",
            service.name.as_deref().unwrap_or("service"),
            apex.trim_end_matches('.')
        ));
        let routing = match service.routing_policy() {
            Some(RoutingPolicy::Weighted) => Routing::Weighted,
            _ => Routing::Multivalue,
        };
        let has_check =
            service.health_check_config.is_some() || service.health_check_custom_config.is_some();
        let mut sets: Vec<RecordSet> = Vec::new();
        for (index, instance) in registry.instances().iter().enumerate() {
            let healthy = !has_check || instance.health_status != HealthStatus::Unhealthy;
            for spec in instance_records(instance, service, &service_name, healthy) {
                let routing = if spec.own_name {
                    Routing::Simple
                } else {
                    routing
                };
                let entry = Entry {
                    instance: index,
                    data: spec.data,
                    healthy: spec.healthy,
                };
                match sets
                    .iter_mut()
                    .find(|s| s.name == spec.name && s.record_type == spec.record_type)
                {
                    Some(set) => set.entries.push(entry),
                    None => sets.push(RecordSet {
                        name: spec.name,
                        record_type: spec.record_type,
                        ttl: spec.ttl,
                        routing,
                        entries: vec![entry],
                        healthy: Vec::new(),
                    }),
                }
            }
        }
        for set in &mut sets {
            set.healthy = set
                .entries
                .iter()
                .enumerate()
                .filter(|(_, e)| e.healthy)
                .map(|(i, _)| i)
                .collect();
        }
        Self {
            name_servers: name_servers(&apex),
            apex,
            http_only,
            soa_ttl: soa_ttl(namespace).unwrap_or(DEFAULT_SOA_TTL),
            sets,
            instance_ids: registry.instances().iter().map(|i| i.id.clone()).collect(),
        }
    }

    fn soa(&self) -> Record {
        let primary = self.name_servers.first().cloned().unwrap_or_default();
        Record {
            name: self.apex.clone(),
            record_type: "SOA".to_owned(),
            ttl: self.soa_ttl,
            data: format!(
                "{primary} awsdns-hostmaster.amazon.com. 1 7200 900 1209600 {}",
                self.soa_ttl
            ),
        }
    }

    fn ns_records(&self) -> Vec<Record> {
        self.name_servers
            .iter()
            .map(|ns| Record {
                name: self.apex.clone(),
                record_type: "NS".to_owned(),
                ttl: NS_TTL,
                data: ns.clone(),
            })
            .collect()
    }

    /// Every record of the zone, each with the instance it belongs to.
    pub fn records(&self) -> Vec<(String, Record)> {
        self.sets
            .iter()
            .flat_map(|set| {
                set.entries.iter().map(move |e| {
                    let id = self
                        .instance_ids
                        .get(e.instance)
                        .cloned()
                        .unwrap_or_default();
                    (
                        id,
                        Record {
                            name: set.name.clone(),
                            record_type: set.record_type.to_owned(),
                            ttl: set.ttl,
                            data: e.data.clone(),
                        },
                    )
                })
            })
            .collect()
    }

    fn in_zone(&self, name: &str) -> bool {
        name == self.apex || name.ends_with(&format!(".{}", self.apex))
    }

    /// Answers one query. `query_type` must be one of [`QUERY_TYPES`].
    pub fn query(&self, name: &str, query_type: &str, seed: u64) -> Response {
        let name = absolute(name);
        let mut response = Response {
            rcode: "NOERROR",
            answer: Vec::new(),
            authority: Vec::new(),
            additional: Vec::new(),
            notes: Vec::new(),
            instance_ids: Vec::new(),
        };
        if self.http_only {
            response.rcode = "REFUSED";
            response.notes.push("HTTP namespaces have no DNS records; clients find instances with DiscoverInstances.".to_owned());
            return response;
        }
        if !self.in_zone(&name) {
            response.rcode = "REFUSED";
            response.notes.push(format!(
                "{name} is outside the namespace {}; its hosted zone does not answer for it.",
                self.apex
            ));
            return response;
        }
        let mut rng = Rng::stream(seed, &format!("{name} {query_type}"));
        if name == self.apex && (query_type == "SOA" || query_type == "NS") {
            response.answer = if query_type == "SOA" {
                vec![self.soa()]
            } else {
                self.ns_records()
            };
            if query_type == "SOA" {
                response.authority = self.ns_records();
            }
            return response;
        }
        let at_name: Vec<&RecordSet> = self.sets.iter().filter(|s| s.name == name).collect();
        let cname = at_name.iter().find(|s| s.record_type == "CNAME");
        let wanted = match cname {
            Some(set) if query_type != "CNAME" => Some(*set),
            _ => at_name
                .iter()
                .find(|s| s.record_type == query_type)
                .copied(),
        };
        if let Some(set) = wanted {
            self.answer_with(set, query_type, &mut rng, &mut response);
        } else {
            self.answer_negative(&name, &at_name, query_type, &mut response);
        }
        response
    }

    /// InstanceIds that differ only in case name one host (DNS names compare case-insensitively),
    /// so its address records hold every such instance's address and a client following the SRV
    /// record may reach another instance than the one whose port it read.
    fn note_shared_host(&self, host: &RecordSet, notes: &mut Vec<String>) {
        if host.routing != Routing::Simple {
            return;
        }
        let mut ids: Vec<&str> = Vec::new();
        for entry in &host.entries {
            if let Some(id) = self.instance_ids.get(entry.instance) {
                if !ids.contains(&id.as_str()) {
                    ids.push(id);
                }
            }
        }
        if ids.len() > 1 {
            let note = format!(
                "The instances {} differ only in case, which DNS names do not: their SRV targets are the one host {}, whose {} records hold all their addresses, so a client may connect to another instance than the one whose port it read. Give them IDs that differ in more than case.",
                ids.join(", "),
                host.name,
                host.record_type,
            );
            if !notes.contains(&note) {
                notes.push(note);
            }
        }
    }

    /// A positive answer from `set`, with SRV targets' addresses in the additional section.
    fn answer_with(
        &self,
        set: &RecordSet,
        query_type: &str,
        rng: &mut Rng,
        response: &mut Response,
    ) {
        let chosen = Self::select(set, rng, &mut response.notes);
        self.note_shared_host(set, &mut response.notes);
        for entry in &chosen {
            response.answer.push(Record {
                name: set.name.clone(),
                record_type: set.record_type.to_owned(),
                ttl: set.ttl,
                data: entry.data.clone(),
            });
            if let Some(id) = self.instance_ids.get(entry.instance) {
                response.instance_ids.push(id.clone());
            }
        }
        if set.record_type == "SRV" {
            let mut targets: Vec<&str> = Vec::new();
            for entry in &chosen {
                let target = entry.data.rsplit(' ').next().unwrap_or_default();
                if !targets.contains(&target) {
                    targets.push(target);
                }
            }
            for target in targets {
                for host in self.sets.iter().filter(|s| s.name == target) {
                    response
                        .additional
                        .extend(host.entries.iter().map(|e| Record {
                            name: host.name.clone(),
                            record_type: host.record_type.to_owned(),
                            ttl: host.ttl,
                            data: e.data.clone(),
                        }));
                    self.note_shared_host(host, &mut response.notes);
                }
            }
        }
        let alias = chosen.iter().find(|e| e.data.ends_with('.'));
        if let (Some(alias), "A" | "AAAA") = (alias, set.record_type) {
            response.notes.push(format!(
                "{} is an alias to the load balancer {}: Route 53 answers with the load balancer's current {} addresses and its {ALIAS_TTL}-second TTL. They are not known here, so the answer shows the alias target in their place.",
                set.name,
                alias.data,
                if set.record_type == "A" { "IPv4" } else { "IPv6" },
            ));
        }
        if set.record_type == "CNAME" && query_type != "CNAME" {
            response.notes.push("The name has a CNAME record, which answers queries of every type; the resolver then follows the target.".to_owned());
        }
        response.authority = self.ns_records();
    }

    /// NODATA (the name exists, the type does not) or NXDOMAIN, with the SOA for negative caching.
    fn answer_negative(
        &self,
        name: &str,
        at_name: &[&RecordSet],
        query_type: &str,
        response: &mut Response,
    ) {
        let exists = !at_name.is_empty()
            || name == self.apex
            || self
                .sets
                .iter()
                .any(|s| s.name.ends_with(&format!(".{name}")));
        response.authority = vec![self.soa()];
        if exists {
            let types: Vec<&str> = at_name.iter().map(|s| s.record_type).collect();
            response.notes.push(if types.is_empty() {
                format!("{name} exists but has no records of its own (NODATA).")
            } else {
                format!(
                    "{name} has {} records but no {query_type} record (NODATA).",
                    types.join(" and ")
                )
            });
        } else {
            response.rcode = "NXDOMAIN";
            response.notes.push(if self.sets.is_empty() {
                "The service has no registered instances with records, so none of its names exist yet.".to_owned()
            } else {
                format!("No record exists at {name} (NXDOMAIN).")
            });
        }
    }

    fn select<'a>(set: &'a RecordSet, rng: &mut Rng, notes: &mut Vec<String>) -> Vec<&'a Entry> {
        let all_healthy = set.healthy.len() == set.entries.len();
        let pool_size = if set.healthy.is_empty() {
            set.entries.len()
        } else {
            set.healthy.len()
        };
        let count = if set.routing == Routing::Weighted {
            1
        } else {
            MULTIVALUE_LIMIT
        };
        let pick = |i: usize| -> Option<&'a Entry> {
            if all_healthy || set.healthy.is_empty() {
                set.entries.get(i)
            } else {
                set.healthy.get(i).and_then(|&h| set.entries.get(h))
            }
        };
        if set.healthy.is_empty() {
            if set.routing != Routing::Simple {
                notes.push(format!(
                    "None of the {} {} records is healthy, so Route 53 answers as if all were healthy.",
                    grouped(set.entries.len()),
                    set.record_type
                ));
            }
        } else if !all_healthy {
            notes.push(format!(
                "{} of {} {} records are unhealthy and left out.",
                grouped(set.entries.len() - set.healthy.len()),
                grouped(set.entries.len()),
                set.record_type
            ));
        }
        match set.routing {
            Routing::Weighted if pool_size > 1 => {
                notes.push(format!(
                    "WEIGHTED routing: one of {} records, chosen at random with equal weights.",
                    grouped(pool_size)
                ));
            }
            Routing::Multivalue if pool_size > MULTIVALUE_LIMIT => {
                notes.push(format!(
                    "MULTIVALUE routing: {MULTIVALUE_LIMIT} of {} records, chosen at random.",
                    grouped(pool_size)
                ));
            }
            _ => {}
        }
        rng.sample_indexes(pool_size, count)
            .into_iter()
            .filter_map(pick)
            .collect()
    }
}

/// One record an instance contributes to the zone.
struct RecordSpec {
    name: String,
    record_type: &'static str,
    ttl: i64,
    data: String,
    healthy: bool,
    /// The only record at its name (an SRV target host), so no routing policy applies.
    own_name: bool,
}

/// The records Cloud Map creates for one instance, given the service's record types.
fn instance_records(
    instance: &Instance,
    service: &Service,
    service_name: &str,
    healthy: bool,
) -> Vec<RecordSpec> {
    let ttl_of = |t: RecordType| {
        service
            .dns_config
            .as_ref()
            .and_then(|c| c.dns_records.iter().find(|r| r.record_type == t))
            .map(|r| r.ttl)
    };
    let spec = |name: &str, record_type, ttl, data: String, healthy, own_name| RecordSpec {
        name: name.to_owned(),
        record_type,
        ttl,
        data,
        healthy,
        own_name,
    };
    let mut out = Vec::new();
    if let Some(target) = instance.attribute(ALIAS) {
        // Route 53 evaluates the load balancer's own health (EvaluateTargetHealth).
        for (t, name) in [(RecordType::A, "A"), (RecordType::Aaaa, "AAAA")] {
            if ttl_of(t).is_some() {
                out.push(spec(
                    service_name,
                    name,
                    ALIAS_TTL,
                    absolute(target),
                    true,
                    false,
                ));
            }
        }
        return out;
    }
    let ipv4 = instance.attribute(IPV4);
    let ipv6 = instance.attribute(IPV6);
    if let (Some(ttl), Some(ip)) = (ttl_of(RecordType::A), ipv4) {
        out.push(spec(service_name, "A", ttl, ip.to_owned(), healthy, false));
    }
    if let (Some(ttl), Some(ip)) = (ttl_of(RecordType::Aaaa), ipv6) {
        out.push(spec(
            service_name,
            "AAAA",
            ttl,
            ip.to_owned(),
            healthy,
            false,
        ));
    }
    if let (Some(ttl), Some(target)) = (ttl_of(RecordType::Cname), instance.attribute(CNAME)) {
        out.push(spec(
            service_name,
            "CNAME",
            ttl,
            absolute(target),
            healthy,
            false,
        ));
    }
    if let (Some(ttl), Some(port)) = (ttl_of(RecordType::Srv), instance.attribute(PORT)) {
        if ipv4.is_some() || ipv6.is_some() {
            let host = absolute(&format!(
                "{}.{}",
                instance.id,
                service_name.trim_end_matches('.')
            ));
            let port = port.parse::<u16>().unwrap_or(0);
            out.push(spec(
                service_name,
                "SRV",
                ttl,
                format!("1 1 {port} {host}"),
                healthy,
                false,
            ));
            if let Some(ip) = ipv4 {
                out.push(spec(&host, "A", ttl, ip.to_owned(), true, true));
            }
            if let Some(ip) = ipv6 {
                out.push(spec(&host, "AAAA", ttl, ip.to_owned(), true, true));
            }
        }
    }
    out
}

/// The namespace's name servers: four deterministic Route 53-style names, as each hosted zone
/// gets its own delegation set.
fn name_servers(apex: &str) -> Vec<String> {
    let h = fnv1a(apex.as_bytes());
    ["com", "net", "org", "co.uk"]
        .iter()
        .enumerate()
        .map(|(i, tld)| {
            let n = (h >> (i * 16)) & 0xFFFF;
            format!(
                "ns-{}.awsdns-{:02}.{tld}.",
                512 * i as u64 + n % 512,
                (n >> 9) % 64
            )
        })
        .collect()
}

fn soa_ttl(namespace: &Namespace) -> Option<i64> {
    namespace
        .properties
        .as_ref()?
        .get("DnsProperties")?
        .get("SOA")?
        .get("TTL")?
        .as_i64()
}

/// The response as `dig` prints it.
pub fn render_dig(name: &str, query_type: &str, response: &Response) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "; <<>> muster (simulated Route 53 for Cloud Map) <<>> {} {query_type}",
        absolute(name)
    );
    let _ = writeln!(
        out,
        ";; ->>HEADER<<- opcode: QUERY, status: {}",
        response.rcode
    );
    let _ = writeln!(
        out,
        ";; flags: qr aa rd; QUERY: 1, ANSWER: {}, AUTHORITY: {}, ADDITIONAL: {}",
        response.answer.len(),
        response.authority.len(),
        response.additional.len()
    );
    let _ = writeln!(
        out,
        "\n;; QUESTION SECTION:\n;{}\t\tIN\t{query_type}",
        absolute(name)
    );
    for (title, records) in [
        ("ANSWER", &response.answer),
        ("AUTHORITY", &response.authority),
        ("ADDITIONAL", &response.additional),
    ] {
        if records.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n;; {title} SECTION:");
        for r in records {
            let _ = writeln!(
                out,
                "{}\t\t{}\tIN\t{}\t{}",
                r.name, r.ttl, r.record_type, r.data
            );
        }
    }
    for note in &response.notes {
        let _ = writeln!(out, ";; note: {note}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cloudmap::model::Context;
    use crate::cloudmap::registry::from_requests;
    use serde_json::{json, Value};

    fn zone(records: &[&str], routing: &str, extra: &Value, instances: &[Value]) -> Zone {
        let mut service = json!({"Id": "srv-1", "Name": "web", "DnsConfig": {"RoutingPolicy": routing,
            "DnsRecords": records.iter().map(|t| json!({"Type": t, "TTL": 60})).collect::<Vec<_>>()}});
        if let (Some(s), Some(e)) = (service.as_object_mut(), extra.as_object()) {
            s.extend(e.clone());
        }
        let context = Context::from_value(
            &json!({"service": service, "namespace": {"Name": "Local", "Type": "DNS_PRIVATE"}}),
        )
        .unwrap();
        let (registry, skipped) = from_requests(instances, &context);
        assert!(skipped.is_empty(), "{skipped:?}");
        Zone::build(
            context.namespace.as_ref().unwrap(),
            context.service.as_ref().unwrap(),
            &registry,
        )
    }

    fn ip(id: &str, ip: &str, health: &str) -> Value {
        json!({"InstanceId": id, "Attributes": {"AWS_INSTANCE_IPV4": ip, "AWS_INSTANCE_PORT": "8080"}, "HealthStatus": health})
    }

    fn many(n: usize) -> Vec<Value> {
        (0..n)
            .map(|i| ip(&format!("i-{i}"), &format!("10.0.0.{}", i + 1), "HEALTHY"))
            .collect()
    }

    #[test]
    fn multivalue_answers_all_healthy_up_to_eight_and_varies_across_seeds() {
        let z = zone(
            &["A"],
            "MULTIVALUE",
            &json!({"HealthCheckCustomConfig": {}}),
            &many(20),
        );
        let first = z.query("WEB.local", "A", 1);
        assert_eq!(first.rcode, "NOERROR");
        assert_eq!(first.answer.len(), 8);
        assert_eq!(
            z.query("web.local.", "A", 1),
            first,
            "same seed, same answer"
        );
        let distinct: std::collections::HashSet<Vec<String>> = (0..20)
            .map(|s| z.query("web.local", "A", s).instance_ids)
            .collect();
        assert!(distinct.len() > 10);
        let few = zone(&["A"], "MULTIVALUE", &json!({}), &many(3));
        assert_eq!(few.query("web.local", "A", 0).answer.len(), 3);
    }

    #[test]
    fn notes_write_large_counts_with_thousands_separators() {
        // A service holds at most 1,000 instances; `unhealthy` of them fail their health check.
        let notes = |unhealthy: usize| {
            let instances: Vec<Value> = (0..1000)
                .map(|i| {
                    let health = if i < unhealthy {
                        "UNHEALTHY"
                    } else {
                        "HEALTHY"
                    };
                    ip(
                        &format!("i-{i}"),
                        &format!("10.0.{}.{}", i / 250, i % 250 + 1),
                        health,
                    )
                })
                .collect();
            let z = zone(
                &["A"],
                "MULTIVALUE",
                &json!({"HealthCheckCustomConfig": {}}),
                &instances,
            );
            z.query("web.local", "A", 0).notes
        };
        let all_healthy = notes(0);
        assert!(
            all_healthy
                .contains(&"MULTIVALUE routing: 8 of 1,000 records, chosen at random.".to_owned()),
            "{all_healthy:?}"
        );
        let some_unhealthy = notes(100);
        assert!(
            some_unhealthy
                .contains(&"100 of 1,000 A records are unhealthy and left out.".to_owned()),
            "{some_unhealthy:?}"
        );
    }

    #[test]
    fn unhealthy_records_are_left_out_unless_all_are_unhealthy() {
        let instances = vec![
            ip("a", "10.0.0.1", "HEALTHY"),
            ip("b", "10.0.0.2", "UNHEALTHY"),
            ip("c", "10.0.0.3", "UNKNOWN"),
        ];
        let z = zone(
            &["A"],
            "MULTIVALUE",
            &json!({"HealthCheckCustomConfig": {}}),
            &instances,
        );
        let mut ids = z.query("web.local", "A", 0).instance_ids;
        ids.sort();
        assert_eq!(ids, vec!["a", "c"]);
        let all_bad = vec![
            ip("a", "10.0.0.1", "UNHEALTHY"),
            ip("b", "10.0.0.2", "UNHEALTHY"),
        ];
        let z = zone(
            &["A"],
            "MULTIVALUE",
            &json!({"HealthCheckCustomConfig": {}}),
            &all_bad,
        );
        let r = z.query("web.local", "A", 0);
        assert_eq!(r.answer.len(), 2);
        assert!(r.notes.iter().any(|n| n.contains("None of the 2")));
        // Without a health check, health status does not matter.
        let z = zone(&["A"], "MULTIVALUE", &json!({}), &instances);
        assert_eq!(z.query("web.local", "A", 0).answer.len(), 3);
    }

    #[test]
    fn weighted_answers_one_healthy_record() {
        let instances = vec![
            ip("a", "10.0.0.1", "HEALTHY"),
            ip("b", "10.0.0.2", "UNHEALTHY"),
        ];
        let z = zone(
            &["A"],
            "WEIGHTED",
            &json!({"HealthCheckCustomConfig": {}}),
            &instances,
        );
        for seed in 0..50 {
            assert_eq!(z.query("web.local", "A", seed).instance_ids, vec!["a"]);
        }
        let all_bad = vec![
            ip("a", "10.0.0.1", "UNHEALTHY"),
            ip("b", "10.0.0.2", "UNHEALTHY"),
        ];
        let z = zone(
            &["A"],
            "WEIGHTED",
            &json!({"HealthCheckCustomConfig": {}}),
            &all_bad,
        );
        let picked: std::collections::HashSet<Vec<String>> = (0..50)
            .map(|s| z.query("web.local", "A", s).instance_ids)
            .collect();
        assert_eq!(picked.len(), 2, "falls back to all records, one at a time");
    }

    #[test]
    fn srv_answers_with_target_addresses_in_additional() {
        let z = zone(
            &["A", "SRV"],
            "MULTIVALUE",
            &json!({}),
            &[ip("myservice-53", "172.2.1.3", "HEALTHY")],
        );
        let r = z.query("web.local", "SRV", 0);
        assert_eq!(r.answer[0].data, "1 1 8080 myservice-53.web.local.");
        assert_eq!(
            r.additional,
            vec![Record {
                name: "myservice-53.web.local.".into(),
                record_type: "A".into(),
                ttl: 60,
                data: "172.2.1.3".into()
            }]
        );
        assert_eq!(r.authority.len(), 4);
        assert_eq!(
            z.query("myservice-53.web.local", "A", 0).answer[0].data,
            "172.2.1.3"
        );
    }

    #[test]
    fn instance_ids_differing_only_in_case_share_one_host_and_are_noted() {
        let z = zone(
            &["SRV"],
            "MULTIVALUE",
            &json!({}),
            &[
                ip("Web-1", "10.0.0.1", "HEALTHY"),
                ip("web-1", "10.0.0.2", "HEALTHY"),
                ip("web-2", "10.0.0.3", "HEALTHY"),
            ],
        );
        let srv = z.query("web.local", "SRV", 0);
        assert_eq!(srv.answer.len(), 3);
        // Each target's addresses once, though two SRV records name the same host.
        let mut additional: Vec<&str> = srv.additional.iter().map(|r| r.data.as_str()).collect();
        additional.sort_unstable();
        assert_eq!(additional, vec!["10.0.0.1", "10.0.0.2", "10.0.0.3"]);
        let shared: Vec<&String> = srv
            .notes
            .iter()
            .filter(|n| n.contains("differ only in case"))
            .collect();
        assert_eq!(shared.len(), 1, "{:?}", srv.notes);
        assert!(shared[0].contains("Web-1, web-1") && !shared[0].contains("web-2"));
        let host = z.query("WEB-1.web.local", "A", 0);
        assert_eq!(host.answer.len(), 2);
        assert!(host.notes.iter().any(|n| n.contains("differ only in case")));
        // A host of its own, and the service's name, get no such note.
        for (name, kind) in [("i-1.web.local", "A"), ("web.local", "SRV")] {
            let z = zone(&["A", "SRV"], "MULTIVALUE", &json!({}), &many(3));
            let r = z.query(name, kind, 0);
            assert!(!r.answer.is_empty(), "{name}");
            assert!(!r.notes.iter().any(|n| n.contains("differ only in case")));
        }
    }

    #[test]
    fn nodata_nxdomain_and_refused() {
        let z = zone(&["A"], "MULTIVALUE", &json!({}), &many(2));
        let nodata = z.query("web.local", "AAAA", 0);
        assert_eq!((nodata.rcode, nodata.answer.len()), ("NOERROR", 0));
        assert_eq!(nodata.authority[0].record_type, "SOA");
        assert_eq!(nodata.authority[0].ttl, DEFAULT_SOA_TTL);
        let nxdomain = z.query("nope.local", "A", 0);
        assert_eq!(nxdomain.rcode, "NXDOMAIN");
        assert_eq!(
            nxdomain.notes,
            ["No record exists at nope.local. (NXDOMAIN)."],
            "the name's own dot is not doubled"
        );
        assert_eq!(z.query("web.example.com", "A", 0).rcode, "REFUSED");
        assert_eq!(z.query("local", "SOA", 0).answer[0].record_type, "SOA");
        assert_eq!(z.query("local", "A", 0).rcode, "NOERROR");
    }

    #[test]
    fn cname_and_alias() {
        let z = zone(
            &["CNAME"],
            "WEIGHTED",
            &json!({}),
            &[json!({"InstanceId": "c", "Attributes": {"AWS_INSTANCE_CNAME": "Example.com"}})],
        );
        let r = z.query("web.local", "A", 0);
        assert_eq!(
            (r.answer[0].record_type.as_str(), r.answer[0].data.as_str()),
            ("CNAME", "example.com.")
        );
        let elb = "my-lb-1.us-east-1.elb.amazonaws.com";
        let z = zone(
            &["A"],
            "WEIGHTED",
            &json!({}),
            &[json!({"InstanceId": "lb", "Attributes": {"AWS_ALIAS_DNS_NAME": elb}})],
        );
        let r = z.query("web.local", "A", 0);
        assert_eq!(
            r.answer[0],
            Record {
                name: "web.local.".into(),
                record_type: "A".into(),
                ttl: ALIAS_TTL,
                data: format!("{elb}.")
            }
        );
        // The answer says the target stands in for the load balancer's addresses.
        assert!(
            r.notes
                .iter()
                .any(|n| n.contains("alias") && n.contains(elb)),
            "{:?}",
            r.notes
        );
        let plain = zone(&["A"], "MULTIVALUE", &json!({}), &many(2)).query("web.local", "A", 0);
        assert!(!plain.notes.iter().any(|n| n.contains("alias")));
    }

    #[test]
    fn dig_rendering_shows_every_section() {
        let z = zone(
            &["SRV"],
            "MULTIVALUE",
            &json!({}),
            &[ip("a", "10.0.0.1", "HEALTHY")],
        );
        let text = render_dig("web.local", "SRV", &z.query("web.local", "SRV", 0));
        assert!(text.contains("status: NOERROR"));
        assert!(
            text.contains(";; ANSWER SECTION:\nweb.local.\t\t60\tIN\tSRV\t1 1 8080 a.web.local.")
        );
        assert!(text.contains(";; ADDITIONAL SECTION:\na.web.local.\t\t60\tIN\tA\t10.0.0.1"));
    }
}
