#!/usr/bin/env node
// `muster`, the command line of muster-wasm: validate, export, import and simulate AWS Cloud Map and
// ECS requests locally. Node built-ins only. scripts/build-npm copies this file to pkg/bin/muster.mjs,
// so the import below is relative to that place.
//
// Exit status: 0 done (the request is valid), 1 the request has errors, 2 the command could not run
// (unknown command or option, a missing or unreadable file, input that is not JSON, ...).
import { readFile, realpath, stat } from "node:fs/promises";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import * as muster from "../node/index.mjs";

/** A problem with how the command was called or with its input files: one line, exit status 2. */
export class UsageError extends Error {}

// ---------------------------------------------------------------------------------------------
// Output

/** ANSI styles, or plain text when colour is off. Colour is on only for a terminal without NO_COLOR. */
function palette(enabled) {
  const wrap = (open, close) => (text) => (enabled ? `\x1b[${open}m${text}\x1b[${close}m` : String(text));
  return {
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    red: wrap(31, 39),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
    blue: wrap(34, 39),
    cyan: wrap(36, 39),
  };
}

export function colourWanted(stream, env) {
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== "";
  return Boolean(stream.isTTY) && !noColor;
}

/**
 * Characters a terminal acts on instead of showing (ESC starts a control sequence, CR and C1
 * controls move the cursor) or that change how the text around them reads (bidirectional
 * overrides, zero-width and tag characters). Requests are often untrusted input, and their keys,
 * values and pointers reach the output, so the text formats show these as `\u{1b}` escapes, the
 * way the messages name them; the JSON format writes them as JSON escapes.
 */
const HIDDEN =
  "\\u{0}-\\u{8}\\u{b}-\\u{1f}\\u{7f}-\\u{9f}\\u{200b}-\\u{200f}\\u{2028}\\u{2029}\\u{202a}-\\u{202e}" +
  "\\u{2060}-\\u{2064}\\u{2066}-\\u{2069}\\u{feff}\\u{e0000}-\\u{e007f}";
const HIDDEN_OR_BREAK = new RegExp(`[\\n${HIDDEN}]`, "gu");
const HIDDEN_ONLY = new RegExp(`[${HIDDEN}]`, "gu");
const showCodePoint = (ch) => `\\u{${ch.codePointAt(0).toString(16)}}`;

/**
 * `value` with every string made safe to print: line breaks too are escaped (a key holding one
 * could fake another line of the report), except in the members named by `multiLine`.
 */
function terminalSafe(value, multiLine = new Set()) {
  if (typeof value === "string") return value.replace(HIDDEN_OR_BREAK, showCodePoint);
  if (Array.isArray(value)) return value.map((item) => terminalSafe(item, multiLine));
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, member]) => [
      key,
      multiLine.has(key) && typeof member === "string"
        ? member.replace(HIDDEN_ONLY, showCodePoint)
        : terminalSafe(member, multiLine),
    ]),
  );
}

const severityStyle = (c) => ({ error: c.red, warning: c.yellow, info: c.blue });
const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
const padEnd = (text, width) => text + " ".repeat(Math.max(0, width - text.length));
// JSON.stringify escapes C0 controls only; the rest of HIDDEN becomes \uXXXX escapes (the same
// JSON), so that printing it cannot act on a terminal either.
const json = (value) => jsonText(JSON.stringify(value, null, 2));
const jsonText = (text) =>
  `${text.replace(HIDDEN_ONLY, (ch) =>
    Array.from({ length: ch.length }, (_, i) => `\\u${ch.charCodeAt(i).toString(16).padStart(4, "0")}`).join(""),
  )}\n`;
const withNewline = (text) => (text.endsWith("\n") ? text : `${text}\n`);

/** A comma-separated list wrapped to 80 columns, continuation lines indented by `indent`. */
function wrapList(items, indent) {
  const lines = [""];
  for (const [i, item] of items.entries()) {
    const word = i < items.length - 1 ? `${item},` : item;
    const last = lines.length - 1;
    if (lines[last] !== "" && indent + lines[last].length + 1 + word.length > 80) lines.push(word);
    else lines[last] = lines[last] === "" ? word : `${lines[last]} ${word}`;
  }
  return lines.join(`\n${" ".repeat(indent)}`);
}

// ---------------------------------------------------------------------------------------------
// Input

const STDIN_LABEL = "<stdin>";
const label = (file) => (file === "-" ? STDIN_LABEL : file);

async function readStdin(stdin) {
  const chunks = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString("utf8");
}

