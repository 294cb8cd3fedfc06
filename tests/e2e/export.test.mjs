// End-to-end tests of exporting a view: its numbers as CSV, its picture as PNG at twice its size,
// charts as SVG, in every lab and in an embed; hide=export removes the menus.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
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

/** Opens view `view`'s export menu, presses `kind` and returns the download's name and bytes. */
async function exportOf(page, view, kind) {
  const fig = page.locator(`figure[data-view="${view}"]`);
  await fig.locator('details.export summary').click();
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 15000 }), fig.locator(`button.export-${kind}`).click()]);
  const file = await dl.path();
  return { name: dl.suggestedFilename(), bytes: fs.readFileSync(file) };
}

const csvRows = (buf) => buf.toString('utf8').trimEnd().split('\n');

test('optimizer: CSV of the loss chart and of the landscape hold every revealed iterate; PNG at 2x; SVG with axis titles', async () => {
  const { page, log } = await open('lab=optimizer&preset=momentum_zigzag');
  const before = await canvasHash(page, 'landscape');
  const loss = await exportOf(page, 'loss', 'csv');
  assert.equal(loss.name, 'descent-lab_optimizer_loss_momentum_zigzag.csv');
  const rows = csvRows(loss.bytes);
  assert.equal(rows[0], 'racer,iteration k,f(x_k) − f*');
  // Two racers, iterates 0…80 each.
  assert.equal(rows.length, 1 + 2 * 81);
  assert.ok(rows.slice(1).every((r) => Number.isFinite(Number(r.split(',').pop()))), 'numbers');
  const land = await exportOf(page, 'landscape', 'csv');
  const lrows = csvRows(land.bytes);
  assert.equal(lrows[0], 'racer,iteration k,x_k,y_k,f(x_k),‖∇f(x_k)‖,α_k (step k → k+1)');
  assert.equal(lrows.length, 1 + 2 * 81);
  // The start is the preset's start point.
  const start = lrows[1].split(',');
  assert.equal(Number(start[1]), 0);
  const png = await exportOf(page, 'landscape', 'png');
  assert.equal(png.name, 'descent-lab_optimizer_landscape_momentum_zigzag.png');
  assert.deepEqual([...png.bytes.subarray(1, 4)].map((c) => String.fromCharCode(c)).join(''), 'PNG');
  const pngW = png.bytes.readUInt32BE(16);
  const cssW = await page.evaluate(() => document.querySelector('canvas[data-view=landscape]').clientWidth);
  assert.ok(Math.abs(pngW - 2 * cssW) <= 2, `PNG width ${pngW} for a view of ${cssW} CSS px`);
  const svg = (await exportOf(page, 'gradnorm', 'svg')).bytes.toString('utf8');
  assert.match(svg, /^<svg/);
  assert.match(svg, /iteration k/);
  assert.match(svg, /‖∇f\(x_k\)‖/);
  // The landscape's SVG embeds the heatmap as a PNG image under the contours, trails and axes;
  // the PNG is encoded by the browser off the main thread (printed: the longest task meanwhile).
  await page.evaluate(() => {
    window.__longest = 0;
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longest = Math.max(window.__longest, e.duration); }).observe({ type: 'longtask' });
  });
  const landSvg = (await exportOf(page, 'landscape', 'svg')).bytes.toString('utf8');
  console.log(`landscape SVG export: ${landSvg.length} bytes; longest task meanwhile ${(await page.evaluate(() => window.__longest)).toFixed(0)} ms (0: none over 50 ms)`);
  assert.match(landSvg, /<image [^>]*href="data:image\/png;base64,/);
  // Drawn where the canvas draws it: before the racers' trails and legend, which stay on top.
  assert.match(landSvg, /x \(first weight\)/);
  assert.ok(landSvg.indexOf('<image') < landSvg.indexOf('1 · SGD'), 'the image is below the legend');
  assert.doesNotMatch(landSvg, /@@raster/);
  // The MLP's decision surface exports as SVG with its raster embedded the same way (below).
  // After the export the view is drawn as before, at its own size.
  await ready(page);
  assert.equal(await canvasHash(page, 'landscape'), before);
  assertClean(assert, log, 'optimizer export');
});

