// Builds validate()'s report from the fields Report::to_fields writes: "1" or "0" for valid, then
// three fields per diagnostic (the rule's index in the rule table, path, message), each after a
// U+001F. Code, severity and docs come from the rule table, sent once by setRuleTable as three
// fields per rule, so their strings are shared by every report instead of decoded for each.
let rules = [];

export function setRuleTable(text) {
  const fields = text.split("\u001f");
  rules = [];
  for (let i = 1; i + 2 < fields.length; i += 3) {
    rules.push({ code: fields[i], severity: fields[i + 1], docs: fields[i + 2] });
  }
}

export function reportFromFields(text) {
  const fields = text.split("\u001f");
  const diagnostics = [];
  for (let i = 1; i + 2 < fields.length; i += 3) {
    const rule = rules[+fields[i]];
    diagnostics.push({ code: rule.code, severity: rule.severity, path: fields[i + 1], message: fields[i + 2], docs: rule.docs });
  }
  return { valid: fields[0] === "1", diagnostics };
}
