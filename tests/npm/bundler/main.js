// A bundled app: `muster-wasm` resolves through the package's exports map (the browser build, as
// no "node" condition applies) and Vite emits the .wasm next to the bundle as an asset.
import init, { validate, version } from "muster-wasm";

const out = document.getElementById("result");
try {
  await init();
  const report = validate("RegisterInstance", {
    ServiceId: "srv-p5zdwlg5uvvzjita",
    InstanceId: "my service",
    Attributes: { AWS_INSTANCE_IPV4: "10.0.0.1" },
  });
  out.textContent = JSON.stringify({ version: version(), report });
  out.dataset.state = "done";
} catch (err) {
  out.textContent = String(err?.stack ?? err);
  out.dataset.state = "failed";
}
