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
