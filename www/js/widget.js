// The generic widget shell: builds views and controls from what the Rust widget describes,
// forwards input to it, keeps the address bar in sync, runs the animation loop, and shows
// errors inside the widget. Wiring only: all maths, validation and drawing happen in Rust.

// Each animation frame runs the widget's work for at most TICK_BUDGET_MS, less when drawing took
// long (so work + drawing stay near FRAME_TARGET_MS and no task comes near 50 ms on a slow or
// busy machine), but never less than TICK_MIN_MS so training always advances.
const TICK_BUDGET_MS = 10;
const FRAME_TARGET_MS = 24;
const TICK_MIN_MS = 2;
// A view's first COLD_DRAWS drawings are expected to take at least COLD_VIEW_MS (see expectedCost).
const COLD_DRAWS = 3;
const COLD_VIEW_MS = 16;
// Views are drawn one after another until this much of the frame is spent; the others wait for the
// next frame (the first frames of a page run cold code, and six views at once took over 50 ms).
const RENDER_BUDGET_MS = 14;
// Until the work a lab does by itself on opening is done (the widget first idle), for at most
// STARTUP_MS and not after the reader's first action or setting, a frame does about half its usual
// work: ticks of at most STARTUP_TICK_MS, views drawn until STARTUP_RENDER_MS, and
// STARTUP_FRAME_MS in place of FRAME_TARGET_MS. Meanwhile V8 compiles the
// wasm functions the page has made hot with its optimising tier, on one to three background
// threads for 0.1–0.6 s (wasm.TopTierCompilation in a Chromium trace, 0.5–1.1 s after the page is
// ready); on two cores the page's main thread then gets half a core or less, a tick given 10 ms
// took 22 ms and one drawing 32 ms, and frames of 50–67 ms followed (7 of the 8 frames over 45 ms
// in the first 1–2 s of three traces of theory presets fell in such a burst). The bursts come with
// the work's progress, not at a fixed time: with a fixed 3-s window one came past its end.
const STARTUP_MS = 10000;
const STARTUP_TICK_MS = 5;
const STARTUP_RENDER_MS = 7;
const STARTUP_FRAME_MS = 12;
// Rows of a CSV export written per task (about 10 ms of formatting on this machine kind).
const CSV_ROWS = 10000;
// The canvas is rasterised after the script, so the script's own timing misses much of a frame's
// cost: when frames come further apart than FRAME_GAP_MS (the browser could not keep up), the
// next frames draw fewer views (at least one), and the others are drawn in the frames after. Views
// then refresh in turn at a lower rate while the page keeps its frame rate.
const FRAME_GAP_MS = 19;
// While the lab plays, its first view (the landscape, the decision surface, the filters) is redrawn
// every frame and the others (the charts beside it) at most every CHART_INTERVAL_MS: 25 times a
// second is smooth for a growing curve, and an 8-racer race spent most of each frame redrawing and
// rasterising its four charts. At rest every view is drawn as soon as it changes.
const CHART_INTERVAL_MS = 40;

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

/**
 * A number for an input box: at most 6 significant digits (the state keeps full precision; the
 * box shows 0.843026, not 0.8430263294893154). Integers and non-numbers are shown as they are.
 */
export function shortNumber(val) {
  const t = String(val);
  if (!/^-?(\d+\.\d*|\.\d+|\d+)(e[-+]?\d+)?$/i.test(t)) return t;
  const n = Number(t);
  if (!Number.isFinite(n) || Number.isInteger(n) && !/e/i.test(t)) return t;
  const short = String(Number(n.toPrecision(6)));
  return short.length < t.length ? short : t;
}


function listParam(params, key) {
  const v = params.get(key);
  return v ? v.split(',').map((s) => s.trim()).filter(Boolean) : [];
}

/**
 * Ends the current task and resumes in a new one (a message to ourselves: no 4-ms timer clamp).
 * Opening a lab runs much of the module for the first time, and V8 compiles each wasm function on
 * its first call, on the page's thread: done in one go, opening took one task of 200–330 ms on this
 * machine kind. The steps below each run in their own task, so input and painting get in between.
 */
function nextTask() {
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => { ch.port1.close(); resolve(); };
    ch.port2.postMessage(null);
  });
}

/**
 * Mounts widget `labName` into `host` in a few tasks (opening, figures, a first small drawing off
 * the page, controls, sizes); the first frames then draw one view each. Resolves with a small
 * handle used by tests.
 */
