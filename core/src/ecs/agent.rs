//! What the ECS container agent would send: a built-in table of EC2 instance types and
//! [`agent_request`], which builds the RegisterContainerInstance request an agent on such an
//! instance sends, following the agent's `getResources` and capability code.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use super::model::{Attribute, PlatformDevice, Resource};
use super::validate::{register_container_instance, DEFAULT_CLUSTER};
use crate::diagnostics::Severity;
use crate::rng::{fnv1a, Rng};
use crate::shape::edit_distance;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Architecture {
    #[serde(rename = "x86_64")]
    X86_64,
    #[serde(rename = "arm64")]
    Arm64,
}

impl Architecture {
    pub fn as_str(self) -> &'static str {
        match self {
            Architecture::X86_64 => "x86_64",
            Architecture::Arm64 => "arm64",
        }
    }
}

/// One EC2 instance type, with the figures AWS publishes for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InstanceType {
    pub name: &'static str,
    pub vcpus: u32,
    /// Nominal memory (GiB × 1024).
    pub memory_mib: u32,
    /// NVIDIA GPUs.
    pub gpus: u32,
    /// AWS Inferentia chips. The agent does not report them in RegisterContainerInstance (tasks
    /// map `/dev/neuronN` as Linux devices), so they are for display only.
    pub inferentia_chips: u32,
    pub architecture: Architecture,
}

const fn x86(name: &'static str, vcpus: u32, memory_mib: u32) -> InstanceType {
    InstanceType {
        name,
        vcpus,
        memory_mib,
        gpus: 0,
        inferentia_chips: 0,
        architecture: Architecture::X86_64,
    }
}

const fn arm(name: &'static str, vcpus: u32, memory_mib: u32) -> InstanceType {
    InstanceType {
        name,
        vcpus,
        memory_mib,
        gpus: 0,
        inferentia_chips: 0,
        architecture: Architecture::Arm64,
    }
}

const fn gpu(name: &'static str, vcpus: u32, memory_mib: u32, gpus: u32) -> InstanceType {
    InstanceType {
        name,
        vcpus,
        memory_mib,
        gpus,
        inferentia_chips: 0,
        architecture: Architecture::X86_64,
    }
}

const fn inf(name: &'static str, vcpus: u32, memory_mib: u32, chips: u32) -> InstanceType {
    InstanceType {
        name,
        vcpus,
        memory_mib,
        gpus: 0,
        inferentia_chips: chips,
        architecture: Architecture::X86_64,
    }
}

const GIB: u32 = 1024;

