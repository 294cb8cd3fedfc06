// The theory lab in the page (issue 14, item 9), in one headless-Chromium run: each preset of each
// experiment opened from its link at 1280×800 and left to run for THEORY_SECONDS (default 60),
// while a PerformanceObserver records long tasks and requestAnimationFrame the frame gaps; then
// the longest frame, the 99th percentile, the tasks over 50 ms, when the lab went idle (its work
// done), and the wasm memory's high-water mark (a wasm memory only grows, so its size at the end
// is the most the preset used). Then the work the issue times: the 100×100 surface slice of a
// 2-64-64-1 network on 200 points and the Jacobian spectrum at N = 200, P ≈ 10,000, each as the
// sum of the ticks' times until done (time-sliced work, not wall time).
//
//   node tests/bench/theory.mjs [DIST]      (default dist/; THEORY_SECONDS=n, THEORY_PRESETS=id,id)
//
// Figures are reported, never asserted.
import os from 'node:os';
import path from 'node:path';
import { serve, launch, openPage } from '../e2e/harness.mjs';
import { CATALOGUE } from '../../www/js/catalogue.js';

const here = path.dirname(new URL(import.meta.url).pathname);
const dist = path.resolve(process.argv[2] || path.join(here, '..', '..', 'dist'));
const seconds = Number(process.env.THEORY_SECONDS || 60);
const only = (process.env.THEORY_PRESETS || '').split(',').filter(Boolean);
const loadAtStart = os.loadavg().map((v) => v.toFixed(2)).join(', ');
const rows = [];
const row = (what, value, unit, target = '') => rows.push({ what, value, unit, target });

const presets = CATALOGUE.find((l) => l.id === 'theory').presets.filter((p) => !only.length || only.includes(p.id));
const srv = await serve(dist);
const browser = await launch();

for (const p of presets) {
  const o = await openPage(browser, srv.origin, { width: 1280, height: 800 });
  await o.context.addInitScript(() => {
    window.__lt = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__lt.push([e.startTime, e.duration]); }).observe({ type: 'longtask', buffered: true });
    window.__gaps = [];
    let last = 0;
    // Each gap with when it ended (ms after the mark) and whether the lab was idle (its work done).
    const f = (t) => { if (last && window.__mark !== undefined && t >= window.__mark) window.__gaps.push([t - last, t - window.__mark, document.querySelector('.widget')?.dataset.idle === '1']); last = t; requestAnimationFrame(f); };
    requestAnimationFrame(f);
  });
  await o.page.goto(`${srv.base}?lab=theory&preset=${p.id}`);
  await o.page.waitForFunction(() => document.body.dataset.ready === '1', null, { timeout: 120000 }).catch(() => {});
  // Tasks before "ready" are the page load (module compile, controls, first drawing of each view);
  // from here on it is the preset at work.
  await o.page.evaluate(() => {
    window.__mark = performance.now();
    window.__idleAt = null;
    const w = document.querySelector('.widget');
    const watch = () => { if (window.__idleAt === null && w && w.dataset.idle === '1') window.__idleAt = performance.now() - window.__mark; else if (window.__idleAt === null) setTimeout(watch, 100); };
    setTimeout(watch, 200);
  });
  await o.page.waitForTimeout(seconds * 1000);
  const r = await o.page.evaluate(() => ({
    lt: window.__lt.filter(([t]) => t >= window.__mark).map(([, d]) => d),
    gaps: window.__gaps,
    idleAt: window.__idleAt,
    memory: window.wasmBindings && window.wasmBindings.wasmMemoryBytes ? window.wasmBindings.wasmMemoryBytes() : NaN,
    status: (document.querySelector('.widget .status') || {}).textContent || '',
    notices: [...document.querySelectorAll('.notice')].map((n) => n.textContent).join(' | '),
  }));
  const gaps = r.gaps.map(([d]) => d).sort((a, b) => a - b);
  const q = (f) => (gaps.length ? gaps[Math.min(gaps.length - 1, Math.floor(gaps.length * f))] : NaN);
  const name = `theory ${p.id}`;
  // When the frames over 34 ms (more than two display frames) came, and whether the lab was busy.
  const late = r.gaps.filter(([d]) => d > 34).map(([d, t, idle]) => `${Math.round(d)} at ${(t / 1000).toFixed(1)} s${idle ? ' idle' : ''}`);
  row(`${name}: longest frame (${gaps.length} frames in ${seconds} s${late.length ? `; over 34 ms: ${late.slice(0, 4).join(', ')}${late.length > 4 ? ', …' : ''}` : ''})`, q(1).toFixed(1), 'ms', '≤ 50');
  row(`${name}: 99th percentile frame`, q(0.99).toFixed(1), 'ms', '');
  row(`${name}: tasks over 50 ms (longest task ${Math.round(Math.max(0, ...r.lt))} ms)`, r.lt.filter((d) => d > 50).length, 'count', '0');
  row(`${name}: work done (idle) after`, r.idleAt === null ? `> ${seconds}` : (r.idleAt / 1000).toFixed(1), 's', '');
  row(`${name}: wasm memory high-water`, (r.memory / 2 ** 20).toFixed(1), 'MiB', '');
  console.error(`${name}: ${r.status.slice(0, 160)}${r.notices ? ` — notices: ${r.notices.slice(0, 160)}` : ''}`);
  await o.context.close();
}