test('shrinkage and MLP: every view exports a CSV with a header row and rows', async () => {
  for (const [lab, views] of [['shrinkage', ['filters', 'data', 'errors', 'spectrum', 'precision']], ['mlp', ['surface', 'loss', 'accuracy', 'layers']]]) {
    const { page, log, context } = await open(`lab=${lab}`);
    for (const v of views) {
      const { name, bytes } = await exportOf(page, v, 'csv');
      assert.equal(name, `descent-lab_${lab}_${v}_custom.csv`);
      const rows = csvRows(bytes);
      assert.ok(rows[0].split(',').length >= 2, `${lab}/${v} header: ${rows[0]}`);
      if (!(lab === 'mlp' && v !== 'surface')) assert.ok(rows.length > 3, `${lab}/${v}: ${rows.length} rows`);
    }
    const svg = (await exportOf(page, lab === 'mlp' ? 'loss' : 'filters', 'svg')).bytes.toString('utf8');
    if (lab === 'mlp') {
      // The decision surface exports as SVG too: its raster embedded as a PNG image under the
      // vector axes and key; its CSV holds the class probabilities on the grid, then the points.
      const surface = (await exportOf(page, 'surface', 'svg')).bytes.toString('utf8');
      assert.match(surface, /<image [^>]*href="data:image\/png;base64,/);
      for (const t of ['x₁', 'x₂', 'validation']) assert.ok(surface.includes(t), `surface SVG lacks ${t}`);
      assert.doesNotMatch(surface, /@@raster/);
      const rows = csvRows((await exportOf(page, 'surface', 'csv')).bytes);
      assert.equal(rows[0], 'set,input x₁,input x₂,class,p(class 0),p(class 1)');
      assert.match(rows[1], /^surface grid,/);
      assert.ok(rows.some((r) => r.startsWith('training,')) && rows.some((r) => r.startsWith('validation,')));
    }
    // The MLP opens untrained: its loss view says how to start.
    assert.match(svg, lab === 'mlp' ? /(loss|Play)/ : /filter factor/);
    assertClean(assert, log, `${lab} export`);
    await context.close();
  }
});

test('embeds keep the export menus unless hide=export; hide=export is a known name', async () => {
  const a = await open('lab=optimizer&embed=1&views=loss', { width: 960, height: 540 });
  assert.equal(await a.page.locator('details.export').count(), 1);
  const { name } = await exportOf(a.page, 'loss', 'csv');
  assert.match(name, /^descent-lab_optimizer_loss_/);
  await a.context.close();
  const b = await open('lab=optimizer&embed=1&views=loss&hide=export', { width: 960, height: 540 });
  assert.equal(await b.page.locator('details.export').count(), 0);
  assert.equal(await b.page.locator('.notice').count(), 0, 'no notice for hide=export');
  await b.context.close();
});

test('save state writes the link\'s settings as JSON; loading it back gives the same picture; bad files change nothing', async () => {
  const { page, log, context } = await open('lab=optimizer&preset=momentum_zigzag');
  const url0 = page.url();
  const hash0 = await canvasHash(page, 'landscape');
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('.state-file button:has-text("Save state")')]);
  assert.equal(dl.suggestedFilename(), 'descent-lab_optimizer_state_momentum_zigzag.json');
  const saved = fs.readFileSync(await dl.path(), 'utf8');
  const doc = JSON.parse(saved);
  assert.equal(doc.format, 'descent-lab state');
  assert.equal(doc.lab, 'optimizer');
  assert.equal(doc.settings.preset, 'momentum_zigzag');
  // Change the state: another preset.
  await page.selectOption('.control[data-key=preset] select', 'himmelblau');
  await ready(page);
  const hash1 = await canvasHash(page, 'landscape');
  assert.notEqual(hash1, hash0, 'the other preset draws another picture');
  const url1 = page.url();
  const input = page.locator('.state-file input[type=file]');
  // Bad files: a message naming what is wrong, and nothing changes.
  const bad = [
    ['truncated.json', saved.slice(0, saved.length / 2), /truncated/],
    ['other-lab.json', saved.replace('"lab": "optimizer"', '"lab": "mlp"'), /“mlp” lab/],
    ['hostile.json', saved.replace('"preset": "momentum_zigzag"', '"preset": "<img src=x onerror=alert(1)>"'), /does not accept|no preset/],
    ['not-json.json', '<script>alert(1)</script>', /not valid JSON/],
  ];
  for (const [name, text, why] of bad) {
    await input.setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
    await page.waitForFunction((n) => [...document.querySelectorAll('.notice')].some((e) => e.textContent.includes(n)), name);
    const msg = await page.evaluate((n) => [...document.querySelectorAll('.notice')].find((e) => e.textContent.includes(n)).textContent, name);
    assert.match(msg, why, msg);
    assert.match(msg, /Nothing was changed/);
    await ready(page);
    assert.equal(page.url(), url1, `${name}: the link is unchanged`);
    assert.equal(await canvasHash(page, 'landscape'), hash1, `${name}: the picture is unchanged`);
    assert.equal(await page.locator('img').count(), 0);
  }
  // The saved file: back to the first state, the same picture and the same link.
  await input.setInputFiles({ name: 'saved.json', mimeType: 'application/json', buffer: Buffer.from(saved) });
  await page.waitForFunction(() => [...document.querySelectorAll('.notice')].some((e) => e.textContent.includes('Loaded the state')));
  await ready(page);
  assert.equal(await canvasHash(page, 'landscape'), hash0, 'same picture');
  assert.equal(new URL(page.url()).searchParams.get('preset'), 'momentum_zigzag');
  assert.equal(page.url(), url0);
  assertClean(assert, log, 'state file');
  await context.close();
});
