// End-to-end tests of the theory lab in Chromium: it opens and builds its kernel, plays, every
// view draws, a setting over the parameter budget is refused beside its control, a preset link
// trains by itself; no console error or foreign request.
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

const VIEWS = ['fit', 'loss', 'gap', 'weights', 'spectrum', 'residual', 'rates', 'condition', 'conditioning', 'sweep'];

test('theory: opens, plays, and every view draws and changes', async () => {
  const { page, context, log } = await openPage(browser, srv.origin);
  await page.goto(`${srv.base}?lab=theory`);
  await ready(page);
  assert.equal(await page.textContent('.lab-intro h1'), 'Theory lab');
  assert.deepEqual(await page.$$eval('.view canvas[data-view]', (cs) => cs.map((c) => c.dataset.view)), VIEWS);
  const before = { fit: await canvasHash(page, 'fit'), spectrum: await canvasHash(page, 'spectrum') };
  await page.click('.transport button[data-key=play]');
  await page.waitForFunction(() => Number(/Step (\d+)/.exec((document.querySelector('.widget .status') || {}).textContent || '')?.[1]) > 60, null, { timeout: 30000 });
  await page.click('.transport button[data-key=play]');
  await ready(page);
  for (const c of await inkCounts(page)) assert.ok(c.ink > c.total * 0.01, `${c.view} is blank (${c.ink} of ${c.total} pixels)`);
  assert.notEqual(await canvasHash(page, 'fit'), before.fit, 'the fitted curves did not move');
  assert.notEqual(await canvasHash(page, 'spectrum'), before.spectrum, 'the GD mask did not move');
  assert.match(await page.textContent('.widget .status'), /loss: network [0-9.e-]+, f_lin/);
  assertClean(assert, log, 'theory play');
  await context.close();
});

test('theory: a width over the parameter budget is refused beside its control, the lab keeps running', async () => {
  const { page, context, log } = await openPage(browser, srv.origin);
  await page.goto(`${srv.base}?lab=theory&data.n=100`);
  await ready(page);
  const url = page.url();
  await page.fill('.control[data-key=width] input.num', '4096');
  await page.press('.control[data-key=width] input.num', 'Enter');
  await page.waitForSelector('.control[data-key=width].invalid');
  assert.match(await page.textContent('.control[data-key=width] .error'), /over this lab's budget of 200,000.*use width ≤ 2000/);
  assert.equal(page.url(), url, 'a refused value changes nothing');
  // The lab still trains.
  await page.click('.transport button[data-key=step]');
  await page.waitForFunction(() => /Step 1 of/.test((document.querySelector('.widget .status') || {}).textContent || ''), null, { timeout: 10000 });
  // A width that fits is taken.
  await page.fill('.control[data-key=width] input.num', '1024');
  await page.press('.control[data-key=width] input.num', 'Enter');
  await ready(page);
  assert.match(page.url(), /width=1024/);
  assertClean(assert, log, 'theory budget');
  await context.close();
});

test('theory: a preset link trains by itself to its budget', async () => {
  const { page, context, log } = await openPage(browser, srv.origin);
  await page.goto(`${srv.base}?lab=theory&preset=gd_filter_on_ntk`);
  await page.waitForFunction(() => /Step 300 of 300/.test((document.querySelector('.widget .status') || {}).textContent || ''), null, { timeout: 60000 });
  await ready(page);
  assert.equal(await page.inputValue('.control[data-key=preset] select'), 'gd_filter_on_ntk');
  for (const c of await inkCounts(page)) assert.ok(c.ink > c.total * 0.01, `${c.view} is blank`);
  assertClean(assert, log, 'theory preset');
  await context.close();
});

test('theory: the experiment menu swaps the views in place, each experiment draws, and its link reopens it', async () => {
  const { page, context, log } = await openPage(browser, srv.origin);
  await page.goto(`${srv.base}?lab=theory`);
  await ready(page);
  const ids = await page.$$eval('.control[data-key=experiment] select option', (os) => os.map((o) => o.value));
  assert.ok(ids.length >= 1 && ids[0] === 'linearisation', ids.join(','));
  const viewsNow = () => page.$$eval('.view canvas[data-view]', (cs) => cs.map((c) => c.dataset.view));
  const first = await viewsNow();
  for (const id of ids.slice(1)) {
    await page.selectOption('.control[data-key=experiment] select', id);
    await page.waitForFunction((id) => new URLSearchParams(window.location.search).get('experiment') === id, id, { timeout: 10000 });
    await ready(page);
    const views = await viewsNow();
    assert.ok(views.length > 0 && views.every((v) => !first.includes(v)), `${id}: views ${views.join(',')}`);
    for (const c of await inkCounts(page)) assert.ok(c.ink > c.total * 0.005, `${id}/${c.view} is blank (${c.ink} of ${c.total} pixels)`);
    // Its link opens the same experiment with the same views.
    await page.goto(page.url());
    await ready(page);
    assert.deepEqual(await viewsNow(), views, `${id}: reopened from its link`);
    assert.equal(await page.inputValue('.control[data-key=experiment] select'), id);
  }
  await page.selectOption('.control[data-key=experiment] select', 'linearisation');
  await ready(page);
  assert.deepEqual(await viewsNow(), first, 'back to the first experiment');
  assert.ok(!/experiment=/.test(page.url()), page.url());
  assertClean(assert, log, 'theory experiments');
  await context.close();
});
