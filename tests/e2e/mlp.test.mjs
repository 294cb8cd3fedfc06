// End-to-end tests of the MLP lab in Chromium: training changes the canvases, the optimizer select
// changes the runs, a preset link loads its configuration, embed mode shows one view, no console errors.
// Also prints rough speed figures (never asserted as timings).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openPage, ready, inkCounts, canvasHash, assertClean } from './harness.mjs';

let srv;
let browser;

before(async () => {
  srv = await serve();
  browser = await launch();
});
after(async () => {
  await browser.close();
  await srv.close();
});

const status = (page) => page.textContent('.widget .status');

test('mlp: play trains, the canvases change, pause stops', async () => {
  const { page, context, log } = await openPage(browser, srv.origin);
  await page.goto(`${srv.base}?lab=mlp`);
  await ready(page);
  for (const c of await inkCounts(page)) assert.ok(c.ink > c.total * 0.01, `${c.view} blank`);
  const before = { surface: await canvasHash(page, 'surface'), loss: await canvasHash(page, 'loss') };
  await page.click('.transport button[data-key=play]');
  await page.waitForFunction(() => /Step (\d+)/.exec((document.querySelector('.widget .status') || {}).textContent || '')?.[1] > 100, null, { timeout: 20000 });
  await page.click('.transport button[data-key=play]');
  await ready(page);
  assert.notEqual(await canvasHash(page, 'surface'), before.surface, 'surface unchanged after training');
  assert.notEqual(await canvasHash(page, 'loss'), before.loss, 'loss curve unchanged after training');
  assert.match(await status(page), /run 1 loss/);
  assertClean(assert, log, 'mlp play');
  await context.close();
});

test('mlp: a link copied mid-training reopens at the same step with the same picture', async () => {
  const { page, context, log } = await openPage(browser, srv.origin);
  await page.goto(`${srv.base}?lab=mlp`);
  await ready(page);
  await page.click('.transport button[data-key=play]');
  await page.waitForFunction(() => /Step (\d+)/.exec((document.querySelector('.widget .status') || {}).textContent || '')?.[1] > 150, null, { timeout: 20000 });
  await page.click('.transport button[data-key=play]');
  await ready(page);
  const url = page.url();
  const step = Number(new URL(url).searchParams.get('step'));
  assert.ok(step > 150, `the link records the step reached (step=${step})`);
  const first = { status: (await status(page)).split(' — ')[0], surface: await canvasHash(page, 'surface'), loss: await canvasHash(page, 'loss') };
  const second = await openPage(browser, srv.origin);
  await second.page.goto(url);
  await ready(second.page); // replays training to the link's step, time-sliced, then stops
  assert.equal((await second.page.textContent('.widget .status')).split(' — ')[0], first.status);
  assert.equal(await canvasHash(second.page, 'surface'), first.surface, 'the replayed decision surface differs');
  assert.equal(await canvasHash(second.page, 'loss'), first.loss, 'the replayed loss curves differ');
  assert.equal(second.page.url(), url);
  assertClean(assert, second.log, 'mlp replay');
  await second.context.close();
  assertClean(assert, log, 'mlp step link');
  await context.close();
});

test('mlp: changing the optimizer select updates the run, the URL and the curves', async () => {
  const { page, context, log } = await openPage(browser, srv.origin);
  await page.goto(`${srv.base}?lab=mlp`);
  await ready(page);
  await page.click('.transport button[data-key=step]');
  await ready(page);
  const lossBefore = await canvasHash(page, 'loss');
  await page.selectOption('.control[data-key="runs.0.optimizer.kind"] select', 'nero');
  await ready(page);
  assert.match(page.url(), /runs\.0\.optimizer\.kind=nero/);
  assert.ok(await page.isVisible('legend:has-text("Run 1 · Nero")'));
  await page.click('.transport button[data-key=step]');
  await page.click('.transport button[data-key=step]');
  await ready(page);
  assert.notEqual(await canvasHash(page, 'loss'), lossBefore);
  // A refused value shows a message beside the control and changes nothing.
  const url = page.url();
  await page.fill('.control[data-key=hidden] input', '16,0');
  await page.press('.control[data-key=hidden] input', 'Enter');
  await page.locator('.control[data-key=hidden] input').blur();
  await page.waitForSelector('.control[data-key=hidden].invalid');
  assert.match(await page.textContent('.control[data-key=hidden] .error'), /width 0/);
  assert.equal(page.url(), url);
  assertClean(assert, log, 'mlp optimizer select');
  await context.close();
});

