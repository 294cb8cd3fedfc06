// The MLP comparison of issue 12 (shared/PEERS.md): Descent Lab beside TensorFlow.js 4.22 (cpu and
// wasm backends) and a hand-written plain-JS baseline, on the same task, in one page, in rotated
// blocks of about a second each; plus the browser's f32x4 multiply-add peak, measured with a tiny
// wasm module assembled here (so the lab's own module needs no relaxed-SIMD instruction).
//
// TensorFlow.js comes from node_modules (npm dev-dependencies `@tensorflow/tfjs` and
// `@tensorflow/tfjs-backend-wasm`, installed by scripts/setup.sh with `npm ci`) and is served to the
// bench page from this machine under /__peers/ (a Playwright route): nothing is fetched from a CDN,
// and the lab's page itself never loads it.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const PEER_FILES = {
  'tf.min.js': 'node_modules/@tensorflow/tfjs/dist/tf.min.js',
  'tf-backend-wasm.min.js': 'node_modules/@tensorflow/tfjs-backend-wasm/dist/tf-backend-wasm.min.js',
  'tfjs-backend-wasm.wasm': 'node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm',
  'tfjs-backend-wasm-simd.wasm': 'node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm',
  'tfjs-backend-wasm-threaded-simd.wasm': 'node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm',
};

/** Serves the peers' files under `${origin}/__peers/` to every page of `context`. */
export async function routePeers(context, origin) {
  for (const f of Object.values(PEER_FILES)) {
    if (!fs.existsSync(path.join(ROOT, f))) throw new Error(`missing ${f}: run scripts/setup.sh (npm ci)`);
  }
  await context.route((url) => url.origin === origin && url.pathname.startsWith('/__peers/'), (route) => {
    const name = new URL(route.request().url()).pathname.slice('/__peers/'.length);
    const file = PEER_FILES[name];
    if (!file) return route.fulfill({ status: 404, body: 'not found' });
    const type = name.endsWith('.wasm') ? 'application/wasm' : 'text/javascript; charset=utf-8';
    return route.fulfill({ status: 200, contentType: type, body: fs.readFileSync(path.join(ROOT, file)) });
  });
}

/**
 * A page of the lab for the comparison, in a context of its own that serves the peers' files.
 * The context bypasses the lab's Content-Security-Policy: tf.min.js evaluates strings (blocked by
 * `script-src 'self'`), and this page only exists for the benchmark.
 */
export async function openPeerPage(browser, srv, lab = 'mlp') {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
  await routePeers(context, srv.origin);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('request', (r) => { if (!r.url().startsWith(srv.origin) && !/^(data|blob):/.test(r.url())) errors.push(`third-party request ${r.url()}`); });
  await page.goto(`${srv.base}?lab=${lab}`);
  await page.waitForFunction(() => document.body.dataset.ready === '1', null, { timeout: 60000 });
  return { page, context, errors };
}

/** Loads TensorFlow.js and its wasm backend into `page` (a lab page, whose module is loaded). */
export async function loadPeers(page) {
  await page.addScriptTag({ url: '/__peers/tf.min.js' });
  await page.addScriptTag({ url: '/__peers/tf-backend-wasm.min.js' });
  return page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    tf.wasm.setWasmPaths(`${location.origin}/__peers/`);
    await tf.setBackend('wasm');
    await tf.ready();
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
    return { version: tf.version.tfjs, simd, threads };
  });
}