/// The instance types muster knows (figures from the EC2 instance-type pages).
pub static INSTANCE_TYPES: &[InstanceType] = &[
    x86("t3.nano", 2, GIB / 2),
    x86("t3.micro", 2, GIB),
    x86("t3.small", 2, 2 * GIB),
    x86("t3.medium", 2, 4 * GIB),
    x86("t3.large", 2, 8 * GIB),
    x86("t3.xlarge", 4, 16 * GIB),
    x86("t3.2xlarge", 8, 32 * GIB),
    x86("m4.large", 2, 8 * GIB),
    x86("m4.xlarge", 4, 16 * GIB),
    x86("m4.2xlarge", 8, 32 * GIB),
    x86("m4.4xlarge", 16, 64 * GIB),
    x86("m4.10xlarge", 40, 160 * GIB),
    x86("m4.16xlarge", 64, 256 * GIB),
    x86("m5.large", 2, 8 * GIB),
    x86("m5.xlarge", 4, 16 * GIB),
    x86("m5.2xlarge", 8, 32 * GIB),
    x86("m5.4xlarge", 16, 64 * GIB),
    x86("m5.8xlarge", 32, 128 * GIB),
    x86("m5.12xlarge", 48, 192 * GIB),
    x86("m5.16xlarge", 64, 256 * GIB),
    x86("m5.24xlarge", 96, 384 * GIB),
    x86("m5.metal", 96, 384 * GIB),
    x86("m6i.large", 2, 8 * GIB),
    x86("m6i.xlarge", 4, 16 * GIB),
    x86("m6i.2xlarge", 8, 32 * GIB),
    x86("m6i.4xlarge", 16, 64 * GIB),
    x86("m6i.8xlarge", 32, 128 * GIB),
    x86("m6i.12xlarge", 48, 192 * GIB),
    x86("m6i.16xlarge", 64, 256 * GIB),
    x86("m6i.24xlarge", 96, 384 * GIB),
    x86("m6i.32xlarge", 128, 512 * GIB),
    x86("m6i.metal", 128, 512 * GIB),
    arm("m7g.medium", 1, 4 * GIB),
    arm("m7g.large", 2, 8 * GIB),
    arm("m7g.xlarge", 4, 16 * GIB),
    arm("m7g.2xlarge", 8, 32 * GIB),
    arm("m7g.4xlarge", 16, 64 * GIB),
    arm("m7g.8xlarge", 32, 128 * GIB),
    arm("m7g.12xlarge", 48, 192 * GIB),
    arm("m7g.16xlarge", 64, 256 * GIB),
    arm("m7g.metal", 64, 256 * GIB),
    x86("c5.large", 2, 4 * GIB),
    x86("c5.xlarge", 4, 8 * GIB),
    x86("c5.2xlarge", 8, 16 * GIB),
    x86("c5.4xlarge", 16, 32 * GIB),
    x86("c5.9xlarge", 36, 72 * GIB),
    x86("c5.12xlarge", 48, 96 * GIB),
    x86("c5.18xlarge", 72, 144 * GIB),
    x86("c5.24xlarge", 96, 192 * GIB),
    x86("c5.metal", 96, 192 * GIB),
    arm("c6g.medium", 1, 2 * GIB),
    arm("c6g.large", 2, 4 * GIB),
    arm("c6g.xlarge", 4, 8 * GIB),
    arm("c6g.2xlarge", 8, 16 * GIB),
    arm("c6g.4xlarge", 16, 32 * GIB),
    arm("c6g.8xlarge", 32, 64 * GIB),
    arm("c6g.12xlarge", 48, 96 * GIB),
    arm("c6g.16xlarge", 64, 128 * GIB),
    arm("c6g.metal", 64, 128 * GIB),
    x86("r5.large", 2, 16 * GIB),
    x86("r5.xlarge", 4, 32 * GIB),
    x86("r5.2xlarge", 8, 64 * GIB),
    x86("r5.4xlarge", 16, 128 * GIB),
    x86("r5.8xlarge", 32, 256 * GIB),
    x86("r5.12xlarge", 48, 384 * GIB),
    x86("r5.16xlarge", 64, 512 * GIB),
    x86("r5.24xlarge", 96, 768 * GIB),
    x86("r5.metal", 96, 768 * GIB),
    gpu("g4dn.xlarge", 4, 16 * GIB, 1),
    gpu("g4dn.2xlarge", 8, 32 * GIB, 1),
    gpu("g4dn.4xlarge", 16, 64 * GIB, 1),
    gpu("g4dn.8xlarge", 32, 128 * GIB, 1),
    gpu("g4dn.12xlarge", 48, 192 * GIB, 4),
    gpu("g4dn.16xlarge", 64, 256 * GIB, 1),
    gpu("g4dn.metal", 96, 384 * GIB, 8),
    gpu("p3.2xlarge", 8, 61 * GIB, 1),
    gpu("p3.8xlarge", 32, 244 * GIB, 4),
    gpu("p3.16xlarge", 64, 488 * GIB, 8),
    inf("inf1.xlarge", 4, 8 * GIB, 1),
    inf("inf1.2xlarge", 8, 16 * GIB, 1),
    inf("inf1.6xlarge", 24, 48 * GIB, 4),
    inf("inf1.24xlarge", 96, 192 * GIB, 16),
];

/// The instance type called `name`, if muster knows it.
pub fn instance_type(name: &str) -> Option<&'static InstanceType> {
    INSTANCE_TYPES.iter().find(|t| t.name == name)
}

/// What the kernel's `MemTotal` shows of an instance's nominal memory, in MiB.
///
/// Linux keeps about 1/64 of RAM for its page tables (`struct page`, 64 bytes per 4 KiB page)
/// and a fixed amount for the kernel image and firmware reservations. With 79 MiB fixed this
/// reproduces the ECS docs' example: an m4.large (8 GiB) shows 8373026816 bytes, 7985 MiB. Real
/// instances differ by a few MiB with the kernel and AMI; the same model is used for Windows.
pub fn usable_memory_mib(nominal_mib: u32) -> u32 {
    nominal_mib
        .saturating_sub(nominal_mib / 64)
        .saturating_sub(79)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Os {
    #[default]
    Linux,
    Windows,
}

/// The agent's configuration: the instance and the `ECS_*` settings that shape registration.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AgentOptions {
    pub instance_type: String,
    #[serde(default)]
    pub os: Os,
    /// `ECS_CLUSTER`; the agent registers with `default` when it is unset.
    #[serde(default)]
    pub cluster: Option<String>,
    /// Defaults to us-east-1.
    #[serde(default)]
    pub region: Option<String>,
    /// Defaults to the Region's `a` zone.
    #[serde(default)]
    pub availability_zone: Option<String>,
    /// Defaults to an ID derived from the instance type and zone.
    #[serde(default)]
    pub instance_id: Option<String>,
    #[serde(default)]
    pub ami_id: Option<String>,
    /// Defaults to 123456789012, the account in AWS's examples.
    #[serde(default)]
    pub account_id: Option<String>,
    /// `ECS_RESERVED_MEMORY` in MiB (a 16-bit number in the agent's config).
    #[serde(default)]
    pub reserved_memory: u16,
    /// `ECS_RESERVED_PORTS`: replaces the OS's default list.
    #[serde(default)]
    pub reserved_ports: Option<Vec<u16>>,
    /// `ECS_RESERVED_PORTS_UDP`: default none.
    #[serde(default)]
    pub reserved_ports_udp: Option<Vec<u16>>,
    /// `ECS_ENABLE_GPU_SUPPORT`.
    #[serde(default)]
    pub enable_gpu_support: bool,
    /// `ECS_ENABLE_TASK_IAM_ROLE`: on in the ECS-optimized Linux AMIs' config, off by default on
    /// Windows (where turning it on also reserves port 80).
    #[serde(default)]
    pub enable_task_iam_role: Option<bool>,
    /// `ECS_INSTANCE_ATTRIBUTES`, sent on the first registration only.
    #[serde(default)]
    pub instance_attributes: BTreeMap<String, String>,
    #[serde(default)]
    pub agent_version: Option<String>,
    #[serde(default)]
    pub docker_version: Option<String>,
    /// `ecs.os-family`: LINUX, or WINDOWS_SERVER_<2016|2019|2022|20H2>_<FULL|CORE> (default
    /// WINDOWS_SERVER_2022_FULL).
    #[serde(default)]
    pub os_family: Option<String>,
}