test('mlp: the arithmetic select switches every run to f32, shown in the legend and the link', async () => {
  const { page, context, log } = await openPage(browser, srv.origin);
  await page.goto(`${srv.base}?lab=mlp`);
  await ready(page);
  assert.equal(await page.inputValue('.control[data-key=precision] select'), 'f64');
  assert.match(await page.textContent('.control[data-key=arch]'), /f64\)/);
  await page.selectOption('.control[data-key=precision] select', 'f32');
  await ready(page);
  assert.match(page.url(), /precision=f32/);
  assert.match(await page.textContent('.control[data-key=arch]'), /f32\)/);
  await page.click('.transport button[data-key=play]');
  await page.waitForFunction(() => /Step (\d+)/.exec((document.querySelector('.widget .status') || {}).textContent || '')?.[1] > 100, null, { timeout: 20000 });
  await page.click('.transport button[data-key=play]');
  await ready(page);
  assert.match(await status(page), /run 1 loss/);
  // The loss chart's legend names the arithmetic: the same view, from the page's link, as SVG.
  const svg = await page.evaluate((q) => {
    const lab = window.descentLab.wasm.Lab.open('mlp', q);
    lab.action('step');
    return lab.svg('loss', 600, 400);
  }, new URL(page.url()).search.slice(1));
  assert.match(svg, /Adam α=0\.01[^<]*, f32/);
  for (const c of await inkCounts(page)) assert.ok(c.ink > c.total * 0.01, `${c.view} blank`);
  assertClean(assert, log, 'mlp precision');
  await context.close();
});

test('mlp: a preset link loads its runs and trains to a diverged run', async () => {
  const { page, context, log } = await openPage(browser, srv.origin);
  await page.goto(`${srv.base}?lab=mlp&preset=learning_rates`);
  // A preset link starts training by itself.
  await page.waitForFunction(() => /run 3 diverged at step \d+/.test((document.querySelector('.widget .status') || {}).textContent || ''), null, { timeout: 30000 });
  await ready(page);
  assert.equal(await page.inputValue('.control[data-key=preset] select'), 'learning_rates');
  assert.equal(await page.inputValue('.control[data-key="runs.2.optimizer.lr"] input.num'), '1.5');
  // The address bar now reproduces the same state.
  const q = page.url();
  const { page: p2, context: c2 } = await openPage(browser, srv.origin);
  await p2.goto(q);
  await ready(p2);
  assert.equal(await p2.inputValue('.control[data-key="runs.2.optimizer.lr"] input.num'), '1.5');
  await c2.close();
  assertClean(assert, log, 'mlp preset');
  await context.close();
});

test('mlp: embed mode shows only the surface view and it trains', async () => {
  const { page, context, log } = await openPage(browser, srv.origin, { width: 700, height: 600 });
  await page.goto(`${srv.base}?lab=mlp&embed=1&views=surface&preset=adam_vs_momentum`);
  await ready(page);
  const counts = await inkCounts(page);
  assert.deepEqual(counts.map((c) => c.view), ['surface']);
  assert.ok(counts[0].ink > counts[0].total * 0.2, 'surface shows the raster');
  assert.equal(await page.isVisible('.site-header'), false);
  const h0 = await canvasHash(page, 'surface');
  await page.click('.transport button[data-key=play]');
  await page.waitForFunction(() => /Step (\d+)/.exec((document.querySelector('.widget .status') || {}).textContent || '')?.[1] > 50, null, { timeout: 20000 });
  assert.notEqual(await canvasHash(page, 'surface'), h0);
  assertClean(assert, log, 'mlp embed');
  await context.close();
});

test('mlp: width sweep runs time-sliced with progress and plots', async () => {
  const { page, context, log } = await openPage(browser, srv.origin);
  await page.goto(`${srv.base}?lab=mlp&sweep.steps=60`);
  await ready(page);
  const h0 = await canvasHash(page, 'sweep');
  await page.click('.control[data-key=sweep_run] button');
  await page.waitForFunction(() => /width sweep \d+%/.test((document.querySelector('.widget .status') || {}).textContent || ''), null, { timeout: 10000 });
  await ready(page);
  assert.notEqual(await canvasHash(page, 'sweep'), h0);
  assertClean(assert, log, 'mlp sweep');
  await context.close();
});