/** Installs the page-side tools (window.__bench): one constructor per tool, each with step(k). */
export async function installTools(page) {
  await page.evaluate(() => {
    // The data of every tool: 2-D circles, half inside r ≤ 0.5, half on 0.7 ≤ r ≤ 1 (the lab's
    // generator with its own seed; TensorFlow.js and plain JS share one seeded LCG).
    const circles = (n) => {
      let seed = 1; const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
      const X = new Float64Array(n * 2); const Y = new Float64Array(n);
      for (let i = 0; i < n; i += 1) {
        const c = i % 2; const r = c ? 0.7 + 0.3 * rnd() : 0.5 * rnd(); const a = 6.283185307179586 * rnd();
        X[2 * i] = r * Math.cos(a); X[2 * i + 1] = r * Math.sin(a); Y[i] = c;
      }
      return { X, Y, rnd };
    };
    const weights = (sizes) => sizes.slice(1).reduce((s, w, l) => s + sizes[l] * w, 0);

    // Plain JS over Float64Array (the baseline of PEERS.md): tanh hidden layers, full-batch Adam.
    // Classification: softmax cross-entropy; regression (one output): MSE on the 0/1 label.
    const plain = (sizes, n, classes) => {
      const { X, Y, rnd } = circles(n);
      const L = sizes.length - 1; const K = sizes[L];
      const W = []; const B = []; const gW = []; const gB = [];
      for (let l = 0; l < L; l += 1) {
        const k = sizes[l] * sizes[l + 1]; const s = Math.sqrt(3 / sizes[l]);
        W.push(Float64Array.from({ length: k }, () => (2 * rnd() - 1) * s)); B.push(new Float64Array(sizes[l + 1]));
        gW.push(new Float64Array(k)); gB.push(new Float64Array(sizes[l + 1]));
      }
      const P = [...W, ...B]; const G = [...gW, ...gB];
      const m = P.map((p) => new Float64Array(p.length)); const v = P.map((p) => new Float64Array(p.length));
      const A = sizes.map((s) => new Float64Array(n * s)); const D = sizes.map((s) => new Float64Array(n * s));
      A[0].set(X);
      let t = 0; let loss = 0;
      const one = () => {
        for (let l = 0; l < L; l += 1) {
          const ni = sizes[l]; const no = sizes[l + 1]; const a = A[l]; const z = A[l + 1]; const w = W[l]; const b = B[l];
          for (let i = 0; i < n; i += 1) for (let o = 0; o < no; o += 1) {
            let s = b[o]; for (let k = 0; k < ni; k += 1) s += w[o * ni + k] * a[i * ni + k];
            z[i * no + o] = l < L - 1 ? Math.tanh(s) : s;
          }
        }
        const out = A[L]; const d = D[L]; loss = 0;
        if (classes) {
          for (let i = 0; i < n; i += 1) {
            let mx = -Infinity; for (let j = 0; j < K; j += 1) mx = Math.max(mx, out[i * K + j]);
            let se = 0; for (let j = 0; j < K; j += 1) { d[i * K + j] = Math.exp(out[i * K + j] - mx); se += d[i * K + j]; }
            for (let j = 0; j < K; j += 1) d[i * K + j] = (d[i * K + j] / se - (j === Y[i] ? 1 : 0)) / n;
            loss += Math.log(se) + mx - out[i * K + Y[i]];
          }
          loss /= n;
        } else {
          for (let i = 0; i < n; i += 1) { const r = out[i] - Y[i]; loss += r * r; d[i] = (2 / n) * r; }
          loss /= n;
        }
        for (let l = L - 1; l >= 0; l -= 1) {
          const ni = sizes[l]; const no = sizes[l + 1]; const a = A[l]; const dd = D[l + 1]; const w = W[l];
          gW[l].fill(0); gB[l].fill(0); if (l > 0) D[l].fill(0);
          for (let i = 0; i < n; i += 1) for (let o = 0; o < no; o += 1) {
            const g = dd[i * no + o]; gB[l][o] += g;
            for (let k = 0; k < ni; k += 1) { gW[l][o * ni + k] += g * a[i * ni + k]; if (l > 0) D[l][i * ni + k] += g * w[o * ni + k]; }
          }
          if (l > 0) for (let j = 0; j < n * ni; j += 1) D[l][j] *= 1 - a[j] * a[j];
        }
        t += 1; const c1 = 1 - 0.9 ** t; const c2 = 1 - 0.999 ** t;
        for (let q = 0; q < P.length; q += 1) {
          const p = P[q]; const g = G[q]; const mq = m[q]; const vq = v[q];
          for (let j = 0; j < p.length; j += 1) { mq[j] = 0.9 * mq[j] + 0.1 * g[j]; vq[j] = 0.999 * vq[j] + 0.001 * g[j] * g[j]; p[j] -= (0.01 * mq[j] / c1) / (Math.sqrt(vq[j] / c2) + 1e-8); }
        }
      };
      return { step: (k) => { for (let i = 0; i < k; i += 1) one(); return loss; }, dispose: () => {}, flops: 6 * weights(sizes) * n };
    };

    // TensorFlow.js on one backend: the same network as variables, Adam(0.01) through
    // `optimizer.minimize`, float32 (TensorFlow.js has no float64).
    const tfjs = (sizes, n, classes) => {
      /* global tf */
      const { X, Y, rnd } = circles(n);
      const L = sizes.length - 1;
      const x = tf.tensor2d(Float32Array.from(X), [n, 2]);
      const y = classes ? tf.oneHot(tf.tensor1d(Int32Array.from(Y), 'int32'), classes).toFloat() : tf.tensor2d(Float32Array.from(Y), [n, 1]);
      const W = []; const B = [];
      for (let l = 0; l < L; l += 1) {
        const s = Math.sqrt(3 / sizes[l]);
        W.push(tf.variable(tf.tensor2d(Float32Array.from({ length: sizes[l] * sizes[l + 1] }, () => (2 * rnd() - 1) * s), [sizes[l], sizes[l + 1]])));
        B.push(tf.variable(tf.zeros([sizes[l + 1]])));
      }
      const opt = tf.train.adam(0.01);
      const f = () => {
        let h = x;
        for (let l = 0; l < L; l += 1) { h = tf.add(tf.matMul(h, W[l]), B[l]); if (l < L - 1) h = tf.tanh(h); }
        return classes ? tf.losses.softmaxCrossEntropy(y, h) : tf.losses.meanSquaredError(y, h);
      };
      let last = null;
      return {
        step: (k) => {
          for (let i = 0; i < k; i += 1) {
            if (last) last.dispose();
            last = opt.minimize(f, true);
          }
          return last.dataSync()[0];
        },
        dispose: () => { if (last) last.dispose(); opt.dispose(); [x, y, ...W, ...B].forEach((t) => t.dispose()); },
        flops: 6 * weights(sizes) * n,
      };
    };

    // Descent Lab through its bench handle (src/web/bench/mlp.rs, `MlpBench`): the lab's Trainer.
    const lab = (precision) => (sizes, n, classes) => {
      const b = new window.wasmBindings.MlpBench(Uint32Array.from(sizes.slice(1, -1)), n, classes, precision);
      return { step: (k) => b.run(k), dispose: () => b.free(), flops: b.flopsPerStep() };
    };

    // The f32x4 multiply-add peak of this browser: 12 independent chains acc ← acc·x + y, as
    // `f32x4.relaxed_madd` (fused where the CPU has FMA) and as `f32x4.mul` + `f32x4.add`.
    const peak = () => {
      const u = (v) => { const o = []; do { let b = v & 0x7f; v >>>= 7; if (v) b |= 0x80; o.push(b); } while (v); return o; };
      const simd = (op) => [0xfd, ...u(op)];
      const f32 = (v) => [0x43, ...new Uint8Array(new Float32Array([v]).buffer)];
      const CH = 12; const X = CH + 1; const Yl = CH + 2;
      const body = (fused) => {
        const c = [...f32(0.9999), ...simd(19), 0x21, X, ...f32(0.001), ...simd(19), 0x21, Yl];
        for (let k = 0; k < CH; k += 1) c.push(...f32(0.01 * k), ...simd(19), 0x21, 1 + k);
        c.push(0x03, 0x40);
        for (let k = 0; k < CH; k += 1) {
          if (fused) c.push(0x20, 1 + k, 0x20, X, 0x20, Yl, ...simd(0x105), 0x21, 1 + k); // relaxed_madd(a, b, c) = a·b + c
          else c.push(0x20, 1 + k, 0x20, X, ...simd(230), 0x20, Yl, ...simd(228), 0x21, 1 + k); // mul, add
        }
        c.push(0x20, 0, 0x41, 1, 0x6b, 0x22, 0, 0x0d, 0, 0x0b);
        c.push(0x20, 1); for (let k = 1; k < CH; k += 1) c.push(0x20, 1 + k, ...simd(228));
        c.push(...simd(31), 0, 0x0b);
        const fn = [1, CH + 2, 0x7b, ...c];
        return [...u(fn.length), ...fn];
      };
      const sec = (id, bytes) => [id, ...u(bytes.length), ...bytes];
      const name = (s) => [s.length, ...[...s].map((ch) => ch.charCodeAt(0))];
      const bytes = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
        ...sec(1, [1, 0x60, 1, 0x7f, 1, 0x7d]), ...sec(3, [2, 0, 0]),
        ...sec(7, [2, ...name('fma'), 0, 0, ...name('muladd'), 0, 1]),
        ...sec(10, [2, ...body(true), ...body(false)])]);
      return new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports;
    };
    const peakFns = peak();
    const peakTool = (fused) => () => {
      const fn = fused ? peakFns.fma : peakFns.muladd;
      return { step: (k) => fn(k * 10000), dispose: () => {}, flops: 10000 * 12 * 8 };
    };

    window.__bench = {
      tools: { 'lab-f64': lab('f64'), 'lab-f32': lab('f32'), plain, tfjs, 'peak-fma': peakTool(true), 'peak-muladd': peakTool(false) },
      /** One timed block of about `ms` milliseconds; returns steps/s (work units/s for a peak). */
      async block(tool, sizes, n, classes, ms) {
        const [kind, backend] = tool.split(':');
        if (backend) await tf.setBackend(backend);
        const t = this.tools[kind](sizes, n, classes);
        try {
          let loss = t.step(t.flops > 1e9 ? 1 : 2); // warm-up (kernels compiled, buffers sized)
          let steps = 0; let chunk = 1; const t0 = performance.now(); let el = 0;
          while (el < ms) {
            loss = t.step(chunk); steps += chunk;
            el = performance.now() - t0;
            if (el < ms / 20) chunk *= 2;
          }
          return { rate: steps / (el / 1000), flops: t.flops, loss };
        } finally { t.dispose(); }
      },
    };
  });
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

