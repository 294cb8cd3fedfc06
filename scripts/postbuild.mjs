// Trunk post-build hook (Trunk.toml): builds one wasm module per lab and names them in the page.
//
// Trunk copies the page and its assets; the wasm is built here, one module per lab
// (scripts/lab-modules.mjs), so that a lab's page downloads only its own lab. Their hashed file
// names go into the page's <meta name="descent-wasm"> (data-LAB-js, data-LAB-wasm); js/main.js
// loads a lab's module only when that lab opens, so the landing page shows without any module.
// The page keeps no inline script, for its Content-Security-Policy (www/index.html).
import fs from 'node:fs';
import path from 'node:path';
import { buildLabModules } from './lab-modules.mjs';

const dir = process.env.TRUNK_STAGING_DIR || process.argv[2] || 'dist';
const profile = process.env.TRUNK_PROFILE === 'debug' ? 'debug' : 'release';
const file = path.join(dir, 'index.html');
let html = fs.readFileSync(file, 'utf8');
const meta = /<meta name="descent-wasm"[^>]*>/;
if (!meta.test(html)) {
  console.error(`postbuild: ${file} has no <meta name="descent-wasm"> to name the modules in`);
  process.exit(1);
}
let modules;
try {
  modules = await buildLabModules(dir, profile);
} catch (e) {
  console.error(`postbuild: ${e.message}`);
  process.exit(1);
}
const attrs = Object.entries(modules).map(([id, m]) => `data-${id}-js="${m.js}" data-${id}-wasm="${m.wasm}"`).join(' ');
html = html.replace(meta, `<meta name="descent-wasm" ${attrs}>`);
if (/<script(?![^>]*\bsrc=)[^>]*>/.test(html)) {
  console.error('postbuild: an inline <script> is in index.html; the page CSP would block it');
  process.exit(1);
}
fs.writeFileSync(file, html);
console.log(`postbuild: ${file}: one wasm module per lab (${Object.keys(modules).join(', ')}), loaded when the lab opens`);
