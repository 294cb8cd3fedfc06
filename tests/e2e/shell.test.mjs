// End-to-end tests of the page shell: every page loads cleanly, canvases draw, URL state,
// embedding, sub-path hosting, HiDPI, narrow screens, and the error boundary.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openPage, ready, inkCounts, assertClean } from './harness.mjs';

const LABS = ['optimizer', 'shrinkage', 'mlp', 'theory'];
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
  // Navigation, cards and each lab's presets come from the catalogue (js/catalogue.js).
  assert.deepEqual(await page.$$eval('.site-header nav a', (as) => as.map((a) => a.dataset.nav)), LABS);
  const presets = await page.$$eval('.card-presets a', (as) => as.map((a) => a.getAttribute('href')));
  for (const lab of LABS) assert.ok(presets.some((h) => h.startsWith(`?lab=${lab}&preset=`)), `${lab} presets listed`);
  assert.ok(presets.includes('?lab=optimizer&preset=momentum_zigzag'));
  assert.ok(await page.isVisible('text=Optimization for machine learning'));
  // The landing page is text and links: it downloads no lab's wasm module (nor its bindings).
  await page.waitForTimeout(300);
  assert.deepEqual(log.requests.filter((u) => /\.wasm$|\/[a-z]+-[0-9a-f]{16}\.js$/.test(u)), [], 'the landing page loaded a wasm module');
  // A preset link from the landing page opens that preset.
  await page.click('.card-presets summary');
  await page.click('a[href="?lab=optimizer&preset=momentum_zigzag"]');
  await ready(page);
  assert.equal(await page.textContent('.lab-intro h1'), 'Optimizer lab');
  assert.equal(new URL(page.url()).searchParams.get('preset'), 'momentum_zigzag');
  assert.equal(await page.title(), 'Optimizer lab — Descent Lab');
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
    // One wasm module per lab (scripts/lab-modules.mjs): this page downloads its own lab's module
    // and no other, and that module holds this lab alone.
    const wasm = log.requests.filter((u) => /\.wasm$/.test(u)).map((u) => new URL(u).pathname.split('/').pop());
    assert.equal(wasm.length, 1, `${lab}: wasm modules fetched: ${wasm.join(', ')}`);
    assert.match(wasm[0], new RegExp(`^${lab}-[0-9a-f]{16}_bg\\.wasm$`), `${lab}: fetched ${wasm[0]}`);
    assert.deepEqual(await page.evaluate(() => Array.from(window.descentLab.wasm.availableLabs())), [lab]);
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

test('every page carries a strict Content-Security-Policy and runs under it', async () => {
  for (const q of ['', '?lab=optimizer', '?lab=shrinkage', '?lab=mlp&preset=nero', 'embed-example.html']) {
    const { page, context, log } = await openPage(browser, srv.origin);
    await page.goto(`${srv.base}${q}`);
    const csp = await page.$eval('meta[http-equiv="Content-Security-Policy"]', (m) => m.content);
    assert.match(csp, /default-src 'self'/, `${q}: default-src`);
    assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'|\*/, `${q}: no unsafe-inline, eval or wildcard`);
    // The served markup has no inline script or style (styles set later through the CSSOM, as
    // the canvas sizing does, are allowed by the policy).
    const raw = await (await fetch(`${srv.base}${q}`)).text();
    assert.doesNotMatch(raw, /<script(?![^>]*\ssrc=)[^>]*>/i, `${q}: inline script`);
    assert.doesNotMatch(raw, /<style|<[a-z][^>]*\sstyle=/i, `${q}: inline style in the markup`);
    if (q.startsWith('?lab')) await ready(page);
    else await page.waitForLoadState('load');
    // A script injected the way an attacker would is refused.
    const ran = await page.evaluate(() => new Promise((resolve) => {
      window.__injected = false;
      document.addEventListener('securitypolicyviolation', () => resolve(window.__injected), { once: true });
      const s = document.createElement('script');
      s.textContent = 'window.__injected = true';
      document.head.append(s);
      setTimeout(() => resolve(window.__injected), 1000);
    }));
    assert.equal(ran, false, `${q}: an injected inline script ran`);
    // The refused injection above is reported (that is the policy working); nothing else may be.
    log.errors = log.errors.filter((e) => !/CSP violation: script-src(-elem)? blocked inline/.test(e) && !/^Executing inline script violates/.test(e));
    assertClean(assert, log, `csp ${q}`);
    await context.close();
  }
});
