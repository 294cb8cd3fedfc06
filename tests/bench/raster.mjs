// Rasters beside plain JS at the same sample count (issue 12, item 4), in one headless-Chromium run:
// the optimizer lab's Rosenbrock heatmap with contours at 800×600 and 1600×1200 samples and the
// MLP lab's decision surface of a 2-16-16-2 tanh network at 200×200, each next to a plain-JS
// baseline doing the same maths (shared/PEERS.md: Rosenbrock, log colour scale through a 256-entry
// table into ImageData; for the surface a tanh forward pass, softmax and colour mix per grid point),
// put on a canvas of the same size and read back, printed as a ratio (JS time ÷ lab time).
//
//   node tests/bench/raster.mjs [DIST ...]      (default dist/; ROUNDS=n, default 3)
//
// With several builds (e.g. a BEFORE copy of dist/ and dist/), every round measures each build in
// turn on its own page in the same browser, so before and after see the same machine load. A build
// without the raster benchmarks (older than this script) is measured through `benchOptimizer` (its
// "heatmap raster alone" rows, the same drawing) and the MLP lab's handle (the surface view).
// Figures are medians, reported, never asserted.
import os from 'node:os';
import path from 'node:path';
import { serve, launch, openPage } from '../e2e/harness.mjs';
import { installPlainHeatmap } from './plain-heatmap.mjs';

const here = path.dirname(new URL(import.meta.url).pathname);
const dists = (process.argv.slice(2).length ? process.argv.slice(2) : [path.join(here, '..', '..', 'dist')]).map((d) => path.resolve(d));
const rounds = Math.max(1, Number(process.env.ROUNDS) || 3);
const loadAtStart = os.loadavg().map((v) => v.toFixed(2)).join(', ');
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

/** Plain-JS baselines in the page: per repetition [heat 800×600, heat 1600×1200, surface 200×200], in ms, on a canvas. */
function baselines(reps) {
  const onCanvas = (w, h) => { const c = document.createElement('canvas'); c.width = w; c.height = h; document.body.append(c); return c.getContext('2d'); };
  // PEERS.md's heatmap (tests/bench/plain-heatmap.mjs), put on the canvas.
  const heat = (ctx, w, h) => {
    const t0 = performance.now();
    const img = window.plainHeatmap(new ImageData(w, h));
    ctx.putImageData(img, 0, 0);
    ctx.getImageData(0, 0, 1, 1);
    return performance.now() - t0;
  };
  // A 2-16-16-2 tanh network (fixed pseudo-random weights), per grid point: forward pass, softmax,
  // the two class colours mixed by the probabilities and faded where unsure (as the lab shades).
  let seed = 7;
  const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648 - 0.5; };
  const sizes = [2, 16, 16, 2];
  const W = []; const B = [];
  for (let l = 0; l < 3; l += 1) { W.push(Float64Array.from({ length: sizes[l] * sizes[l + 1] }, () => rnd() * 2)); B.push(Float64Array.from({ length: sizes[l + 1] }, () => rnd() * 0.2)); }
  const a1 = new Float64Array(16); const a2 = new Float64Array(16);
  const surface = (ctx, n) => {
    const t0 = performance.now();
    const img = new ImageData(n, n);
    const d = img.data;
    for (let r = 0; r < n; r += 1) {
      const y = 1.5 - (3 * (r + 0.5)) / n;
      for (let c = 0; c < n; c += 1) {
        const x = -1.5 + (3 * (c + 0.5)) / n;
        for (let o = 0; o < 16; o += 1) a1[o] = Math.tanh(B[0][o] + W[0][2 * o] * x + W[0][2 * o + 1] * y);
        for (let o = 0; o < 16; o += 1) { let s = B[1][o]; for (let k = 0; k < 16; k += 1) s += W[1][o * 16 + k] * a1[k]; a2[o] = Math.tanh(s); }
        let z0 = B[2][0]; let z1 = B[2][1];
        for (let k = 0; k < 16; k += 1) { z0 += W[2][k] * a2[k]; z1 += W[2][16 + k] * a2[k]; }
        const m = Math.max(z0, z1); const e0 = Math.exp(z0 - m); const e1 = Math.exp(z1 - m); const p0 = e0 / (e0 + e1); const p1 = 1 - p0;
        const a = 0.12 + 0.5 * Math.min(1, Math.max(0, (Math.max(p0, p1) - 0.5) * 2));
        const o = 4 * (r * n + c);
        d[o] = 255 + (p0 * 0 + p1 * 213 - 255) * a; d[o + 1] = 255 + (p0 * 114 + p1 * 94 - 255) * a; d[o + 2] = 255 + (p0 * 178 - 255) * a; d[o + 3] = 255;
      }
    }
    ctx.putImageData(img, 0, 0);
    ctx.getImageData(0, 0, 1, 1);
    return performance.now() - t0;
  };
  const [c1, c2, c3] = [onCanvas(800, 600), onCanvas(1600, 1200), onCanvas(200, 200)];
  heat(c1, 800, 600); heat(c2, 1600, 1200); surface(c3, 200);
  const out = [];
  for (let r = 0; r < reps; r += 1) out.push([heat(c1, 800, 600), heat(c2, 1600, 1200), surface(c3, 200)]);
  [c1, c2, c3].forEach((c) => c.canvas.remove());
  return out;
}

