// Descent Lab start-up: pick the page from the URL, wait for the wasm module, mount the widget.
// Wiring only: no maths and no drawing happen in JavaScript.
import { mountWidget } from './widget.js';

const LABS = ['optimizer', 'shrinkage', 'mlp'];

/**
 * Loads the wasm module (once) and resolves with the wasm-bindgen exports. The built page names
 * the two hashed files in <meta name="descent-wasm"> (scripts/postbuild.mjs); the module is
 * fetched only when a lab opens, never for the landing page.
 */
let wasmPromise = null;
function wasmReady() {
  if (window.wasmBindings) return Promise.resolve(window.wasmBindings);
  if (!wasmPromise) {
    const meta = document.querySelector('meta[name="descent-wasm"]');
    if (!meta) return Promise.reject(new Error('this page was built without its wasm loader (scripts/postbuild.mjs)'));
    const js = new URL(meta.dataset.js, document.baseURI).href;
    const wasm = new URL(meta.dataset.wasm, document.baseURI).href;
    wasmPromise = import(js).then(async (bindings) => {
      await bindings.default({ module_or_path: wasm });
      window.wasmBindings = bindings;
      return bindings;
    });
  }
  return wasmPromise;
}

function show(id) {
  for (const page of document.querySelectorAll('.page')) page.hidden = page.id !== id;
}

async function start() {
  const params = new URLSearchParams(window.location.search);
  const lab = params.get('lab');
  const embed = params.get('embed') === '1' || params.get('embed') === 'true';
  if (embed) document.body.classList.add('embed');

  if (!lab) {
    // Static text and links only: the wasm module is not loaded here.
    show('landing');
    document.body.dataset.ready = '1';
    return;
  }
  if (!LABS.includes(lab)) {
    show('not-found');
    return;
  }
  show(`lab-${lab}`);
  for (const a of document.querySelectorAll('[data-nav]')) {
    if (a.dataset.nav === lab) a.setAttribute('aria-current', 'page');
  }
  const section = document.getElementById(`lab-${lab}`);
  const host = section.querySelector('.widget-host');
  const wasm = await wasmReady();
  if (!wasm.availableLabs().includes(lab)) {
    const panel = document.createElement('div');
    panel.className = 'panel soon';
    const h = document.createElement('h2');
    h.textContent = 'Coming soon';
    const p = document.createElement('p');
    p.textContent = 'This lab is being built. The other labs are ready: use the links at the top of the page.';
    panel.append(h, p);
    host.append(panel);
    document.body.dataset.ready = '1';
    return;
  }
  const widget = mountWidget(wasm, host, lab, params);
  window.descentLab = { wasm, widget };
  document.body.dataset.ready = '1';
}

start().catch((e) => {
  console.error(e);
  // Say so on the page (e.g. the wasm module failed to load), instead of an empty lab.
  const host = document.querySelector('.page:not([hidden]) .widget-host');
  if (host) {
    const panel = document.createElement('div');
    panel.className = 'panel warn';
    panel.textContent = `The lab could not start: ${e && e.message ? e.message : e}. Reloading the page may help.`;
    host.append(panel);
  }
});