impl AgentOptions {
    pub fn new(instance_type: &str) -> Self {
        Self {
            instance_type: instance_type.to_owned(),
            ..Self::default()
        }
    }

    /// Reads options from camelCase JSON; unknown names are refused so typos do not pass silently.
    pub fn from_value(value: &Value) -> Result<Self, String> {
        if let Some(problem) = out_of_range(value) {
            return Err(format!("Invalid agent options: {problem}."));
        }
        Self::deserialize(value).map_err(|e| format!("Invalid agent options: {e}."))
    }
}

/// The 16-bit options out of range, named: serde's own message ("expected u16") names neither
/// the option nor the range.
fn out_of_range(value: &Value) -> Option<String> {
    let in_range = |v: &Value| v.as_u64().is_some_and(|n| u16::try_from(n).is_ok());
    if let Some(memory) = value.get("reservedMemory").filter(|v| v.is_number()) {
        if !in_range(memory) {
            return Some(format!(
                "reservedMemory {memory} is not a whole number of MiB from 0 to 65535 (ECS_RESERVED_MEMORY)"
            ));
        }
    }
    for name in ["reservedPorts", "reservedPortsUdp"] {
        let items = value.get(name).and_then(Value::as_array);
        if let Some(bad) =
            items.and_then(|ports| ports.iter().find(|p| p.is_number() && !in_range(p)))
        {
            return Some(format!(
                "{name} holds {bad}, which is not a port number from 0 to 65535"
            ));
        }
    }
    None
}

/// A 2024-era ECS-optimized AMI's agent and Docker.
pub const DEFAULT_AGENT_VERSION: &str = "1.80.0";
pub const DEFAULT_DOCKER_VERSION: &str = "20.10.25";
/// The NVIDIA driver reported with GPU support (an R535 release, as the ECS GPU AMIs ship).
pub const NVIDIA_DRIVER_VERSION: &str = "535.183.01";
/// The Region the agent reports when none is given.
pub const DEFAULT_REGION: &str = "us-east-1";
const DEFAULT_ACCOUNT: &str = "123456789012";

/// `ECS_RESERVED_PORTS` defaults: Docker (2375, 2376), the agent's introspection API (51678)
/// and the task metadata endpoint (51679), plus SSH on Linux.
pub const LINUX_RESERVED_PORTS: [u16; 5] = [22, 2375, 2376, 51678, 51679];
/// On Windows, plus RDP, RPC, SMB, WinRM, DNS and NetBIOS.
pub const WINDOWS_RESERVED_PORTS: [u16; 11] = [
    2375, 2376, 51678, 51679, 3389, 135, 445, 5985, 5986, 53, 139,
];

/// The closest known instance-type names to `name`, best first.
pub fn closest_instance_types(name: &str) -> Vec<&'static str> {
    let lower = name.to_ascii_lowercase();
    let mut scored: Vec<(usize, &'static str)> = INSTANCE_TYPES
        .iter()
        .map(|t| (edit_distance(&lower, t.name), t.name))
        .collect();
    crate::order::heap_sort_by(&mut scored, |a, b| a < b);
    scored.into_iter().take(3).map(|(_, n)| n).collect()
}

/// The Region and availability zone the instance reports, or why they cannot be.
fn region_and_zone(options: &AgentOptions) -> Result<(&str, String), String> {
    let region = options.region.as_deref().unwrap_or(DEFAULT_REGION);
    // The agent takes the Region from the instance metadata; one typed by hand can be anything,
    // and would end up in the identity document and every ARN built from it.
    if let Some(problem) = crate::text::region_code_problem(region) {
        return Err(format!("{problem}."));
    }
    let zone = options
        .availability_zone
        .clone()
        .unwrap_or_else(|| format!("{region}a"));
    if !zone.starts_with(region) {
        return Err(format!(
            "The availability zone {zone:?} is not in the Region {region:?}."
        ));
    }
    Ok((region, zone))
}

