// `make bench`: benchmarks in headless Chromium against the release build in dist/, printed
// as a table of medians. Figures are reported, never asserted. Baselines in plain JavaScript
// (written for this comparison, following the task descriptions in shared/PEERS.md) run in the
// same browser in the same run.
import os from 'node:os';
import { serve, launch, openPage } from '../e2e/harness.mjs';
import { installPlainHeatmap } from './plain-heatmap.mjs';
import { openPeerPage, peerRows } from './peers.mjs';

// The machine's load at the start: absolute figures move with it, ratios measured in one page much less.
const loadAtStart = os.loadavg().map((v) => v.toFixed(2)).join(', ');

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const rows = [];
const row = (what, value, unit, target = '') => rows.push({ what, value, unit, target });

const srv = await serve();
const browser = await launch();
const { page } = await openPage(browser, srv.origin, { width: 1400, height: 1000, dpr: 2 });
await installPlainHeatmap(page);

async function labPage(lab) {
  await page.goto(`${srv.base}?lab=${lab}`);
  await page.waitForFunction(() => document.body.dataset.ready === '1', null, { timeout: 60000 });
}

// ---- page load: navigation → first canvas drawn --------------------------------------------
{
  const times = [];
  for (let i = 0; i < 5; i += 1) {
    const t0 = Date.now();
    await page.goto(`${srv.base}?lab=optimizer`);
    await page.waitForFunction(() => document.querySelector('.widget') && document.querySelector('.widget').dataset.idle === '1', null, { timeout: 60000 });
    const nav = await page.evaluate(() => {
      const n = performance.getEntriesByType('navigation')[0];
      return performance.now() - (n ? n.startTime : 0);
    });
    times.push(Math.min(nav, Date.now() - t0));
  }
  row('Navigation → first drawn frame (optimizer lab)', median(times).toFixed(0), 'ms');
}

