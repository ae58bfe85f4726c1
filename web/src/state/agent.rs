//! The agent preset: an instance type and the `ECS_*` settings, turned into the
//! RegisterContainerInstance request the ECS agent would send (`muster_core::api::agent_request`).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use muster_core::ecs::agent::{
    usable_memory_mib, DEFAULT_REGION, LINUX_RESERVED_PORTS, WINDOWS_RESERVED_PORTS,
};
use muster_core::ecs::validate::DEFAULT_CLUSTER;
use muster_core::ecs::{AgentOptions, InstanceType, Os};
use serde::{Deserialize, Serialize};

use muster_core::text::grouped;

/// The instance type the view starts with.
pub const DEFAULT_TYPE: &str = "m5.large";

/// The preset form, as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgentForm {
    pub instance_type: String,
    pub os: Os,
    /// `ECS_CLUSTER`.
    pub cluster: String,
    pub region: String,
    /// Empty for the Region's `a` zone.
    pub zone: String,
    /// `ECS_RESERVED_MEMORY` in MiB; empty for 0.
    pub reserved_memory: String,
    /// `ECS_RESERVED_PORTS`, comma-separated; empty for the OS's default list.
    pub ports: String,
    /// `ECS_RESERVED_PORTS_UDP`, comma-separated.
    pub ports_udp: String,
    /// `ECS_ENABLE_GPU_SUPPORT`.
    pub gpu: bool,
    /// `ECS_INSTANCE_ATTRIBUTES`, one `key=value` a line.
    pub attributes: String,
}

impl Default for AgentForm {
    fn default() -> Self {
        Self {
            instance_type: DEFAULT_TYPE.to_owned(),
            os: Os::Linux,
            cluster: "default".to_owned(),
            region: "us-east-1".to_owned(),
            zone: String::new(),
            reserved_memory: String::new(),
            ports: String::new(),
            ports_udp: String::new(),
            gpu: false,
            attributes: String::new(),
        }
    }
}

/// A text field of the preset form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgentField {
    Cluster,
    Region,
    Zone,
    ReservedMemory,
    Ports,
    PortsUdp,
    Attributes,
}

impl AgentForm {
    pub fn field(&self, field: AgentField) -> &str {
        match field {
            AgentField::Cluster => &self.cluster,
            AgentField::Region => &self.region,
            AgentField::Zone => &self.zone,
            AgentField::ReservedMemory => &self.reserved_memory,
            AgentField::Ports => &self.ports,
            AgentField::PortsUdp => &self.ports_udp,
            AgentField::Attributes => &self.attributes,
        }
    }

    pub fn set(&mut self, field: AgentField, value: String) {
        let slot = match field {
            AgentField::Cluster => &mut self.cluster,
            AgentField::Region => &mut self.region,
            AgentField::Zone => &mut self.zone,
            AgentField::ReservedMemory => &mut self.reserved_memory,
            AgentField::Ports => &mut self.ports,
            AgentField::PortsUdp => &mut self.ports_udp,
            AgentField::Attributes => &mut self.attributes,
        };
        *slot = value;
    }

