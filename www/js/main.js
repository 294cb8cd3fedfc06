// Descent Lab start-up: pick the page from the URL, wait for the wasm module, mount the widget.
// Wiring only: no maths and no drawing happen in JavaScript.
import { mountWidget } from './widget.js';

const LABS = ['optimizer', 'shrinkage', 'mlp'];

/** Resolves with the wasm-bindgen exports once Trunk's loader has initialised the module. */
function wasmReady() {
  return new Promise((resolve) => {
    if (window.wasmBindings) {
      resolve(window.wasmBindings);
      return;
    }
    window.addEventListener('TrunkApplicationStarted', () => resolve(window.wasmBindings), { once: true });
  });
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
    show('landing');
    await wasmReady();
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
});
