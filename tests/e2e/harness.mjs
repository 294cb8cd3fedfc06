// Shared end-to-end harness: a static server for dist/ on 127.0.0.1 and a headless Chromium
// (Debian's /usr/bin/chromium driven by playwright-core) that records console errors and every
// request, so tests can assert "no console error, no failed request, no third-party request".
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST = process.env.DIST_DIR || path.join(ROOT, 'dist');

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.wasm': 'application/wasm', '.png': 'image/png', '.svg': 'image/svg+xml',
  '.json': 'application/json', '.csv': 'text/csv',
};

/** Serves `dir` on 127.0.0.1 under URL prefix `prefix` (e.g. "/course/week3/" to test sub-path hosting). */
export function serve(dir = DIST, prefix = '/') {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    let p = decodeURIComponent(url.pathname);
    if (!p.startsWith(prefix)) { res.writeHead(404); res.end('not found'); return; }
    p = p.slice(prefix.length);
    if (p === '' || p.endsWith('/')) p += 'index.html';
    const file = path.join(dir, p);
    if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404); res.end('not found'); return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ server, origin: `http://127.0.0.1:${port}`, base: `http://127.0.0.1:${port}${prefix}`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

export async function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/**
 * Opens a page that records console errors, page errors, failed requests and off-origin requests.
 * `allowErrors` lets a test that provokes an error (the panic test) keep the page usable.
 */
export async function openPage(browser, origin, { width = 1280, height = 900, dpr = 1 } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: dpr });
  // Every Content-Security-Policy violation becomes a console error the tests see.
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || '(inline)'}`);
    });
  });
  // `window.viewCopy(canvas)`: a canvas made for reading with what the user sees of a view — its
  // raster layers (a HiDPI heatmap is shown under the view's canvas, src/web/raster_layer.rs) and
  // the canvas over them. Read through a copy so the page's own canvas is not flagged by Chromium's
  // "multiple readback operations" warning (which the tests would otherwise cause themselves).
  // `window.viewCanvas()`: a new canvas in the document as the page's views have theirs, alone in
  // a `.canvas-box` (so the benchmarks draw heatmaps the way the page does).
  await context.addInitScript(() => {
    window.viewCanvas = () => {
      const box = document.createElement('div');
      box.className = 'canvas-box';
      const c = document.createElement('canvas');
      box.append(c);
      document.body.append(box);
      return c;
    };
    window.viewCopy = (c) => {
      const copy = document.createElement('canvas');
      copy.width = c.width;
      copy.height = c.height;
      const ctx = copy.getContext('2d', { willReadFrequently: true });
      const cr = c.getBoundingClientRect();
      const scale = c.clientWidth > 0 ? c.width / c.clientWidth : 1;
      ctx.imageSmoothingEnabled = false;
      for (const layer of c.parentElement ? c.parentElement.querySelectorAll('canvas.raster-layer:not([hidden])') : []) {
        const lr = layer.getBoundingClientRect();
        ctx.drawImage(layer, (lr.left - cr.left - c.clientLeft) * scale, (lr.top - cr.top - c.clientTop) * scale, lr.width * scale, lr.height * scale);
      }
      ctx.drawImage(c, 0, 0);
      return ctx;
    };
  });
  const page = await context.newPage();
  const log = { errors: [], warnings: [], failed: [], foreign: [], requests: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') log.errors.push(m.text());
    if (m.type() === 'warning') log.warnings.push(m.text());
  });
  page.on('pageerror', (e) => log.errors.push(String(e)));
  page.on('requestfailed', (r) => log.failed.push(`${r.url()} ${r.failure() && r.failure().errorText}`));
  page.on('response', (r) => { if (r.status() >= 400) log.failed.push(`${r.url()} HTTP ${r.status()}`); });
  page.on('request', (r) => {
    log.requests.push(r.url());
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')) log.foreign.push(u);
  });
  return { page, context, log };
}

/** Waits until the page (or a lab in it) has finished starting and its first frame is drawn. */
export async function ready(page) {
  await page.waitForFunction(() => document.body.dataset.ready === '1', null, { timeout: 30000 });
  await page.waitForFunction(() => [...document.querySelectorAll('.widget')].every((w) => w.dataset.idle === '1'), null, { timeout: 30000 });
}

/** For each canvas on the page: how many pixels differ from the canvas' corner (background) colour. */
export async function inkCounts(page) {
  return page.evaluate(() => [...document.querySelectorAll('canvas[data-view]')].filter((c) => c.offsetParent !== null).map((c) => {
    const ctx = window.viewCopy(c); // what the user sees, read through a copy
    const { data } = ctx.getImageData(0, 0, c.width, c.height);
    const [r0, g0, b0] = [data[0], data[1], data[2]];
    let ink = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (Math.abs(data[i] - r0) + Math.abs(data[i + 1] - g0) + Math.abs(data[i + 2] - b0) > 30) ink += 1;
    }
    return { view: c.dataset.view, ink, total: data.length / 4, width: c.width, height: c.height };
  }));
}

/** A cheap fingerprint of one canvas' pixels, to compare before/after a control change. */
export async function canvasHash(page, view) {
  return page.evaluate((v) => {
    const c = document.querySelector(`canvas[data-view="${v}"]`);
    if (!c) return null;
    const ctx = window.viewCopy(c); // see openPage
    const { data } = ctx.getImageData(0, 0, c.width, c.height);
    let h = 2166136261;
    for (let i = 0; i < data.length; i += 7) { h ^= data[i]; h = Math.imul(h, 16777619); }
    return `${c.width}x${c.height}:${h >>> 0}`;
  }, view);
}

export function assertClean(assert, log, what) {
  assert.deepEqual(log.errors, [], `${what}: console errors (CSP violations included)`);
  assert.deepEqual(log.warnings, [], `${what}: console warnings`);
  assert.deepEqual(log.failed, [], `${what}: failed requests`);
  assert.deepEqual(log.foreign, [], `${what}: requests outside the page's own origin`);
}