/**
 * The lab's rasters in the page: per repetition {heat800, heat1600, surface} (on the canvas) and,
 * when the build has the raster benchmarks, the computing alone. Each lab's page loads its own
 * wasm module (scripts/lab-modules.mjs): the heatmaps are timed in the optimizer lab's
 * (`benchHeatmaps`), the surface in the MLP lab's (`benchSurface`). Older builds had one module
 * with `benchRasters` (both), or neither.
 */
async function labRasters(page, base, reps) {
  const open = async (lab) => {
    await page.goto(`${base}?lab=${lab}`);
    await page.waitForFunction(() => document.body.dataset.ready === '1', null, { timeout: 60000 });
  };
  const has = (fn) => page.evaluate((fn) => typeof window.wasmBindings[fn] === 'function', fn);
  // `fn(canvas × n, reps)` on n new canvases in boxes as the page's (tests/e2e/harness.mjs), after
  // 2 repetitions of warm-up: its flat list of times.
  const timed = (fn, n) => page.evaluate(([fn, n, reps]) => {
    const cs = Array.from({ length: n }, () => window.viewCanvas());
    window.wasmBindings[fn](...cs, 2);
    const o = Array.from(window.wasmBindings[fn](...cs, reps));
    cs.forEach((c) => c.parentElement.remove());
    return o;
  }, [fn, n, reps]);
  // The surface first, in the MLP lab's page, if this build has it there; then the heatmaps in the
  // optimizer lab's, whose page the plain-JS baselines then run in (as with the older builds).
  await open('mlp');
  if (await has('benchSurface')) {
    const s = await timed('benchSurface', 1);
    await open('optimizer');
    const v = await timed('benchHeatmaps', 1);
    const col = (j) => v.filter((_, i) => i % 7 === j);
    const scol = (j) => s.filter((_, i) => i % 2 === j);
    return { heat800: col(1), heat1600: col(3), surface: scol(1), heat800c: col(0), heat1600c: col(2), surfacec: scol(0), parts: [col(4), col(5), col(6)] };
  }
  await open('optimizer');
  if (await has('benchRasters')) {
    const v = await timed('benchRasters', 2);
    const col = (j) => v.filter((_, i) => i % 9 === j);
    return { heat800: col(1), heat1600: col(3), surface: col(5), heat800c: col(0), heat1600c: col(2), surfacec: col(4), parts: [col(6), col(7), col(8)] };
  }
  const v = await page.evaluate((reps) => {
    const mk = window.viewCanvas; // tests/e2e/harness.mjs
    const [a, b, c] = [mk(), mk(), mk()];
    window.wasmBindings.benchOptimizer(a, b, c, 800, 600, 323, 199, 2, 10, 2, true);
    const o = Array.from(window.wasmBindings.benchOptimizer(a, b, c, 800, 600, 323, 199, 2, 10, reps, true));
    [a, b, c].forEach((x) => x.parentElement.remove());
    return o;
  }, reps);
  const col = (j) => v.filter((_, i) => i % 8 === j);
  await open('mlp');
  const surface = await page.evaluate((reps) => {
    const { Lab } = window.wasmBindings;
    const lab = Lab.open('mlp', 'hidden=16,16&activation=tanh&data.kind=circles&data.n=500');
    const c = document.createElement('canvas'); document.body.append(c);
    lab.attach('surface', c); lab.resize('surface', 200, 200, 1);
    lab.action('step'); lab.renderView('surface');
    const t = [];
    for (let i = 0; i < reps; i += 1) {
      lab.action('step');
      const t0 = performance.now();
      lab.renderView('surface');
      c.getContext('2d').getImageData(0, 0, 1, 1);
      t.push(performance.now() - t0);
    }
    c.remove();
    return t;
  }, reps);
  return { heat800: col(1), heat1600: col(3), surface, viaView: true };
}

