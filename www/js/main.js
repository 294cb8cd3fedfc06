// Descent Lab start-up: pick the page from the URL, wait for the wasm module, mount the widget.
// Wiring only: no maths and no drawing happen in JavaScript.
import { mountWidget } from './widget.js';
import { CATALOGUE } from './catalogue.js';

const LABS = CATALOGUE.map((l) => l.id);

/** The navigation and the landing page's cards (with each lab's presets as links), from the catalogue. */
function buildFromCatalogue() {
  const nav = document.querySelector('.site-header nav');
  const cards = document.querySelector('#landing .cards');
  const make = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  };
  for (const l of CATALOGUE) {
    const a = make('a', null, l.title);
    // Relative links (the page may be hosted under any path).
    a.setAttribute('href', `?lab=${encodeURIComponent(l.id)}`);
    a.dataset.nav = l.id;
    nav.append(a);
    const item = make('div', 'card-item');
    const card = make('a', 'card');
    card.setAttribute('href', a.getAttribute('href'));
    card.append(make('h2', null, l.title), make('p', null, l.card), make('span', 'go', `Open the ${l.title} →`));
    item.append(card);
    if (l.presets.length) {
      const more = make('details', 'card-presets');
      more.append(make('summary', null, `${l.presets.length} lecture presets`));
      const list = make('ul');
      for (const p of l.presets) {
        const li = make('li');
        const link = make('a', null, p.title);
        link.setAttribute('href', `?lab=${encodeURIComponent(l.id)}&preset=${encodeURIComponent(p.id)}`);
        link.title = p.lesson;
        li.append(link);
        list.append(li);
      }
      more.append(list);
      item.append(more);
    }
    cards.append(item);
  }
}

/**
 * Loads lab `lab`'s wasm module (once) and resolves with its wasm-bindgen exports. Each lab has a
 * module of its own (scripts/lab-modules.mjs); the built page names their hashed files in
 * <meta name="descent-wasm" data-LAB-js data-LAB-wasm> (scripts/postbuild.mjs). A module is
 * fetched only when its lab opens, never for the landing page.
 */
let wasmPromise = null;
let modulePromise = null;
function wasmUrls(lab) {
  const meta = document.querySelector('meta[name="descent-wasm"]');
  const js = meta && meta.dataset[`${lab}Js`];
  const wasm = meta && meta.dataset[`${lab}Wasm`];
  if (!js || !wasm) throw new Error(`this page was built without the wasm module of the ${lab} lab (scripts/postbuild.mjs)`);
  return { js: new URL(js, document.baseURI).href, wasm: new URL(wasm, document.baseURI).href };
}
/** The compiled module (compiled while it downloads; a server without the wasm type falls back). */
function compiledModule(lab) {
  if (!modulePromise) {
    const { wasm } = wasmUrls(lab);
    modulePromise = WebAssembly.compileStreaming(fetch(wasm))
      .catch(() => fetch(wasm).then((r) => r.arrayBuffer()).then((b) => WebAssembly.compile(b)));
  }
  return modulePromise;
}
function wasmReady(lab) {
  if (window.wasmBindings) return Promise.resolve(window.wasmBindings);
  if (!wasmPromise) {
    let js;
    try {
      js = wasmUrls(lab).js;
    } catch (e) {
      return Promise.reject(e);
    }
    wasmPromise = Promise.all([import(js), compiledModule(lab)]).then(async ([bindings, module]) => {
      await bindings.default({ module_or_path: module });
      window.wasmBindings = bindings;
      return bindings;
    });
  }
  return wasmPromise;
}

// The longest the page waits for the warm-up worker before opening the lab anyway.
const WARM_WAIT_MS = 2500;
/**
 * Runs the lab once in a worker (www/js/warm.js) and resolves when it has drawn every view: the
 * wasm functions the opening calls are then compiled, and the page's own opening runs without
 * compiling them in its tasks. Resolves anyway after WARM_WAIT_MS, or at once where a browser
 * has no module workers or OffscreenCanvas; the lab works the same, only its opening is slower.
 */
async function warmUp(lab, query) {
  if (typeof Worker !== 'function' || typeof OffscreenCanvas !== 'function') return;
  let module;
  try {
    module = await compiledModule(lab);
  } catch (_) {
    return;
  }
  await new Promise((resolve) => {
    let worker;
    const finish = () => {
      clearTimeout(timer);
      if (worker) worker.terminate();
      resolve();
    };
    const timer = setTimeout(finish, WARM_WAIT_MS);
    try {
      worker = new Worker(new URL('./warm.js', import.meta.url), { type: 'module' });
    } catch (_) {
      finish();
      return;
    }
    worker.onmessage = finish;
    worker.onerror = finish;
    worker.postMessage({ js: wasmUrls(lab).js, module, lab, query });
  });
}

/** Draws a line of text in the charts' font, sizes and symbols on a small canvas off the page. */
function warmCanvasText() {
  const c = document.createElement('canvas');
  c.width = 64;
  c.height = 32;
  const ctx = c.getContext('2d');
  if (!ctx) return;
  for (const px of [12, 14, 24, 28]) {
    ctx.font = `${px}px sans-serif`;
    ctx.measureText('loss f(x) − f* 0.5 α β₁ λ κ ‖∇f‖ θ₀ ▼');
    ctx.fillText('loss f(x) − f* 0.5 α β₁ λ κ ‖∇f‖ θ₀ ▼', 0, 20);
  }
}

function show(id) {
  for (const page of document.querySelectorAll('.page')) page.hidden = page.id !== id;
}

async function start() {
  buildFromCatalogue();
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
  show('lab');
  const entry = CATALOGUE.find((l) => l.id === lab);
  const section = document.getElementById('lab');
  section.dataset.lab = lab;
  section.querySelector('.lab-intro h1').textContent = entry.title;
  section.querySelector('.lab-intro p').textContent = entry.intro;
  document.title = `${entry.title} — Descent Lab`;
  // The page's first text on a canvas sets up the browser's canvas text (1–85 ms here): done now,
  // in a task of its own while the module compiles and the warm-up runs, not in the opening's.
  setTimeout(warmCanvasText, 0);
  for (const a of document.querySelectorAll('[data-nav]')) {
    if (a.dataset.nav === lab) a.setAttribute('aria-current', 'page');
  }
  const host = section.querySelector('.widget-host');
  const [wasm] = await Promise.all([wasmReady(lab), warmUp(lab, params.toString())]);
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
  const widget = await mountWidget(wasm, host, lab, params);
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