/** Reads a file (or standard input for `-`) as UTF-8 text, without a byte-order mark. */
async function readText(file, io) {
  let text;
  if (file === "-") {
    text = await readStdin(io.stdin);
  } else {
    try {
      text = await readFile(file, "utf8");
    } catch (err) {
      const why = {
        ENOENT: "no such file",
        EISDIR: "it is a directory",
        EACCES: "permission denied",
        EPERM: "permission denied",
      }[err.code] ?? err.message;
      const meant = err.code === "ENOENT" ? closeOperation(file) : undefined;
      throw new UsageError(`cannot read ${file}: ${why}${meant ? ` (did you mean the operation ${meant}?)` : ""}`);
    }
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Parses JSON text; a syntax error becomes a UsageError naming the line and column. */
function parseJson(text, file) {
  try {
    return JSON.parse(text);
  } catch {
    // The core's parser reports positions (JSON001); Node 20's JSON.parse does not.
    const [diagnostic] = muster.validate("RegisterInstance", text).diagnostics;
    const where = /at (line \d+, column \d+[^.]*)/.exec(diagnostic?.message ?? "");
    const detail = text.trim() === "" ? "it is empty" : where ? where[1] : "syntax error";
    throw new UsageError(`${label(file)} is not valid JSON (${detail})`);
  }
}

async function readJson(file, io) {
  return parseJson(await readText(file, io), file);
}

/** At most one input may be standard input. */
function checkOneStdin(files) {
  if (files.filter((f) => f === "-").length > 1) {
    throw new UsageError("only one input can be - (standard input)");
  }
}

// ---------------------------------------------------------------------------------------------
// Operations

/** What operation names are compared by: `register-instance`, `registerinstance` and
 * `RegisterInstance` all name RegisterInstance. */
const operationKey = (name) => name.replaceAll(/[-_]/g, "").toLowerCase();

/** The operation `given` names, or undefined. */
function findOperation(given) {
  return muster.operations().find((op) => operationKey(op) === operationKey(given));
}

/** The operation a misspelt name is probably meant to be: at most two edits away, ignoring case
 * and dashes. */
function closeOperation(given) {
  const distance = (a, b) => {
    let row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const next = [i];
      for (let j = 1; j <= b.length; j++) {
        next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      }
      row = next;
    }
    return row[b.length];
  };
  if (given.length > 40 || /[./\\]/.test(given)) return undefined;
  return muster.operations().find((op) => distance(operationKey(op), operationKey(given)) <= 2);
}

function operationName(given) {
  const found = findOperation(given);
  if (!found) {
    throw new UsageError(`unknown operation "${given}"; operations: ${muster.operations().join(", ")}`);
  }
  return found;
}

// The top-level members of each operation's request (or API output, for Service and Namespace),
// used to tell which operation a request is for when --operation is not given.
const MEMBERS = {
  RegisterInstance: ["ServiceId", "InstanceId", "CreatorRequestId", "Attributes"],
  CreateService: ["Name", "NamespaceId", "CreatorRequestId", "Description", "DnsConfig", "HealthCheckConfig", "HealthCheckCustomConfig", "Tags", "Type"],
  Service: ["Service", "Id", "Arn", "ResourceOwner", "Name", "NamespaceId", "Description", "InstanceCount", "DnsConfig", "Type", "HealthCheckConfig", "HealthCheckCustomConfig", "CreateDate", "CreatorRequestId", "CreatedByAccount"],
  DiscoverInstances: ["NamespaceName", "ServiceName", "MaxResults", "QueryParameters", "OptionalParameters", "HealthStatus", "OwnerAccount"],
  Namespace: ["Namespace", "Id", "Arn", "ResourceOwner", "Name", "Type", "Description", "ServiceCount", "Properties", "CreateDate", "CreatorRequestId"],
  RegisterContainerInstance: ["cluster", "instanceIdentityDocument", "instanceIdentityDocumentSignature", "totalResources", "versionInfo", "containerInstanceArn", "attributes", "platformDevices", "tags"],
  DeregisterContainerInstance: ["cluster", "containerInstance", "force"],
  UpdateContainerInstancesState: ["cluster", "containerInstances", "status"],
  "ecs:CreateService": ["cluster", "serviceName", "taskDefinition", "availabilityZoneRebalancing", "loadBalancers", "serviceRegistries", "desiredCount", "clientToken", "launchType", "capacityProviderStrategy", "platformVersion", "role", "deploymentConfiguration", "placementConstraints", "placementStrategy", "networkConfiguration", "healthCheckGracePeriodSeconds", "schedulingStrategy", "deploymentController", "tags", "enableECSManagedTags", "propagateTags", "enableExecuteCommand", "serviceConnectConfiguration", "volumeConfigurations", "vpcLatticeConfigurations"],
  UpdateService: ["cluster", "service", "desiredCount", "taskDefinition", "capacityProviderStrategy", "deploymentConfiguration", "availabilityZoneRebalancing", "networkConfiguration", "placementConstraints", "placementStrategy", "platformVersion", "forceNewDeployment", "healthCheckGracePeriodSeconds", "deploymentController", "enableExecuteCommand", "enableECSManagedTags", "loadBalancers", "propagateTags", "serviceRegistries", "serviceConnectConfiguration", "volumeConfigurations", "vpcLatticeConfigurations"],
};
// A service from GetService always has one of these; without them, a service is a CreateService request.
const REQUIRES = {
  Service: ["Service", "Id", "Arn", "InstanceCount", "CreateDate", "CreatedByAccount", "ResourceOwner"],
};
// `Type` values only namespaces have, and only services have: each rules the other family out.
const NAMESPACE_TYPES = ["DNS_PUBLIC", "DNS_PRIVATE"];
const SERVICE_TYPES = ["DNS", "DNS_HTTP"];

function ruledOut(op, request) {
  const type = request.Type;
  if ((op === "CreateService" || op === "Service") && NAMESPACE_TYPES.includes(type)) return true;
  if (op === "Namespace" && SERVICE_TYPES.includes(type)) return true;
  return REQUIRES[op] !== undefined && !REQUIRES[op].some((k) => Object.hasOwn(request, k));
}

/**
 * The operation a request is for, judged by its top-level members, or `{ candidates }` when that is
 * ambiguous (`{}` or `{ "cluster": "x" }` could be several requests). A request with a misspelt
 * member still matches the one operation that has most (more than half) of its members. Operations
 * without a MEMBERS entry are never inferred.
 */
export function inferOperation(request) {
  if (request === null || typeof request !== "object" || Array.isArray(request)) {
    return { operation: null, candidates: [] };
  }
  const keys = Object.keys(request);
  const known = Object.keys(MEMBERS).filter((op) => muster.operations().includes(op));
  const possible = known.filter((op) => !ruledOut(op, request));
  const score = (op) => keys.filter((k) => MEMBERS[op].includes(k)).length;
  const full = possible.filter((op) => keys.length > 0 && score(op) === keys.length);
  let candidates = full;
  if (full.length === 0) {
    const best = Math.max(0, ...possible.map(score));
    candidates = best * 2 <= keys.length ? [] : possible.filter((op) => score(op) === best);
  }
  if (keys.length === 0) candidates = possible;
  return { operation: candidates.length === 1 ? candidates[0] : null, candidates };
}

/** The operation from --operation, or inferred from the request; a UsageError when neither works. */
function resolveOperation(given, request, file) {
  if (given !== undefined) return { operation: operationName(given), inferred: false };
  const { operation, candidates } = inferOperation(request);
  if (operation) return { operation, inferred: true };
  let why = "its members match no operation";
  if (request === null || typeof request !== "object" || Array.isArray(request)) why = "it is not a JSON object";
  else if (Object.keys(request).length === 0) why = "it is an empty object";
  else if (candidates.length > 1) why = `it could be ${candidates.join(", ")}`;
  throw new UsageError(`cannot tell which operation ${label(file)} is for (${why}); pass --operation`);
}

/** Throws a UsageError for a MusterError the user caused (bad format name, unreadable context, ...). */
function asUsage(err) {
  if (err && typeof err.code === "string" && err.code !== "INTERNAL") return new UsageError(err.message.split("\n")[0]);
  return err;
}

// ---------------------------------------------------------------------------------------------
// Commands

const FORMAT_OPTION = { format: { type: "string", short: "f", default: "text" } };

function outputFormat(values) {
  if (values.format !== "text" && values.format !== "json") {
    throw new UsageError(`--format must be text or json, not "${values.format}"`);
  }
  return values.format;
}

async function validateCommand({ values, positionals: files }, io) {
  const format = outputFormat(values);
  // A wrong --operation is one usage error, not one per file.
  if (values.operation !== undefined) operationName(values.operation);
  const inputs = [...files, values.context, values.service, values.namespace].filter((f) => f !== undefined);
  checkOneStdin(inputs);
  if (values.context !== undefined && (values.service !== undefined || values.namespace !== undefined)) {
    throw new UsageError("give --context, or --service and --namespace, not both");
  }
  let context = null;
  if (values.context !== undefined) {
    context = await readJson(values.context, io);
  } else if (values.service !== undefined || values.namespace !== undefined) {
    context = {};
    if (values.service !== undefined) context.service = await readJson(values.service, io);
    if (values.namespace !== undefined) context.namespace = await readJson(values.namespace, io);
  }
  if (files.length === 1) {
    const [file] = files;
    const { report, operation, inferred } = await checkFile(file, values.operation, context, io);
    io.out(format === "json" ? json(report) : renderReport(report, { file: label(file), operation, inferred }, io.colour));
    return report.valid ? 0 : 1;
  }
  // Several files: each gets its own report. One that cannot be checked (unreadable, not JSON, no
  // operation fits) is named on standard error and the others are still checked; the exit status
  // is the worst: 2 if any could not be checked, else 1 if any has errors.
  const results = [];
  let status = 0;
  for (const file of files) {
    try {
      const { report, operation, inferred } = await checkFile(file, values.operation, context, io);
      results.push({ file: label(file), operation, ...report });
      if (format === "text") io.out(`${renderReport(report, { file: label(file), operation, inferred }, io.colour)}\n`);
      if (!report.valid) status = Math.max(status, 1);
    } catch (err) {
      // A context muster cannot use fails every file alike: one error for the command.
      if (!(err instanceof UsageError) || err.context) throw err;
      io.err(`muster: ${err.message}\n`);
      results.push({ file: label(file), error: err.message });
      status = 2;
    }
  }
  if (format === "json") {
    io.out(json(results));
  } else {
    const count = (test) => results.filter(test).length;
    const tally = [`${count((r) => r.valid === true)} valid`, `${count((r) => r.valid === false)} invalid`];
    const unchecked = count((r) => r.error !== undefined);
    if (unchecked > 0) tally.push(`${unchecked} not checked`);
    io.out(`${plural(files.length, "file")}: ${tally.join(", ")}\n`);
  }
  return status;
}

/** Reads, parses and validates one request file: its report and the operation it was checked as. */
async function checkFile(file, givenOperation, context, io) {
  const text = await readText(file, io);
  const request = parseJson(text, file);
  const { operation, inferred } = resolveOperation(givenOperation, request, file);
  try {
    // The text, not the parsed object: duplicate keys (JSON003) are only visible in the text.
    return { report: muster.validate(operation, text, context), operation, inferred };
  } catch (err) {
    const usage = asUsage(err);
    usage.context = err?.code === "INVALID_CONTEXT";
    throw usage;
  }
}

/** One line per diagnostic (`path  CODE  severity  message`, then its docs link) and a summary line. */
export function renderReport(unsafeReport, { file, operation, inferred }, c) {
  const report = terminalSafe(unsafeReport);
  file = terminalSafe(file);
  const paint = severityStyle(c);
  const shown = report.diagnostics.map((d) => ({ ...d, where: d.path === "" ? "(root)" : d.path }));
  const pathWidth = Math.max(0, ...shown.map((d) => d.where.length));
  const codeWidth = Math.max(0, ...shown.map((d) => d.code.length));
  const lines = [];
  for (const d of shown) {
    const severity = (paint[d.severity] ?? ((t) => t))(padEnd(d.severity, 7));
    lines.push(`${c.bold(padEnd(d.where, pathWidth))}  ${c.cyan(padEnd(d.code, codeWidth))}  ${severity}  ${d.message}`);
    lines.push(`${" ".repeat(pathWidth + 2)}${c.dim(d.docs)}`);
  }
  const count = (severity) => report.diagnostics.filter((d) => d.severity === severity).length;
  const tally = [plural(count("error"), "error"), plural(count("warning"), "warning"), `${count("info")} info`].join(", ");
  const verdict = report.valid ? c.green(`valid ${operation} request`) : c.red(`invalid ${operation} request`);
  if (lines.length > 0) lines.push("");
  lines.push(`${file}: ${verdict}: ${tally}${inferred ? c.dim(" (operation inferred from its members)") : ""}`);
  return `${lines.join("\n")}\n`;
}

async function exportCommand({ values, positionals: [file] }, io) {
  const formats = muster.exportFormats();
  if (values.format === undefined) {
    throw new UsageError(`--format is required; formats: ${formats.join(", ")}`);
  }
  if (!formats.includes(values.format)) {
    throw new UsageError(`unknown export format "${values.format}"; formats: ${formats.join(", ")}`);
  }
  const text = await readText(file, io);
  const request = parseJson(text, file);
  const { operation } = resolveOperation(values.operation, request, file);
  const options = { allowInvalid: values.force };
  if (values.region !== undefined) options.region = values.region;
  if (values["endpoint-url"] !== undefined) options.endpointUrl = values["endpoint-url"];
  if (values.profile !== undefined) options.profile = values.profile;
  let exported;
  try {
    exported = muster.exportRequest(operation, text, values.format, options);
  } catch (err) {
    if (err?.code === "INVALID_REQUEST") {
      io.err(`muster: ${err.message}\n`);
      io.err("muster: not exported; see `muster validate`, or pass --force to export it anyway\n");
      return 1;
    }
    throw asUsage(err);
  }
  io.out(withNewline(exported.text));
  for (const note of exported.notes) io.err(`note: ${note}\n`);
  return 0;
}

async function importCommand({ values, positionals: [file] }, io) {
  const text = await readText(file, io);
  const operation = values.operation === undefined ? undefined : operationName(values.operation);
  let imported;
  try {
    imported = muster.importRequest(text, values.format ?? null, operation ?? null);
  } catch (err) {
    throw asUsage(err);
  }
  // requestText holds numbers beyond 2^53 exactly, where request has them rounded.
  io.out(values.full ? json(imported) : imported.requestText ? jsonText(imported.requestText) : json(imported.request));
  if (!values.full) {
    io.err(`muster: read a ${imported.operation} request (from ${imported.format})\n`);
    for (const note of imported.notes) io.err(`note: ${note}\n`);
  }
  return 0;
}

/**
 * The instances file of `muster dns`, as simulateDns takes them: a JSON array of RegisterInstance
 * requests, one request, or `aws servicediscovery list-instances` / `get-instance` output (whose
 * `Id` becomes `InstanceId`).
 */
export function instancesFrom(value, file) {
  let list;
  if (Array.isArray(value)) list = value;
  else if (value && Array.isArray(value.Instances)) list = value.Instances;
  else if (value && typeof value.Instance === "object" && value.Instance !== null) list = [value.Instance];
  else if (value && typeof value === "object") list = [value];
  else throw new UsageError(`${label(file)} holds no instances (give an array of RegisterInstance requests or list-instances output)`);
  return list.map((item) => {
    if (item === null || typeof item !== "object" || Array.isArray(item)) {
      throw new UsageError(`${label(file)}: every instance must be an object`);
    }
    const { Id, ...rest } = item;
    return rest.InstanceId === undefined && Id !== undefined ? { InstanceId: Id, ...rest } : item;
  });
}

/** `aws servicediscovery get-instances-health-status` output, or a plain `{ id: status }` object. */
function healthFrom(value, file) {
  const map = value && typeof value.Status === "object" && value.Status !== null ? value.Status : value;
  if (map === null || typeof map !== "object" || Array.isArray(map)) {
    throw new UsageError(`${label(file)} must map instance IDs to HEALTHY, UNHEALTHY or UNKNOWN`);
  }
  return map;
}

async function dnsCommand({ values, positionals: [file] }, io) {
  const format = outputFormat(values);
  for (const required of ["service", "namespace"]) {
    if (values[required] === undefined) throw new UsageError(`--${required} <file> is required`);
  }
  checkOneStdin([file, values.service, values.namespace, values.health].filter((f) => f !== undefined));
  let instances = instancesFrom(await readJson(file, io), file);
  if (values.health !== undefined) {
    const health = healthFrom(await readJson(values.health, io), values.health);
    instances = instances.map((i) => (health[i.InstanceId] === undefined ? i : { ...i, HealthStatus: health[i.InstanceId] }));
  }
  const input = {
    service: await readJson(values.service, io),
    namespace: await readJson(values.namespace, io),
    instances,
    query: {},
  };
  if (values.query !== undefined) input.query.name = values.query;
  if (values.type !== undefined) input.query.type = values.type;
  if (values.seed !== undefined) input.seed = /^-?\d+$/.test(values.seed) ? Number(values.seed) : values.seed;
  let answer;
  try {
    answer = muster.simulateDns(input);
  } catch (err) {
    throw asUsage(err);
  }
  if (format === "json") {
    io.out(json(answer));
    return 0;
  }
  answer = terminalSafe(answer, new Set(["dig"]));
  let text = withNewline(answer.dig);
  // The dig text carries the response's own notes already; the others follow it, once each.
  const notes = answer.notes.filter((note) => !text.includes(`;; note: ${note}\n`));
  if (notes.length + answer.skipped.length > 0 && !text.endsWith("\n\n")) text += "\n";
  for (const note of notes) text += `;; note: ${note}\n`;
  for (const s of answer.skipped) text += `;; skipped ${s.instanceId} (instance ${s.index}): ${s.error}: ${s.message}\n`;
  io.out(text);
  return 0;
}

async function planCommand({ values, positionals: [file] }, io) {
  const format = outputFormat(values);
  for (const required of ["cluster", "task-definition"]) {
    if (values[required] === undefined) throw new UsageError(`--${required} <file> is required`);
  }
  const files = [file, values.cluster, values["task-definition"], values.namespace, values["cloud-map-service"]];
  checkOneStdin(files.filter((f) => f !== undefined));
  const input = {
    service: await readJson(file, io),
    cluster: await readJson(values.cluster, io),
    taskDefinition: await readJson(values["task-definition"], io),
  };
  if (values.namespace !== undefined || values["cloud-map-service"] !== undefined) {
    input.cloudMap = {};
    if (values.namespace !== undefined) input.cloudMap.namespace = await readJson(values.namespace, io);
    if (values["cloud-map-service"] !== undefined) input.cloudMap.service = await readJson(values["cloud-map-service"], io);
  }
  if (values.seed !== undefined) input.seed = /^\d+$/.test(values.seed) ? Number(values.seed) : values.seed;
  if (values.explain !== undefined) {
    if (!/^\d+$/.test(values.explain)) throw new UsageError("--explain takes a whole number");
    input.explainTasks = Number(values.explain);
  }
  let plan;
  try {
    plan = muster.planService(input);
  } catch (err) {
    throw asUsage(err);
  }
  const ok = plan.valid && plan.placement !== null && !plan.placement.error && plan.placement.failures.length === 0;
  if (format === "json") {
    io.out(json(plan));
    return ok ? 0 : 1;
  }
  plan = terminalSafe(plan, new Set(["dig"]));
  const placement = plan.placement;
  const c = io.colour;
  const style = severityStyle(c);
  let text = "";
  for (const d of plan.diagnostics) {
    text += `${d.path || "/"}  ${style[d.severity](d.code)}  ${d.severity}  ${d.message}\n`;
  }
  if (placement === null) {
    io.out(`${text}The service request has errors, so nothing was planned.\n`);
    return 1;
  }
  if (placement.error) {
    io.out(`${text}${c.red(placement.error.code)}: ${placement.error.message}\n`);
    return 1;
  }
  const short = (arn) => arn.split("/").pop();
  const { explanation } = placement;
  text += `Strategy: ${explanation.strategies.join(" > ")}${explanation.defaultStrategy ? " (ECS default)" : ""}\n`;
  if (explanation.constraints.length) text += `Constraints: ${explanation.constraints.join(", ")}\n`;
  const wanted = placement.tasks.length + placement.failures.length;
  text += `${placement.failures.length ? c.red("Placed") : c.green("Placed")} ${placement.tasks.length} of ${plural(wanted, "task")}\n`;
  for (const task of placement.tasks) {
    const ports = task.hostPorts.map((p) => `${p.containerName}:${p.containerPort}->${p.hostPort}/${p.protocol}`).join(" ");
    text += `  ${padEnd(task.availabilityZone ?? "-", 12)} ${padEnd(short(task.containerInstanceArn), 34)} task ${short(task.taskArn)}${ports ? `  ${ports}` : ""}\n`;
  }
  for (const stopped of placement.stoppedTasks ?? []) {
    text += `  stop task ${short(stopped.taskArn)} on ${short(stopped.containerInstanceArn)}\n`;
  }
  if (placement.failures.length) {
    const first = placement.failures[0];
    text += `${c.red(`${plural(placement.failures.length, "task")} not placed`)}: ${first.reason} (closest ${short(first.arn)}: ${first.detail})\n`;
  }
  for (const event of placement.events ?? []) text += `event: ${event}\n`;
  if (plan.registrations.length) {
    const invalid = plan.registrations.filter((r) => !r.valid).length;
    text += `Cloud Map: ${plural(plan.registrations.length, "RegisterInstance request")}${invalid ? `, ${c.red(`${invalid} invalid`)}` : ""}\n`;
  }
  if (plan.dns) text += `\n${withNewline(plan.dns.dig)}`;
  io.out(text);
  return ok ? 0 : 1;
}

async function rulesCommand({ values }, io) {
  const format = outputFormat(values);
  const rules = muster.rules();
  if (format === "json") {
    io.out(json(rules));
    return 0;
  }
  const c = io.colour;
  const paint = severityStyle(c);
  const codeWidth = Math.max(...rules.map((r) => r.code.length));
  const lines = rules.flatMap((r) => [
    `${c.cyan(padEnd(r.code, codeWidth))}  ${paint[r.severity](padEnd(r.severity, 7))}  ${r.summary}`,
    `${" ".repeat(codeWidth + 11)}${c.dim(r.docs)}`,
  ]);
  io.out(`${lines.join("\n")}\n`);
  return 0;
}

/**
 * The subcommands. Each names its positional arguments (`args`: [min, max]), its options (as
 * node:util parseArgs takes them), its help text and `run(parsed, io)`, which resolves to the exit
 * status. A new command is one more entry.
 */
export const COMMANDS = {
  validate: {
    summary: "Check a request; exit 1 when it has errors",
    usage: "muster validate [<operation>] <file|->... [--operation <op>] [--context <file> | --service <file> --namespace <file>] [--format text|json]",
    args: [1, Infinity],
    options: {
      operation: { type: "string", short: "o" },
      context: { type: "string", short: "c" },
      service: { type: "string" },
      namespace: { type: "string" },
      ...FORMAT_OPTION,
    },
    help: () => `Checks a request and prints every problem: its JSON Pointer, code, severity, message
and the AWS page that states the rule. Exits 0 when the request is valid (warnings and info
allowed), 1 when it has errors.

Several files are checked one by one against the same context, with a report each and a
total line; --format json then prints an array of { file, operation, valid, diagnostics }
({ file, error } for a file that could not be checked). The exit status is the worst: 2 when
a file could not be checked, else 1 when any has errors.

Options:
  -o, --operation <op>   ${wrapList(muster.operations(), 25)}.
                         Kebab-case works too (register-instance), and so does the
                         operation as the first argument (muster validate RegisterInstance
                         request.json). When left out, it is inferred from the request's
                         members if only one operation fits.
  -c, --context <file>   { "service": ..., "namespace": ... } to check against; each may be
                         the output of aws servicediscovery get-service / get-namespace.
      --service <file>   get-service output (or its Service), instead of --context.
      --namespace <file> get-namespace output (or its Namespace), instead of --context.
  -f, --format <fmt>     text (default) or json: the report { valid, diagnostics }.

Example:
  muster validate request.json --service service.json --namespace namespace.json
  muster validate requests/*.json --operation RegisterInstance --format json
  aws servicediscovery get-service --id srv-1 | muster validate - --operation Service`,
    run: validateCommand,
  },
  export: {
    summary: "Write a request as an AWS CLI command, boto3, JS SDK, CloudFormation, Terraform, ...",
    usage: "muster export [<operation>] <file|-> --format <fmt> [--operation <op>] [--region <r>] [--endpoint-url <url>] [--profile <p>] [--force]",
    args: [1, 1],
    options: {
      format: { type: "string", short: "f" },
      operation: { type: "string", short: "o" },
      region: { type: "string" },
      "endpoint-url": { type: "string" },
      profile: { type: "string" },
      force: { type: "boolean", default: false },
    },
    help: () => `Prints the request in another form. Notes (how to run it, what was left out) go to
standard error. A request with validation errors is not exported (exit 1) unless --force.

Options:
  -f, --format <fmt>       ${wrapList(muster.exportFormats(), 27)}
  -o, --operation <op>     As for muster validate; inferred when left out and unambiguous.
      --region <r>         Default us-east-1.
      --endpoint-url <url> A custom endpoint (cli, boto3, js-sdk-v3, curl).
      --profile <p>        A named profile (cli, powershell, boto3, js-sdk-v3).
      --force              Export even when the request has errors.

Example:
  muster export request.json --format cli --region eu-west-1 > register.sh`,
    run: exportCommand,
  },
  import: {
    summary: "Read a request from a CLI command, curl, HTTP, a skeleton or API output",
    usage: "muster import [<operation>] <file|-> [--format <fmt>] [--operation <op>] [--full]",
    args: [1, 1],
    options: {
      format: { type: "string", short: "f" },
      operation: { type: "string", short: "o" },
      full: { type: "boolean", default: false },
    },
    help: () => `Reads a request body, an aws CLI command line (bash), a curl command, an HTTP request, a
--cli-input-json skeleton, or get-instance / list-instances / get-service / ECS
describe-services / describe-container-instances output, and prints the request it understood
as JSON. Format and operation are detected unless given.

Options:
  -f, --format <fmt>     json, cli-input-json, cli, http, curl, get-instance, list-instances,
                         get-service, describe-services, describe-container-instances.
  -o, --operation <op>   The operation, when the input does not say.
      --full             Print { operation, request, format, notes } instead of the request.

Example:
  muster import register.sh | muster validate - --operation RegisterInstance`,
    run: importCommand,
  },
  dns: {
    summary: "Answer a DNS query as Route 53 would for registered instances",
    usage: "muster dns <instances-file|-> --service <file> --namespace <file> [--query <name>] [--type <t>] [--health <file>] [--seed <n>] [--format text|json]",
    args: [1, 1],
    options: {
      service: { type: "string" },
      namespace: { type: "string" },
      query: { type: "string", short: "q" },
      type: { type: "string", short: "t" },
      health: { type: "string" },
      seed: { type: "string" },
      ...FORMAT_OPTION,
    },
    help: () => `Simulates the DNS answer for a Cloud Map service and prints it as dig would.
The instances file is a JSON array of RegisterInstance requests (ServiceId may be left out,
HealthStatus may be added), one such request, or aws servicediscovery list-instances output.

Options:
      --service <file>    get-service output (or its Service); required.
      --namespace <file>  get-namespace output (or its Namespace); required.
  -q, --query <name>      The name asked for; default the service's name in the namespace.
  -t, --type <t>          A, AAAA, SRV, CNAME, SOA, NS, TXT or MX; default A.
      --health <file>     get-instances-health-status output, or { "<id>": "UNHEALTHY" }.
      --seed <n>          Picks among more than eight healthy records; same seed, same answer.
  -f, --format <fmt>      text (default, dig-like) or json: the whole answer.

Example:
  aws servicediscovery list-instances --service-id srv-1 > instances.json
  muster dns instances.json --service service.json --namespace namespace.json --type SRV`,
    run: dnsCommand,
  },
  rules: {
    summary: "List the diagnostic codes: code, severity, summary, AWS docs",
    usage: "muster rules [--format text|json]",
    args: [0, 0],
    options: { ...FORMAT_OPTION },
    help: () => `Lists every diagnostic code muster reports.

Options:
  -f, --format <fmt>   text (default): each code, its severity and summary, and the AWS page
                       that states the rule; or json: [{ code, severity, summary, docs }].`,
    run: rulesCommand,
  },
  plan: {
    summary: "Plan an ECS service: where its tasks land and what Cloud Map registers",
    usage: "muster plan <service-file|-> --cluster <file> --task-definition <file> [--namespace <file> --cloud-map-service <file>] [--seed <n>] [--explain <n>] [--format text|json]",
    args: [1, 1],
    options: {
      cluster: { type: "string" },
      "task-definition": { type: "string" },
      namespace: { type: "string" },
      "cloud-map-service": { type: "string" },
      seed: { type: "string" },
      explain: { type: "string" },
      ...FORMAT_OPTION,
    },
    help: () => `Plans an ECS service from its CreateService request (JSON): validates it, places
desiredCount tasks on the cluster's container instances as ECS would (or picks the tasks a
scale-in stops), and lists the Cloud Map RegisterInstance requests ECS would make for them and
the DNS answer. Exit 0 when every task is placed, 1 when the request is invalid or a task
cannot be placed, 2 on a usage error.

Options:
      --cluster <file>            describe-container-instances output (optionally with a
                                  "tasks" member: describe-tasks output); required.
      --task-definition <file>    describe-task-definition output; required.
      --namespace <file>          get-namespace output, for the registrations and DNS.
      --cloud-map-service <file>  get-service output of the service registryArn names.
      --seed <n>                  Ties and random placement; same seed, same plan.
      --explain <n>               Explain this many tasks instance by instance (JSON output).
  -f, --format <fmt>              text (default) or json: the whole plan.

Example:
  aws ecs describe-container-instances --cluster prod --container-instances ... > cluster.json
  aws ecs describe-task-definition --task-definition web > td.json
  muster plan service.json --cluster cluster.json --task-definition td.json`,
    run: planCommand,
  },
};

function mainHelp() {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  const list = Object.entries(COMMANDS)
    .map(([name, cmd]) => `  ${padEnd(name, width)}  ${cmd.summary}`)
    .join("\n");
  return `muster ${muster.version()}: check AWS Cloud Map and ECS requests before you send them.
Everything runs locally; nothing is sent to AWS.

Usage: muster <command> [options]

Commands:
${list}

Options:
  -h, --help     Show this help; muster <command> --help shows a command's.
  -v, --version  Print the version.

A file argument of - reads standard input.
Exit status: 0 done (valid), 1 the request has errors, 2 the command could not run.
`;
}

function commandHelp(name) {
  const cmd = COMMANDS[name];
  return `Usage: ${cmd.usage}\n\n${cmd.help()}\n`;
}

/** Rewords node:util parseArgs errors as one short line. */
function argumentError(err, name) {
  // "Option '-o, --operation <value>' argument missing" -> --operation; "Unknown option '--x'" -> --x
  const option = /'(?:-\w, )?(--?[\w-]+)/.exec(err.message)?.[1];
  const messages = {
    ERR_PARSE_ARGS_UNKNOWN_OPTION: `unknown option ${option}`,
    ERR_PARSE_ARGS_INVALID_OPTION_VALUE: `option ${option} needs a value`,
    ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL: "too many arguments",
  };
  const text = messages[err.code] ?? err.message;
  return new UsageError(`${name}: ${text} (see muster ${name} --help)`);
}

async function dispatch(argv, io) {
  const [name, ...rest] = argv;
  if (name === undefined || name === "-h" || name === "--help" || name === "help") {
    const topic = name === "help" ? rest[0] : undefined;
    if (topic !== undefined && !Object.hasOwn(COMMANDS, topic)) throw new UsageError(`unknown command "${topic}"`);
    io.out(topic ? commandHelp(topic) : mainHelp());
    return 0;
  }
  if (name === "-v" || name === "--version") {
    io.out(`muster ${muster.version()}\n`);
    return 0;
  }
  if (name.startsWith("-")) throw new UsageError(`unknown option ${name} (see muster --help)`);
  if (!Object.hasOwn(COMMANDS, name)) {
    throw new UsageError(`unknown command "${name}"; commands: ${Object.keys(COMMANDS).join(", ")}`);
  }
  const cmd = COMMANDS[name];
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      options: { ...cmd.options, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw argumentError(err, name);
  }
  if (parsed.values.help) {
    io.out(commandHelp(name));
    return 0;
  }
  if (cmd.options.operation) await takeLeadingOperation(name, parsed);
  const [min, max] = cmd.args;
  if (parsed.positionals.length < min) throw new UsageError(`${name}: missing argument; usage: ${cmd.usage}`);
  if (parsed.positionals.length > max) throw new UsageError(`${name}: too many arguments; usage: ${cmd.usage}`);
  return cmd.run(parsed, io);
}

/**
 * `muster validate RegisterInstance request.json` reads like the API's validate(operation,
 * request), so a first argument that names an operation and is not a file is taken as
 * --operation. Alone it is a usage error that says what is missing, rather than "no such file".
 */
async function takeLeadingOperation(name, parsed) {
  const [first] = parsed.positionals;
  if (parsed.values.operation !== undefined || first === undefined || first === "-") return;
  if (findOperation(first) === undefined) return;
  if (await stat(first).then(() => true, () => false)) return;
  if (parsed.positionals.length === 1) {
    throw new UsageError(`${name}: ${first} is an operation; give the request too: muster ${name} ${first} <file|->`);
  }
  parsed.values.operation = first;
  parsed.positionals.shift();
}

/**
 * Runs the CLI with `argv` (without `node` and the script) and resolves to the exit status. Usage
 * problems are written to `stderr` as one line; so is anything else thrown, which is a bug.
 */
export async function main(argv, { stdin, stdout, stderr, env }) {
  const io = {
    stdin,
    out: (text) => stdout.write(text),
    // Messages on standard error quote arguments and requests: shown safely, like the reports.
    err: (text) => stderr.write(text.replace(HIDDEN_ONLY, showCodePoint)),
    colour: palette(colourWanted(stdout, env)),
  };
  try {
    return await dispatch(argv, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`muster: ${err.message}\n`);
    } else {
      io.err(`muster: internal error, please report it with the input: ${err?.message ?? err}\n`);
    }
    return 2;
  }
}

// Run when executed (directly or through npm's bin link), not when imported.
const self = fileURLToPath(import.meta.url);
const invoked = process.argv[1] ? await realpath(process.argv[1]).catch(() => process.argv[1]) : "";
if (invoked === self) {
  // A closed pipe (muster rules | head -1) is not an error.
  process.stdout.on("error", (err) => {
    if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw err;
  });
  process.exitCode = await main(process.argv.slice(2), process);
}
