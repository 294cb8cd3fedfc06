// End-to-end tests of the Shrinkage lab: a slider, dragging a data point, a preset link and embed
// mode each change what the canvases show, with no console error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openPage, ready, inkCounts, canvasHash, assertClean } from './harness.mjs';

const VIEWS = ['filters', 'data', 'errors', 'spectrum', 'precision'];
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

async function hashes(page) {
  const out = {};
  for (const v of VIEWS) out[v] = await canvasHash(page, v);
  return out;
}

function param(page, key) {
  return new URL(page.url()).searchParams.get(key);
}

test('shrinkage lab shows five labelled views, all inked', async () => {
  const { page, context, log } = await openPage(browser, srv.origin);
  await page.goto(`${srv.base}?lab=shrinkage`);
  await ready(page);
  const counts = await inkCounts(page);
  assert.deepEqual(counts.map((c) => c.view), VIEWS);
  for (const c of counts) assert.ok(c.ink > c.total * 0.01, `${c.view}: canvas looks blank`);
  const titles = await page.$$eval('figure.view figcaption strong', (s) => s.map((e) => e.textContent));
  assert.ok(titles.some((t) => t.includes('Filter factors')), titles.join(' | '));
  assert.match(await page.textContent('.status'), /w_iterated − w_closed form‖\/‖w‖ = \d\.\de-1\d/);
  assertClean(assert, log, 'shrinkage');
  await context.close();
});

