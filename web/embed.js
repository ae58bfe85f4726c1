// <muster-builder>: embeds the muster request builder in any page.
//
//   <script type="module" src="https://MUSTER-HOST/embed.js"></script>
//   <muster-builder operation="RegisterInstance" request='{"ServiceId": "srv-..."}'></muster-builder>
//
// Attributes: operation (RegisterInstance or RegisterContainerInstance), request (JSON text),
// context (RegisterInstance: {"service": ..., "namespace": ...} JSON, or "none"), theme (light or
// dark; default: the system's), src-base (where the app is served; default: next to this script).
//
// The element creates an iframe of the app in embed mode and re-dispatches the app's messages as
// DOM events of the same name: "muster:update" after every change, with the message as `detail`
// ({type, version, operation, request, text, valid, diagnostics}), and "muster:error" when the
// operation is unknown (or a setRequest the builder cannot use). `element.lastUpdate` holds the
// latest update. Only messages from the element's own iframe and from the app's origin are
// passed on. The iframe follows the height of the builder ("muster:resize").
// `element.setRequest(request, context)` puts a new request in the running builder (a
// "muster:set" message), without reloading it.

const ATTRIBUTES = ['operation', 'request', 'context', 'theme', 'src-base'];

/** The app's URL for the element's attributes; the app posts its messages to `parentOrigin`. */
export function builderUrl(element, base = new URL('./', import.meta.url)) {
  const url = new URL(element.getAttribute('src-base') || base, document.baseURI);
  url.hash = '';
  const params = new URLSearchParams({ embed: '1' });
  params.set('operation', element.getAttribute('operation') || 'RegisterInstance');
  for (const name of ['request', 'context', 'theme']) {
    const value = element.getAttribute(name);
    if (value !== null && value !== '') params.set(name, value);
  }
  params.set('parentOrigin', window.location.origin);
  url.search = params.toString();
  return url;
}

export class MusterBuilder extends HTMLElement {
  static observedAttributes = ATTRIBUTES;

  #iframe = null;
  #origin = null;
  // The builder hears "muster:set" once it has started; its first update says it has.
  #ready = false;
  #pending = [];
  #onMessage = (event) => this.#receive(event);

  /** The latest "muster:update" message, or null before the first. */
  lastUpdate = null;

  connectedCallback() {
    window.addEventListener('message', this.#onMessage);
    this.#render();
  }

  disconnectedCallback() {
    window.removeEventListener('message', this.#onMessage);
  }

  attributeChangedCallback(_name, oldValue, newValue) {
    // A new request or operation starts the builder afresh.
    if (this.#iframe && oldValue !== newValue) this.#render();
  }

  /**
   * Puts a new request (an object, or JSON text) and, for RegisterInstance, a new context
   * ({service, namespace}, or "none") in the builder; either may be left undefined. A
   * "muster:update" follows, or a "muster:error" saying why the builder could not use them.
   */
  setRequest(request, context) {
    const message = { type: 'muster:set', version: 1 };
    if (request !== undefined) message.request = request;
    if (context !== undefined) message.context = context;
    if (this.#ready) this.#post(message);
    else this.#pending.push(message);
  }

  #post(message) {
    this.#iframe?.contentWindow?.postMessage(message, this.#origin);
  }

  /** The iframe the builder runs in. */
  get frame() {
    return this.#iframe;
  }

  #render() {
    const url = builderUrl(this);
    this.#origin = url.origin;
    if (!this.#iframe) {
      this.#iframe = document.createElement('iframe');
      // Properties, not a style attribute: pages whose CSP forbids inline styles allow these.
      Object.assign(this.#iframe.style, { display: 'block', width: '100%', border: '0', height: '640px' });
      this.#iframe.setAttribute('data-testid', 'muster-builder-frame');
      this.appendChild(this.#iframe);
    }
    const operation = url.searchParams.get('operation');
    this.#iframe.title = `muster ${operation} builder`;
    this.#ready = false;
    this.#iframe.src = url.href;
  }

  #receive(event) {
    if (!this.#iframe || event.source !== this.#iframe.contentWindow || event.origin !== this.#origin) return;
    const data = event.data;
    if (!data || typeof data !== 'object' || typeof data.type !== 'string' || !data.type.startsWith('muster:')) return;
    if (data.type === 'muster:resize' && Number.isFinite(data.height)) {
      this.#iframe.style.height = `${Math.ceil(data.height)}px`;
    }
    if (data.type === 'muster:update') {
      this.lastUpdate = data;
      if (!this.#ready) {
        this.#ready = true;
        for (const message of this.#pending.splice(0)) this.#post(message);
      }
    }
    this.dispatchEvent(new CustomEvent(data.type, { detail: data, bubbles: true, composed: true }));
  }
}

if (!customElements.get('muster-builder')) customElements.define('muster-builder', MusterBuilder);