/**
 * Runs `rounds` rounds; in round r every tool gets one block, the order rotated by r. Returns, per
 * tool, the median rate and FLOPs per step (or per work unit).
 */
export async function rotate(page, tools, sizes, n, classes, { rounds = 11, ms = 1000 } = {}) {
  const rates = Object.fromEntries(tools.map((t) => [t, []]));
  const info = {};
  for (let r = 0; r < rounds; r += 1) {
    for (let i = 0; i < tools.length; i += 1) {
      const tool = tools[(i + r) % tools.length];
      const res = await page.evaluate(([tl, s, nn, c, m]) => window.__bench.block(tl, s, nn, c, m), [tool, sizes, n, classes, ms]);
      rates[tool].push(res.rate);
      info[tool] = { flops: res.flops, loss: res.loss };
    }
  }
  return Object.fromEntries(tools.map((t) => [t, { rate: median(rates[t]), flops: info[t].flops, loss: info[t].loss, blocks: rates[t].length }]));
}

/**
 * The rows of the comparison, added with `row(what, value, unit, target)`; `page` shows a lab
 * (its wasm module loaded). Environment: PEER_ROUNDS (11), PEER_BLOCK_MS (1000), PEER_SHAPES=0
 * skips the larger networks.
 */
export async function peerRows(page, row, loadAtStart) {
  const tfInfo = await loadPeers(page);
  await installTools(page);
  const lanes = await page.evaluate(() => window.wasmBindings.checkTanhLanes());
  row('MLP f32 path: simd128 tanh vs the scalar tanh32, numbers with other bits (of 400,012)', lanes, 'count', '0');
  const rounds = Number(process.env.PEER_ROUNDS || 11);
  const ms = Number(process.env.PEER_BLOCK_MS || 1000);
  const labTools = LAB_TOOLS;
  const tfName = `TensorFlow.js ${tfInfo.version}`;
  const peerTools = [
    ['tfjs:wasm', `${tfName} wasm backend (SIMD ${tfInfo.simd ? 'on' : 'off'}, threads ${tfInfo.threads ? 'on' : 'off'}; Adam via minimize)`],
    ['tfjs:cpu', `${tfName} cpu backend`],
    ['plain', 'plain JS over Float64Array (Adam)'],
  ];
  const peaks = [['peak-fma', 'f32x4 FMA peak (relaxed_madd, 12 chains)'], ['peak-muladd', 'f32x4 mul + add peak (12 chains)']];
  const all = [...labTools, ...peerTools, ...peaks].map(([t]) => t);
  const res = await rotate(page, all, [2, 16, 16, 1], 500, 0, { rounds, ms });
  const gflops = (t) => (res[t].rate * res[t].flops) / 1e9;
  row(`MLP beside its peers (2-16-16-1 tanh, 500 pts, full-batch Adam, 912 kFLOP/step; median of ${rounds} rotated ${ms}-ms blocks in one page)`, '', '', `load average at start ${loadAtStart}`);
  for (const [t, what] of [...labTools, ...peerTools]) {
    const ratios = labTools.map(([l, , short]) => `${short} ÷ this ${(res[l].rate / res[t].rate).toFixed(2)}`).join('; ');
    row(`  ${what}`, res[t].rate.toFixed(0), 'steps/s', `${gflops(t).toFixed(2)} GFLOP/s; ${ratios}`);
  }
  for (const [t, what] of peaks) row(`  browser ${what}`, gflops(t).toFixed(1), 'GFLOP/s', t === 'peak-fma' ? 'PEERS: 58.5' : 'PEERS: 46.9');
  for (const [l, what] of labTools) row(`  ${what}: share of the f32x4 FMA peak`, ((100 * gflops(l)) / gflops('peak-fma')).toFixed(1), '%', '≥ 30 (issue 12)');
  if (process.env.PEER_SHAPES === '0') return;

  // Larger networks on 2,000 points, 2 classes (softmax cross-entropy), against TensorFlow.js-wasm.
  const shapes = [[[2, 64, 64, 2], Math.min(5, rounds)], [[2, 256, 256, 2], Math.min(5, rounds)], [[2, 512, 512, 512, 512, 2], Math.min(3, rounds)]];
  for (const [sizes, r] of shapes) {
    const tools = [...labTools.map(([t]) => t), 'tfjs:wasm'];
    const big = await rotate(page, tools, sizes, 2000, 2, { rounds: r, ms });
    const name = sizes.join('-').replace('512-512-512-512', '512×4');
    const g = (t) => (big[t].rate * big[t].flops) / 1e9;
    for (const [t, what] of [...labTools, ['tfjs:wasm', `${tfName} wasm`]]) {
      const ratio = t === 'tfjs:wasm' ? '' : `; ÷ TF.js-wasm ${(big[t].rate / big['tfjs:wasm'].rate).toFixed(2)}`;
      row(`MLP ${name} tanh, 2,000 pts, CE, full batch (${r} rotated blocks): ${what}`, big[t].rate.toFixed(big[t].rate < 100 ? 2 : 0), 'steps/s', `${g(t).toFixed(2)} GFLOP/s${ratio}`);
    }
  }
}

/** The lab's entries: [tool, label, short label for ratios]. */
const LAB_TOOLS = [['lab-f32', 'Descent Lab, f32 passes (simd128; f64 parameters and Adam)', 'lab f32'], ['lab-f64', 'Descent Lab, f64 (exact; the lab\'s default)', 'lab f64']];