// ---- optimizer lab ------------------------------------------------------------------------
await labPage('optimizer');
{
  const run = (rasterise, cw = 800, ch = 600) => page.evaluate(([rasterise, cw, ch]) => {
    const mk = window.viewCanvas; // tests/e2e/harness.mjs
    const [a, b, c] = [mk(), mk(), mk()];
    window.wasmBindings.benchOptimizer(a, b, c, 800, 600, cw, ch, 2, 1000, 3, rasterise); // warm-up
    const out = Array.from(window.wasmBindings.benchOptimizer(a, b, c, 800, 600, cw, ch, 2, 1000, 21, rasterise));
    [a, b, c].forEach((x) => x.parentElement.remove());
    return out;
  }, [rasterise, cw, ch]);
  const K = 8; // values per repetition (see benchOptimizer in src/web/bench/optimizer.rs)
  const cols = (res) => [0, 1, 2, 3, 4, 5, 6, 7].map((j) => res.filter((_, i) => i % K === j));
  const [full, raster, drag, rasterFull, pTraj, pLand, pLoss, pGrad] = cols(await run(true));
  const [fullIssued, , dragIssued] = cols(await run(false));
  // The charts at the size the page gives them beside the landscape (323×199 CSS px at a 1400-px window).
  const [fullPage] = cols(await run(true, 323, 199));
  row('Optimizer: full recompute + redraw, rasterised (8 racers × 1000 steps, Rosenbrock, every view 800×600 CSS @2x: heatmap+contours, trajectories, 2 charts)', median(full).toFixed(2), 'ms', '≤ 16');
  row('  of which: 8 trajectories recomputed (1000 steps each, with loss and ‖∇f‖ per iterate)', median(pTraj).toFixed(2), 'ms', '');
  row('  of which: landscape view (raster, contours, 8 trails, start, legend, axes)', median(pLand).toFixed(2), 'ms', '');
  row('  of which: loss chart (8 series, log y)', median(pLoss).toFixed(2), 'ms', '');
  row('  of which: gradient-norm chart (8 series, log y)', median(pGrad).toFixed(2), 'ms', '');
  row('  same, drawing commands issued (rasterisation left to the browser, as measured before 2026-11-22)', median(fullIssued).toFixed(2), 'ms', '');
  row('  same, rasterised, with the two charts at their size in the page (323×199 CSS px at a 1400-px window)', median(fullPage).toFixed(2), 'ms', '');
  row('Optimizer: heatmap raster alone, on the canvas (f, log colour, contours at 800×600 samples = 1 per CSS px, shown ×2 under the 1600×1200-device-px canvas)', median(raster).toFixed(2), 'ms', '≤ 8');
  row('  same layer with a sample at every device pixel (1600×1200 evaluations, written at full size)', median(rasterFull).toFixed(2), 'ms', '');
  row('Optimizer: slider drag (trajectories recomputed, cached heatmap, 3 views redrawn and rasterised)', median(drag).toFixed(2), 'ms', '≤ 16');
  row('  same, drawing commands issued', median(dragIssued).toFixed(2), 'ms', '');

  // Issue 13: Rosenbrock typed as "your own function" against the built-in one, same race and views
  // (an older build, compared by compare.mjs, has no typed landscape: the rows are left out).
  if (await page.evaluate(() => typeof window.wasmBindings.benchTyping === 'function')) {
  const typedRosenbrock = '(1-x)^2 + 100*(y-x^2)^2';
  const runTyped = () => page.evaluate((formula) => {
    const mk = window.viewCanvas; // tests/e2e/harness.mjs
    const [a, b, c] = [mk(), mk(), mk()];
    window.wasmBindings.benchOptimizer(a, b, c, 800, 600, 800, 600, 2, 1000, 3, true, formula); // warm-up
    const out = Array.from(window.wasmBindings.benchOptimizer(a, b, c, 800, 600, 800, 600, 2, 1000, 21, true, formula));
    [a, b, c].forEach((x) => x.parentElement.remove());
    return out;
  }, typedRosenbrock);
  const [tFull, tRaster, tDrag] = cols(await runTyped());
  const ratio = (t, b) => `${(median(t) / median(b)).toFixed(2)}× built-in`;
  row(`Typed Rosenbrock “${typedRosenbrock}”: full recompute + redraw, as above`, median(tFull).toFixed(2), 'ms', `≤ 2× built-in (${ratio(tFull, full)})`);
  row('  typed: heatmap raster alone, as above', median(tRaster).toFixed(2), 'ms', `≤ 2× built-in (${ratio(tRaster, raster)})`);
  row('  typed: slider drag, as above', median(tDrag).toFixed(2), 'ms', `(${ratio(tDrag, drag)})`);
  const typing = await page.evaluate(() => {
    const mk = window.viewCanvas; // tests/e2e/harness.mjs
    const [a, b, c] = [mk(), mk(), mk()];
    const out = Array.from(window.wasmBindings.benchTyping(a, b, c, 800, 600, 323, 199, 2, 'x^4 - 2x^2 + y^2 + x*y', 'x^4 - 2x^2 + y^2 + 2x*y', 21));
    [a, b, c].forEach((x) => x.parentElement.remove());
    return out;
  });
  row('Typing a character in the formula field → every view redrawn (default race, 800×600 + two charts @2x)', median(typing).toFixed(2), 'ms', '≤ 16 (one frame)');
  row('  longest of 21 keystrokes', Math.max(...typing).toFixed(2), 'ms', '≤ 50');
  }

  // Plain-JS baseline of PEERS.md (tests/bench/plain-heatmap.mjs), into ImageData.
  const js = await page.evaluate(() => {
    const run = (w, h) => {
      const img = new ImageData(w, h);
      const t0 = performance.now();
      window.plainHeatmap(img);
      return performance.now() - t0;
    };
    run(1600, 1200);
    const t = [];
    for (let r = 0; r < 9; r += 1) t.push(run(1600, 1200));
    return t;
  });
  row('  baseline: plain JS heatmap 1600×1200 (PEERS.md method, no contours)', median(js).toFixed(2), 'ms', 'PEERS: 29.5');
}

// ---- optional benches exported by the other labs ----------------------------------------------
for (const [lab, fn] of [['shrinkage', 'benchShrinkage'], ['mlp', 'benchMlp']]) {
  await labPage(lab);
  const has = await page.evaluate((f) => typeof window.wasmBindings[f] === 'function', fn);
  if (!has) continue;
  const res = await page.evaluate((f) => window.wasmBindings[f](), fn);
  for (const r of res) row(r.what, Number(r.value).toFixed(r.digits ?? 2), r.unit, r.target ?? '');
}

