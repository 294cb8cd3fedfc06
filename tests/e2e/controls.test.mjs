// End-to-end tests of the widget shell's controls, as a student or a lecturer uses them: keys and
// focus, views=/hide= names, slide-sized embeds, phones, canvas backing stores, small things.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openPage, ready, canvasHash, assertClean } from './harness.mjs';

let srv;
let browser;
before(async () => { srv = await serve(); browser = await launch(); });
after(async () => { await browser.close(); await srv.close(); });

async function open(query, opts) {
  const o = await openPage(browser, srv.origin, opts);
  await o.page.goto(`${srv.base}?${query}`);
  await ready(o.page);
  return o;
}
const status = (page) => page.textContent('.widget .status');
const param = (page, k) => new URL(page.url()).searchParams.get(k);

test('Space on a focused button presses that button; Space elsewhere plays and pauses', async () => {
  const { page, context, log } = await open('lab=optimizer&budget=400&speed=50');
  // A link without a preset opens on the finished race; start from step 0.
  await page.click('.transport button[data-key=reset]');
  await ready(page);
  assert.match(await status(page), /Iteration 0 of 400/);
  assert.doesNotMatch(await status(page), /playing/);
  // Space with the widget focused (no control) starts playing.
  await page.focus('.widget');
  await page.keyboard.press('Space');
  await page.waitForFunction(() => /Iteration [1-9]/.test((document.querySelector('.widget .status') || {}).textContent || ''));
  await page.keyboard.press('Space'); // pause
  await ready(page);
  // Space on the focused Reset button resets (and does not toggle play).
  await page.focus('.transport button[data-key=reset]');
  await page.keyboard.press('Space');
  await ready(page);
  assert.match(await status(page), /Iteration 0 of 400/);
  assert.doesNotMatch(await status(page), /playing/);
  // Enter on the focused Step button steps once.
  await page.focus('.transport button[data-key=step]');
  await page.keyboard.press('Enter');
  await ready(page);
  assert.match(await status(page), /Iteration 1 of 400/);
  // R resets when no control has focus.
  await page.focus('.widget');
  await page.keyboard.press('r');
  await ready(page);
  assert.match(await status(page), /Iteration 0 of 400/);
  assertClean(assert, log, 'keys');
  await context.close();
});

test('views= and hide= names match in any case; unknown names get a notice listing the valid ones', async () => {
  {
    const { page, context, log } = await open('lab=optimizer&views=Landscape,LOSS');
    assert.equal(await page.locator('canvas').count(), 2);
    assert.equal(await page.locator('.notice').count(), 0);
    assertClean(assert, log, 'views case');
    await context.close();
  }
  {
    const { page, context, log } = await open('lab=optimizer&views=nope');
    assert.ok(await page.locator('canvas').count() >= 4, 'an unknown view name must not leave an empty widget');
    const text = await page.textContent('.notices');
    assert.match(text, /views=: no view named “nope”/);
    assert.match(text, /landscape, loss/);
    assertClean(assert, log, 'views unknown');
    await context.close();
  }
  {
    const { page, context, log } = await open('lab=optimizer&hide=SPEED,landscape,bogus');
    assert.equal(await page.isVisible('.control[data-key=speed]'), false);
    assert.equal(await page.isVisible('fieldset[data-group=Landscape]'), false);
    const text = await page.textContent('.notices');
    assert.match(text, /hide=: nothing named “bogus”/);
    assert.match(text, /Landscape/);
    assertClean(assert, log, 'hide');
    await context.close();
  }
});

