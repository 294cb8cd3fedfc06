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
// Each lab builds in a target directory of its own (target/lab-ID), since cargo keeps one build of
// a cdylib per directory whatever its features: a rebuild with no change then takes seconds. The
// builds run side by side, as many at a time as the machine has cores.
import { execFileSync, spawn } from 'node:child_process';
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

function run(cmd, args) {
  try {
    execFileSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  } catch (e) {
    throw new Error(`lab-modules: \`${cmd} ${args.join(' ')}\` failed${e.code === 'ENOENT' ? ` (${cmd} is not installed: run scripts/setup.sh)` : ''}`);
  }
}

/** `cargo ARGS`, its output lines prefixed with the lab's id; resolves when cargo succeeds. */
function cargo(id, args) {
  return new Promise((resolve, reject) => {
    const child = spawn('cargo', args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [child.stdout, child.stderr]) {
      let rest = '';
      stream.on('data', (chunk) => {
        const lines = (rest + chunk).split('\n');
        rest = lines.pop();
        for (const l of lines) process.stderr.write(`lab-modules: ${id}: ${l}\n`);
      });
      stream.on('end', () => rest && process.stderr.write(`lab-modules: ${id}: ${rest}\n`));
    }
    child.on('error', (e) => reject(new Error(`lab-modules: cannot run cargo (${e.message}): run scripts/setup.sh`)));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`lab-modules: \`cargo ${args.join(' ')}\` failed`))));
  });
}

/** Builds every lab's module into `out`; `profile` is "release" or "debug". */
export async function buildLabModules(out, profile = 'release') {
  const { CATALOGUE } = await import(path.join(root, 'www/js/catalogue.js'));
  const targetRoot = process.env.CARGO_TARGET_DIR ? path.resolve(root, process.env.CARGO_TARGET_DIR) : path.join(root, 'target');
  const targetOf = (id) => path.join(targetRoot, `lab-${id}`);
  const ids = CATALOGUE.map((l) => l.id);
  // The cargo builds, side by side.
  const queue = [...ids];
  const worker = async () => {
    for (let id = queue.shift(); id; id = queue.shift()) {
      const args = ['build', '--target', 'wasm32-unknown-unknown', '--lib', '--no-default-features', '--features', [id, ...ALWAYS].join(','), '--target-dir', targetOf(id)];
      if (profile === 'release') args.push('--release');
      process.stderr.write(`lab-modules: ${id}: cargo ${args.join(' ')}\n`);
      await cargo(id, args);
    }
  };
  const parallel = Math.max(1, Math.min(ids.length, os.availableParallelism ? os.availableParallelism() : os.cpus().length));
  await Promise.all(Array.from({ length: parallel }, worker));
  // Then binding, optimising and naming, one after another. The bound and optimised files are
  // kept beside cargo's build (target/lab-ID/module-PROFILE/) with the hash of the build they came
  // from and of the two commands: an unchanged build skips wasm-bindgen and wasm-opt (about 20 s a
  // module).
  const wasmOpt = path.join(root, 'node_modules/.bin/wasm-opt');
  const modules = {};
  for (const id of ids) {
    const built = path.join(targetOf(id), 'wasm32-unknown-unknown', profile, 'descent_lab.wasm');
    const cache = path.join(targetOf(id), `module-${profile}`);
    const [jsFile, wasmFile] = [path.join(cache, `${id}.js`), path.join(cache, `${id}_bg.wasm`)];
    const bindgenArgs = ['--target', 'web', '--weak-refs', '--no-typescript', '--out-dir', cache, '--out-name', id, built];
    const optArgs = profile === 'release' ? ['-O3', ...WASM_FEATURES.map((f) => `--enable-${f}`), wasmFile, '-o', wasmFile] : null;
    const key = crypto.createHash('sha256').update(fs.readFileSync(built)).update(JSON.stringify([bindgenArgs, optArgs])).digest('hex');
    const keyFile = path.join(cache, 'inputs.sha256');
    const cached = fs.existsSync(keyFile) && fs.readFileSync(keyFile, 'utf8') === key && fs.existsSync(jsFile) && fs.existsSync(wasmFile);
    if (!cached) {
      fs.rmSync(cache, { recursive: true, force: true });
      fs.mkdirSync(cache, { recursive: true });
      run('wasm-bindgen', bindgenArgs);
      if (optArgs) run(wasmOpt, optArgs);
      fs.writeFileSync(keyFile, key);
    }
    const js = fs.readFileSync(jsFile);
    const wasm = fs.readFileSync(wasmFile);
    const hash = crypto.createHash('sha256').update(js).update(wasm).digest('hex').slice(0, 16);
    const names = { js: `${id}-${hash}.js`, wasm: `${id}-${hash}_bg.wasm` };
    fs.writeFileSync(path.join(out, names.js), js);
    fs.writeFileSync(path.join(out, names.wasm), wasm);
    process.stderr.write(`lab-modules: ${id}: ${names.wasm}: ${wasm.length} bytes${cached ? ' (bound and optimised before, from the same build)' : ''}\n`);
    modules[id] = names;
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
