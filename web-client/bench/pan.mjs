// Measures how smoothly the editor pans a large document in Debian's Chromium. It creates a
// project with NODES shapes through the REST API and opens it. Then it pans the canvas with the
// mouse for a few seconds and reports the frame rate from requestAnimationFrame timestamps.
//
//   PIXELCRAFT_URL=http://127.0.0.1:8181 NODES=5000 node bench/pan.mjs
import { createProject, launch, newPage, signUp } from '../e2e/browser.mjs';

const NODES = Number(process.env.NODES ?? 5000);
const PAN_SECONDS = Number(process.env.PAN_SECONDS ?? 5);
/** The server's maximum ops per batch is configurable; 1,000 stays below every default seen. */
const OPS_PER_BATCH = 1000;

const browser = await launch();
const { page } = await newPage(browser);
await signUp(page, 'Bench');
const projectId = await createProject(page, `Bench ${NODES}`);

const started = Date.now();
const created = await page.evaluate(async ([id, count, perBatch]) => {
  const csrf = decodeURIComponent(document.cookie.split('; ').find((c) => c.startsWith('pc_csrf='))?.split('=')[1] ?? '');
  const types = ['rect', 'ellipse', 'text'];
  let made = 0;
  for (let start = 0; start < count; start += perBatch) {
    const ops = [];
    for (let i = start; i < Math.min(count, start + perBatch); i++) {
      const type = types[i % types.length];
      const props = { x: (i % 100) * 19, y: Math.floor(i / 100) * 21, width: 16, height: 18, fill: `#${((i * 2654435761) >>> 8).toString(16).padStart(6, '0').slice(0, 6)}` };
      if (type === 'text') {
        delete props.fill;
        props.text = `T${i}`;
        props.fontSize = 10;
      }
      ops.push({ kind: 'create', opId: `bench:${i}`, node: `b${i}`, type, parent: 'root', props });
    }
    const response = await fetch(`/api/projects/${id}/ops`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
      body: JSON.stringify({ ops }),
    });
    if (!response.ok) {
      throw new Error(`ops batch at ${start} failed with ${response.status}: ${await response.text()}`);
    }
    made += ops.length;
  }
  return made;
}, [projectId, NODES, OPS_PER_BATCH]);
console.log(`created ${created} nodes in ${((Date.now() - started) / 1000).toFixed(1)} s`);

const openStarted = Date.now();
await page.reload();
await page.getByRole('treeitem').first().waitFor({ timeout: 120_000 });
console.log(`opened the editor with ${created} nodes in ${((Date.now() - openStarted) / 1000).toFixed(1)} s`);

const canvas = await page.locator('.canvas-wrap').boundingBox();
await page.keyboard.press('h');
await page.evaluate(() => {
  window.__frames = [];
  const tick = (time) => {
    window.__frames.push(time);
    if (!window.__stopFrames) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
});

const cx = canvas.x + canvas.width / 2;
const cy = canvas.y + canvas.height / 2;
await page.mouse.move(cx, cy);
await page.mouse.down();
const panEnd = Date.now() + PAN_SECONDS * 1000;
let step = 0;
while (Date.now() < panEnd) {
  step += 1;
  const angle = step / 20;
  await page.mouse.move(cx + Math.cos(angle) * 200, cy + Math.sin(angle) * 150);
}
await page.mouse.up();

const frames = await page.evaluate(() => {
  window.__stopFrames = true;
  return window.__frames;
});
const intervals = frames.slice(1).map((time, i) => time - frames[i]).sort((a, b) => a - b);
const seconds = (frames[frames.length - 1] - frames[0]) / 1000;
const fps = (frames.length - 1) / seconds;
const p95 = intervals[Math.floor(intervals.length * 0.95)];
console.log(`panned for ${seconds.toFixed(1)} s with ${step} pointer moves: ${fps.toFixed(1)} frames/s, `
  + `95th percentile frame ${p95.toFixed(1)} ms, longest ${intervals[intervals.length - 1].toFixed(1)} ms`);
await browser.close();