// ---- interactive redraws through the same Lab handle the page uses -----------------------------
await labPage('shrinkage');
{
  const r = await page.evaluate(() => {
    const { Lab } = window.wasmBindings;
    const lab = Lab.open('shrinkage', 'data.n=2000&data.p=76');
    for (const v of lab.views()) {
      const c = document.createElement('canvas'); document.body.append(c);
      lab.attach(v.id, c); lab.resize(v.id, 600, 400, 2);
    }
    while (lab.busy()) lab.tick(50);
    lab.render();
    const t = [];
    for (let i = 0; i < 21; i += 1) {
      const t0 = performance.now();
      lab.set('lambda', String(10 ** (-4 + (i % 7) * 0.5)));
      lab.render();
      t.push(performance.now() - t0);
    }
    t.sort((a, b) => a - b);
    return t[10];
  });
  row('Shrinkage: λ slider move → every view redrawn from the cached SVD (N = 2,000, p = 76: 77 columns, the largest the lab accepts at this N; 600×400 CSS @2x)', r.toFixed(2), 'ms', '≤ 16');
}
{
  // Time-sliced f32/f64 gradient descent (float32 preset: q = 10⁶ iterations in both precisions).
  const r = await page.evaluate(async () => {
    const { Lab } = window.wasmBindings;
    const lab = Lab.open('shrinkage', 'preset=float32');
    for (const v of lab.views()) {
      const c = document.createElement('canvas'); document.body.append(c);
      lab.attach(v.id, c); lab.resize(v.id, 600, 400, 2);
    }
    let longest = 0; let frames = 0;
    const t0 = performance.now();
    while (lab.busy() && performance.now() - t0 < 60000) {
      const s = performance.now();
      lab.tick(10);
      lab.render();
      longest = Math.max(longest, performance.now() - s);
      frames += 1;
      await new Promise((res) => setTimeout(res, 0));
    }
    return { longest, frames, secs: (performance.now() - t0) / 1000, status: lab.status() };
  });
  row(`Shrinkage: longest frame while f32 + f64 GD run time-sliced (float32 preset, ${r.frames} frames, ${r.secs.toFixed(1)} s)`, r.longest.toFixed(1), 'ms', '≤ 50');
}
await labPage('mlp');
{
  const r = await page.evaluate(() => {
    const { Lab } = window.wasmBindings;
    const lab = Lab.open('mlp', 'hidden=16,16&activation=tanh&data.kind=circles&data.n=500');
    const c = document.createElement('canvas'); document.body.append(c);
    lab.attach('surface', c); lab.resize('surface', 400, 320, 2);
    lab.action('step');
    const t = [];
    for (let i = 0; i < 21; i += 1) {
      lab.action('step');
      const t0 = performance.now();
      lab.renderView('surface');
      t.push(performance.now() - t0);
    }
    t.sort((a, b) => a - b);
    return t[10];
  });
  row('MLP: decision-surface view redraw after a step (200×200 grid, raster + 500 points + axes, 400×320 CSS @2x)', r.toFixed(2), 'ms', '≤ 8');
}