const browser = await launch();
const servers = await Promise.all(dists.map((d) => serve(d)));
const pages = [];
for (const srv of servers) {
  const { page } = await openPage(browser, srv.origin, { width: 1400, height: 1000, dpr: 2 });
  await installPlainHeatmap(page);
  pages.push(page);
}
const acc = dists.map(() => ({ lab: {}, js: [[], [], []] }));
for (let r = 0; r < rounds; r += 1) {
  for (let k = 0; k < dists.length; k += 1) {
    process.stderr.write(`raster bench: round ${r + 1}/${rounds}, ${dists[k]}\n`);
    const lab = await labRasters(pages[k], servers[k].base, 11);
    for (const [key, v] of Object.entries(lab)) {
      if (key === 'parts') acc[k].lab.parts = v.map((c, j) => [...((acc[k].lab.parts || [])[j] || []), ...c]);
      else acc[k].lab[key] = Array.isArray(v) ? [...(acc[k].lab[key] || []), ...v] : v;
    }
    // The baseline in the same page, right after the lab's figures.
    const js = await pages[k].evaluate(baselines, 11);
    js.forEach((row) => row.forEach((t, j) => acc[k].js[j].push(t)));
  }
}
await browser.close();
await Promise.all(servers.map((s) => s.close()));

console.log(`\nRasters beside plain JS at the same sample count — headless Chromium, ${new Date().toISOString()}`);
console.log(`load average at start ${loadAtStart}, at the end ${os.loadavg().map((v) => v.toFixed(2)).join(', ')} (1, 5, 15 min); medians of ${rounds}×11 repetitions, builds alternated\n`);
const rowsOf = (a) => [
  ['Heatmap + contours, 800×600 samples (Rosenbrock, log colour; lab: shown ×2 under a 1600×1200-device-px canvas)', a.lab.heat800, a.lab.heat800c, a.js[0]],
  ['Heatmap + contours, 1600×1200 samples (lab: a sample at every device pixel)', a.lab.heat1600, a.lab.heat1600c, a.js[1]],
  [a.lab.viaView ? 'MLP decision surface 200×200 (2-16-16-2 tanh; lab: the whole surface view at 200×200 CSS px, older build)' : 'MLP decision surface 200×200 (2-16-16-2 tanh, softmax, colours)', a.lab.surface, a.lab.surfacec, a.js[2]],
];
const w0 = Math.max(...rowsOf(acc[0]).map((r) => r[0].length));
for (let k = 0; k < dists.length; k += 1) {
  console.log(`build: ${dists[k]}`);
  console.log(`${'raster'.padEnd(w0)}  ${'lab ms'.padStart(8)}  ${'computed'.padStart(8)}  ${'JS ms'.padStart(8)}  ${'JS ÷ lab'.padStart(8)}  target`);
  for (const [what, lab, comp, js] of rowsOf(acc[k])) {
    const l = median(lab); const j = median(js);
    console.log(`${what.padEnd(w0)}  ${l.toFixed(2).padStart(8)}  ${(comp ? median(comp).toFixed(2) : '—').padStart(8)}  ${j.toFixed(2).padStart(8)}  ${(`${(j / l).toFixed(2)}×`).padStart(8)}  ≥ 5×`);
  }
  if (acc[k].lab.parts) {
    const [v, f, s] = acc[k].lab.parts.map(median);
    const [v0, f0, s0] = acc[k].lab.parts.map((xs) => Math.min(...xs));
    console.log(`  800×600 computed, part by part (median / fastest): values ${v.toFixed(2)} / ${v0.toFixed(2)} ms, colour scale fitted ${f.toFixed(2)} / ${f0.toFixed(2)} ms, colours + contours ${s.toFixed(2)} / ${s0.toFixed(2)} ms`);
  }
  console.log('');
}