/// Builds the RegisterContainerInstance request the ECS agent would send from an instance of
/// `options.instance_type` configured with `options`.
///
/// The request always validates without errors: settings the agent itself would refuse (more
/// reserved memory than the instance has, GPU support without GPUs, invalid custom attributes)
/// are an `Err`, as the agent would fail to start.
pub fn agent_request(options: &AgentOptions) -> Result<Value, String> {
    let Some(kind) = instance_type(&options.instance_type) else {
        return Err(format!(
            "Unknown instance type {:?}. Closest known: {}.",
            options.instance_type,
            closest_instance_types(&options.instance_type).join(", ")
        ));
    };
    if options.os == Os::Windows && kind.architecture == Architecture::Arm64 {
        return Err(format!(
            "{} is an arm64 (Graviton) type, and ECS-optimized Windows AMIs are x86_64 only; choose an x86_64 type or Linux.",
            kind.name
        ));
    }
    let (region, zone) = region_and_zone(options)?;
    let instance_id = options
        .instance_id
        .clone()
        .unwrap_or_else(|| default_instance_id(kind.name, &zone));
    let os_family = os_family(options)?;
    let task_iam_role = options
        .enable_task_iam_role
        .unwrap_or(options.os == Os::Linux);

    let memory = i64::from(usable_memory_mib(kind.memory_mib)) - i64::from(options.reserved_memory);
    if memory < 0 {
        // The agent's own words (ecs_client.go getResources).
        return Err(format!(
            "reserved memory is higher than available memory on the host, total memory: {}, reserved: {}",
            usable_memory_mib(kind.memory_mib),
            options.reserved_memory
        ));
    }
    let devices = gpu_devices(options, kind, &instance_id)?;
    let resources = vec![
        Resource::integer("CPU", i64::from(kind.vcpus) * 1024),
        Resource::integer("MEMORY", memory),
        Resource::string_set("PORTS", tcp_ports(options, task_iam_role)),
        Resource::string_set(
            "PORTS_UDP",
            port_strings(options.reserved_ports_udp.as_deref().unwrap_or_default()),
        ),
    ];

    let attributes = agent_attributes(options, task_iam_role, !devices.is_empty(), &os_family);
    let document = identity_document(options, kind, region, &zone, &instance_id);
    let agent_version = options
        .agent_version
        .as_deref()
        .unwrap_or(DEFAULT_AGENT_VERSION);
    let docker_version = options
        .docker_version
        .as_deref()
        .unwrap_or(DEFAULT_DOCKER_VERSION);

    let mut request = Map::new();
    request.insert(
        "cluster".to_owned(),
        json!(options.cluster.as_deref().unwrap_or(DEFAULT_CLUSTER)),
    );
    request.insert("instanceIdentityDocument".to_owned(), json!(document));
    request.insert(
        "instanceIdentityDocumentSignature".to_owned(),
        json!(stand_in_signature(&document)),
    );
    request.insert("totalResources".to_owned(), to_json(&resources)?);
    request.insert(
        "versionInfo".to_owned(),
        json!({
            "agentVersion": agent_version,
            // A stand-in derived from the version, not the real commit of that release.
            "agentHash": format!("{:08x}", fnv1a(agent_version.as_bytes()) >> 32),
            // The agent reports Docker's version with this prefix, as describe-container-instances shows.
            "dockerVersion": format!("DockerVersion: {docker_version}"),
        }),
    );
    request.insert("attributes".to_owned(), to_json(&attributes)?);
    if !devices.is_empty() {
        request.insert("platformDevices".to_owned(), to_json(&devices)?);
    }
    let request = Value::Object(request);
    let errors: Vec<String> = register_container_instance(&request)
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("{} {}: {}", d.code, d.path, d.message))
        .collect();
    if errors.is_empty() {
        Ok(request)
    } else {
        Err(format!(
            "The agent would refuse this configuration: {}",
            errors.join(" ")
        ))
    }
}

/// `ECS_INSTANCE_ATTRIBUTES` first (the agent sends them on the first registration), then the
/// capabilities, then `ecs.os-type` and `ecs.os-family`. `ecs.cpu-architecture` is not sent:
/// on EC2 ECS reads it from the identity document (the agent sends it only for external
/// instances).
fn agent_attributes(
    options: &AgentOptions,
    task_iam_role: bool,
    gpus: bool,
    os_family: &str,
) -> Vec<Attribute> {
    let mut attributes: Vec<Attribute> = options
        .instance_attributes
        .iter()
        .map(|(name, value)| Attribute::new(name, Some(value)))
        .collect();
    attributes.extend(
        capabilities(options.os, task_iam_role, gpus)
            .into_iter()
            .map(|name| Attribute::new(&name, None)),
    );
    attributes.push(Attribute::new(
        "ecs.os-type",
        Some(match options.os {
            Os::Linux => "linux",
            Os::Windows => "windows",
        }),
    ));
    attributes.push(Attribute::new("ecs.os-family", Some(os_family)));
    attributes
}