export async function mountWidget(wasm, host, labName, params) {
  const embed = document.body.classList.contains('embed');
  // views= and hide= names are matched case-insensitively; unknown names get a notice.
  const hidden = new Set(listParam(params, 'hide').map((n) => n.toLowerCase()));
  const askedViews = listParam(params, 'views');
  const onlyViews = new Set();
  const shell = new URLSearchParams();
  // The shell's keys (lab, embed, hide, views: listed by the module) stay in the address bar
  // beside the lab's state; the lab itself skips them.
  for (const k of wasm.shellKeys()) if (params.has(k)) shell.set(k, params.get(k));
  const stateQuery = params.toString();

  const root = el('div', 'widget');
  root.dataset.lab = labName;
  const noticeBox = el('div', 'notices');
  noticeBox.setAttribute('role', 'status');
  // The status line changes every frame while playing, so it is not a live region; the
  // announcer below speaks only start, stop, divergence and finish.
  const statusLine = el('div', 'status');
  const announcer = el('div', 'sr-only');
  announcer.setAttribute('role', 'status');
  announcer.setAttribute('aria-live', 'polite');
  const viewsBox = el('div', 'views');
  const controlsBox = el('form', 'controls');
  controlsBox.setAttribute('aria-label', 'Controls');
  controlsBox.addEventListener('submit', (e) => e.preventDefault());
  const body = el('div', 'widget-body');
  // Beside (or below) the views: the controls, then saving and loading the whole state as a file.
  const side = el('div', 'side');
  const stateBox = el('div', 'state-file');
  side.append(controlsBox, stateBox);
  body.append(viewsBox, side);
  // The transport bar: play/pause, step, reset and the status line (with the preset's lesson), kept
  // in view (sticky on a long page, inside the frame in an embed). hide=transport removes its
  // buttons (the Run group then keeps its own).
  const TRANSPORT_KEYS = ['play', 'step', 'reset'];
  const transportShown = !hidden.has('transport');
  const transport = el('div', 'transport');
  transport.setAttribute('role', 'toolbar');
  transport.setAttribute('aria-label', 'Playback');
  const transportButtons = new Map();
  for (const key of TRANSPORT_KEYS) {
    const b = el('button', 'btn tbtn');
    b.type = 'button';
    b.dataset.key = key;
    b.hidden = true;
    b.addEventListener('click', () => act(key));
    transportButtons.set(key, b);
    if (transportShown) transport.append(b);
  }
  transport.append(statusLine);
  root.append(noticeBox, transport, announcer, body);
  host.append(root);

  let lab;
  let crashed = false;
  let needsRender = true;
  let lastRenderMs = 0; // how long the last frame's drawing took (sets the next tick budget)
  let lastTickMs = 0; // how long the last tick took
  const viewCost = new Map(); // view id → how long its last drawing took
  const viewDraws = new Map(); // view id → how many times it was drawn
  // What drawing a view will take: its last drawing, but at least COLD_VIEW_MS for its first
  // COLD_DRAWS drawings — the first were placeholders or ran cold code (a theory lab's fit view:
  // 1 ms as a placeholder, then 8–15 ms), and drawn after a tick they made frames of 50 ms.
  const expectedCost = (id) => Math.max(viewCost.get(id) ?? 0, (viewDraws.get(id) ?? 0) < COLD_DRAWS ? COLD_VIEW_MS : 0);
  let drawNext = false; // the next frame draws without a tick (see frame)
  // A measurement hook for the benchmarks: when the page defines window.__descentProfile as an
  // array before the widget starts, each tick and each view's drawing appends [name, ms] to it.
  const profile = Array.isArray(window.__descentProfile) ? window.__descentProfile : null;
  let lastFrameAt = 0; // timestamp of the last animation frame
  const openedAt = performance.now(); // the start-up budgets apply for at most STARTUP_MS from here …
  let openingDone = false; // … and until the widget is first idle or the reader acts
  // Views drawn per frame: one at first (the first drawing of each view runs cold code and
  // computes its rasters), then one more after each frame on time and one fewer after a late one.
  let viewsPerFrame = 1;
  let dueViews = []; // views to draw, in order (a frame draws as many as RENDER_BUDGET_MS allows)
  const drawnAt = new Map(); // view id → when it was last drawn (charts wait CHART_INTERVAL_MS while playing)
  let loopRunning = false;
  let controlSig = '';
  const controlEls = new Map();
  const collapsed = new Set(); // titles of folded control groups (kept when controls are rebuilt)

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

  await nextTask();
  const opened = guard(() => wasm.Lab.open(labName, stateQuery));
  if (opened.error) {
    notice(`Could not open this lab: ${opened.error}`, 'error');
    return {};
  }
  lab = opened.value;
  await nextTask();

  // ---- views ------------------------------------------------------------------------------
  const views = guard(() => lab.views()).value || [];
  if (askedViews.length) {
    const byName = new Map(views.map((v) => [v.id.toLowerCase(), v.id]));
    const unknown = [];
    for (const name of askedViews) {
      const id = byName.get(name.toLowerCase());
      if (id) onlyViews.add(id); else unknown.push(name);
    }
    const valid = views.map((v) => v.id).join(', ');
    if (unknown.length) {
      notice(`views=: no view named ${unknown.map((u) => `“${u}”`).join(', ')}${onlyViews.size ? '' : ' (showing every view)'}. This lab's views: ${valid}.`, 'warn');
    }
  }
  // ---- export: each view's picture (PNG at twice its size, SVG) and numbers (CSV) -------------
  const backing = new Map(); // view id → [css width, css height, pixel ratio] of its canvas
  function download(blob, name) {
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 30000);
  }
  async function exportView(id, kind) {
    const name = guard(() => lab.exportName(id, kind)).value || `descent-lab.${kind}`;
    const size = backing.get(id);
    if (kind === 'csv') {
      // The numbers are taken at once, then written CSV_ROWS rows per task (8 racers × 20,000
      // iterates are 160,000 rows: one task of 205 ms written at once).
      const n = guard(() => lab.csvBegin(id));
      if (n.error) { if (!crashed) notice(`Export: ${n.error}`, 'warn'); return; }
      const parts = [];
      for (let from = 0; from === 0 || from < n.value; from += CSV_ROWS) {
        if (from > 0) await nextTask();
        const part = guard(() => lab.csvPart(from, Math.min(n.value, from + CSV_ROWS)));
        if (part.error) { if (!crashed) notice(`Export: ${part.error}`, 'warn'); return; }
        parts.push(part.value);
      }
      download(new Blob(parts, { type: 'text/csv;charset=utf-8' }), name);
    } else if (kind === 'svg') {
      if (!size) return;
      const r = guard(() => lab.svg(id, Math.round(size[0]), Math.round(size[1])));
      if (r.error) { if (!crashed) notice(`Export: ${r.error}`, 'warn'); return; }
      // Raster layers (heatmap, decision surface) come as pixels: each is encoded as PNG by the
      // browser off the main thread (toBlob) and put into its <image>'s href as a data URL.
      let svg = r.value;
      const count = guard(() => lab.svgImages()).value || 0;
      for (let i = 0; i < count; i += 1) {
        const img = guard(() => lab.svgImage(i));
        if (img.error) { if (!crashed) notice(`Export: ${img.error}`, 'warn'); return; }
        const c = el('canvas');
        c.width = img.value.width;
        c.height = img.value.height;
        c.getContext('2d').putImageData(img.value, 0, 0);
        const blob = await new Promise((done) => c.toBlob(done, 'image/png'));
        if (!blob) { notice('Export: the browser could not encode the raster as PNG.', 'warn'); return; }
        const url = await new Promise((done, fail) => {
          const reader = new FileReader();
          reader.onload = () => done(reader.result);
          reader.onerror = () => fail(reader.error);
          reader.readAsDataURL(blob);
        }).catch(() => null);
        if (!url) { notice('Export: the browser could not read the encoded raster.', 'warn'); return; }
        svg = svg.replace(`@@rasterhref${i}@@`, url);
      }
      download(new Blob([svg], { type: 'image/svg+xml' }), name);
    } else if (kind === 'png') {
      // Drawn again at twice the view's CSS size on a canvas off the page, then encoded by the
      // browser (toBlob, asynchronous); the view's own canvas is attached again right after.
      const entry = canvases.get(id);
      if (!size || !entry) return;
      const off = el('canvas');
      const r = guard(() => {
        lab.attach(id, off);
        lab.resize(id, size[0], size[1], 2);
        lab.renderView(id);
      });
      guard(() => {
        lab.attach(id, entry.canvas);
        lab.resize(id, size[0], size[1], size[2]);
      });
      if (!dueViews.includes(id)) dueViews.push(id);
      kick();
      if (r.error) { if (!crashed) notice(`Export: ${r.error}`, 'warn'); return; }
      off.toBlob((blob) => { if (blob) download(blob, name); else notice('Export: the browser could not encode the PNG.', 'warn'); }, 'image/png');
    }
  }
  function exportMenu(id, title) {
    const box = el('details', 'export');
    const sum = el('summary', null, 'Export');
    sum.title = `Save “${title}” as a picture or its numbers as a table`;
    box.append(sum);
    const menu = el('div', 'export-menu');
    for (const [kind, label, help] of [['png', 'PNG (2×)', 'The picture at twice its size, for slides'], ['svg', 'SVG', 'Vector graphics (charts)'], ['csv', 'CSV', 'The numbers this view shows, with a header row']]) {
      const b = el('button', 'btn export-' + kind, label);
      b.type = 'button';
      b.title = help;
      b.addEventListener('click', () => { box.open = false; exportView(id, kind); });
      menu.append(b);
    }
    box.append(menu);
    return box;
  }

  const canvases = new Map();
  let viewSig = ''; // the ids of the views shown, to notice when a setting changes them
  /** Builds a figure, caption and canvas for each view of `list` (those views= asked for). */
  function buildViews(list) {
    viewSig = list.map((v) => v.id).join(',');
    // A setting that changes the views (the theory lab's experiment) may leave none that views= named.
    const shown = onlyViews.size && list.some((v) => onlyViews.has(v.id)) ? onlyViews : null;
    for (const v of list) {
      if (shown && !shown.has(v.id)) continue;
      const fig = el('figure', v.wide ? 'view wide' : 'view');
      fig.dataset.view = v.id;
      const cap = el('figcaption');
      cap.append(el('strong', null, v.title));
      if (v.caption && !embed) cap.append(el('span', 'caption', ` ${v.caption}`));
      if (!hidden.has('export')) cap.prepend(exportMenu(v.id, v.title));
      const canvas = el('canvas');
      canvas.dataset.view = v.id;
      canvas.setAttribute('role', 'img');
      canvas.setAttribute('aria-label', `${v.title}. ${v.caption}`);
      // The box holds the canvas and, under it, the layers a HiDPI heatmap is shown on
      // (src/web/raster_layer.rs); it is the canvas' parent for the sizing below.
      const box = el('div', 'canvas-box');
      box.append(canvas);
      fig.append(cap, box);
      viewsBox.append(fig);
      const r = guard(() => lab.attach(v.id, canvas));
      if (r.error) notice(r.error, 'error');
      canvases.set(v.id, { canvas, aspect: v.aspect, narrow: v.narrow_aspect });
      wirePointer(v.id, canvas);
    }
    viewsBox.classList.toggle('single', !!shown && shown.size === 1);
    viewsBox.classList.toggle('pair', !!shown && shown.size === 2);
  }
  buildViews(views);
  await nextTask();
  // The page's first canvas drawing pays once for fonts, the canvas' own code and the module's
  // first calls into the page (tens of ms here, even with the module warmed by the worker): the
  // first view is drawn once, small, on a canvas outside the page, in a task of its own.
  const firstView = canvases.keys().next().value;
  if (firstView !== undefined) {
    guard(() => {
      lab.attach(firstView, el('canvas'));
      lab.resize(firstView, 96, 64, 1);
      lab.renderView(firstView);
    });
    const r = guard(() => lab.attach(firstView, canvases.get(firstView).canvas));
    if (r.error) notice(r.error, 'error');
    await nextTask();
  }

  // Canvas sizing. The CSS box sets the canvas' height (from its width and the view's aspect, or
  // the frame's height for a single embedded view); the backing store then matches the content box
  // exactly, in device pixels, read from a ResizeObserver's device-pixel box where the browser has
  // one (so no figure is resampled at any devicePixelRatio, 1.25 included).
  const px = (v) => parseFloat(v) || 0;
  /** Border + padding of a border-box element on two opposite sides (0 for content-box sizing). */
  const inset = (c, a, b) => {
    const cs = getComputedStyle(c);
    return cs.boxSizing === 'border-box'
      ? px(cs[`border${a}Width`]) + px(cs[`border${b}Width`]) + px(cs[`padding${a}`]) + px(cs[`padding${b}`])
      : 0;
  };
  const borderX = (c) => inset(c, 'Left', 'Right');
  const borderY = (c) => inset(c, 'Top', 'Bottom');
  /** Height / width: on a phone-width canvas the view's narrow aspect (it stacks its panels), or at least 1 (room for a legend below the plot). */
  const NARROW_PX = 480;
  const aspectAt = (aspect, narrow, contentW) => (contentW < NARROW_PX ? (narrow || Math.max(aspect, 1.0)) : aspect);
  function wantedHeight(canvas, aspect, contentW) {
    // Room left in the frame below the canvas' top. (Measured from the canvas' top, which does
    // not depend on its own height: the parent's height did, and fed back every resize.)
    const room = () => Math.floor(window.innerHeight - canvas.getBoundingClientRect().top - 10 - borderY(canvas));
    // A single embedded view fills the frame below its caption.
    if (embed && onlyViews.size === 1) return Math.max(120, room());
    // Other embedded views keep their aspect but never reach below the frame (a slide has no scroll).
    if (embed) return Math.max(120, Math.min(Math.round(contentW * aspect), room()));
    return Math.round(contentW * aspect);
  }
  /** The width a canvas' content box may take: its parent's content box, to the sub-pixel. */
  function roomX(canvas) {
    const p = canvas.parentElement;
    const ps = getComputedStyle(p);
    const cs = getComputedStyle(canvas);
    const inner = p.getBoundingClientRect().width - px(ps.paddingLeft) - px(ps.paddingRight)
      - px(ps.borderLeftWidth) - px(ps.borderRightWidth);
    return inner - px(cs.marginLeft) - px(cs.marginRight) - px(cs.borderLeftWidth) - px(cs.borderRightWidth)
      - px(cs.paddingLeft) - px(cs.paddingRight);
  }
  /**
   * Sets the CSS box of each canvas on whole device pixels (width from the room its parent gives,
   * height from the view's aspect or the frame), so the backing store can match the content box
   * exactly and nothing is resampled; returns true when one changed (a resize will follow).
   */
  function layoutHeights() {
    const dpr = window.devicePixelRatio || 1;
    // Every box is read before any is written: reading after a write forces a layout of the page,
    // and interleaving them cost one layout per canvas (tens of ms on opening a lab). A stacked
    // embed whose canvas moved is measured again when the resize observers report it.
    const sizes = [];
    for (const { canvas, aspect: wide, narrow } of canvases.values()) {
      const room = roomX(canvas);
      const w = room > 0 ? Math.max(1, Math.floor(room * dpr + 1e-6)) / dpr : (canvas.clientWidth || 300);
      const h = Math.max(1, Math.round(wantedHeight(canvas, aspectAt(wide, narrow, w), w) * dpr)) / dpr;
      sizes.push([canvas, room > 0 ? `${w + borderX(canvas)}px` : null, `${h + borderY(canvas)}px`]);
    }
    let moved = false;
    for (const [canvas, cssW, cssH] of sizes) {
      if (cssW && canvas.style.width !== cssW) { canvas.style.width = cssW; moved = true; }
      if (canvas.style.height !== cssH) { canvas.style.height = cssH; moved = true; }
    }
    return moved;
  }
  /** The backing store of one canvas = its content box in device pixels. */
  function resizeBacking(id, canvas, entry) {
    const dpr = window.devicePixelRatio || 1;
    let cssW;
    let cssH;
    const dev = entry && entry.devicePixelContentBoxSize && entry.devicePixelContentBoxSize[0];
    const box0 = entry && entry.contentBoxSize && entry.contentBoxSize[0];
    // Some browsers (headless Chromium with an emulated device scale) report the device-pixel
    // box in CSS pixels; trust it only when it agrees with the CSS box times the ratio.
    if (dev && (!box0 || Math.abs(dev.inlineSize - box0.inlineSize * dpr) <= 1.5)) {
      cssW = dev.inlineSize / dpr;
      cssH = dev.blockSize / dpr;
    } else {
      const box = entry && entry.contentBoxSize && entry.contentBoxSize[0];
      cssW = box ? box.inlineSize : canvas.clientWidth;
      cssH = box ? box.blockSize : canvas.clientHeight;
    }
    if (!(cssW > 0 && cssH > 0)) return;
    backing.set(id, [cssW, cssH, dpr]);
    const r = guard(() => lab.resize(id, cssW, cssH, dpr));
    if (r.error && !crashed) notice(r.error, 'error');
  }
  const idOf = new Map();
  const indexCanvases = () => { idOf.clear(); for (const [id, { canvas }] of canvases) idOf.set(canvas, id); };
  indexCanvases();
  function onResize(entries) {
    // A canvas whose height changes here is reported again with its new box, and resized then.
    layoutHeights();
    for (const entry of entries) resizeBacking(idOf.get(entry.target), entry.target, entry);
    needsRender = true;
    kick();
  }
  function sizeAll() {
    layoutHeights();
    for (const [id, { canvas }] of canvases) resizeBacking(id, canvas, null);
    needsRender = true;
    kick();
  }
  /** Watches the canvases and their parents (called once the first sizes are set). */
  let sizeObservers = [];
  function observeSizes() {
    const ro = new ResizeObserver(onResize);
    for (const { canvas } of canvases.values()) {
      try {
        ro.observe(canvas, { box: 'device-pixel-content-box' });
      } catch (_) {
        ro.observe(canvas);
      }
    }
    // A canvas' width is set in pixels, so a parent that changes width for another reason (a column
    // folding, a scroll bar appearing) is watched too; a changed canvas box is then reported above.
    const parents = new ResizeObserver(() => { layoutHeights(); });
    for (const { canvas } of canvases.values()) parents.observe(canvas.parentElement);
    sizeObservers = [ro, parents];
  }
  window.addEventListener('resize', () => { if (!layoutHeights()) sizeAll(); });
  /**
   * A setting changed the lab's views (the theory lab's experiment): the old figures go, the new
   * ones are built, sized and drawn (the module has already dropped the old views' canvases).
   */
  function rebuildViewsIfChanged() {
    const list = guard(() => lab.views()).value;
    if (!list || list.map((v) => v.id).join(',') === viewSig) return;
    for (const o of sizeObservers) o.disconnect();
    viewsBox.replaceChildren();
    canvases.clear();
    backing.clear();
    viewCost.clear();
    viewDraws.clear();
    drawnAt.clear();
    dueViews = [];
    buildViews(list);
    indexCanvases();
    sizeAll();
    observeSizes();
  }

  function wirePointer(id, canvas) {
    const send = (kind, e, delta = 0) => {
      // Pointer position in the content box (the drawing's CSS pixels), border excluded.
      const r = canvas.getBoundingClientRect();
      const x = e.clientX - r.left - canvas.clientLeft;
      const y = e.clientY - r.top - canvas.clientTop;
      const res = guard(() => lab.pointer(id, kind, x, y, delta, !!e.shiftKey));
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

  /** A key and every leading part of it: racers.0.optimizer.lr, racers.0.optimizer, racers.0, racers. */
  function keyPrefixes(key) {
    const parts = key.toLowerCase().split('.');
    return parts.map((_, i) => parts.slice(0, i + 1).join('.'));
  }

  /** hide= names a control by its key, a leading part of its key, or its group. */
  function isHidden(c) {
    return hidden.has(c.group.toLowerCase()) || keyPrefixes(c.key).some((k) => hidden.has(k));
  }

  /** Names in hide= that match no control, group or key prefix get one notice listing the valid ones. */
  let hideChecked = false;
  function checkHideNames(list) {
    if (hideChecked || !hidden.size) return;
    hideChecked = true;
    // Names of the page's own parts: the transport bar and the views' export menus.
    const names = new Set(['transport', 'export']);
    for (const c of list) {
      names.add(c.group.toLowerCase());
      for (const k of keyPrefixes(c.key)) names.add(k);
    }
    // An earlier control key (r0.lr) that names nothing today is taken as today's key, with a notice.
    for (const n of [...hidden]) {
      if (names.has(n)) continue;
      const now = guard(() => lab.currentKey(n)).value;
      if (now) {
        hidden.delete(n);
        hidden.add(now.toLowerCase());
        notice(`hide=: “${n}” is now called “${now}”; hiding that.`, 'info');
      }
    }
    const unknown = [...hidden].filter((n) => !names.has(n));
    if (!unknown.length) return;
    const groups = [...new Set(list.map((c) => c.group))];
    const keys = [...new Set(list.map((c) => c.key.split('.')[0]))];
    notice(`hide=: nothing named ${unknown.map((u) => `“${u}”`).join(', ')}. Hide a group (${groups.join(', ')}), a control by its key (${keys.join(', ')}), the transport bar (transport) or the export menus (export).`, 'warn');
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
    openingDone = true; // work the reader asks for runs at the full budgets
    const r = guard(() => lab.set(key, String(value)));
    setError(key, r.error);
    if (!r.error) changed();
  }

  function act(key) {
    openingDone = true;
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
      // Log sliders move in hundredths of a decade (arrow keys: ×1.023 per press).
      input.step = c.log ? '0.01' : String(c.step || 'any');
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
      wrap._set = (val, spec) => {
        // A slider's ends may follow the data (the shrinkage λ and κ span the data's spectrum).
        if (spec && (spec.min !== c.min || spec.max !== c.max)) {
          c.min = spec.min;
          c.max = spec.max;
          input.min = String(toSlider(c.min));
          input.max = String(toSlider(c.max));
        }
        const n = Number(val);
        if (Number.isFinite(n) && (!c.log || n > 0)) input.value = String(toSlider(n));
        number.value = shortNumber(val);
      };
    } else if (c.type === 'number') {
      input = el('input', 'num');
      input.type = 'text';
      input.inputMode = c.integer ? 'numeric' : 'decimal';
      input.id = id;
      input.addEventListener('change', () => apply(c.key, input.value.trim()));
      wrap.append(label, input, error);
      wrap._set = (val) => { input.value = shortNumber(val); };
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
    } else if (c.type === 'input') {
      // A formula: every edit is applied; a refusal shows beside it and the text stays as typed
      // (the previous value keeps running) until it is fixed. Never parsed or shown as HTML.
      input = el('input', 'formula');
      input.type = 'text';
      input.id = id;
      input.maxLength = c.max_len;
      input.spellcheck = false;
      input.autocomplete = 'off';
      input.addEventListener('input', () => apply(c.key, input.value));
      wrap.append(label, input, error);
      wrap._set = (val) => { if (!wrap.classList.contains('invalid')) input.value = val; };
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
    checkHideNames(list);
    for (const [key, b] of transportButtons) {
      const c = list.find((x) => x.key === key);
      b.hidden = !c;
      if (c) {
        if (b.textContent !== c.label) b.textContent = c.label;
        if (c.help && b.title !== c.help) b.title = c.help;
      }
    }
    const sig = signature(list);
    if (sig !== controlSig) {
      controlSig = sig;
      // Typing a formula may add a parameter's slider: the field being typed in keeps its focus,
      // its text (and error) and its caret across the rebuild.
      const focused = [...controlEls].find(([, e]) => e.input && e.input === document.activeElement && e.input.type === 'text' && e.wrap.classList.contains('input'));
      const keep = focused && { key: focused[0], text: focused[1].input.value, at: focused[1].input.selectionStart, error: focused[1].error.textContent };
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
          // The group's title folds it away (each racer and run can be collapsed).
          const fold = el('button', 'fold', c.group);
          fold.type = 'button';
          const folded = collapsed.has(c.group);
          fold.setAttribute('aria-expanded', folded ? 'false' : 'true');
          fold.title = 'Show or hide this group\'s controls';
          g.classList.toggle('collapsed', folded);
          fold.addEventListener('click', () => {
            const now = !g.classList.contains('collapsed');
            g.classList.toggle('collapsed', now);
            fold.setAttribute('aria-expanded', now ? 'false' : 'true');
            if (now) collapsed.add(c.group); else collapsed.delete(c.group);
          });
          legend.append(fold);
          g.append(legend);
          g.dataset.group = c.group;
          groups.set(c.group, g);
          controlsBox.append(g);
        }
        const built = buildControl(c);
        if (isHidden(c) || (transportShown && TRANSPORT_KEYS.includes(c.key))) built.wrap.hidden = true;
        controlEls.set(c.key, built);
        g.append(built.wrap);
      }
      for (const g of groups.values()) {
        if ([...g.querySelectorAll('.control')].every((w) => w.hidden) || hidden.has(g.dataset.group.toLowerCase())) g.hidden = true;
      }
      const again = keep && controlEls.get(keep.key);
      if (again) {
        if (keep.error) setError(keep.key, keep.error);
        again.input.value = keep.text;
        again.input.focus();
        again.input.setSelectionRange(keep.at, keep.at);
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
        e.wrap._set(c.value, c);
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
    // Only when it changed: replaceState is a round trip to the browser (tens of ms in a busy
    // frame), and idle frames call this every time.
    if (url === lastUrl) return;
    lastUrl = url;
    try {
      window.history.replaceState(null, '', url);
    } catch (_) { /* some hosts forbid it; the state still works */ }
  }
  let lastUrl = '';

  function takeNotices() {
    const r = guard(() => lab.takeNotices());
    for (const m of r.value || []) notice(m, 'warn');
  }

  function changed() {
    rebuildViewsIfChanged();
    needsRender = true;
    refreshControls();
    takeNotices();
    syncUrl();
    kick();
  }

  function frame(now) {
    loopRunning = false;
    if (crashed) return;
    const gap = lastFrameAt ? now - lastFrameAt : 0;
    lastFrameAt = now;
    // Views per frame follow the measured frame gap: one fewer after a slow frame, one more after
    // a fast one (between 1 and every view).
    if (gap > FRAME_GAP_MS) viewsPerFrame = Math.max(1, Math.min(viewsPerFrame, canvases.size) - 1);
    else if (gap > 0) viewsPerFrame = Math.min(canvases.size || 1, viewsPerFrame + 1);
    const busy = guard(() => lab.busy()).value;
    const startup = !openingDone && now - openedAt < STARTUP_MS;
    const frameTarget = startup ? STARTUP_FRAME_MS : FRAME_TARGET_MS;
    const renderBudget = startup ? STARTUP_RENDER_MS : RENDER_BUDGET_MS;
    const tickBudget = startup ? STARTUP_TICK_MS : TICK_BUDGET_MS;
    // A frame either works or draws when both would not fit: a view due whose last drawing took
    // so long that it and the last tick together pass FRAME_TARGET_MS is drawn first, without a
    // tick in this frame. A unit of work can outlast its budget (one of the shrinkage lab's
    // precision routes at 5,000 × 53: 12–23 ms), and with a 20–28-ms drawing of 5,000 points
    // the frame was a task of 55–63 ms.
    const mainView = canvases.keys().next().value;
    const now0 = performance.now();
    const drawable = (id) => !busy || id === mainView || now0 - (drawnAt.get(id) ?? -Infinity) >= CHART_INTERVAL_MS;
    const nextView = dueViews.find(drawable) ?? (needsRender ? mainView : undefined);
    const drawFirst = nextView !== undefined && (drawNext || lastTickMs + expectedCost(nextView) > frameTarget);
    drawNext = false;
    if (busy && drawFirst) kick();
    const frameStart = performance.now();
    const ticked = busy && !drawFirst;
    if (ticked) {
      const budget = Math.max(TICK_MIN_MS, Math.min(tickBudget, frameTarget - lastRenderMs));
      const tick0 = performance.now();
      const t = guard(() => lab.tick(budget));
      lastTickMs = performance.now() - tick0;
      profile?.push(['tick', lastTickMs]);
      if (t.value) {
        // A tick that only moved a progress read-out names the views it changed.
        const only = guard(() => lab.tickedViews()).value;
        if (Array.isArray(only)) {
          for (const id of only) if (canvases.has(id) && !dueViews.includes(id)) dueViews.push(id);
        } else {
          needsRender = true;
          // Work the lab does on its own (not playing) that changed every view has just made
          // something new to show (the shrinkage lab's decomposition of 5,000 points): how long
          // its first drawing takes is not known from the last one (4–8 ms before, 13–34 ms
          // now), so the views are drawn in the next frame, which does not tick.
          if (!playingNow()) drawNext = true;
        }
      }
    }
    if (needsRender) {
      needsRender = false;
      // Every view is due; those still waiting from the last frame go first (no view starves).
      for (const id of canvases.keys()) if (!dueViews.includes(id)) dueViews.push(id);
    }
    if (dueViews.length && !(ticked && drawNext)) {
      // Draw due views until RENDER_BUDGET_MS is spent; the rest are drawn in the next frames.
      const t0 = performance.now();
      let drawn = 0;
      const main = canvases.keys().next().value;
      const later = [];
      while (dueViews.length && !crashed) {
        const id = dueViews.shift();
        if (busy && id !== main && t0 - (drawnAt.get(id) ?? -Infinity) < CHART_INTERVAL_MS) {
          later.push(id);
          continue;
        }
        // After a long tick, a view that would take the frame past FRAME_TARGET_MS waits for the
        // next frame, which draws it first (see drawFirst).
        if (ticked && t0 - frameStart + expectedCost(id) > frameTarget) {
          later.push(id);
          break;
        }
        const v0 = performance.now();
        const r = guard(() => lab.renderView(id));
        viewCost.set(id, performance.now() - v0);
        viewDraws.set(id, (viewDraws.get(id) ?? 0) + 1);
        profile?.push([id, viewCost.get(id)]);
        if (r.error && !crashed) notice(r.error, 'error');
        drawnAt.set(id, t0);
        drawn += 1;
        if (performance.now() - t0 >= renderBudget || drawn >= viewsPerFrame) break;
      }
      dueViews.unshift(...later);
      lastRenderMs = performance.now() - t0;
      const s = guard(() => lab.status());
      if (s.value !== undefined && statusLine.textContent !== s.value) {
        statusLine.textContent = s.value;
        statusLine.title = s.value;
      }
    }
    // When the widget has just become idle, bring controls and URL up to date, in tasks of their
    // own (with 8 racers the controls took 13–18 ms and the URL 20–36 ms, which on top of the
    // frame's drawing made the race's last frame a task of 60–90 ms).
    const stillBusy = busy && guard(() => lab.busy()).value;
    if (busy && !stillBusy) {
      needsRender = true;
      syncDue = true;
    }
    if (!stillBusy && syncDue) queueIdleSync();
    announceTransitions(!!stillBusy, statusLine.textContent);
    if (stillBusy || needsRender || dueViews.length || syncing) kick();
    else {
      root.dataset.idle = '1';
      openingDone = true;
      lastFrameAt = 0; // the next loop starts afresh (its first gap is not a slow frame)
    }
  }

  let syncDue = true; // controls, notices and URL to bring up to date when next idle
  let syncing = false; // … and being brought up to date (the loop stays awake until done)
  function queueIdleSync() {
    syncDue = false;
    if (syncing) {
      syncDue = true;
      return;
    }
    syncing = true;
    nextTask()
      .then(() => {
        if (!crashed) {
          refreshControls();
          takeNotices();
        }
        return nextTask();
      })
      .then(() => {
        syncing = false;
        if (!crashed) syncUrl();
        kick();
      });
  }

  let announcedPlay = false;
  let announcedTrouble = '';
  function announce(text) {
    if (text && announcer.textContent !== text) announcer.textContent = text;
  }
  /**
   * Speaks the transitions a screen-reader user needs: started, stopped or finished, diverged.
   * Playing is what the play button says (it reads Pause while playing); work the lab does on its
   * own (a long race computed in slices, the MLP's init statistics on opening) is not announced.
   */
  function playingNow() {
    const play = transportButtons.get('play');
    return !!play && /pause/i.test(play.textContent);
  }
  function announceTransitions(busyNow, statusText) {
    const playing = busyNow && playingNow();
    if (playing && !announcedPlay) {
      announce('Playing.');
      announcedPlay = true;
    }
    if (!busyNow && announcedPlay) {
      announce(statusText ? `Stopped: ${statusText}` : 'Stopped.');
      announcedPlay = false;
    }
    const trouble = /diverged|escaped|stopped at/i.test(statusText || '') ? statusText : '';
    if (trouble && trouble.replace(/[0-9.,]+/g, '') !== announcedTrouble) {
      announcedTrouble = trouble.replace(/[0-9.,]+/g, '');
      announce(trouble);
    }
    if (!trouble) announcedTrouble = '';
  }

  function kick() {
    if (crashed || loopRunning) return;
    loopRunning = true;
    delete root.dataset.idle;
    window.requestAnimationFrame(frame);
  }

  // Keyboard: Space = play/pause, → = one step, R = reset — only when no control has focus, so
  // Space and Enter on a focused button press that button, and typing in a box types.
  root.tabIndex = -1;
  const CONTROL_TAGS = new Set(['INPUT', 'SELECT', 'TEXTAREA', 'BUTTON', 'A', 'SUMMARY']);
  root.addEventListener('keydown', (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if (CONTROL_TAGS.has(e.target.tagName) || e.target.isContentEditable) return;
    if (e.key === ' ' && controlEls.has('play')) { e.preventDefault(); act('play'); }
    else if (e.key === 'ArrowRight' && controlEls.has('step')) { e.preventDefault(); act('step'); }
    else if ((e.key === 'r' || e.key === 'R') && controlEls.has('reset')) { e.preventDefault(); act('reset'); }
  });

  // Embeds: the first click into an unfocused frame only focuses the widget (a ring shows it); it
  // does not also drop a start point or add a data point. Then Space, → and R work.
  const focusedHere = () => document.hasFocus() && root.contains(document.activeElement);
  const showFocus = () => root.classList.toggle('has-focus', focusedHere());
  root.addEventListener('focusin', showFocus);
  root.addEventListener('focusout', () => setTimeout(showFocus, 0));
  window.addEventListener('blur', showFocus);
  window.addEventListener('focus', showFocus);
  if (embed) {
    root.tabIndex = 0;
    let swallowing = false;
    root.addEventListener('pointerdown', (e) => {
      if (focusedHere()) return;
      root.focus({ preventScroll: true });
      showFocus();
      if (e.target.tagName === 'CANVAS') {
        swallowing = true;
        e.stopPropagation();
        e.preventDefault();
      }
    }, true);
    for (const type of ['pointerup', 'click', 'dblclick']) {
      root.addEventListener(type, (e) => {
        if (!swallowing) return;
        e.stopPropagation();
        e.preventDefault();
        if (type !== 'pointerup') swallowing = false;
      }, true);
    }
  }

  // Controls, URL and sizes in tasks of their own: with 8 racers the controls took 13–18 ms to
  // build and replaceState 19–20 ms, which with the new DOM's first layout was a task of 58 ms.
  // ---- the state as a file -----------------------------------------------------------------------
  if (!hidden.has('export')) {
    const save = el('button', 'btn', 'Save state');
    save.type = 'button';
    save.title = 'Download this widget\'s settings as a JSON file (the same settings as its link)';
    save.addEventListener('click', () => {
      const r = guard(() => lab.stateJson());
      if (r.error) return;
      download(new Blob([r.value], { type: 'application/json' }), guard(() => lab.exportName('state', 'json')).value || 'descent-lab-state.json');
    });
    const load = el('button', 'btn', 'Load state…');
    load.type = 'button';
    load.title = 'Open a state file saved here: the widget shows exactly that state';
    const picker = el('input');
    picker.type = 'file';
    picker.accept = '.json,application/json';
    picker.hidden = true;
    picker.setAttribute('aria-label', 'State file to load');
    load.addEventListener('click', () => picker.click());
    picker.addEventListener('change', async () => {
      const file = picker.files && picker.files[0];
      picker.value = '';
      if (!file) return;
      if (file.size > 64 * 1024) {
        notice(`Could not load “${file.name}”: this file is ${Math.round(file.size / 1024)} KB; a state file is at most 64 KB. Nothing was changed.`, 'warn');
        return;
      }
      const text = await file.text();
      const r = guard(() => lab.loadState(text));
      if (r.error) {
        if (!crashed) notice(`Could not load “${file.name}”: ${r.error}. Nothing was changed.`, 'warn');
        return;
      }
      notice(`Loaded the state saved in “${file.name}”.`, 'info');
      changed();
    });
    stateBox.append(save, load, picker);
  }

  refreshControls();
  takeNotices();
  await nextTask();
  syncUrl();
  await nextTask();
  sizeAll();
  observeSizes();
  return {
    lab,
    crash,
    /** Test hook: calls a deliberately panicking export and lets the boundary handle it. */
    panicForTest() {
      guard(() => wasm.debugPanic());
    },
  };
}
