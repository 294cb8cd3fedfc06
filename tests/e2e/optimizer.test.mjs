// End-to-end tests of the optimizer lab, driven like a student would in headless Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openPage, ready, inkCounts, canvasHash, assertClean } from './harness.mjs';

let srv;
let browser;
before(async () => { srv = await serve(); browser = await launch(); });
after(async () => { await browser.close(); await srv.close(); });

async function open(query, opts) {
  const o = await openPage(browser, srv.origin, opts);
  await o.page.goto(`${srv.base}?lab=optimizer${query}`);
  await ready(o.page);
  return o;
}

test('clicking the landscape moves the start point, and the URL follows', async () => {
  const { page, context, log } = await open('');
  const before = await canvasHash(page, 'landscape');
  const box = await page.locator('canvas[data-view=landscape]').boundingBox();
  await page.mouse.click(box.x + box.width * 0.7, box.y + box.height * 0.3);
  await ready(page);
  const after = await canvasHash(page, 'landscape');
  assert.notEqual(after, before, 'the landscape view did not change after a click');
  const start = new URL(page.url()).searchParams.get('start');
  assert.ok(start && start !== '-1.2,1.0', `start in URL: ${start}`);
  assertClean(assert, log, 'click');
  await context.close();
});

test('a double-click resets a zoomed view and leaves the start point where it was', async () => {
  const { page, context, log } = await open('');
  const startBefore = new URL(page.url()).searchParams.get('start');
  const box = await page.locator('canvas[data-view=landscape]').boundingBox();
  const at = [box.x + box.width * 0.6, box.y + box.height * 0.4];
  await page.mouse.move(...at);
  await page.mouse.wheel(0, -100); // zoom in
  await ready(page);
  const zoomed = new URL(page.url()).searchParams.get('view');
  assert.ok(zoomed && zoomed.split(',').map(Number).some((v) => v !== 0), `zoom did not change the view (${zoomed})`);
  await page.mouse.dblclick(...at);
  await ready(page);
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('start'), startBefore, 'the double-click moved the start point');
  const view = (url.searchParams.get('view') || '0,0,0,0').split(',').map(Number);
  assert.deepEqual(view, [0, 0, 0, 0], `view not reset to the landscape's default: ${url.searchParams.get('view')}`);
  assertClean(assert, log, 'double-click');
  await context.close();
});

