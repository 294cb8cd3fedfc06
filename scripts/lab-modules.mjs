// One wasm module per lab: a lab's page downloads its own lab, not the other three.
//
//   node scripts/lab-modules.mjs OUT_DIR [release|debug]
//
// For every lab of the catalogue (www/js/catalogue.js), builds the crate with only that lab's
// feature and the benchmarks (`--no-default-features --features LAB,bench`, Cargo.toml), binds it
// with wasm-bindgen (`--target web --weak-refs`) and, in release, optimises it with wasm-opt -O3
// (binaryen from node_modules). Writes LAB-HASH.js and LAB-HASH_bg.wasm into OUT_DIR (the hash is of
// both files' bytes, for caching) and prints each module's size (`make dist` prints them gzipped too). Returns (and, run as a script,
// prints as JSON) `{ lab: { js, wasm } }`, which scripts/postbuild.mjs writes into the page.
//
// The builds share cargo's target directory and run one after another: cargo keeps each feature
// set's build, so a rebuild with no change in the sources takes seconds.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// The features every wasm module of this crate is built with besides its lab's (Cargo.toml).
const ALWAYS = ['bench'];
// Exactly the proposals rustc's wasm32 target emits (and simd128, .cargo/config.toml): wasm-opt
// must accept them, and must not introduce any other.
const WASM_FEATURES = ['simd', 'bulk-memory', 'nontrapping-float-to-int', 'sign-ext', 'mutable-globals', 'reference-types', 'multivalue'];

function run(cmd, args, opts = {}) {
  try {
    execFileSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], ...opts });
  } catch (e) {
    throw new Error(`lab-modules: \`${cmd} ${args.join(' ')}\` failed${e.code === 'ENOENT' ? ` (${cmd} is not installed: run scripts/setup.sh)` : ''}`);
  }
}

/** Builds every lab's module into `out`; `profile` is "release" or "debug". */
export async function buildLabModules(out, profile = 'release') {
  const { CATALOGUE } = await import(path.join(root, 'www/js/catalogue.js'));
  const targetDir = process.env.CARGO_TARGET_DIR ? path.resolve(root, process.env.CARGO_TARGET_DIR) : path.join(root, 'target');
  const wasmOpt = path.join(root, 'node_modules/.bin/wasm-opt');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-modules-'));
  const modules = {};
  try {
    for (const { id } of CATALOGUE) {
      const cargoArgs = ['build', '--target', 'wasm32-unknown-unknown', '--lib', '--no-default-features', '--features', [id, ...ALWAYS].join(',')];
      if (profile === 'release') cargoArgs.push('--release');
      process.stderr.write(`lab-modules: ${id}: cargo ${cargoArgs.join(' ')}\n`);
      run('cargo', cargoArgs);
      const built = path.join(targetDir, 'wasm32-unknown-unknown', profile, 'descent_lab.wasm');
      run('wasm-bindgen', ['--target', 'web', '--weak-refs', '--no-typescript', '--out-dir', tmp, '--out-name', id, built]);
      const bound = path.join(tmp, `${id}_bg.wasm`);
      if (profile === 'release') {
        run(wasmOpt, ['-O3', ...WASM_FEATURES.map((f) => `--enable-${f}`), bound, '-o', bound]);
      }
      const js = fs.readFileSync(path.join(tmp, `${id}.js`));
      const wasm = fs.readFileSync(bound);
      const hash = crypto.createHash('sha256').update(js).update(wasm).digest('hex').slice(0, 16);
      const names = { js: `${id}-${hash}.js`, wasm: `${id}-${hash}_bg.wasm` };
      fs.writeFileSync(path.join(out, names.js), js);
      fs.writeFileSync(path.join(out, names.wasm), wasm);
      process.stderr.write(`lab-modules: ${id}: ${names.wasm}: ${wasm.length} bytes\n`);
      modules[id] = names;
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return modules;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = process.argv[2];
  if (!out) {
    console.error('usage: node scripts/lab-modules.mjs OUT_DIR [release|debug]');
    process.exit(2);
  }
  fs.mkdirSync(out, { recursive: true });
  buildLabModules(out, process.argv[3] || 'release')
    .then((m) => console.log(JSON.stringify(m, null, 2)))
    .catch((e) => {
      console.error(e.message);
      process.exit(1);
    });
}