// ---- the work the issue times: sums of the ticks' times (each tick gets at most 10 ms) ----------
{
  const o = await openPage(browser, srv.origin, { width: 1280, height: 800 });
  await o.page.goto(`${srv.base}?lab=theory`);
  await o.page.waitForFunction(() => document.body.dataset.ready === '1', null, { timeout: 120000 });
  const work = (query, phase, play) => o.page.evaluate(([query, phase, play]) => {
    const lab = window.wasmBindings.Lab.open('theory', query);
    if (play) lab.action('play');
    const re = new RegExp(phase);
    let spent = 0; let ticks = 0; let longest = 0; let seen = false;
    const t0 = performance.now();
    while (lab.busy() && performance.now() - t0 < 120000) {
      const before = re.test(lab.status());
      const s = performance.now();
      lab.tick(10);
      const dt = performance.now() - s;
      const after = re.test(lab.status());
      if (before || after) { spent += dt; ticks += 1; longest = Math.max(longest, dt); seen = true; }
      else if (seen) break;
    }
    const status = lab.status();
    lab.free();
    return { spent, ticks, longest, status };
  }, [query, phase, play]);
  const runs = [];
  for (let i = 0; i < 3; i += 1) runs.push(await work('experiment=surface&width=64&depth=2&data.n=200&grid=101&budget=30&compare=false', 'computing the surface', true));
  const med = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  row(`Surface slice 101×101 of 2-64-64-2 (tanh, spirals) on 200 points: sliced work (${runs[0].ticks} ticks, longest ${med(runs.map((r) => r.longest)).toFixed(1)} ms; median of 3)`, med(runs.map((r) => r.spent)).toFixed(0), 'ms', '≤ 1000');
  console.error(`surface slice: ${runs[0].status.slice(0, 120)}`);
  const spec = [];
  for (let i = 0; i < 3; i += 1) spec.push(await work('width=98&depth=2&data.n=200', 'computing J and the kernel', false));
  row(`Jacobian spectrum at w₀, N = 200, P = 9,997 (1-98-98-1): J, JJᵀ and its eigenvalues, sliced work (${spec[0].ticks} ticks, longest ${med(spec.map((r) => r.longest)).toFixed(1)} ms; median of 3)`, med(spec.map((r) => r.spent)).toFixed(0), 'ms', '≤ 200');
  console.error(`spectrum: ${spec[0].status.slice(0, 120)}`);
  await o.context.close();
}

await browser.close();
await srv.close();

const w0 = Math.max(...rows.map((r) => r.what.length));
console.log(`\nDescent Lab — theory lab in the page, headless Chromium, ${new Date().toISOString()}, load average at start ${loadAtStart} (1, 5, 15 min), at the end ${os.loadavg().map((v) => v.toFixed(2)).join(', ')}\n`);
console.log(`${'benchmark'.padEnd(w0)}  ${'value'.padStart(10)}  unit     target`);
console.log(`${'-'.repeat(w0)}  ${'-'.repeat(10)}  -------  ------`);
for (const r of rows) console.log(`${r.what.padEnd(w0)}  ${String(r.value).padStart(10)}  ${r.unit.padEnd(7)}  ${r.target}`);