test('changing a hyperparameter recomputes the race and redraws the charts', async () => {
  const { page, context, log } = await open('');
  const before = await canvasHash(page, 'loss');
  const box = page.locator('.control[data-key="racers.1.optimizer.lr"] input.num');
  await box.fill('0.2');
  await box.press('Enter');
  await ready(page);
  assert.notEqual(await canvasHash(page, 'loss'), before);
  assert.equal(new URL(page.url()).searchParams.get('racers.1.optimizer.lr'), '0.2');
  // Dragging the slider also updates live.
  const h1 = await canvasHash(page, 'landscape');
  await page.locator('.control[data-key="racers.1.optimizer.lr"] input[type=range]').evaluate((el) => {
    el.value = String(Math.log10(0.01));
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await ready(page);
  assert.notEqual(await canvasHash(page, 'landscape'), h1);
  assertClean(assert, log, 'hyperparameter');
  await context.close();
});

test('bad hyperparameters are refused beside the control and change nothing', async () => {
  const { page, context, log } = await open('');
  const before = await canvasHash(page, 'landscape');
  for (const bad of ['-1', 'NaN', 'abc', '1e300']) {
    const box = page.locator('.control[data-key="racers.0.optimizer.lr"] input.num');
    await box.fill(bad);
    await box.press('Enter');
    const msg = await page.locator('.control[data-key="racers.0.optimizer.lr"] .error').textContent();
    assert.ok(msg.length > 5, `no message for ${bad}`);
  }
  await ready(page);
  assert.equal(await canvasHash(page, 'landscape'), before);
  assertClean(assert, log, 'bad input');
  await context.close();
});

test('a preset link reproduces the lecture figure, and the address bar reproduces the view', async () => {
  const { page, context, log } = await open('&preset=momentum_zigzag');
  await page.waitForFunction(() => (document.querySelector('.status') || { textContent: '' }).textContent.includes('Iteration 80 of 80'), null, { timeout: 20000 });
  await ready(page);
  assert.match(await page.locator('.status').textContent(), /Momentum|momentum/);
  const land = await page.locator('.control[data-key="landscape.kind"] select').inputValue();
  assert.equal(land, 'quadratic');
  const url = page.url();
  const h = await canvasHash(page, 'landscape');
  const second = await openPage(browser, srv.origin);
  await second.page.goto(url);
  await ready(second.page);
  assert.equal(await canvasHash(second.page, 'landscape'), h, 'same address, same picture');
  assertClean(assert, log, 'preset');
  assertClean(assert, second.log, 'reload');
  await second.context.close();
  await context.close();
});

test('embed mode shows only the chosen view and hides chosen controls', async () => {
  const { page, context, log } = await open('&preset=saddle_driveby&embed=1&views=landscape&hide=Landscape,speed');
  assert.equal(await page.isVisible('.site-header'), false);
  assert.equal(await page.locator('canvas').count(), 1);
  assert.equal(await page.isVisible('fieldset[data-group=Landscape]'), false);
  assert.equal(await page.isVisible('.control[data-key=speed]'), false);
  assert.equal(await page.isVisible('.transport button[data-key=play]'), true, 'the embed carries its transport bar');
  const [c] = await inkCounts(page);
  assert.ok(c.ink > c.total * 0.2);
  assertClean(assert, log, 'embed');
  await context.close();
});

test('hide= with an earlier control key (r0.lr) still hides racer 1\'s learning rate, with a notice', async () => {
  const { page, context, log } = await open('&hide=r0.lr');
  assert.equal(await page.isVisible('.control[data-key="racers.0.optimizer.lr"]'), false);
  assert.equal(await page.isVisible('.control[data-key="racers.1.optimizer.lr"]'), true, 'racer 2 keeps its α');
  assert.match(await page.textContent('.notices'), /“r0\.lr” is now called “racers\.0\.optimizer\.lr”/);
  assertClean(assert, log, 'old hide name');
  await context.close();
});

test('a diverging racer is marked and the others keep running', async () => {
  const { page, context, log } = await open('&preset=learning_rates');
  await page.waitForFunction(() => (document.querySelector('.status') || { textContent: '' }).textContent.includes('Iteration 60 of 60'), null, { timeout: 20000 });
  assert.match(await page.locator('.status').textContent(), /racer 2 diverged at step \d+/);
  assert.match(await page.locator('.control[data-key="racers.2.result"] output').textContent(), /final loss/);
  assertClean(assert, log, 'divergence');
  await context.close();
});

test('malformed URL values fall back with a dismissable notice and no injected HTML', async () => {
  const { page, context, log } = await open('&budget=-3&racers.0.optimizer.lr=%3Cimg%20src%3Dx%20onerror%3Dwindow.pwned%3D1%3E&zzz=1&start=NaN,1');
  const notices = page.locator('.notice');
  assert.ok(await notices.count() >= 3, 'expected notices for the bad values');
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  assert.equal(await page.locator('.notices img').count(), 0);
  await notices.first().locator('.dismiss').click();
  assert.ok((await page.locator('.notice').count()) < (await notices.count()) + 1);
  assertClean(assert, log, 'malformed');
  await context.close();
});

test('play, pause, step and reset drive the animation', async () => {
  const { page, context } = await open('&preset=plateau');
  await page.waitForFunction(() => /Iteration [1-9]/.test((document.querySelector('.status') || {}).textContent || ''));
  await page.click('.transport button[data-key=reset]');
  await ready(page);
  assert.match(await page.locator('.status').textContent(), /Iteration 0 of/);
  await page.click('.transport button[data-key=step]');
  await ready(page);
  assert.match(await page.locator('.status').textContent(), /Iteration 1 of/);
  await context.close();
});

test('HiDPI backing store, narrow phones and resizing', async () => {
  const { page, context, log } = await open('', { width: 1200, height: 900, dpr: 2 });
  const dims = await page.$eval('canvas[data-view=landscape]', (c) => [c.width, c.clientWidth]);
  assert.ok(Math.abs(dims[0] - 2 * dims[1]) <= 2, `backing ${dims[0]} vs css ${dims[1]}`);
  await page.setViewportSize({ width: 700, height: 900 });
  await page.waitForFunction((w) => document.querySelector('canvas[data-view=landscape]').width !== w, dims[0]);
  await ready(page);
  const counts = await inkCounts(page);
  for (const c of counts) assert.ok(c.ink > c.total * 0.01, `${c.view} blank after resize`);
  assertClean(assert, log, 'hidpi');
  await context.close();
  const phone = await open('', { width: 360, height: 740, dpr: 3 });
  const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(overflow <= 361, `page is ${overflow}px wide on a 360px phone`);
  assertClean(assert, phone.log, 'phone');
  await phone.context.close();
});

test('on a HiDPI screen the heatmap is a layer under the canvas, and what is seen is the drawing on one canvas', async () => {
  // src/web/raster_layer.rs: at devicePixelRatio 2 the heatmap's samples are put on a canvas of
  // their own under the view's canvas, which has a transparent hole there. The picture seen (the
  // layer scaled ×2, the canvas over it) must be the one the same view draws on a lone canvas off
  // the page, where the raster is copied in (antialiased trail and text edges over the hole may
  // round differently, by a few levels).
  const { page, context, log } = await open('', { width: 1200, height: 900, dpr: 2 });
  const r = await page.evaluate(() => {
    const c = document.querySelector('canvas[data-view=landscape]');
    const seen = window.viewCopy(c).getImageData(0, 0, c.width, c.height).data;
    const { Lab } = window.descentLab.wasm;
    const lab = Lab.open('optimizer', '');
    const off = document.createElement('canvas');
    lab.attach('landscape', off);
    lab.resize('landscape', c.width / 2, c.height / 2, 2);
    lab.renderView('landscape');
    const ref = off.getContext('2d').getImageData(0, 0, off.width, off.height).data;
    let diff = 0; let max = 0;
    for (let i = 0; i < ref.length; i += 4) {
      const d = Math.abs(ref[i] - seen[i]) + Math.abs(ref[i + 1] - seen[i + 1]) + Math.abs(ref[i + 2] - seen[i + 2]);
      if (d) { diff += 1; max = Math.max(max, d); }
    }
    const hole = c.getContext('2d').getImageData(c.width >> 1, c.height >> 1, 1, 1).data[3];
    const layers = [...c.parentElement.querySelectorAll('canvas.raster-layer:not([hidden])')];
    lab.free();
    return { diff, max, total: ref.length / 4, same: off.width === c.width && off.height === c.height, hole, layers: layers.map((l) => [l.width, l.clientWidth]) };
  });
  assert.ok(r.same, 'the reference drawing has the view\'s size');
  assert.equal(r.layers.length, 1, 'one raster layer shown');
  assert.ok(Math.abs(r.layers[0][1] - r.layers[0][0]) <= 1, `the layer has one sample per CSS pixel (${r.layers[0]})`);
  assert.equal(r.hole, 0, 'the canvas is transparent over the heatmap');
  assert.ok(r.max <= 8 && r.diff < r.total * 0.01, `seen ≠ drawn on one canvas: ${r.diff} of ${r.total} pixels differ, by up to ${r.max}`);
  assertClean(assert, log, 'raster layer');
  await context.close();
});

test('a panic inside the lab shows an error panel with a reload button', async () => {
  const { page, context } = await open('');
  await page.evaluate(() => window.descentLab.widget.panicForTest());
  await page.waitForSelector('.panel.crash');
  assert.match(await page.locator('.panel.crash').textContent(), /deliberate panic/);
  assert.equal(await page.locator('.panel.crash button.reload').count(), 1);
  await context.close();
});
