// Focused bench of issue 12: only the MLP comparison of `make bench` (the lab beside TensorFlow.js
// and plain JS, rotated blocks in one page), against the release build in dist/:
//   node tests/bench/mlp.mjs        (PEER_ROUNDS, PEER_BLOCK_MS, PEER_SHAPES=0 as in peers.mjs)
import os from 'node:os';
import { serve, launch } from '../e2e/harness.mjs';
import { openPeerPage, peerRows } from './peers.mjs';

const loadAtStart = os.loadavg().map((v) => v.toFixed(2)).join(', ');
const rows = [];
const row = (what, value, unit, target = '') => rows.push({ what, value, unit, target });
const srv = await serve();
const browser = await launch();
const { page, errors } = await openPeerPage(browser, srv);
await peerRows(page, row, loadAtStart);
await browser.close();
await srv.close();
if (errors.length) console.error(`page errors: ${errors.join(' | ')}`);
const w = Math.max(...rows.map((r) => r.what.length));
console.log(`\nMLP peers — headless Chromium, ${new Date().toISOString()}, load average at start ${loadAtStart}, at the end ${os.loadavg().map((v) => v.toFixed(2)).join(', ')}\n`);
for (const r of rows) console.log(`${r.what.padEnd(w)}  ${String(r.value).padStart(8)}  ${r.unit.padEnd(7)}  ${r.target}`);
