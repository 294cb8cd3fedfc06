// Screenshots of every preset of every lab, to look at: `node scripts/shots.mjs OUT_DIR [lab ...]`.
// Needs a built dist/ (make dist). For each preset it takes the page at 1280×800, a 960×540 embed of
// the preset's main view, and a 360×740 phone view; it waits until the preset's story has played out.
import fs from 'node:fs';
import path from 'node:path';
import { serve, launch, openPage, ready } from '../tests/e2e/harness.mjs';

const out = process.argv[2] || '/tmp/shots';
const only = process.argv.slice(3);
const MAIN_VIEW = { optimizer: 'landscape', shrinkage: 'filters', mlp: 'surface', theory: 'fit' };
fs.mkdirSync(out, { recursive: true });

const srv = await serve();
const browser = await launch();
async function shot(url, file, opts) {
  const { page, context } = await openPage(browser, srv.origin, opts);
  await page.goto(url);
  await ready(page);
  // Training presets play on open; wait (up to 60 s) until they have finished.
  await page.waitForFunction(() => [...document.querySelectorAll('.widget')].every((w) => w.dataset.idle === '1'), null, { timeout: 60000 });
  await page.waitForTimeout(200);
  await page.screenshot({ path: file, fullPage: !!opts.fullPage });
  const status = await page.evaluate(() => (document.querySelector('.widget .status') || {}).textContent || '');
  const notices = await page.evaluate(() => [...document.querySelectorAll('.notice')].map((n) => n.textContent));
  await context.close();
  return { status, notices };
}

for (const lab of only.length ? only : Object.keys(MAIN_VIEW)) {
  const { page, context } = await openPage(browser, srv.origin);
  await page.goto(`${srv.base}?lab=${lab}`);
  await ready(page);
  const ids = await page.$$eval('.control[data-key=preset] option', (os) => os.map((o) => o.value).filter(Boolean));
  await context.close();
  for (const id of ids) {
    const base = `${srv.base}?lab=${lab}&preset=${id}`;
    const a = await shot(base, path.join(out, `${lab}-${id}-1280.png`), { width: 1280, height: 800 });
    await shot(`${base}&embed=1&views=${MAIN_VIEW[lab]}`, path.join(out, `${lab}-${id}-embed.png`), { width: 960, height: 540 });
    await shot(base, path.join(out, `${lab}-${id}-phone.png`), { width: 360, height: 740 });
    console.log(`${lab}/${id}: ${a.status}${a.notices.length ? ` | notices: ${a.notices.join(' / ')}` : ''}`);
  }
}
await browser.close();
await srv.close();