// ---- MLP: time-sliced training in the page — longest task and memory over a soak ---------------
{
  const seconds = Number(process.env.SOAK_SECONDS || 60);
  const r = await page.evaluate(async (secs) => {
    const { Lab, wasmMemoryBytes } = window.wasmBindings;
    const lab = Lab.open('mlp', 'preset=adam_vs_momentum&budget=100000&speed=50');
    let restarts = 0;
    const canvases = [];
    const ids = [];
    for (const v of lab.views()) {
      const c = document.createElement('canvas'); document.body.append(c);
      lab.attach(v.id, c); lab.resize(v.id, 400, 300, 2);
      canvases.push(c.getContext('2d'));
      ids.push(v.id);
    }
    let due = [];
    const samples = [];
    let longest = 0;
    let first = 0;
    let coldMax = 0;
    let lastRender = 0;
    const frames = [];
    const t0 = performance.now();
    let next = 0;
    while (performance.now() - t0 < secs * 1000) {
      let cold = first === 0;
      if (!lab.busy()) { lab.action('reset'); lab.action('play'); restarts += 1; cold = true; }
      // The page's loop (www/js/widget.js): tick for at most 10 ms, less when the last frame's
      // drawing was long (tick + drawing near 24 ms), never under 2 ms; then draw the due views
      // until 14 ms are spent, the others first in the next frame.
      const s = performance.now();
      lab.tick(Math.max(2, Math.min(10, 24 - lastRender)));
      const r0 = performance.now();
      for (const id of ids) if (!due.includes(id)) due.push(id);
      while (due.length) {
        lab.renderView(due.shift());
        if (performance.now() - r0 >= 14) break;
      }
      lastRender = performance.now() - r0;
      // Until the canvases have rasterised the frame (the browser does it before painting).
      for (const ctx of canvases) ctx.getImageData(0, 0, 1, 1);
      const dt = performance.now() - s;
      if (first === 0) first = dt;
      else if (cold) coldMax = Math.max(coldMax, dt);
      else { longest = Math.max(longest, dt); frames.push(dt); }
      if (performance.now() - t0 >= next) {
        samples.push({ t: (performance.now() - t0) / 1000, wasm: wasmMemoryBytes(), js: performance.memory ? performance.memory.usedJSHeapSize : 0 });
        next += 5000;
      }
      await new Promise((res) => setTimeout(res, 4));
    }
    frames.sort((a, b) => a - b);
    const q = (p) => frames[Math.min(frames.length - 1, Math.floor(frames.length * p))];
    return { samples, longest, first, coldMax, restarts, n: frames.length, p50: q(0.5), p99: q(0.99), p999: q(0.999), over50: frames.filter((f) => f > 50).length, status: lab.status() };
  }, seconds);
  const first = r.samples[1] || r.samples[0];
  const last = r.samples[r.samples.length - 1];
  row('MLP: first frame (cold: first tick, first views drawn)', r.first.toFixed(1), 'ms', '');
  row(`MLP: frames while training (the page's loop: tick ≤ 10 ms, then the 6 views drawn within a 14-ms budget, rasterised; ${seconds} s): median`, r.p50.toFixed(1), 'ms', '');
  row('MLP: … 99th percentile', r.p99.toFixed(1), 'ms', '');
  row('MLP: … 99.9th percentile', r.p999.toFixed(1), 'ms', '≤ 50');
  row(`MLP: … longest of ${r.n} frames (frames over 50 ms: ${r.over50}); first frame after a restart: ${r.coldMax.toFixed(1)} ms`, r.longest.toFixed(1), 'ms', '≤ 50');
  row(`MLP: wasm memory after 5 s → after ${seconds} s of training`, `${(first.wasm / 2 ** 20).toFixed(1)} → ${(last.wasm / 2 ** 20).toFixed(1)}`, 'MiB', 'flat');
  row(`MLP: JS heap after 5 s → after ${seconds} s of training`, `${(first.js / 2 ** 20).toFixed(1)} → ${(last.js / 2 ** 20).toFixed(1)}`, 'MiB', 'flat');
  console.error(`soak: ${r.restarts} restarts after the 100,000-step budget; ${r.status}`);
}

