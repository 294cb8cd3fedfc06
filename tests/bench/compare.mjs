// Before/after benchmarks in one run: `node tests/bench/compare.mjs BEFORE_DIST [AFTER_DIST]`
// (AFTER_DIST defaults to dist/). Runs tests/bench/run.mjs against each build in turn — before,
// after, before, after — on this machine in one go, and prints every figure of both builds side by
// side (the median of the two runs of each), with the load average at the start. Figures are
// reported, never asserted.
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const [before, after = path.join(here, '..', '..', 'dist')] = process.argv.slice(2).map((d) => path.resolve(d));
if (!before) {
  console.error('usage: node tests/bench/compare.mjs BEFORE_DIST [AFTER_DIST]');
  process.exit(2);
}
const load = os.loadavg().map((v) => v.toFixed(2)).join(', ');

/** One run of the bench against `dist`: its rows as [name, value, unit, target]. */
function run(dist) {
  const out = execFileSync('node', [path.join(here, 'run.mjs')], { env: { ...process.env, DIST_DIR: dist, BENCH_PEERS: '0' }, encoding: 'utf8', maxBuffer: 1 << 26 });
  const lines = out.split('\n');
  const start = lines.findIndex((l) => l.startsWith('---'));
  return lines.slice(start + 1).filter((l) => l.trim()).map((l) => {
    const m = /^(.*?)\s{2,}(\S+)\s{2}(\S*)\s*(.*)$/.exec(l);
    return m ? [m[1].trim(), m[2], m[3], m[4]] : [l.trim(), '', '', ''];
  });
}

const runs = { before: [], after: [] };
// BENCH_ROUNDS=1 runs each build once (before, after); the default is two rounds.
const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS) || 2);
for (const which of Array.from({ length: rounds }, () => ['before', 'after']).flat()) {
  process.stderr.write(`bench: ${which} (${which === 'before' ? before : after})…\n`);
  runs[which].push(run(which === 'before' ? before : after));
}
const value = (rowsList, name) => {
  const vs = rowsList.map((rows) => rows.find((r) => r[0] === name)).filter(Boolean).map((r) => Number(r[1])).filter(Number.isFinite);
  if (!vs.length) return '—';
  const m = vs.reduce((a, b) => a + b, 0) / vs.length;
  return Number.isInteger(m) ? String(m) : m.toFixed(2);
};
const names = runs.after[0].map((r) => r[0]);
const w = Math.max(...names.map((n) => n.length));
console.log(`\nBefore/after benchmarks — headless Chromium, ${new Date().toISOString()}, load average at start ${load}`);
console.log(`before: ${before}\nafter:  ${after}\n(each figure: mean of ${rounds} run(s)' medians, runs alternated)\n`);
console.log(`${'benchmark'.padEnd(w)}  ${'before'.padStart(10)}  ${'after'.padStart(10)}  unit     target`);
for (const n of names) {
  const r = runs.after[0].find((x) => x[0] === n);
  console.log(`${n.padEnd(w)}  ${value(runs.before, n).padStart(10)}  ${value(runs.after, n).padStart(10)}  ${r[2].padEnd(7)}  ${r[3]}`);
}