test('mlp: speed figures (printed, not asserted)', async () => {
  const { page, context } = await openPage(browser, srv.origin);
  await page.goto(`${srv.base}?lab=mlp`);
  await ready(page);
  const r = await page.evaluate(() => {
    const { Lab } = window.descentLab.wasm;
    const soak = (precision) => {
      const l = Lab.open('mlp', `hidden=16,16&activation=tanh&data.n=500&data.val_fraction=0&runs.0.optimizer.kind=adam&speed=5000&budget=100000&precision=${precision}`);
      l.action('play');
      let longest = 0;
      const t0 = performance.now();
      while (performance.now() - t0 < 1500) {
        const s = performance.now();
        l.tick(10);
        longest = Math.max(longest, performance.now() - s);
      }
      const secs = (performance.now() - t0) / 1000;
      return { lab: l, longest, stepsPerSec: Number(/Step (\d+)/.exec(l.status())[1]) / secs };
    };
    const f32 = soak('f32');
    const { lab, longest, stepsPerSec } = soak('f64');
    const c = document.createElement('canvas');
    document.body.append(c);
    lab.attach('surface', c);
    lab.resize('surface', 300, 280, 1);
    lab.action('play');
    const times = [];
    for (let i = 0; i < 20; i += 1) {
      lab.action('step');
      const s = performance.now();
      lab.renderView('surface');
      times.push(performance.now() - s);
    }
    times.sort((a, b) => a - b);
    return { stepsPerSec, longestTick: longest, f32StepsPerSec: f32.stepsPerSec, f32LongestTick: f32.longest, surfaceMedianMs: times[10] };
  });
  console.log(`MLP lab speed: ${r.stepsPerSec.toFixed(0)} steps/s in f64, ${r.f32StepsPerSec.toFixed(0)} in f32 (2-16-16-2 tanh, 500 points, full-batch Adam, the lab's own loop with its history and checks); longest tick ${r.longestTick.toFixed(1)} / ${r.f32LongestTick.toFixed(1)} ms; 200×200 surface redraw median ${r.surfaceMedianMs.toFixed(1)} ms`);
  assert.ok(r.stepsPerSec > 0 && r.f32StepsPerSec > 0);
  await context.close();
});

test('mlp: the largest network on the largest data set stays responsive; a larger one is refused beside the control', async () => {
  const { page, context, log } = await openPage(browser, srv.origin);
  // 2-512-512-2 on 10,000 points: one full-batch step is ≈ 6 G multiply–adds, done in slices.
  await page.goto(`${srv.base}?lab=mlp&hidden=512,512&data.n=10000`);
  await ready(page);
  await page.click('.transport button[data-key=play]');
  await page.waitForFunction(() => /% computed/.test((document.querySelector('.widget .status') || {}).textContent || ''), null, { timeout: 30000 });
  // Pause acts within a frame or two: the button reads Play again and nothing trains any more.
  const t0 = Date.now();
  await page.click('.transport button[data-key=play]');
  await page.waitForFunction(() => /Play/.test(document.querySelector('.transport button[data-key=play]').textContent), null, { timeout: 2000 });
  const paused = Date.now() - t0;
  assert.ok(paused < 1000, `pause took ${paused} ms`);
  // Reset in the middle of a step: step 0, nothing computed, at once.
  await page.click('.transport button[data-key=step]');
  await page.click('.transport button[data-key=reset]');
  await page.waitForFunction(() => /^Step 0 of/.test((document.querySelector('.widget .status') || {}).textContent || '') && !/% computed/.test(document.querySelector('.widget .status').textContent), null, { timeout: 2000 });
  // A larger network is refused beside the hidden-layers control, with the reason.
  const box = page.locator('[data-key="hidden"] input, input[data-key="hidden"]').first();
  await box.fill('512,512,512');
  await box.press('Enter');
  await page.waitForFunction(() => /300,000/.test(document.body.textContent), null, { timeout: 5000 });
  assertClean(assert, log, 'mlp largest network');
  await context.close();
});

test('mlp: controls are keyed by their URL keys; hide= takes a run and earlier keys still work', async () => {
  const { page, context, log } = await openPage(browser, srv.origin);
  await page.goto(`${srv.base}?lab=mlp&hide=runs.1,r0.l2`);
  await ready(page);
  // hide=runs.1 hides run 2's whole card; the earlier key r0.l2 hides runs.0.l2, with a notice.
  assert.equal(await page.isVisible('.control[data-key="runs.1.optimizer.kind"]'), false);
  assert.equal(await page.isVisible('.control[data-key="runs.0.l2"]'), false);
  assert.ok(await page.isVisible('.control[data-key="runs.0.optimizer.lr"]'));
  assert.match((await page.locator('.notice').allTextContents()).join(' '), /“r0\.l2” is now called “runs\.0\.l2”/);
  // Every input control's key is a key of the address bar (or the start of one).
  const keys = [...new URL(page.url()).searchParams.keys()];
  const inputs = await page.$$eval('.control', (cs) => cs.filter((c) => c.querySelector('input:not([type=file]), select')).map((c) => c.dataset.key));
  for (const k of inputs) assert.ok(keys.some((u) => u === k || u.startsWith(`${k}.`)), `control ${k} is not a URL key`);
  // A script written for the earlier keys still sets the same value.
  const q = await page.evaluate(() => {
    const lab = window.descentLab.wasm.Lab.open('mlp', '');
    lab.set('r1.lr', '0.02');
    lab.set('r0.schedule', 'step');
    lab.set('r0.sched.gamma', '0.25');
    return lab.query();
  });
  assert.match(q, /runs\.1\.optimizer\.lr=0\.02/);
  assert.match(q, /runs\.0\.schedule\.kind=step&runs\.0\.schedule\.gamma=0\.25/);
  assertClean(assert, log, 'mlp keys');
  await context.close();
});