/// The instance identity document, with the fields IMDS returns, in its order.
fn identity_document(
    options: &AgentOptions,
    kind: &InstanceType,
    region: &str,
    zone: &str,
    instance_id: &str,
) -> String {
    let account = options.account_id.as_deref().unwrap_or(DEFAULT_ACCOUNT);
    let ami = options
        .ami_id
        .clone()
        .unwrap_or_else(|| default_ami_id(options.os, kind.architecture, region));
    imds_json(&[
        ("accountId", json!(account)),
        ("architecture", json!(kind.architecture.as_str())),
        ("availabilityZone", json!(zone)),
        ("billingProducts", Value::Null),
        ("devpayProductCodes", Value::Null),
        ("marketplaceProductCodes", Value::Null),
        ("imageId", json!(ami)),
        ("instanceId", json!(instance_id)),
        ("instanceType", json!(kind.name)),
        ("kernelId", Value::Null),
        ("pendingTime", json!("2024-01-01T00:00:00Z")),
        ("privateIp", json!(private_ip(instance_id))),
        ("ramdiskId", Value::Null),
        ("region", json!(region)),
        ("version", json!("2017-09-30")),
    ])
}

fn to_json<T: Serialize>(value: &T) -> Result<Value, String> {
    serde_json::to_value(value).map_err(|e| e.to_string())
}

fn os_family(options: &AgentOptions) -> Result<String, String> {
    match (options.os, options.os_family.as_deref()) {
        (Os::Linux, None | Some("LINUX")) => Ok("LINUX".to_owned()),
        (Os::Linux, Some(other)) => Err(format!(
            "ecs.os-family {other:?} is a Windows family; on Linux it is LINUX."
        )),
        (Os::Windows, None) => Ok("WINDOWS_SERVER_2022_FULL".to_owned()),
        (Os::Windows, Some(family)) => {
            let valid = family
                .strip_prefix("WINDOWS_SERVER_")
                .and_then(|rest| {
                    rest.strip_suffix("_FULL")
                        .or_else(|| rest.strip_suffix("_CORE"))
                })
                .is_some_and(|version| {
                    matches!(version, "2016" | "2019" | "2022" | "2025" | "20H2")
                });
            if valid {
                Ok(family.to_owned())
            } else {
                Err(format!("ecs.os-family {family:?} is not WINDOWS_SERVER_<2016|2019|2022|2025|20H2>_<FULL|CORE>."))
            }
        }
    }
}

fn port_strings(ports: &[u16]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(ports.len());
    for port in ports {
        let text = port.to_string();
        if !out.contains(&text) {
            out.push(text);
        }
    }
    out
}

/// `ECS_RESERVED_PORTS` or the OS default; on Windows task IAM roles add port 80, where the
/// agent's credential proxy listens.
fn tcp_ports(options: &AgentOptions, task_iam_role: bool) -> Vec<String> {
    let mut ports: Vec<u16> = match (&options.reserved_ports, options.os) {
        (Some(ports), _) => ports.clone(),
        (None, Os::Linux) => LINUX_RESERVED_PORTS.to_vec(),
        (None, Os::Windows) => WINDOWS_RESERVED_PORTS.to_vec(),
    };
    if options.os == Os::Windows && task_iam_role {
        ports.push(80);
    }
    port_strings(&ports)
}