test('moving the λ slider redraws the filters, fits and error markers and updates the URL', async () => {
  const { page, context, log } = await openPage(browser, srv.origin);
  await page.goto(`${srv.base}?lab=shrinkage`);
  await ready(page);
  const before = await hashes(page);
  await page.evaluate(() => {
    const input = document.querySelector('.control[data-key="lambda"] input[type=range]');
    input.value = '1';
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await ready(page);
  const after = await hashes(page);
  for (const v of ['filters', 'data', 'errors', 'spectrum']) assert.notEqual(after[v], before[v], `${v} did not change with λ`);
  assert.equal(Number(param(page, 'lambda')), 10);
  assertClean(assert, log, 'slider');
  await context.close();
});

test('shift+click adds a point, dragging moves it, double-click removes it; the fit follows', async () => {
  const { page, context, log } = await openPage(browser, srv.origin);
  await page.goto(`${srv.base}?lab=shrinkage`);
  await ready(page);
  // The whole canvas in the window (the drag below goes to its lower half).
  await page.locator('canvas[data-view="data"]').evaluate((c) => c.scrollIntoView({ block: 'center' }));
  const box = await page.locator('canvas[data-view="data"]').boundingBox();
  // An empty spot near (x, y) ≈ (0, 1): inside the current y range, so the axes do not rescale.
  const x = box.x + box.width * 0.5;
  const y = box.y + box.height * 0.25;
  const h0 = await canvasHash(page, 'data');
  await page.keyboard.down('Shift');
  await page.mouse.click(x, y);
  await page.keyboard.up('Shift');
  await ready(page);
  const added = param(page, 'points');
  assert.ok(added && added.split(';').filter(Boolean).length === 41, `expected 41 points, got ${added}`);
  const h1 = await canvasHash(page, 'data');
  assert.notEqual(h1, h0, 'adding a point did not change the data view');

  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + 30, y + box.height * 0.3, { steps: 6 });
  await page.mouse.up();
  await ready(page);
  const moved = param(page, 'points');
  assert.notEqual(moved, added, 'dragging did not move the point');
  const h2 = await canvasHash(page, 'data');
  assert.notEqual(h2, h1, 'dragging did not redraw the data view');

  await page.mouse.dblclick(x + 30, y + box.height * 0.3);
  await ready(page);
  assert.equal(param(page, 'points').split(';').filter(Boolean).length, 40, 'double-click did not remove the point');
  assertClean(assert, log, 'drag');
  await context.close();
});

test('a preset link loads the preset and draws something different from the default', async () => {
  const { page, context, log } = await openPage(browser, srv.origin);
  await page.goto(`${srv.base}?lab=shrinkage`);
  await ready(page);
  const base = await hashes(page);
  await page.goto(`${srv.base}?lab=shrinkage&preset=pca`);
  await ready(page);
  assert.equal(await page.inputValue('.control[data-key="preset"] select'), 'pca');
  assert.equal(Number(param(page, 'kappa')), 0.05);
  const after = await hashes(page);
  for (const v of ['filters', 'data', 'spectrum']) assert.notEqual(after[v], base[v], `${v} looks like the default`);
  assertClean(assert, log, 'preset');
  await context.close();
});

test('embed mode with views=filters,data shows only those views, inked, following λ', async () => {
  const { page, context, log } = await openPage(browser, srv.origin, { width: 1200, height: 800 });
  await page.goto(`${srv.base}?lab=shrinkage&embed=1&views=filters,data&preset=ridge`);
  await ready(page);
  const counts = await inkCounts(page);
  assert.deepEqual(counts.map((c) => c.view), ['filters', 'data']);
  for (const c of counts) assert.ok(c.ink > c.total * 0.01, `${c.view} is blank`);
  assert.equal(await page.isVisible('.site-header'), false);
  const h0 = await canvasHash(page, 'filters');
  await page.evaluate(() => {
    const input = document.querySelector('.control[data-key="lambda"] input[type=range]');
    input.value = '-6';
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await ready(page);
  assert.notEqual(await canvasHash(page, 'filters'), h0, 'embedded filters view did not follow λ');
  assertClean(assert, log, 'embed two views');
  await context.close();
});

// The shell sizes a lone embedded view from its parent's height (www/js/widget.js, sizeAll), which
// collapses to the 120 px minimum when nothing else gives the parent a height: the chart is squashed.
test('embed mode with views=filters shows only that view, inked, without site chrome', async () => {
  const { page, context, log } = await openPage(browser, srv.origin, { width: 1200, height: 700 });
  await page.goto(`${srv.base}?lab=shrinkage&embed=1&views=filters&preset=ridge`);
  await ready(page);
  const counts = await inkCounts(page);
  assert.deepEqual(counts.map((c) => c.view), ['filters']);
  assert.ok(counts[0].ink > counts[0].total * 0.01);
  assert.equal(await page.isVisible('.site-header'), false);
  const h0 = await canvasHash(page, 'filters');
  await page.evaluate(() => {
    const input = document.querySelector('.control[data-key="lambda"] input[type=range]');
    input.value = '-6';
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await ready(page);
  assert.notEqual(await canvasHash(page, 'filters'), h0, 'embedded filters view did not follow λ');
  assertClean(assert, log, 'embed');
  await context.close();
});

test('the λ and κ sliders span the data\'s spectrum and follow it; a problem too large to decompose is refused beside N', async () => {
  const { page, context, log } = await openPage(browser, srv.origin);
  await page.goto(`${srv.base}?lab=shrinkage`);
  await ready(page);
  const range = (key) => page.evaluate((k) => {
    const r = document.querySelector(`.control[data-key="${k}"] input[type=range]`);
    return [Number(r.min), Number(r.max)];
  }, key);
  const [l0, l1] = await range('lambda');
  // Decades of λ: far fewer than the 16 (10⁻¹² … 10⁴) the box accepts.
  assert.ok(l1 - l0 <= 15 && l1 - l0 >= 3, `λ slider spans ${l1 - l0} decades`);
  const [k0, k1] = await range('kappa');
  assert.ok(k1 - k0 <= 9, `κ slider spans ${k1 - k0} decades`);
  // Fewer, better conditioned features: the slider follows the new spectrum.
  await page.evaluate(() => {
    const n = document.querySelector('.control[data-key="data.p"] input');
    n.value = '2';
    n.dispatchEvent(new Event('change'));
  });
  await ready(page);
  const [m0, m1] = await range('lambda');
  assert.ok(m0 > l0 && m1 - m0 < l1 - l0, `λ slider after p = 2: [${m0}, ${m1}] (was [${l0}, ${l1}])`);
  // N = 5000 with p = 400 would block the page for over a second: refused beside the control.
  const before = page.url();
  await page.evaluate(() => {
    const p = document.querySelector('.control[data-key="data.p"] input');
    p.value = '400';
    p.dispatchEvent(new Event('change'));
    const n = document.querySelector('.control[data-key="data.n"] input');
    n.value = '5000';
    n.dispatchEvent(new Event('change'));
  });
  await ready(page);
  const err = await page.locator('.control[data-key="data.n"] .error').textContent();
  assert.match(err, /would freeze the page.*at most/);
  assert.equal(new URL(page.url()).searchParams.get('data.n'), new URL(before).searchParams.get('data.n'), 'N kept');
  assertClean(assert, log, 'slider range');
  await context.close();
});
