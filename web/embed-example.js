// The example host page: shows what the embedded builder reports. Text only (textContent), so
// nothing the user types in the builder becomes markup here.

const MAX_ENTRIES = 20;
const builder = document.getElementById('builder');
const summary = document.querySelector('[data-testid="summary"]');
const log = document.querySelector('[data-testid="message-log"]');

const count = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

function describe(message) {
  const findings = message.diagnostics.length === 0 ? 'no findings' : count(message.diagnostics.length, 'finding');
  if (message.valid) return `${message.operation}: valid, ${findings}`;
  const errors = message.diagnostics.filter((d) => d.severity === 'error').length;
  return `${message.operation}: ${count(errors, 'error')}, ${findings}`;
}

function append(message) {
  const entry = document.createElement('li');
  entry.dataset.testid = 'message';
  entry.dataset.type = message.type;
  const head = document.createElement('p');
  head.textContent = message.type === 'muster:update' ? describe(message) : message.message;
  const codes = document.createElement('p');
  codes.className = 'codes';
  codes.textContent = (message.diagnostics ?? []).map((d) => `${d.code} ${d.path || '/'}`).join(', ') || 'no findings';
  const details = document.createElement('details');
  const label = document.createElement('summary');
  label.textContent = 'Message';
  const body = document.createElement('pre');
  body.tabIndex = 0;
  body.textContent = JSON.stringify(message, null, 2);
  details.append(label, body);
  entry.append(head, codes, details);
  log.prepend(entry);
  while (log.children.length > MAX_ENTRIES) log.lastElementChild.remove();
}

builder.addEventListener('muster:update', (event) => {
  summary.textContent = `Last update: ${describe(event.detail)}`;
  summary.dataset.valid = String(event.detail.valid);
  append(event.detail);
});

builder.addEventListener('muster:error', (event) => {
  summary.textContent = `The builder could not start: ${event.detail.message}`;
  append(event.detail);
});

// The host can replace the request in the running builder (a "muster:set" message).
document.getElementById('load-fixed').addEventListener('click', () => {
  builder.setRequest({
    ServiceId: 'srv-p5zdwlg5uvvzjita',
    InstanceId: 'web-1',
    Attributes: { AWS_INSTANCE_IPV4: '10.0.0.7', AWS_INSTANCE_PORT: '8080' },
  });
});
