// End-to-end tests of "your own function" in the optimizer lab (issue 13): type a formula, see the
// heatmap change, get a slider per free parameter, run Newton, reopen the link; bad and hostile
// formulas show their message beside the field and change nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openPage, ready, canvasHash, assertClean } from './harness.mjs';

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

const FIELD = '.control[data-key="landscape.formula"] input';
const ERROR = '.control[data-key="landscape.formula"] .error';

test('typing a formula redraws the heatmap, adds its parameter as a slider, and the link reproduces it', async () => {
  const { page, context, log } = await open('&landscape.kind=typed&racers.0.optimizer.kind=newton&budget=40');
  const before = await canvasHash(page, 'landscape');
  await page.locator(FIELD).fill('');
  await page.locator(FIELD).pressSequentially('x^2 + k*y^2 + 0.3*x*y', { delay: 5 });
  await ready(page);
  assert.equal(await page.evaluate((s) => document.activeElement === document.querySelector(s), FIELD), true, 'the field keeps the focus while typing');
  assert.equal(await page.locator(FIELD).inputValue(), 'x^2 + k*y^2 + 0.3*x*y');
  assert.equal(await page.locator('.control[data-key="landscape.params.k"] input[type=range]').count(), 1, 'k has a slider');
  const typed = await canvasHash(page, 'landscape');
  assert.notEqual(typed, before, 'the heatmap did not change');
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('landscape.formula'), 'x^2 + k*y^2 + 0.3*x*y');
  // Move k: the picture changes and the URL holds the value.
  const box = page.locator('.control[data-key="landscape.params.k"] input.num');
  await box.fill('3');
  await box.press('Enter');
  await ready(page);
  assert.equal(Number(new URL(page.url()).searchParams.get('landscape.params.k')), 3);
  const withK = await canvasHash(page, 'landscape');
  assert.notEqual(withK, typed);
  // Newton on a quadratic: one step to the minimum.
  const status = await page.locator('div.status').first().textContent();
  assert.ok(!/cannot run/.test(status || ''), status);
  // The same link in a new page draws the same picture.
  const link = page.url();
  const other = await openPage(browser, srv.origin);
  await other.page.goto(link);
  await ready(other.page);
  assert.equal(await other.page.locator(FIELD).inputValue(), 'x^2 + k*y^2 + 0.3*x*y');
  assert.equal(await canvasHash(other.page, 'landscape'), await canvasHash(page, 'landscape'), 'the link does not reproduce the picture');
  assertClean(assert, other.log, 'reopened link');
  await other.context.close();
  assertClean(assert, log, 'typing');
  await context.close();
});

test('a bad formula shows its message and column beside the field and the previous function keeps running', async () => {
  const { page, context, log } = await open('&landscape.kind=typed');
  await page.locator(FIELD).fill('x^2 + y^2');
  await ready(page);
  const good = await canvasHash(page, 'landscape');
  const goodUrl = page.url();
  await page.locator(FIELD).fill('(x + y))');
  await ready(page);
  assert.equal(await page.locator(ERROR).textContent(), 'unexpected “)” at column 8');
  assert.equal(await page.locator(FIELD).inputValue(), '(x + y))', 'what was typed is kept');
  assert.equal(await canvasHash(page, 'landscape'), good, 'the picture changed');
  assert.equal(page.url(), goodUrl, 'the link changed');
  // Hostile text is a bad formula, never markup or script.
  let dialogs = 0;
  page.on('dialog', (d) => { dialogs += 1; d.dismiss(); });
  for (const hostile of ['<img src=x onerror=alert(1)>', '"><script>alert(1)</script>', 'javascript:alert(1)']) {
    await page.locator(FIELD).fill(hostile);
    await ready(page);
    assert.ok((await page.locator(ERROR).textContent()).length > 0, hostile);
  }
  assert.equal(await page.locator('img[src=x], .controls script').count(), 0, 'typed text became markup');
  assert.equal(dialogs, 0);
  // Fixing it clears the message.
  await page.locator(FIELD).fill('x^2 + 2*y^2');
  await ready(page);
  assert.equal(await page.locator(ERROR).textContent(), '');
  assert.notEqual(await canvasHash(page, 'landscape'), good);
  assertClean(assert, log, 'bad formula');
  await context.close();
});

test('a formula undefined in part of the view is drawn, with the undefined part grey', async () => {
  const { page, context, log } = await open('&landscape.kind=typed&landscape.formula=log(x)%2By%5E2&start=1,1');
  // Sample the heatmap left of x = 0 (the left half of the plot): grey hatching, equal channels.
  const greys = await page.evaluate(() => {
    const c = document.querySelector('canvas[data-view="landscape"]');
    const ctx = window.viewCopy(c); // what the user sees (tests/e2e/harness.mjs)
    let grey = 0;
    for (let i = 0; i < 50; i += 1) {
      const [r, g, b] = ctx.getImageData(Math.round(c.width * (0.15 + 0.005 * i)), Math.round(c.height * 0.5), 1, 1).data;
      if (r === g && g === b && r > 100) grey += 1;
    }
    return grey;
  });
  assert.ok(greys >= 40, `only ${greys} of 50 samples left of x = 0 are grey`);
  assertClean(assert, log, 'undefined region');
  await context.close();
});

test('the shrinkage lab takes a typed true function and the MLP lab a typed rule; bad ones show their message', async () => {
  const o = await openPage(browser, srv.origin);
  await o.page.goto(`${srv.base}?lab=shrinkage&data.target=typed`);
  await ready(o.page);
  const f = '.control[data-key="data.formula"] input';
  const before = await canvasHash(o.page, 'data');
  await o.page.locator(f).fill('x^2 - 0.5');
  await ready(o.page);
  assert.notEqual(await canvasHash(o.page, 'data'), before, 'the data view did not change');
  assert.equal(new URL(o.page.url()).searchParams.get('data.formula'), 'x^2 - 0.5');
  await o.page.locator(f).fill('log(x)');
  await ready(o.page);
  assert.match(await o.page.locator('.control[data-key="data.formula"] .error').textContent(), /undefined at x = -1/);
  assert.equal(new URL(o.page.url()).searchParams.get('data.formula'), 'x^2 - 0.5', 'the refused formula reached the link');
  assertClean(assert, o.log, 'shrinkage');
  await o.context.close();

  const m = await openPage(browser, srv.origin);
  await m.page.goto(`${srv.base}?lab=mlp&data.kind=rule`);
  await ready(m.page);
  const r = '.control[data-key="data.rule"] input';
  await m.page.locator(r).fill('sin(3x) > y');
  await ready(m.page);
  assert.equal(new URL(m.page.url()).searchParams.get('data.rule'), 'sin(3x) > y');
  await m.page.locator(r).fill('x + y');
  await ready(m.page);
  assert.match(await m.page.locator('.control[data-key="data.rule"] .error').textContent(), /a rule compares two sides/);
  assertClean(assert, m.log, 'mlp');
  await m.context.close();
});