const mlpJs = await page.evaluate(() => {
  // Hand-written plain JS over Float64Array: 2-16-16-1 tanh, 500 points, full-batch Adam, MSE.
  const n = 500; const sizes = [2, 16, 16, 1];
  let seed = 1; const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
  const X = new Float64Array(n * 2); const Y = new Float64Array(n);
  for (let i = 0; i < n; i += 1) { const a = rnd() * 6.283; const r = i % 2 ? 0.5 : 1; X[2 * i] = r * Math.cos(a); X[2 * i + 1] = r * Math.sin(a); Y[i] = i % 2; }
  const W = []; const B = []; const gW = []; const gB = []; const m = []; const v = [];
  for (let l = 0; l < 3; l += 1) { const k = sizes[l] * sizes[l + 1]; W.push(Float64Array.from({ length: k }, () => (rnd() - 0.5) * Math.sqrt(2 / sizes[l]) * 3.4)); B.push(new Float64Array(sizes[l + 1])); gW.push(new Float64Array(k)); gB.push(new Float64Array(sizes[l + 1])); }
  const P = [...W, ...B]; const G = [...gW, ...gB]; for (const p of P) { m.push(new Float64Array(p.length)); v.push(new Float64Array(p.length)); }
  const A = sizes.map((s) => new Float64Array(n * s)); const D = sizes.map((s) => new Float64Array(n * s));
  A[0].set(X);
  let t = 0;
  const step = () => {
    for (let l = 0; l < 3; l += 1) {
      const [ni, no] = [sizes[l], sizes[l + 1]]; const a = A[l]; const z = A[l + 1]; const w = W[l]; const b = B[l];
      for (let i = 0; i < n; i += 1) for (let o = 0; o < no; o += 1) { let s = b[o]; for (let k = 0; k < ni; k += 1) s += w[o * ni + k] * a[i * ni + k]; z[i * no + o] = l < 2 ? Math.tanh(s) : s; }
    }
    for (let i = 0; i < n; i += 1) D[3][i] = (2 / n) * (A[3][i] - Y[i]);
    for (let l = 2; l >= 0; l -= 1) {
      const [ni, no] = [sizes[l], sizes[l + 1]]; const a = A[l]; const d = D[l + 1]; const w = W[l];
      gW[l].fill(0); gB[l].fill(0); if (l > 0) D[l].fill(0);
      for (let i = 0; i < n; i += 1) for (let o = 0; o < no; o += 1) { const g = d[i * no + o]; gB[l][o] += g; for (let k = 0; k < ni; k += 1) { gW[l][o * ni + k] += g * a[i * ni + k]; if (l > 0) D[l][i * ni + k] += g * w[o * ni + k]; } }
      if (l > 0) for (let j = 0; j < n * ni; j += 1) D[l][j] *= 1 - a[j] * a[j];
    }
    t += 1; const c1 = 1 - 0.9 ** t; const c2 = 1 - 0.999 ** t;
    for (let q = 0; q < P.length; q += 1) { const p = P[q]; const g = G[q]; const mq = m[q]; const vq = v[q]; for (let j = 0; j < p.length; j += 1) { mq[j] = 0.9 * mq[j] + 0.1 * g[j]; vq[j] = 0.999 * vq[j] + 0.001 * g[j] * g[j]; p[j] -= (0.01 * mq[j] / c1) / (Math.sqrt(vq[j] / c2) + 1e-8); } }
  };
  for (let i = 0; i < 50; i += 1) step();
  const res = [];
  for (let r = 0; r < 5; r += 1) { const t0 = performance.now(); for (let i = 0; i < 200; i += 1) step(); res.push(200 / ((performance.now() - t0) / 1000)); }
  res.sort((a, b) => a - b); return res[2];
});
row('  baseline: hand-written plain JS MLP step (2-16-16-1 tanh, 500 pts, full-batch Adam)', mlpJs.toFixed(0), 'steps/s', 'PEERS: 1,565');

// ---- MLP beside its peers, in one page, in rotated blocks (issue 12, shared/PEERS.md) -----------
// (BENCH_PEERS=0 leaves them out: tests/bench/compare.mjs compares two builds of the lab, and an
// older build has no MlpBench.)
if (process.env.BENCH_PEERS !== '0') {
  const peer = await openPeerPage(browser, srv);
  await peerRows(peer.page, row, loadAtStart);
  if (peer.errors.length) console.error(`bench: errors on the peers' page: ${peer.errors.join(' | ')}`);
  await peer.context.close();
}