    /// After the cluster starts over as `to` (name, Region): the preset's `ECS_CLUSTER` and
    /// Region follow where they named the old cluster `from`, so the agent keeps joining the
    /// cluster on screen (another name is not found, another Region is refused). An empty field
    /// is the agent's default (`default`, us-east-1). A zone of the old Region goes back to
    /// empty, the new Region's `a` zone. Values the user set apart from the cluster stay.
    /// Returns whether anything changed.
    pub fn follow_cluster(&mut self, from: (&str, &str), to: (&str, &str)) -> bool {
        let or_default = |text: &str, default: &'static str| {
            let text = text.trim();
            if text.is_empty() {
                default.to_owned()
            } else {
                text.to_owned()
            }
        };
        let before = self.clone();
        let (old_name, old_region) = from;
        let (new_name, new_region) = to;
        if or_default(&self.cluster, DEFAULT_CLUSTER) == old_name {
            new_name.clone_into(&mut self.cluster);
        }
        if or_default(&self.region, DEFAULT_REGION) == old_region {
            new_region.clone_into(&mut self.region);
            if old_region != new_region && self.zone.trim().starts_with(old_region) {
                self.zone.clear();
            }
        }
        *self != before
    }

    /// The chosen type from the core's table.
    pub fn kind(&self) -> Option<&'static InstanceType> {
        muster_core::ecs::agent::instance_type(&self.instance_type)
    }

    /// The agent's options (what `agent_request` reads from its camelCase JSON); empty fields
    /// are left to the agent's defaults.
    pub fn options(&self) -> Result<AgentOptions, String> {
        let text = |t: &str| Some(t.trim().to_owned()).filter(|t| !t.is_empty());
        let memory = self.reserved_memory.trim();
        let reserved_memory = if memory.is_empty() {
            0
        } else {
            memory.parse().map_err(|_| {
                format!(
                    "ECS_RESERVED_MEMORY {memory:?} is not a whole number of MiB from 0 to 65535."
                )
            })?
        };
        Ok(AgentOptions {
            os: self.os,
            cluster: text(&self.cluster),
            region: text(&self.region),
            availability_zone: text(&self.zone),
            reserved_memory,
            reserved_ports: parse_ports(&self.ports, "ECS_RESERVED_PORTS")?,
            reserved_ports_udp: parse_ports(&self.ports_udp, "ECS_RESERVED_PORTS_UDP")?,
            enable_gpu_support: self.gpu,
            instance_attributes: parse_attributes(&self.attributes)?,
            ..AgentOptions::new(&self.instance_type)
        })
    }

    /// What the agent reports for the chosen type: `CPU 2,048 units · MEMORY 7,985 MiB`.
    pub fn reports(&self) -> Option<String> {
        let kind = self.kind()?;
        let reserved: u32 = self.reserved_memory.trim().parse().unwrap_or(0);
        let memory = usable_memory_mib(kind.memory_mib).saturating_sub(reserved);
        Some(format!(
            "CPU {} units · MEMORY {} MiB",
            grouped(u64::from(kind.vcpus) * 1024),
            grouped(u64::from(memory))
        ))
    }

    /// The request the agent would send, pretty-printed; or why the agent would not start.
    pub fn request_text(&self) -> Result<String, String> {
        // The typed form of `muster_core::api::agent_request`: same builder, no JSON round trip.
        let request = muster_core::ecs::agent_request(&self.options()?)?;
        serde_json::to_string_pretty(&request).map_err(|e| e.to_string())
    }
}

