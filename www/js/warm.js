// Start-up warm-up, run in a worker. V8 compiles each wasm function on its first call, on the
// thread that calls it; a lab's opening calls hundreds of functions for the first time (reading
// the link, the opening computation, the first drawing of each view), which made opening a lab a
// few tasks of 60–120 ms on the page. The page hands its compiled module to this worker, which
// opens the same lab with the same link and draws each view once on an OffscreenCanvas. The
// compiled code belongs to the module, so the page then runs it without compiling. Nothing here
// is shown and nothing comes back but "ready" (or why it failed). It does not go on to play: on a
// two-core machine a worker still busy slowed the page's own opening more than it helped.

// The lab's canvas code checks for the page's classes; an OffscreenCanvas and its 2-D context
// have the same drawing interface.
if (!self.HTMLCanvasElement && self.OffscreenCanvas) self.HTMLCanvasElement = self.OffscreenCanvas;
if (!self.CanvasRenderingContext2D && self.OffscreenCanvasRenderingContext2D) {
  self.CanvasRenderingContext2D = self.OffscreenCanvasRenderingContext2D;
}

// The longest the worker goes on with the opening's own work.
const WORK_MS = 500;

self.onmessage = async ({ data }) => {
  const { js, module, lab: name, query } = data;
  try {
    const wasm = await import(js);
    await wasm.default({ module_or_path: module });
    const lab = wasm.Lab.open(name, query);
    lab.controls();
    lab.query();
    lab.status();
    lab.takeNotices();
    const views = lab.views();
    for (const v of views) {
      const canvas = new OffscreenCanvas(1, 1);
      lab.attach(v.id, canvas);
      const w = v.wide ? 860 : 420;
      lab.resize(v.id, w, Math.max(60, Math.round(w * v.aspect)), 1);
      lab.renderView(v.id);
    }
    // Ticks of whatever the lab computes at opening (for at most WORK_MS: the init statistics of a
    // deep network reach their first forward and backward pass only after drawing the weights),
    // and one of playing (a training step, a race step): the page's first ticks then run compiled
    // code too.
    const t0 = performance.now();
    while (lab.busy() && performance.now() - t0 < WORK_MS) lab.tick(8);
    try {
      lab.action('play');
      lab.tick(8);
    } catch (_) { /* a lab without play */ }
    // Each view once more, now that the opening's work has made something to show (the MLP's
    // decision surface is a placeholder until its network is built; its first real drawing, the
    // grid's forward passes and the stamped points, took 54–188 ms on the page uncompiled).
    for (const v of views) lab.renderView(v.id);
    lab.free();
    self.postMessage('ready');
  } catch (e) {
    self.postMessage(`failed: ${e && e.message ? e.message : e}`);
  }
};