for (const [w, h] of [[960, 540], [1280, 720]]) {
  for (const views of ['landscape', 'landscape,loss']) {
    test(`a ${w}×${h} slide embed of views=${views} fits, with its transport bar inside the frame`, async () => {
      const { page, context, log } = await open(`lab=optimizer&preset=momentum_zigzag&embed=1&views=${views}`, { width: w, height: h });
      const fit = await page.evaluate(() => {
        const boxes = [...document.querySelectorAll('.view canvas[data-view], .transport')].map((e) => e.getBoundingClientRect());
        return {
          bottom: Math.max(...boxes.map((b) => b.bottom)),
          right: Math.max(...boxes.map((b) => b.right)),
          scrollX: document.documentElement.scrollWidth > window.innerWidth,
          play: document.querySelector('.transport button[data-key=play]').getBoundingClientRect().bottom,
        };
      });
      assert.ok(fit.bottom <= h, `views reach ${fit.bottom} px in a ${h} px frame`);
      assert.ok(fit.right <= w, `views reach ${fit.right} px in a ${w} px frame`);
      assert.equal(fit.scrollX, false, 'horizontal overflow');
      assert.ok(fit.play > 0 && fit.play <= h, 'play button outside the frame');
      assertClean(assert, log, 'slide');
      await context.close();
    });
  }
}

test('the first click into an unfocused embed only focuses it; then Space plays', async () => {
  const { page, context, log } = await openPage(browser, srv.origin, { width: 1100, height: 700 });
  await page.goto(`${srv.base}embed-example.html`);
  const frame = await (await page.$('iframe')).contentFrame();
  await frame.waitForFunction(() => document.body.dataset.ready === '1', null, { timeout: 30000 });
  await frame.waitForFunction(() => [...document.querySelectorAll('.widget')].every((w) => w.dataset.idle === '1'), null, { timeout: 30000 });
  const startBefore = await frame.evaluate(() => new URL(window.location.href).searchParams.get('start'));
  const box = await frame.locator('canvas[data-view=landscape]').boundingBox();
  await page.mouse.click(box.x + box.width * 0.8, box.y + box.height * 0.2);
  await frame.waitForFunction(() => document.querySelector('.widget').classList.contains('has-focus'));
  const startAfter = await frame.evaluate(() => new URL(window.location.href).searchParams.get('start'));
  assert.equal(startAfter, startBefore, 'the focusing click moved the start point');
  await page.keyboard.press('r');
  await frame.waitForFunction(() => /Iteration 0 of/.test((document.querySelector('.widget .status') || {}).textContent || ''));
  await page.keyboard.press('Space');
  await frame.waitForFunction(() => /Iteration [1-9]/.test((document.querySelector('.widget .status') || {}).textContent || ''));
  assertClean(assert, log, 'embed focus');
  await context.close();
});

for (const dpr of [1, 1.25, 2, 3]) {
  // The layout puts every canvas box on whole device pixels (fractional grid widths such as
  // 872.81 px are floored to the device grid), so the backing store equals the content box.
  test(`canvas backing stores match their content boxes exactly at devicePixelRatio ${dpr}`, async () => {
    for (const lab of ['optimizer', 'shrinkage', 'mlp']) {
      const { page, context, log } = await open(`lab=${lab}`, { width: 1280, height: 800, dpr });
      const sizes = await page.evaluate(() => [...document.querySelectorAll('.view canvas[data-view]')].map((c) => {
        const cs = getComputedStyle(c);
        const w = c.getBoundingClientRect().width - parseFloat(cs.borderLeftWidth) - parseFloat(cs.borderRightWidth);
        const h = c.getBoundingClientRect().height - parseFloat(cs.borderTopWidth) - parseFloat(cs.borderBottomWidth);
        return { view: c.dataset.view, cw: c.width, ch: c.height, w: w * devicePixelRatio, h: h * devicePixelRatio };
      }));
      for (const s of sizes) {
        assert.ok(Math.abs(s.cw - s.w) <= 0.5 && Math.abs(s.ch - s.h) <= 0.5,
          `${lab}/${s.view} at ${dpr}: backing store ${s.cw}×${s.ch}, content box ${s.w.toFixed(2)}×${s.h.toFixed(2)} device px`);
      }
      assertClean(assert, log, `dpr ${dpr}`);
      await context.close();
    }
  });
}