// ---- responsiveness at the largest settings (issue 10): longest task and frames/s ------------
// Each case opens a fresh page at 1280×800, optionally presses Play (after Reset), and watches
// long tasks (a PerformanceObserver) and animation frames for a fixed time.
{
  const cases = [
    ['mlp hidden=128,128,128 N=2000, playing', 'lab=mlp&hidden=128,128,128&data.n=2000', true, 8],
    ['mlp hidden=256,256 N=5000, opening', 'lab=mlp&hidden=256,256&data.n=5000', false, 4],
    ['mlp hidden=512×8 N=10000, opening', 'lab=mlp&hidden=512,512,512,512,512,512,512,512&data.n=10000', false, 4],
    ['mlp deep.width=512 deep.depth=24, opening', 'lab=mlp&deep.width=512&deep.depth=24', false, 4],
    // The largest settings the lab accepts (the two above are refused with a notice beside the control).
    ['mlp hidden=512,512 N=10000 (largest allowed), playing', 'lab=mlp&hidden=512,512&data.n=10000', true, 8],
    ['mlp deep 24 × 280, batch 4096 (largest allowed), opening', 'lab=mlp&views=init&deep.width=280&deep.depth=24&deep.batch=4096', false, 6],
    // The shrinkage lab's largest problem at its largest N (5000 points, 85 columns), and one it
    // refuses (5000 × 401 took a 1.5-s task to decompose before the refusal).
    ['shrinkage N=5000 p=52 (largest allowed at this N), opening', 'lab=shrinkage&data.n=5000&data.p=52', false, 5],
    ['shrinkage N=5000 p=400, opening', 'lab=shrinkage&data.n=5000&data.p=400', false, 4],
    ['optimizer 8 racers × 20,000 at 1,000 it/s', `lab=optimizer&budget=20000&speed=1000&${Array.from({ length: 8 }, (_, i) => `racers.${i}.optimizer.kind=sgd&racers.${i}.optimizer.lr=${(0.001 * (i + 1)).toFixed(3)}`).join('&')}`, true, 21],
  ];
  for (const [what, q, play, secs] of cases) {
    const o = await openPage(browser, srv.origin, { width: 1280, height: 800 });
    await o.context.addInitScript(() => {
      window.__lt = [];
      new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__lt.push([e.startTime, e.duration]); }).observe({ type: 'longtask', buffered: true });
      window.__frames = 0;
      const f = () => { window.__frames += 1; requestAnimationFrame(f); };
      requestAnimationFrame(f);
    });
    await o.page.goto(`${srv.base}?${q}`);
    await o.page.waitForFunction(() => document.body.dataset.ready === '1', null, { timeout: 120000 }).catch(() => {});
    if (play) {
      await o.page.evaluate(() => {
        const b = (k) => document.querySelector(`.transport button[data-key=${k}]`);
        if (b('reset')) b('reset').click();
        if (b('play')) b('play').click();
      });
    }
    // Tasks until the lab first reports "ready" are the page load (module compile, building the
    // controls, first drawing of every view); the rest is the lab at work at this setting.
    await o.page.evaluate(() => { window.__frames = 0; window.__mark = performance.now(); });
    await o.page.waitForTimeout(secs * 1000);
    const r = await o.page.evaluate(() => ({ lt: window.__lt, mark: window.__mark, frames: window.__frames, status: (document.querySelector('.widget .status') || {}).textContent || '', notices: [...document.querySelectorAll('.notice')].map((n) => n.textContent).join(' | ') }));
    const load = r.lt.filter(([t]) => t < r.mark).map(([, d]) => d);
    const after = r.lt.filter(([t]) => t >= r.mark).map(([, d]) => d);
    row(`${what}: longest task while loading the page`, Math.round(Math.max(0, ...load)), 'ms', 'reported');
    row(`${what}: longest task after load`, Math.round(Math.max(0, ...after)), 'ms', '≤ 50 (issue 10)');
    row(`${what}: tasks over 50 ms after load`, after.filter((d) => d > 50).length, 'count', '0');
    if (/refused|at most/.test(r.notices)) row(`${what}: refused with a notice`, 1, 'yes', r.notices.slice(0, 60));
    if (play) row(`${what}: frames/s`, Number((r.frames / secs).toFixed(1)), 'fps', '≥ 50');
    const it = /Iteration (\d+) of/.exec(r.status);
    if (it) row(`${what}: iterations reached`, Number(it[1]), 'it', '20,000');
    await o.context.close();
  }
}

await browser.close();
await srv.close();

const w0 = Math.max(...rows.map((r) => r.what.length));
console.log(`\nDescent Lab benchmarks — headless Chromium, ${new Date().toISOString()}, load average at start ${loadAtStart} (1, 5, 15 min), at the end ${os.loadavg().map((v) => v.toFixed(2)).join(', ')}\n`);
console.log(`${'benchmark'.padEnd(w0)}  ${'median'.padStart(10)}  unit     target`);
console.log(`${'-'.repeat(w0)}  ${'-'.repeat(10)}  -------  ------`);
for (const r of rows) console.log(`${r.what.padEnd(w0)}  ${String(r.value).padStart(10)}  ${r.unit.padEnd(7)}  ${r.target}`);
