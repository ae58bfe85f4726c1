// exportRequest / importRequest through the package.
import { test } from "node:test";
import assert from "node:assert/strict";
import { exportRequest, exportFormats, importRequest } from "muster-wasm";

const seed = {
  ServiceId: "srv-p5zdwlg5uvvzjita",
  InstanceId: "myservice-53",
  CreatorRequestId: "7a48a98a-72e6-4849-bfa7-1a458e030d7b",
  Attributes: { AWS_INSTANCE_IPV4: "172.2.1.3", AWS_INSTANCE_PORT: "808", note: "it's $HOME `x`" },
};

test("every format exports the seed request", () => {
  const formats = exportFormats();
  assert.ok(formats.includes("cli") && formats.includes("terraform") && formats.includes("js-sdk-v3"));
  for (const format of formats) {
    const out = exportRequest("RegisterInstance", seed, format);
    assert.equal(out.format, format);
    assert.ok(out.text.length > 0 && out.filename.length > 0, format);
    assert.ok(Array.isArray(out.notes));
  }
});

test("the CLI command imports back to the same request, hostile characters included", () => {
  const cli = exportRequest("RegisterInstance", seed, "cli", { region: "eu-west-1" });
  assert.match(cli.text, /^aws servicediscovery register-instance/);
  const back = importRequest(cli.text);
  assert.equal(back.operation, "RegisterInstance");
  assert.equal(back.format, "cli");
  assert.deepEqual(back.request, seed);
});

test("commands for PowerShell and the command prompt are refused with where they are read", () => {
  // The package leaves these readers out for its size; the web app has them.
  const simple = { cluster: "prod", containerInstances: ["a", "b"], status: "DRAINING" };
  const powershell = exportRequest("UpdateContainerInstancesState", simple, "powershell").text;
  const cmd = "aws ecs update-container-instances-state ^\n  --cluster prod ^\n  --container-instances a b ^\n  --status DRAINING";
  for (const [text, shell] of [[powershell, "PowerShell"], [cmd, "the Windows command prompt"]]) {
    assert.throws(() => importRequest(text), (e) =>
      e.code === "IMPORT_FAILED" && e.message.includes(`a command for ${shell}`) && /web app reads it/.test(e.message));
  }
  // The same command for bash is read.
  assert.deepEqual(importRequest(cmd.replaceAll("^", "\\")).request, simple);
});

test("bodies and API responses import", () => {
  assert.deepEqual(importRequest(JSON.stringify(seed)).request, seed);
  const got = importRequest(JSON.stringify({ Instance: { Id: "i-1", Attributes: { AWS_INSTANCE_IPV4: "10.0.0.1" } } }));
  assert.equal(got.operation, "RegisterInstance");
  assert.equal(got.request.InstanceId, "i-1");
  assert.ok(got.notes.length > 0, "the missing ServiceId is explained");
});

test("refusals throw with codes", () => {
  assert.throws(() => exportRequest("RegisterInstance", { ServiceId: "srv-1" }, "cli"), (e) => e.code === "INVALID_REQUEST");
  assert.equal(exportRequest("RegisterInstance", { ServiceId: "srv-1", InstanceId: "a", Attributes: {} }, "json", { allowInvalid: true }).format, "json");
  assert.throws(() => exportRequest("DeregisterContainerInstance", { containerInstance: "0123456789abcdef0123456789abcdef" }, "cloudformation-yaml"), (e) => e.code === "UNSUPPORTED_FORMAT");
  assert.throws(() => exportRequest("RegisterInstance", seed, "yaml"), (e) => e.code === "INVALID_ARGUMENT" && /Formats:/.test(e.message));
  assert.throws(() => exportRequest("RegisterInstance", seed, "cli", { region: "US EAST" }), (e) => e.code === "INVALID_ARGUMENT");
  assert.throws(() => importRequest("{oops"), (e) => e.code === "IMPORT_FAILED");
});

test("an imported long beyond 2^53 comes back exactly in requestText, with a note", () => {
  const command = "aws ecs register-container-instance --cluster prod --total-resources name=BIG,type=LONG,longValue=9007199254740993";
  const imported = importRequest(command);
  assert.ok(imported.requestText.includes("9007199254740993"), imported.requestText);
  assert.ok(imported.notes.some((n) => n.includes("/totalResources/0/longValue") && n.includes("2^53")), imported.notes.join("\n"));
  // The text validates and exports with the exact number.
  const cli = exportRequest("RegisterContainerInstance", imported.requestText, "cli", { allowInvalid: true });
  assert.ok(cli.text.includes("longValue=9007199254740993"), cli.text);
  // An ordinary import carries no text.
  assert.equal(importRequest("aws ecs register-container-instance --cluster prod").requestText, undefined);
});

test("a --cli-input-yaml file is refused by this package with where it is read and what to do", () => {
  const yaml = exportRequest("RegisterInstance", seed, "cli-input-yaml").text;
  for (const format of [undefined, "cli-input-yaml"]) {
    assert.throws(() => importRequest(yaml, format), (e) =>
      e.code === "IMPORT_FAILED" && /web app reads it/.test(e.message) && /yq -o=json/.test(e.message));
  }
});
