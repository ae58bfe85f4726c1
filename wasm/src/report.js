// Builds validate()'s report from the fields Report::to_fields writes: "1" or "0" for valid, then
// five fields per diagnostic (code, severity, path, message, docs), each after a U+001F.
export function reportFromFields(text) {
  const fields = text.split("\u001f");
  const diagnostics = [];
  for (let i = 1; i + 4 < fields.length; i += 5) {
    diagnostics.push({ code: fields[i], severity: fields[i + 1], path: fields[i + 2], message: fields[i + 3], docs: fields[i + 4] });
  }
  return { valid: fields[0] === "1", diagnostics };
}
