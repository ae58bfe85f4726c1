// Benchmark inputs shared by the native and the Node benchmarks (written to JSON for the native side).
export function dnsAtQuota() {
  const instances = Array.from({ length: 1000 }, (_, i) => ({
    InstanceId: `task-${i}`,
    Attributes: { AWS_INSTANCE_IPV4: `10.${(i >> 8) & 255}.${i & 255}.${(i % 250) + 1}`, AWS_INSTANCE_PORT: String(8000 + (i % 1000)) },
    HealthStatus: i % 10 === 0 ? "UNHEALTHY" : "HEALTHY",
  }));
  return {
    namespace: { Name: "example.local", Type: "DNS_PRIVATE" },
    service: {
      Id: "srv-p5zdwlg5uvvzjita", Name: "web", HealthCheckCustomConfig: {},
      DnsConfig: { RoutingPolicy: "MULTIVALUE", DnsRecords: [{ Type: "A", TTL: 60 }, { Type: "SRV", TTL: 60 }] },
    },
    instances,
    query: { name: "web.example.local", type: "A" },
  };
}

// ECS at its quotas: 5,000 container instances across three zones (moto's fixed sizes: 4096 CPU,
// 7482 MiB), a 5,000-task service spread over zones then binpacked on memory, with one memberOf.
export const PLACEMENT_INSTANCES = 5000;
export const PLACEMENT_TASKS = 5000;
export const ZONES = ["us-east-1a", "us-east-1b", "us-east-1c"];

export function placementAtQuota() {
  const containerInstances = Array.from({ length: PLACEMENT_INSTANCES }, (_, i) => ({
    containerInstanceArn: `arn:aws:ecs:us-east-1:123456789012:container-instance/bench/${i.toString(16).padStart(32, "0")}`,
    ec2InstanceId: `i-${i.toString(16).padStart(17, "0")}`,
    status: "ACTIVE",
    agentConnected: true,
    runningTasksCount: 0,
    pendingTasksCount: 0,
    remainingResources: [
      { name: "CPU", type: "INTEGER", integerValue: 4096 },
      { name: "MEMORY", type: "INTEGER", integerValue: 7482 },
      { name: "PORTS", type: "STRINGSET", stringSetValue: ["22", "2376", "2375", "51678", "51679"] },
      { name: "PORTS_UDP", type: "STRINGSET", stringSetValue: [] },
    ],
    attributes: [
      { name: "ecs.availability-zone", value: ZONES[i % 3] },
      { name: "ecs.instance-type", value: "m5.large" },
      { name: "ecs.os-type", value: "linux" },
    ],
  }));
  const taskDefinition = {
    family: "web", networkMode: "bridge",
    containerDefinitions: [{ name: "web", image: "nginx", cpu: 256, memory: 512, portMappings: [{ containerPort: 80, hostPort: 0 }] }],
  };
  const service = {
    serviceName: "web", cluster: "bench", taskDefinition: "web:1", desiredCount: PLACEMENT_TASKS,
    placementStrategy: [{ type: "spread", field: "attribute:ecs.availability-zone" }, { type: "binpack", field: "memory" }],
    placementConstraints: [{ type: "memberOf", expression: "attribute:ecs.instance-type =~ m5.* and attribute:ecs.os-type == linux" }],
  };
  return { cluster: { containerInstances }, taskDefinition, service, seed: 1 };
}