/// Comma- or space-separated port numbers; `None` when the text is empty.
fn parse_ports(text: &str, what: &str) -> Result<Option<Vec<u16>>, String> {
    let parts: Vec<&str> = text
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() {
        return Ok(None);
    }
    parts
        .into_iter()
        .map(|p| {
            p.parse::<u16>()
                .map_err(|_| format!("{what}: {p:?} is not a port number from 0 to 65535."))
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

/// `key=value` lines; blank lines are skipped.
fn parse_attributes(text: &str) -> Result<BTreeMap<String, String>, String> {
    let mut out = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            return Err(format!(
                "ECS_INSTANCE_ATTRIBUTES line {}: {line:?} has no \"=\"; write key=value.",
                n + 1
            ));
        };
        out.insert(key.trim().to_owned(), value.trim().to_owned());
    }
    Ok(out)
}

/// The OS's default `ECS_RESERVED_PORTS`, as the placeholder shows them.
pub fn default_ports(os: Os) -> String {
    let ports: &[u16] = match os {
        Os::Linux => &LINUX_RESERVED_PORTS,
        Os::Windows => &WINDOWS_RESERVED_PORTS,
    };
    ports
        .iter()
        .map(u16::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The instance types grouped by family (`m5`, `c6g`, ...), in the table's order.
pub fn families() -> Vec<(&'static str, Vec<&'static InstanceType>)> {
    let mut out: Vec<(&'static str, Vec<&'static InstanceType>)> = Vec::new();
    for kind in muster_core::api::instance_types() {
        let family = kind.name.split('.').next().unwrap_or(kind.name);
        match out.iter_mut().find(|(f, _)| *f == family) {
            Some((_, kinds)) => kinds.push(kind),
            None => out.push((family, vec![kind])),
        }
    }
    out
}

/// `m5.large · 2 vCPU · 8 GiB`, plus GPUs, Inferentia chips and arm64 where they apply.
pub fn type_label(kind: &InstanceType) -> String {
    let mut label = format!(
        "{} · {} vCPU · {} GiB",
        kind.name,
        kind.vcpus,
        gib(kind.memory_mib)
    );
    if kind.gpus > 0 {
        let _ = write!(label, " · {} GPU", kind.gpus);
    }
    if kind.inferentia_chips > 0 {
        let _ = write!(label, " · {} Inferentia", kind.inferentia_chips);
    }
    if kind.architecture.as_str() == "arm64" {
        label.push_str(" · arm64");
    }
    label
}

/// MiB as GiB: whole, or with one decimal (t3.nano's 0.5).
fn gib(mib: u32) -> String {
    if mib.is_multiple_of(1024) {
        (mib / 1024).to_string()
    } else {
        format!("{}.{}", mib / 1024, mib % 1024 * 10 / 1024)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    #[test]
    fn the_preset_follows_a_cluster_that_starts_over_where_it_named_the_old_one() {
        let mut form = AgentForm {
            zone: "us-east-1c".into(),
            ..AgentForm::default()
        };
        assert!(form.follow_cluster(("default", "us-east-1"), ("prod", "eu-west-1")));
        assert_eq!(
            (
                form.cluster.as_str(),
                form.region.as_str(),
                form.zone.as_str()
            ),
            ("prod", "eu-west-1", "")
        );
        // Empty fields are the agent's defaults, so they name the default cluster too.
        let mut empty = AgentForm {
            cluster: String::new(),
            region: " ".into(),
            ..AgentForm::default()
        };
        assert!(empty.follow_cluster(("default", "us-east-1"), ("prod", "us-east-1")));
        assert_eq!(
            (empty.cluster.as_str(), empty.region.as_str()),
            ("prod", "us-east-1")
        );
        // What the user set apart from the cluster stays.
        let mut apart = AgentForm {
            cluster: "staging".into(),
            region: "ap-south-1".into(),
            zone: "ap-south-1b".into(),
            ..AgentForm::default()
        };
        assert!(!apart.follow_cluster(("default", "us-east-1"), ("prod", "eu-west-1")));
        assert_eq!(apart.zone, "ap-south-1b");
    }

    fn request(form: &AgentForm) -> Value {
        serde_json::from_str(&form.request_text().unwrap()).unwrap()
    }

    fn resource<'a>(request: &'a Value, name: &str) -> &'a Value {
        request["totalResources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["name"] == name)
            .unwrap()
    }

    #[test]
    fn the_default_preset_is_an_m5_large_on_linux() {
        let request = request(&AgentForm::default());
        assert_eq!(request["cluster"], "default");
        assert_eq!(resource(&request, "CPU")["integerValue"], 2048);
        assert_eq!(
            resource(&request, "PORTS")["stringSetValue"],
            json!(["22", "2375", "2376", "51678", "51679"])
        );
        let report = muster_core::validate(
            muster_core::Operation::RegisterContainerInstance,
            &request,
            None,
        )
        .unwrap();
        assert!(report.valid, "{:?}", report.diagnostics);
    }

    #[test]
    fn settings_reach_the_request() {
        let form = AgentForm {
            instance_type: "g4dn.xlarge".into(),
            cluster: "prod".into(),
            region: "eu-west-1".into(),
            zone: "eu-west-1b".into(),
            reserved_memory: "256".into(),
            ports: "22, 8080".into(),
            ports_udp: "53".into(),
            gpu: true,
            attributes: "team=blue\n\nstack = web\n".into(),
            ..AgentForm::default()
        };
        let options = form.options().unwrap();
        assert_eq!(options.reserved_ports, Some(vec![22, 8080]));
        assert_eq!(options.instance_attributes.len(), 2);
        assert_eq!(options.instance_attributes["stack"], "web");
        assert_eq!(options.reserved_memory, 256);
        // The same options through the JSON entry point give the same request.
        let json = serde_json::to_value(&options).unwrap();
        assert_eq!(
            muster_core::api::agent_request(&json).unwrap(),
            muster_core::ecs::agent_request(&options).unwrap()
        );
        let request = request(&form);
        assert_eq!(request["cluster"], "prod");
        assert_eq!(
            resource(&request, "PORTS")["stringSetValue"],
            json!(["22", "8080"])
        );
        assert_eq!(
            resource(&request, "PORTS_UDP")["stringSetValue"],
            json!(["53"])
        );
        assert_eq!(request["platformDevices"].as_array().unwrap().len(), 1);
        assert!(request["instanceIdentityDocument"]
            .as_str()
            .unwrap()
            .contains("eu-west-1b"));
    }

    #[test]
    fn bad_settings_are_explained() {
        let bad = |form: AgentForm| form.request_text().unwrap_err();
        assert!(bad(AgentForm {
            reserved_memory: "lots".into(),
            ..AgentForm::default()
        })
        .contains("ECS_RESERVED_MEMORY"));
        assert!(bad(AgentForm {
            ports: "22, 70000".into(),
            ..AgentForm::default()
        })
        .contains("\"70000\""));
        assert!(bad(AgentForm {
            attributes: "team".into(),
            ..AgentForm::default()
        })
        .contains("line 1"));
        // The core's own refusals come through: GPU support on a type without GPUs.
        assert!(bad(AgentForm {
            gpu: true,
            ..AgentForm::default()
        })
        .contains("no NVIDIA GPUs"));
        assert!(bad(AgentForm {
            zone: "us-west-2a".into(),
            ..AgentForm::default()
        })
        .contains("not in the Region"));
    }

    #[test]
    fn families_group_the_table_and_labels_show_the_figures() {
        let families = families();
        let m5 = families.iter().find(|(f, _)| *f == "m5").unwrap();
        assert!(m5.1.iter().all(|k| k.name.starts_with("m5.")));
        assert_eq!(
            families.iter().map(|(_, k)| k.len()).sum::<usize>(),
            muster_core::api::instance_types().len()
        );
        let label = |name| type_label(muster_core::ecs::agent::instance_type(name).unwrap());
        assert_eq!(label("m5.large"), "m5.large · 2 vCPU · 8 GiB");
        assert_eq!(label("t3.nano"), "t3.nano · 2 vCPU · 0.5 GiB");
        assert_eq!(
            label("g4dn.12xlarge"),
            "g4dn.12xlarge · 48 vCPU · 192 GiB · 4 GPU"
        );
        assert_eq!(label("m7g.large"), "m7g.large · 2 vCPU · 8 GiB · arm64");
        assert!(label("inf1.xlarge").ends_with("1 Inferentia"));
        assert_eq!(default_ports(Os::Linux), "22, 2375, 2376, 51678, 51679");
        let form = AgentForm {
            reserved_memory: "256".into(),
            ..AgentForm::default()
        };
        assert_eq!(
            form.reports().unwrap(),
            "CPU 2,048 units · MEMORY 7,729 MiB"
        );
    }
}
