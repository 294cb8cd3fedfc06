// End-to-end tests of the page shell: every page loads cleanly, canvases draw, URL state,
// embedding, sub-path hosting, HiDPI, narrow screens, and the error boundary.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openPage, ready, inkCounts, assertClean } from './harness.mjs';

const LABS = ['optimizer', 'shrinkage', 'mlp'];
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

test('landing page introduces and links every lab, with no errors or foreign requests', async () => {
  const { page, context, log } = await openPage(browser, srv.origin);
  await page.goto(`${srv.base}`);
  await ready(page);
  const links = await page.$$eval('.card', (cs) => cs.map((c) => [c.getAttribute('href'), c.querySelector('h2').textContent]));
  assert.deepEqual(links.map((l) => l[0]), LABS.map((l) => `?lab=${l}`));
  assert.ok(await page.isVisible('text=Optimization for machine learning'));
  assertClean(assert, log, 'landing');
  await context.close();
});

for (const lab of LABS) {
  test(`${lab} lab page loads cleanly and every canvas shows ink`, async () => {
    const { page, context, log } = await openPage(browser, srv.origin);
    await page.goto(`${srv.base}?lab=${lab}`);
    await ready(page);
    const counts = await inkCounts(page);
    const soon = await page.isVisible('.panel.soon');
    assert.ok(soon || counts.length > 0, `${lab}: neither a widget nor a coming-soon panel`);
    for (const c of counts) assert.ok(c.ink > c.total * 0.01, `${lab}/${c.view}: canvas looks blank (${c.ink} of ${c.total} pixels inked)`);
    assertClean(assert, log, lab);
    await context.close();
  });
}

test('unknown lab shows a helpful page, not a crash', async () => {
  const { page, context, log } = await openPage(browser, srv.origin);
  await page.goto(`${srv.base}?lab=%3Cscript%3Ealert(1)%3C/script%3E`);
  await page.waitForSelector('#not-found:not([hidden])');
  assertClean(assert, log, 'not-found');
  await context.close();
});

test('dist works under a sub-path of a static host (relative asset URLs)', async () => {
  const sub = await serve(undefined, '/courses/opt/week-3/lab/');
  const { page, context, log } = await openPage(browser, sub.origin);
  await page.goto(`${sub.base}?lab=${LABS[0]}`);
  await ready(page);
  assertClean(assert, log, 'sub-path');
  await context.close();
  await sub.close();
});

test('embed example page shows two widgets in iframes without site chrome', async () => {
  const { page, context, log } = await openPage(browser, srv.origin, { width: 1400, height: 1000 });
  await page.goto(`${srv.base}embed-example.html`);
  const frames = await page.$$('iframe');
  assert.equal(frames.length, 2);
  for (const f of frames) {
    const fr = await f.contentFrame();
    await fr.waitForFunction(() => document.body.dataset.ready === '1', null, { timeout: 30000 });
    await fr.waitForFunction(() => [...document.querySelectorAll('.widget')].every((w) => w.dataset.idle === '1'), null, { timeout: 30000 });
    assert.equal(await fr.isVisible('.site-header'), false, 'embedded widget shows the site header');
    assert.equal(await fr.isVisible('.lab-intro'), false, 'embedded widget shows the intro text');
    const counts = await inkCounts(fr);
    for (const c of counts) assert.ok(c.ink > c.total * 0.01, `embedded ${c.view} is blank`);
  }
  assertClean(assert, log, 'embed example');
  await context.close();
});