/// One `GPU-<uuid>` device per GPU, with ids derived from the instance ID so they are stable.
fn gpu_devices(
    options: &AgentOptions,
    kind: &InstanceType,
    instance_id: &str,
) -> Result<Vec<PlatformDevice>, String> {
    if !options.enable_gpu_support {
        return Ok(Vec::new());
    }
    if options.os == Os::Windows {
        return Err("ECS_ENABLE_GPU_SUPPORT is for Linux: ECS does not schedule GPUs to Windows containers.".to_owned());
    }
    if kind.gpus == 0 {
        return Err(format!(
            "{} has no NVIDIA GPUs, and an agent with ECS_ENABLE_GPU_SUPPORT=true fails to start without them; turn GPU support off or choose a GPU type ({}).",
            kind.name,
            INSTANCE_TYPES
                .iter()
                .filter(|t| t.gpus > 0)
                .map(|t| t.name)
                .take(3)
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let mut rng = Rng::stream(fnv1a(instance_id.as_bytes()), "gpu");
    Ok((0..kind.gpus)
        .map(|_| {
            let hex = rng.hex(32);
            let part = |from: usize, to: usize| hex.get(from..to).unwrap_or_default().to_owned();
            PlatformDevice {
                id: format!(
                    "GPU-{}-{}-{}-{}-{}",
                    part(0, 8),
                    part(8, 12),
                    part(12, 16),
                    part(16, 20),
                    part(20, 32)
                ),
                device_type: "GPU".to_owned(),
            }
        })
        .collect())
}

/// The capability attributes a current agent reports on the ECS-optimized AMI with its default
/// configuration (`agent/app/agent_capability*.go`). They are name-only attributes.
fn capabilities(os: Os, task_iam_role: bool, gpus: bool) -> Vec<String> {
    const LEGACY: &str = "com.amazonaws.ecs.capability.";
    const CURRENT: &str = "ecs.capability.";
    let mut names: Vec<String> = Vec::new();
    let mut legacy = |name: &str| names.push(format!("{LEGACY}{name}"));
    if os == Os::Linux {
        legacy("privileged-container");
    }
    let api_versions: &[&str] = match os {
        Os::Linux => &[
            "1.17", "1.18", "1.19", "1.20", "1.21", "1.22", "1.23", "1.24", "1.25", "1.26", "1.27",
            "1.28", "1.29", "1.30", "1.31", "1.32",
        ],
        Os::Windows => &["1.24", "1.25", "1.26", "1.27", "1.28", "1.29", "1.30"],
    };
    for version in api_versions {
        legacy(&format!("docker-remote-api.{version}"));
    }
    let drivers: &[&str] = match os {
        Os::Linux => &["json-file", "syslog", "awslogs", "none", "awsfirelens"],
        Os::Windows => &["json-file", "awslogs", "none"],
    };
    for driver in drivers {
        legacy(&format!("logging-driver.{driver}"));
    }
    legacy("ecr-auth");
    if task_iam_role {
        legacy("task-iam-role");
        if os == Os::Linux {
            legacy("task-iam-role-network-host");
        }
    }
    let common = [
        "execution-role-ecr-pull",
        "execution-role-awslogs",
        "container-health-check",
        "private-registry-authentication.secretsmanager",
        "secrets.ssm.environment-variables",
        "secrets.asm.environment-variables",
        "ecr-endpoint",
        "container-ordering",
        "full-sync",
        "env-files.s3",
        "task-eni",
        "task-cpu-mem-limit",
        "execute-command",
    ];
    let linux_only = [
        "secrets.ssm.bootstrap.log-driver",
        "secrets.asm.bootstrap.log-driver",
        "network.container-port-range",
        "pid-ipc-namespace-sharing",
        "aws-appmesh",
        "increased-task-cpu-limit",
        "docker-plugin.local",
        "firelens.fluentd",
        "firelens.fluentbit",
        "logging-driver.awsfirelens.log-driver-buffer-limit",
        "firelens.options.config.file",
        "firelens.options.config.s3",
        "efs",
        "efsAuth",
        "service-connect-v1",
    ];
    let windows_only = ["gmsa", "fsxWindowsFileServer"];
    let mut current: Vec<&str> = common.to_vec();
    match os {
        Os::Linux => current.extend(linux_only),
        Os::Windows => current.extend(windows_only),
    }
    for name in current {
        names.push(format!("{CURRENT}{name}"));
    }
    if gpus {
        names.push(format!(
            "{CURRENT}nvidia-driver-version.{NVIDIA_DRIVER_VERSION}"
        ));
    }
    names
}

fn default_instance_id(instance_type: &str, zone: &str) -> String {
    let mut rng = Rng::stream(
        fnv1a(format!("{instance_type}/{zone}").as_bytes()),
        "instance-id",
    );
    format!("i-0{}", rng.hex(16))
}

fn default_ami_id(os: Os, architecture: Architecture, region: &str) -> String {
    let label = format!("{os:?}/{}/{region}", architecture.as_str());
    let mut rng = Rng::stream(fnv1a(label.as_bytes()), "ami-id");
    format!("ami-0{}", rng.hex(16))
}

fn private_ip(instance_id: &str) -> String {
    let h = fnv1a(instance_id.as_bytes());
    format!("10.0.{}.{}", (h >> 8) % 256, h % 254 + 1)
}

/// JSON as the instance metadata service prints it (`"key" : value`, two-space indent).
fn imds_json(fields: &[(&str, Value)]) -> String {
    let mut out = String::from("{\n");
    for (i, (key, value)) in fields.iter().enumerate() {
        let comma = if i + 1 < fields.len() { "," } else { "" };
        let _ = writeln!(out, "  \"{key}\" : {value}{comma}");
    }
    out.push('}');
    out
}

/// A deterministic stand-in for the base64 RSA signature of the document; not a real signature.
fn stand_in_signature(document: &str) -> String {
    let mut rng = Rng::stream(fnv1a(document.as_bytes()), "signature");
    let bytes: Vec<u8> = (0..256).map(|_| rng.next_u64().to_le_bytes()[0]).collect();
    base64(&bytes)
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let symbol =
        |index: u32| char::from(ALPHABET.get(index as usize & 63).copied().unwrap_or(b'A'));
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = |i: usize| u32::from(chunk.get(i).copied().unwrap_or(0));
        let n = (b(0) << 16) | (b(1) << 8) | b(2);
        out.push(symbol(n >> 18));
        out.push(symbol(n >> 12));
        out.push(if chunk.len() > 1 { symbol(n >> 6) } else { '=' });
        out.push(if chunk.len() > 2 { symbol(n) } else { '=' });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resource<'a>(request: &'a Value, name: &str) -> &'a Value {
        request["totalResources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["name"] == name)
            .unwrap()
    }

    fn attribute_names(request: &Value) -> Vec<String> {
        request["attributes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["name"].as_str().unwrap().to_owned())
            .collect()
    }

    #[test]
    fn every_preset_validates_without_errors_on_every_os_it_runs() {
        for kind in INSTANCE_TYPES {
            let mut oses = vec![Os::Linux];
            if kind.architecture == Architecture::X86_64 {
                oses.push(Os::Windows);
            }
            for os in oses {
                let mut options = AgentOptions::new(kind.name);
                options.os = os;
                options.enable_gpu_support = kind.gpus > 0 && os == Os::Linux;
                let request =
                    agent_request(&options).unwrap_or_else(|e| panic!("{} {os:?}: {e}", kind.name));
                let diagnostics = register_container_instance(&request);
                assert!(
                    diagnostics.iter().all(|d| d.severity != Severity::Error),
                    "{} {os:?}: {diagnostics:#?}",
                    kind.name
                );
            }
        }
    }

    #[test]
    fn table_covers_the_families() {
        for family in [
            "t3", "m5", "m6i", "m7g", "c5", "c6g", "r5", "g4dn", "p3", "inf1",
        ] {
            assert!(
                INSTANCE_TYPES
                    .iter()
                    .any(|t| t.name.split('.').next() == Some(family)),
                "{family}"
            );
        }
        let names: std::collections::HashSet<&str> =
            INSTANCE_TYPES.iter().map(|t| t.name).collect();
        assert_eq!(names.len(), INSTANCE_TYPES.len(), "duplicate names");
    }

    #[test]
    fn memory_matches_the_docs_example() {
        // memory-management.md: an m4.large shows 8373026816 bytes, 7985 MiB.
        assert_eq!(usable_memory_mib(8 * 1024), 7985);
        assert_eq!(8_373_026_816_u64 / 1024 / 1024, 7985);
        let request = agent_request(&AgentOptions::new("m4.large")).unwrap();
        assert_eq!(resource(&request, "MEMORY")["integerValue"], 7985);
        assert_eq!(resource(&request, "CPU")["integerValue"], 2048);
    }

    #[test]
    fn reserved_memory_is_subtracted_and_cannot_go_negative() {
        let mut options = AgentOptions::new("m5.large");
        options.reserved_memory = 256;
        let request = agent_request(&options).unwrap();
        assert_eq!(resource(&request, "MEMORY")["integerValue"], 7985 - 256);
        let mut tiny = AgentOptions::new("t3.nano");
        tiny.reserved_memory = 1024;
        let err = agent_request(&tiny).unwrap_err();
        assert!(
            err.contains("reserved memory is higher than available memory"),
            "{err}"
        );
    }

    #[test]
    fn default_ports_per_os() {
        let linux = agent_request(&AgentOptions::new("c5.large")).unwrap();
        assert_eq!(
            resource(&linux, "PORTS")["stringSetValue"],
            json!(["22", "2375", "2376", "51678", "51679"])
        );
        assert_eq!(resource(&linux, "PORTS_UDP")["stringSetValue"], json!([]));
        let mut options = AgentOptions::new("c5.large");
        options.os = Os::Windows;
        let windows = agent_request(&options).unwrap();
        assert_eq!(
            resource(&windows, "PORTS")["stringSetValue"],
            json!([
                "2375", "2376", "51678", "51679", "3389", "135", "445", "5985", "5986", "53", "139"
            ])
        );
        options.enable_task_iam_role = Some(true);
        let with_iam = agent_request(&options).unwrap();
        let ports = resource(&with_iam, "PORTS")["stringSetValue"]
            .as_array()
            .unwrap()
            .clone();
        assert_eq!(ports.last(), Some(&json!("80")));
        assert!(attribute_names(&with_iam)
            .contains(&"com.amazonaws.ecs.capability.task-iam-role".to_owned()));
    }

    #[test]
    fn custom_ports_replace_the_defaults() {
        let mut options = AgentOptions::new("t3.small");
        options.reserved_ports = Some(vec![22, 8080, 8080]);
        options.reserved_ports_udp = Some(vec![53]);
        let request = agent_request(&options).unwrap();
        assert_eq!(
            resource(&request, "PORTS")["stringSetValue"],
            json!(["22", "8080"])
        );
        assert_eq!(
            resource(&request, "PORTS_UDP")["stringSetValue"],
            json!(["53"])
        );
    }

    #[test]
    fn gpus_become_platform_devices_only_with_gpu_support() {
        let mut options = AgentOptions::new("g4dn.12xlarge");
        let without = agent_request(&options).unwrap();
        assert!(without.get("platformDevices").is_none());
        options.enable_gpu_support = true;
        let with = agent_request(&options).unwrap();
        let devices = with["platformDevices"].as_array().unwrap();
        assert_eq!(devices.len(), 4);
        for d in devices {
            assert_eq!(d["type"], "GPU");
            let id = d["id"].as_str().unwrap();
            assert!(id.starts_with("GPU-") && id.len() == 40, "{id}");
        }
        assert_eq!(agent_request(&options).unwrap(), with, "deterministic");
        assert!(attribute_names(&with)
            .iter()
            .any(|n| n.starts_with("ecs.capability.nvidia-driver-version.")));
        let mut cpu_only = AgentOptions::new("m5.large");
        cpu_only.enable_gpu_support = true;
        assert!(agent_request(&cpu_only)
            .unwrap_err()
            .contains("no NVIDIA GPUs"));
    }

    #[test]
    fn unknown_type_suggests_close_names() {
        let err = agent_request(&AgentOptions::new("m5.larg")).unwrap_err();
        assert!(err.contains("m5.large"), "{err}");
        let err = agent_request(&AgentOptions::new("M7G.LARGE")).unwrap_err();
        assert!(err.contains("m7g.large"), "{err}");
    }

    #[test]
    fn a_region_must_look_like_one_and_hold_the_zone() {
        let mut options = AgentOptions::new("m5.large");
        options.region = Some("EU West".into());
        let err = agent_request(&options).unwrap_err();
        assert!(err.contains("\"EU West\" is not a Region code"), "{err}");
        options.region = Some("eu-west-1".into());
        options.availability_zone = Some("us-east-1a".into());
        let err = agent_request(&options).unwrap_err();
        assert!(err.contains("not in the Region"), "{err}");
        options.availability_zone = None;
        assert!(agent_request(&options).is_ok());
    }

    #[test]
    fn identity_document_carries_what_ecs_reads() {
        let mut options = AgentOptions::new("m7g.xlarge");
        options.region = Some("eu-west-1".into());
        options.availability_zone = Some("eu-west-1b".into());
        options.instance_id = Some("i-0abc1234def567890".into());
        let request = agent_request(&options).unwrap();
        let doc: Value =
            serde_json::from_str(request["instanceIdentityDocument"].as_str().unwrap()).unwrap();
        assert_eq!(doc["instanceId"], "i-0abc1234def567890");
        assert_eq!(doc["instanceType"], "m7g.xlarge");
        assert_eq!(doc["availabilityZone"], "eu-west-1b");
        assert_eq!(doc["region"], "eu-west-1");
        assert_eq!(doc["architecture"], "arm64");
        assert!(request["instanceIdentityDocument"]
            .as_str()
            .unwrap()
            .contains("\"region\" : \"eu-west-1\""));
        assert_eq!(
            request["versionInfo"]["dockerVersion"],
            "DockerVersion: 20.10.25"
        );
        let names = attribute_names(&request);
        assert!(names.contains(&"ecs.os-type".to_owned()));
        assert!(names.contains(&"ecs.capability.task-eni".to_owned()));
    }

    #[test]
    fn options_read_camel_case_json_and_refuse_unknown_names() {
        let options = AgentOptions::from_value(&json!({
            "instanceType": "r5.large", "os": "windows", "reservedMemory": 512,
            "instanceAttributes": {"stack": "prod"}, "enableTaskIamRole": true
        }))
        .unwrap();
        assert_eq!(options.os, Os::Windows);
        assert_eq!(options.reserved_memory, 512);
        let request = agent_request(&options).unwrap();
        assert_eq!(
            request["attributes"][0],
            json!({"name": "stack", "value": "prod"})
        );
        assert!(
            AgentOptions::from_value(&json!({"instanceType": "r5.large", "reservedMem": 1}))
                .is_err()
        );
        assert!(
            AgentOptions::from_value(&json!({"instanceType": "r5.large", "os": "macos"})).is_err()
        );
        // 16-bit settings out of range are named, with their range.
        let refused = |options: Value| AgentOptions::from_value(&options).unwrap_err();
        let memory = refused(json!({"instanceType": "r5.large", "reservedMemory": 100_000}));
        assert!(
            memory.contains("reservedMemory 100000 is not a whole number of MiB from 0 to 65535"),
            "{memory}"
        );
        assert!(
            refused(json!({"instanceType": "r5.large", "reservedMemory": -1}))
                .contains("reservedMemory -1")
        );
        let ports = refused(json!({"instanceType": "r5.large", "reservedPortsUdp": [53, 70_000]}));
        assert!(
            ports.contains("reservedPortsUdp holds 70000, which is not a port number"),
            "{ports}"
        );
        assert!(AgentOptions::from_value(&json!({"instanceType": "r5.large", "reservedMemory": 65_535, "reservedPorts": [0, 65_535]})).is_ok());
    }

    #[test]
    fn invalid_settings_are_errors() {
        let mut windows_arm = AgentOptions::new("c6g.large");
        windows_arm.os = Os::Windows;
        assert!(agent_request(&windows_arm).is_err());
        let mut bad_attribute = AgentOptions::new("c5.large");
        bad_attribute
            .instance_attributes
            .insert("bad name!".into(), "x".into());
        assert!(agent_request(&bad_attribute)
            .unwrap_err()
            .contains("ECS018"));
        let mut wrong_zone = AgentOptions::new("c5.large");
        wrong_zone.availability_zone = Some("eu-west-1a".into());
        assert!(agent_request(&wrong_zone).is_err());
        let mut gpu_windows = AgentOptions::new("g4dn.xlarge");
        gpu_windows.os = Os::Windows;
        gpu_windows.enable_gpu_support = true;
        assert!(agent_request(&gpu_windows).is_err());
    }

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64(b"Man"), "TWFu");
        assert_eq!(base64(b"Ma"), "TWE=");
        assert_eq!(base64(b"M"), "TQ==");
        assert_eq!(stand_in_signature("x").len(), 344);
    }
}
