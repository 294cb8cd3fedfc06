// Trunk post-build hook (Trunk.toml): makes the built page strict-CSP clean and wasm-on-demand.
//
// Trunk writes an inline <script type="module"> that loads the wasm module on every page, and
// preload links with `integrity` that Chromium warns about (the module is fetched without it).
// This hook replaces both with one <meta name="descent-wasm"> naming the two hashed files;
// js/main.js loads them only when a lab opens, so the landing page shows without the 1.3 MB
// module and no inline script is left for the Content-Security-Policy (www/index.html) to allow.
import fs from 'node:fs';
import path from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR || process.argv[2] || 'dist';
const file = path.join(dir, 'index.html');
let html = fs.readFileSync(file, 'utf8');
const loader = html.match(/<script type="module">\s*import init, \* as bindings from '([^']+)';\s*const wasm = await init\(\{ module_or_path: '([^']+)' \}\);[\s\S]*?<\/script>/);
if (!loader) {
  console.error(`postbuild: Trunk's wasm loader was not found in ${file}; was the page already processed?`);
  process.exit(html.includes('name="descent-wasm"') ? 0 : 1);
}
html = html.replace(loader[0], `<meta name="descent-wasm" data-js="${loader[1]}" data-wasm="${loader[2]}">`);
html = html.replace(/<link rel="(?:modulepreload|preload)"[^>]*>/g, '');
if (/<script(?![^>]*\bsrc=)[^>]*>/.test(html)) {
  console.error('postbuild: an inline <script> is left in index.html; the page CSP would block it');
  process.exit(1);
}
fs.writeFileSync(file, html);
console.log(`postbuild: ${file}: wasm loads on demand (${loader[1]}, ${loader[2]})`);
