// Opens every preset of every lab (and each lab's default) from two builds, in one browser run, and
// compares what the page draws: `node scripts/compare-presets.mjs BEFORE_DIST AFTER_DIST [OUT_DIR]`.
// For each link it waits until the lab is idle (training presets play to their end), hashes every
// canvas, and prints "same" or "DIFFERENT" per view; for a difference it saves both full-page
// screenshots (1280×800) in OUT_DIR to look at. Exit code 1 when any picture differs.
// Used for issue 11, item 8 ("a screenshot of every preset before and after shows the same picture").
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { serve, launch, openPage, ready, canvasHash } from '../tests/e2e/harness.mjs';
import { CATALOGUE } from '../www/js/catalogue.js';

const [beforeDir, afterDir, out = '/tmp/compare-presets'] = process.argv.slice(2);
if (!beforeDir || !afterDir) {
  console.error('usage: node scripts/compare-presets.mjs BEFORE_DIST AFTER_DIST [OUT_DIR]');
  process.exit(2);
}
fs.mkdirSync(out, { recursive: true });
const servers = { before: await serve(path.resolve(beforeDir)), after: await serve(path.resolve(afterDir)) };
const browser = await launch();

async function look(which, query, shotFile) {
  const { page, context } = await openPage(browser, servers[which].origin, { width: 1280, height: 800 });
  await page.goto(`${servers[which].base}?${query}`);
  await ready(page);
  await page.waitForFunction(() => [...document.querySelectorAll('.widget')].every((w) => w.dataset.idle === '1'), null, { timeout: 90000 });
  await page.waitForTimeout(300);
  const views = await page.$$eval('canvas[data-view]', (cs) => cs.map((c) => c.dataset.view));
  const hashes = {};
  for (const v of views) hashes[v] = await canvasHash(page, v);
  const labels = await page.$$eval('.control label', (ls) => ls.map((l) => l.textContent).join('|'));
  if (shotFile) await page.screenshot({ path: shotFile, fullPage: true });
  await context.close();
  return { hashes, labels };
}

/** The labs a build's catalogue lists (a lab added since BEFORE has nothing to compare with). */
async function labsOf(dir) {
  const { CATALOGUE: labs } = await import(pathToFileURL(path.resolve(dir, 'js', 'catalogue.js')).href);
  return labs.map((l) => l.id);
}
const beforeLabs = await labsOf(beforeDir);

let differing = 0;
let links = 0;
for (const lab of CATALOGUE) {
  if (!beforeLabs.includes(lab.id)) {
    console.log(`lab=${lab.id}: new since BEFORE (${lab.presets.length} presets), nothing to compare`);
    continue;
  }
  for (const preset of [{ id: '' }, ...lab.presets]) {
    const query = `lab=${lab.id}${preset.id ? `&preset=${preset.id}` : ''}`;
    links += 1;
    const a = await look('before', query);
    const b = await look('after', query);
    const views = [...new Set([...Object.keys(a.hashes), ...Object.keys(b.hashes)])];
    const diff = views.filter((v) => a.hashes[v] !== b.hashes[v]);
    const labels = a.labels === b.labels ? 'labels same' : 'LABELS DIFFER';
    if (diff.length) {
      differing += 1;
      const name = `${lab.id}-${preset.id || 'default'}`;
      await look('before', query, path.join(out, `${name}-before.png`));
      await look('after', query, path.join(out, `${name}-after.png`));
    }
    console.log(`${query.padEnd(42)} ${diff.length ? `DIFFERENT: ${diff.join(', ')}` : `same (${views.length} views)`}; ${labels}`);
  }
}
console.log(`${links} links, ${differing} with a different picture${differing ? ` (screenshots in ${out})` : ''}`);
await browser.close();
await servers.before.close();
await servers.after.close();
process.exit(differing ? 1 : 0);
