// The plain-JS heatmap of shared/PEERS.md, one copy for every bench page: Rosenbrock over
// [−2, 2] × [−1, 3], log(1 + f) through a 256-entry colour table into an ImageData.
// `installPlainHeatmap(page)` defines `window.plainHeatmap(img)` in the page (before its own
// scripts, on every navigation); it fills `img` (an ImageData of any size) and returns it.

function makePlainHeatmap() {
  const lut = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i += 1) { lut[3 * i] = i; lut[3 * i + 1] = 255 - i; lut[3 * i + 2] = 128; }
  const lmax = Math.log1p(3000);
  return (img) => {
    const { width: w, height: h, data: d } = img;
    for (let j = 0; j < h; j += 1) {
      const y = 3 - (4 * (j + 0.5)) / h;
      for (let i = 0; i < w; i += 1) {
        const x = -2 + (4 * (i + 0.5)) / w;
        const f = (1 - x) ** 2 + 100 * (y - x * x) ** 2;
        const k = Math.min(255, ((Math.log1p(f) / lmax) * 255) | 0);
        const o = 4 * (j * w + i);
        d[o] = lut[3 * k]; d[o + 1] = lut[3 * k + 1]; d[o + 2] = lut[3 * k + 2]; d[o + 3] = 255;
      }
    }
    return img;
  };
}

export async function installPlainHeatmap(page) {
  await page.addInitScript(`window.plainHeatmap = (${makePlainHeatmap.toString()})();`);
}
