// The generic widget shell: builds views and controls from what the Rust widget describes,
// forwards input to it, keeps the address bar in sync, runs the animation loop, and shows
// errors inside the widget. Wiring only: all maths, validation and drawing happen in Rust.

const SHELL_KEYS = ['lab', 'embed', 'hide', 'views'];
// Each animation frame runs the widget's work for at most TICK_BUDGET_MS, less when drawing took
// long (so work + drawing stay near FRAME_TARGET_MS and no task comes near 50 ms on a slow or
// busy machine), but never less than TICK_MIN_MS so training always advances.
const TICK_BUDGET_MS = 10;
const FRAME_TARGET_MS = 24;
const TICK_MIN_MS = 2;
// Views are drawn one after another until this much of the frame is spent; the others wait for the
// next frame (the first frames of a page run cold code, and six views at once took over 50 ms).
const RENDER_BUDGET_MS = 14;

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function listParam(params, key) {
  const v = params.get(key);
  return v ? v.split(',').map((s) => s.trim()).filter(Boolean) : [];
}

/** Mounts widget `labName` into `host`. Returns a small handle used by tests. */
export function mountWidget(wasm, host, labName, params) {
  const embed = document.body.classList.contains('embed');
  const hidden = new Set(listParam(params, 'hide'));
  const onlyViews = new Set(listParam(params, 'views'));
  const shell = new URLSearchParams();
  for (const k of SHELL_KEYS) if (params.has(k)) shell.set(k, params.get(k));
  const stateQuery = [...params].filter(([k]) => !SHELL_KEYS.includes(k))
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');

  const root = el('div', 'widget');
  root.dataset.lab = labName;
  const noticeBox = el('div', 'notices');
  noticeBox.setAttribute('role', 'status');
  const statusLine = el('div', 'status');
  statusLine.setAttribute('aria-live', 'polite');
  const viewsBox = el('div', 'views');
  const controlsBox = el('form', 'controls');
  controlsBox.setAttribute('aria-label', 'Controls');
  controlsBox.addEventListener('submit', (e) => e.preventDefault());
  const body = el('div', 'widget-body');
  body.append(viewsBox, controlsBox);
  root.append(noticeBox, statusLine, body);
  host.append(root);

  let lab;
  let crashed = false;
  let needsRender = true;
  let lastRenderMs = 0; // how long the last frame's drawing took (sets the next tick budget)
  let dueViews = []; // views to draw, in order (a frame draws as many as RENDER_BUDGET_MS allows)
  let loopRunning = false;
  let controlSig = '';
  const controlEls = new Map();

  // ---- error boundary -------------------------------------------------------------------
  function crash(err) {
    if (crashed) return;
    crashed = true;
    const why = (wasm.lastPanic && wasm.lastPanic()) || (err && err.message) || String(err);
    console.error('Descent Lab widget stopped:', why);
    const panel = el('div', 'panel crash');
    panel.setAttribute('role', 'alert');
    panel.append(el('h2', null, 'This widget stopped working'));
    panel.append(el('p', null, 'Something went wrong inside the lab. Your settings are still in the address bar: reloading restores them.'));
    panel.append(el('pre', 'crash-detail', why));
    const btn = el('button', 'reload', 'Reload the widget');
    btn.type = 'button';
    btn.addEventListener('click', () => window.location.reload());
    panel.append(btn);
    root.replaceChildren(panel);
  }

  /** Runs `fn`; a JsError (bad input) is returned as a message, a wasm trap crashes the widget. */
  function guard(fn) {
    if (crashed) return { error: 'the widget has stopped' };
    try {
      return { value: fn() };
    } catch (e) {
      if (e instanceof WebAssembly.RuntimeError || (wasm.lastPanic && wasm.lastPanic())) {
        crash(e);
        return { error: 'the widget has stopped' };
      }
      return { error: e && e.message ? e.message : String(e) };
    }
  }

  function notice(msg, kind = 'info') {
    const n = el('div', `notice ${kind}`);
    n.append(el('span', null, msg));
    const x = el('button', 'dismiss', '×');
    x.type = 'button';
    x.setAttribute('aria-label', 'Dismiss this message');
    x.addEventListener('click', () => n.remove());
    n.append(x);
    noticeBox.append(n);
  }

  const opened = guard(() => wasm.Lab.open(labName, stateQuery));
  if (opened.error) {
    notice(`Could not open this lab: ${opened.error}`, 'error');
    return {};
  }
  lab = opened.value;

  // ---- views ------------------------------------------------------------------------------
  const views = guard(() => lab.views()).value || [];
  const canvases = new Map();
  for (const v of views) {
    if (onlyViews.size && !onlyViews.has(v.id)) continue;
    const fig = el('figure', v.wide ? 'view wide' : 'view');
    fig.dataset.view = v.id;
    const cap = el('figcaption');
    cap.append(el('strong', null, v.title));
    if (v.caption && !embed) cap.append(el('span', 'caption', ` ${v.caption}`));
    const canvas = el('canvas');
    canvas.dataset.view = v.id;
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', `${v.title}. ${v.caption}`);
    fig.append(cap, canvas);
    viewsBox.append(fig);
    const r = guard(() => lab.attach(v.id, canvas));
    if (r.error) notice(r.error, 'error');
    canvases.set(v.id, { canvas, aspect: v.aspect });
    wirePointer(v.id, canvas);
  }
  if (onlyViews.size === 1) viewsBox.classList.add('single');

  function sizeAll() {
    const dpr = window.devicePixelRatio || 1;
    for (const [id, { canvas, aspect }] of canvases) {
      const w = canvas.clientWidth || canvas.parentElement.clientWidth || 300;
      let h = Math.round(w * aspect);
      // A single embedded view fills the frame below its caption. (Measured from the canvas' top,
      // which does not depend on its own height: the parent's height did, and fed back every resize.)
      if (embed && onlyViews.size === 1) h = Math.max(120, Math.floor(window.innerHeight - canvas.getBoundingClientRect().top - 16));
      canvas.style.height = `${h}px`;
      guard(() => lab.resize(id, w, h, dpr));
    }
    needsRender = true;
    kick();
  }
  const ro = new ResizeObserver(() => sizeAll());
  for (const { canvas } of canvases.values()) ro.observe(canvas);
  window.addEventListener('resize', sizeAll);

  function wirePointer(id, canvas) {
    const send = (kind, e, delta = 0) => {
      const r = canvas.getBoundingClientRect();
      const res = guard(() => lab.pointer(id, kind, e.clientX - r.left, e.clientY - r.top, delta, !!e.shiftKey));
      if (res.error) {
        if (!crashed) notice(res.error, 'warn');
        return;
      }
      changed();
    };
    canvas.addEventListener('pointerdown', (e) => {
      canvas.setPointerCapture(e.pointerId);
      send('down', e);
    });
    canvas.addEventListener('pointermove', (e) => send('move', e));
    canvas.addEventListener('pointerup', (e) => send('up', e));
    canvas.addEventListener('pointerleave', (e) => send('leave', e));
    canvas.addEventListener('dblclick', (e) => send('double', e));
    canvas.addEventListener('wheel', (e) => {
      e.preventDefault();
      send('wheel', e, Math.sign(e.deltaY));
    }, { passive: false });
  }

  // ---- controls ---------------------------------------------------------------------------
  function signature(list) {
    return list.map((c) => `${c.key}|${c.type}|${c.label}|${c.group}|${(c.options || []).map((o) => o[0]).join('/')}`).join('\n');
  }

  function isHidden(c) {
    return hidden.has(c.key) || hidden.has(c.group) || hidden.has(c.key.split('.')[0]);
  }

  function setError(key, msg) {
    const entry = controlEls.get(key);
    if (!entry) {
      if (msg) notice(msg, 'warn');
      return;
    }
    entry.error.textContent = msg || '';
    entry.wrap.classList.toggle('invalid', !!msg);
  }

  function apply(key, value) {
    const r = guard(() => lab.set(key, String(value)));
    setError(key, r.error);
    if (!r.error) changed();
  }

  function act(key) {
    const r = guard(() => lab.action(key));
    setError(key, r.error);
    if (!r.error) changed();
  }

  function buildControl(c) {
    const wrap = el('div', `control ${c.type}`);
    wrap.dataset.key = c.key;
    if (c.help) wrap.title = c.help;
    const id = `c-${labName}-${c.key.replace(/[^a-zA-Z0-9_-]/g, '_')}`;
    const error = el('div', 'error');
    error.setAttribute('aria-live', 'polite');
    let input;
    let number;
    const label = el('label', null, c.label);
    label.htmlFor = id;
    if (c.type === 'slider') {
      input = el('input');
      input.type = 'range';
      input.id = id;
      const toSlider = (v) => (c.log ? Math.log10(v) : v);
      input.min = String(toSlider(c.min));
      input.max = String(toSlider(c.max));
      input.step = c.log ? 'any' : String(c.step || 'any');
      number = el('input', 'num');
      number.type = 'text';
      number.inputMode = 'decimal';
      number.setAttribute('aria-label', `${c.label} (value)`);
      input.addEventListener('input', () => {
        const v = c.log ? 10 ** Number(input.value) : Number(input.value);
        const shown = Number(v.toPrecision(4));
        number.value = String(shown);
        apply(c.key, shown);
      });
      number.addEventListener('change', () => apply(c.key, number.value.trim()));
      wrap.append(label, input, number, error);
      wrap._set = (val) => {
        const n = Number(val);
        if (Number.isFinite(n) && (!c.log || n > 0)) input.value = String(toSlider(n));
        number.value = val;
      };
    } else if (c.type === 'number') {
      input = el('input', 'num');
      input.type = 'text';
      input.inputMode = c.integer ? 'numeric' : 'decimal';
      input.id = id;
      input.addEventListener('change', () => apply(c.key, input.value.trim()));
      wrap.append(label, input, error);
      wrap._set = (val) => { input.value = val; };
    } else if (c.type === 'select') {
      input = el('select');
      input.id = id;
      for (const [v, text] of c.options) {
        const o = el('option', null, text);
        o.value = v;
        input.append(o);
      }
      input.addEventListener('change', () => apply(c.key, input.value));
      wrap.append(label, input, error);
      wrap._set = (val) => { input.value = val; };
    } else if (c.type === 'checkbox') {
      input = el('input');
      input.type = 'checkbox';
      input.id = id;
      input.addEventListener('change', () => apply(c.key, input.checked ? 'true' : 'false'));
      wrap.append(input, label, error);
      wrap._set = (val) => { input.checked = val === 'true'; };
    } else if (c.type === 'button') {
      input = el('button', 'btn', c.label);
      input.type = 'button';
      input.id = id;
      input.addEventListener('click', () => act(c.key));
      wrap.append(input, error);
      wrap._set = () => {};
    } else if (c.type === 'file') {
      input = el('input');
      input.type = 'file';
      input.id = id;
      input.accept = c.accept || '';
      input.addEventListener('change', async () => {
        const f = input.files && input.files[0];
        if (!f) return;
        if (f.size > 2_000_000) {
          setError(c.key, 'That file is larger than 2 MB; please use a smaller CSV.');
          return;
        }
        apply(c.key, await f.text());
        input.value = '';
      });
      wrap.append(label, input, error);
      wrap._set = () => {};
    } else {
      const out = el('output');
      out.id = id;
      wrap.append(label, out, error);
      wrap._set = (val) => { out.textContent = val; };
    }
    wrap._set(c.value);
    return { wrap, error, input, number };
  }

  function refreshControls() {
    const r = guard(() => lab.controls());
    if (r.error) return;
    const list = r.value;
    const sig = signature(list);
    if (sig !== controlSig) {
      controlSig = sig;
      controlEls.clear();
      const groups = new Map();
      controlsBox.replaceChildren();
      for (const c of list) {
        let g = groups.get(c.group);
        if (!g) {
          g = el('fieldset', 'group');
          const legend = el('legend');
          if (c.swatch) {
            const sw = el('span', 'swatch');
            sw.style.background = c.swatch;
            legend.append(sw);
          }
          legend.append(document.createTextNode(c.group));
          g.append(legend);
          g.dataset.group = c.group;
          groups.set(c.group, g);
          controlsBox.append(g);
        }
        const built = buildControl(c);
        if (isHidden(c)) built.wrap.hidden = true;
        controlEls.set(c.key, built);
        g.append(built.wrap);
      }
      for (const g of groups.values()) {
        if ([...g.querySelectorAll('.control')].every((w) => w.hidden) || hidden.has(g.dataset.group)) g.hidden = true;
      }
    } else {
      for (const c of list) {
        const e = controlEls.get(c.key);
        if (!e) continue;
        const active = document.activeElement;
        if (active === e.input || active === e.number) {
          if (e.number && active === e.input) e.number.value = c.value;
          continue;
        }
        e.wrap._set(c.value);
      }
    }
  }

  // ---- state, URL and animation --------------------------------------------------------------
  function syncUrl() {
    const q = guard(() => lab.query());
    if (q.error) return;
    const parts = [];
    for (const [k, v] of shell) parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
    if (q.value) parts.push(q.value);
    const url = `${window.location.pathname}?${parts.join('&')}${window.location.hash}`;
    try {
      window.history.replaceState(null, '', url);
    } catch (_) { /* some hosts forbid it; the state still works */ }
  }

  function takeNotices() {
    const r = guard(() => lab.takeNotices());
    for (const m of r.value || []) notice(m, 'warn');
  }

  function changed() {
    needsRender = true;
    refreshControls();
    takeNotices();
    syncUrl();
    kick();
  }

  function frame() {
    loopRunning = false;
    if (crashed) return;
    const busy = guard(() => lab.busy()).value;
    if (busy) {
      const budget = Math.max(TICK_MIN_MS, Math.min(TICK_BUDGET_MS, FRAME_TARGET_MS - lastRenderMs));
      const t = guard(() => lab.tick(budget));
      if (t.value) needsRender = true;
    }
    if (needsRender) {
      needsRender = false;
      // Every view is due; those still waiting from the last frame go first (no view starves).
      for (const id of canvases.keys()) if (!dueViews.includes(id)) dueViews.push(id);
    }
    if (dueViews.length) {
      // Draw due views until RENDER_BUDGET_MS is spent; the rest are drawn in the next frames.
      const t0 = performance.now();
      while (dueViews.length && !crashed) {
        const id = dueViews.shift();
        const r = guard(() => lab.renderView(id));
        if (r.error && !crashed) notice(r.error, 'error');
        if (performance.now() - t0 >= RENDER_BUDGET_MS) break;
      }
      lastRenderMs = performance.now() - t0;
      const s = guard(() => lab.status());
      if (s.value !== undefined) statusLine.textContent = s.value;
    }
    // When the widget has just become idle (or was idle), bring controls and URL up to date.
    const stillBusy = busy && guard(() => lab.busy()).value;
    if (busy && !stillBusy) needsRender = true;
    if (!stillBusy) {
      refreshControls();
      takeNotices();
      syncUrl();
    }
    if (stillBusy || needsRender || dueViews.length) kick();
    else root.dataset.idle = '1';
  }

  function kick() {
    if (crashed || loopRunning) return;
    loopRunning = true;
    delete root.dataset.idle;
    window.requestAnimationFrame(frame);
  }

  // Keyboard: space = play/pause, → = one step (when focus is not in a text box).
  root.tabIndex = -1;
  root.addEventListener('keydown', (e) => {
    if (e.target.tagName === 'INPUT' || e.target.tagName === 'SELECT') return;
    if (e.key === ' ' && controlEls.has('play')) { e.preventDefault(); act('play'); }
    if (e.key === 'ArrowRight' && controlEls.has('step')) { e.preventDefault(); act('step'); }
  });

  refreshControls();
  takeNotices();
  syncUrl();
  sizeAll();
  return {
    lab,
    crash,
    /** Test hook: calls a deliberately panicking export and lets the boundary handle it. */
    panicForTest() {
      guard(() => wasm.debugPanic());
    },
  };
}