test('on a 360×740 phone the transport bar stays reachable while scrolling the figures', async () => {
  const { page, context, log } = await open('lab=shrinkage', { width: 360, height: 740 });
  await page.evaluate(() => window.scrollTo(0, document.querySelector('.view:last-of-type').getBoundingClientRect().top + window.scrollY));
  const bar = await page.evaluate(() => {
    const b = document.querySelector('.transport').getBoundingClientRect();
    return { top: b.top, bottom: b.bottom };
  });
  assert.ok(bar.top >= 0 && bar.bottom <= 740, `transport bar at ${bar.top}–${bar.bottom}`);
  // Phone layout: no squeezed canvas; the error view stacks its three panels (taller than wide).
  const boxes = await page.$$eval('.view canvas[data-view]', (cs) => cs.map((c) => ({ view: c.dataset.view, w: c.clientWidth, h: c.clientHeight })));
  for (const b of boxes) assert.ok(b.h >= 0.99 * b.w, `${b.view}: ${b.w}×${b.h} px on a phone`);
  const errors = boxes.find((b) => b.view === 'errors');
  assert.ok(errors && errors.h > 1.5 * errors.w, `the error view is not stacked: ${JSON.stringify(errors)}`);
  assertClean(assert, log, 'phone');
  await context.close();
});

test('small things: short numbers in boxes, status not a live region, foldable groups', async () => {
  const { page, context, log } = await open('lab=optimizer&racers.0.optimizer.lr=0.8430263294893154');
  assert.equal(await page.inputValue('.control[data-key="racers.0.optimizer.lr"] input.num'), '0.843026');
  assert.equal(param(page, 'racers.0.optimizer.lr'), '0.8430263294893154', 'the state keeps full precision');
  assert.equal(await page.getAttribute('.widget .status', 'aria-live'), null);
  assert.equal(await page.locator('.widget [aria-live]:not(.error)').count(), 1, 'one announcer');
  const group = page.locator('fieldset.group').first();
  const fold = group.locator('legend .fold');
  await fold.click();
  assert.equal(await fold.getAttribute('aria-expanded'), 'false');
  assert.equal(await group.locator('.control').first().isVisible(), false);
  await fold.click();
  assert.equal(await fold.getAttribute('aria-expanded'), 'true');
  assertClean(assert, log, 'small things');
  await context.close();
});

test('work a lab does on its own when it opens is not announced as playing', async () => {
  // The 8-racer race of 20,000 steps (no racer diverges: a divergence is announced) is computed in
  // slices after opening, and the MLP lab computes its init statistics: both are busy for a while,
  // neither is playing. Play and pause are announced.
  const race = Array.from({ length: 8 }, (_, i) => `racers.${i}.optimizer.kind=sgd&racers.${i}.optimizer.lr=${0.0001 * (i + 1)}`).join('&');
  const said = (page) => page.textContent('.widget .sr-only[aria-live]');
  for (const q of [`lab=optimizer&budget=20000&${race}`, 'lab=mlp']) {
    const { page, context, log } = await open(q);
    assert.equal(await said(page), '', `${q}: nothing announced on opening`);
    await page.click('.transport button[data-key="play"]');
    await page.waitForFunction(() => document.querySelector('.widget .sr-only[aria-live]').textContent !== '');
    assert.equal(await said(page), 'Playing.', q);
    await page.click('.transport button[data-key="play"]');
    await page.waitForFunction(() => /^Stopped/.test(document.querySelector('.widget .sr-only[aria-live]').textContent));
    assertClean(assert, log, q);
    await context.close();
  }
});

test('a canvas hash is stable when nothing changed (no resize loop)', async () => {
  const { page, context } = await open('lab=optimizer');
  const a = await canvasHash(page, 'landscape');
  await page.waitForTimeout(300);
  assert.equal(await canvasHash(page, 'landscape'), a);
  await context.close();
});
