// The package from CommonJS TypeScript: `require` resolves to node/muster_wasm.d.ts.
import muster = require("muster-wasm");

const report: muster.ValidationReport = muster.validate("RegisterInstance", { ServiceId: "srv-1", InstanceId: "a", Attributes: {} });
const codes: string[] = report.diagnostics.map((d) => d.code);
const formats: muster.ExportFormat[] = muster.exportFormats();

export = { codes, formats };
