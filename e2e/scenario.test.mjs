// The two-person scenario on a running distribution: A uploads a real photo, edits it, shares
// it, and B joins through the link; both edit at once, B edits offline, A restores a version and
// exports, and an administrator sees the room in the Karaf console. Start it with e2e/run.sh,
// which sets PIXELCRAFT_URL, PIXELCRAFT_HOME and PIXELCRAFT_SSH_PORT.
//
// Each numbered step is a subtest, so a failing step names itself and later steps still run on
// the state the earlier ones left. Where the web editor cannot do a part of a step, the test does
// that part through the public REST API, so later steps can still run, and then fails the step
// with a message naming the missing piece.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const BASE_URL = process.env.PIXELCRAFT_URL ?? 'http://127.0.0.1:8181';
const KARAF_HOME = process.env.PIXELCRAFT_HOME;
const SSH_PORT = process.env.PIXELCRAFT_SSH_PORT ?? '8101';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

const HERE = dirname(fileURLToPath(import.meta.url));
const SCREENSHOTS = join(HERE, 'target', 'screenshots');
const PHOTO = 'Landscape_6.jpg';

/** Deadline of one wait for the browser or the server. A step has several waits. */
const WAIT_MS = 20_000;

/**
 * Tolerance of the export comparison, per 8-bit channel: the mean absolute difference between
 * the downloaded PNG and the server's render, and the share of pixels that may differ by more
 * than MAX_CHANNEL_DIFF. The photo has a plugin filter, so the editor has the server render
 * the export and both files should be equal. The tolerance allows for a render in the browser.
 */
const MAX_MEAN_DIFF = 2;
const MAX_CHANNEL_DIFF = 16;
const MAX_DIFFERENT_SHARE = 0.01;

/** Walks up from this folder to the repository root (the folder with mvnw), then to ../shared/corpus. */
function corpusDir() {
  let dir = HERE;
  while (dir !== dirname(dir)) {
    if (existsSync(join(dir, 'mvnw'))) {
      const corpus = resolve(dir, '..', 'shared', 'corpus');
      return existsSync(corpus) ? corpus : null;
    }
    dir = dirname(dir);
  }
  return null;
}

const corpus = corpusDir();
const photoPath = corpus ? join(corpus, 'exif-orientation-examples', PHOTO) : null;

let browser;
const alice = {};
const bob = {};
const state = {};

before(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: run web-client/install-chromium.sh or set CHROMIUM_PATH`);
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, headless: true });
});

after(async () => {
  await browser?.close();
});

// ---------------------------------------------------------------------------------------------
// Helpers

async function openUser(user, name) {
  user.name = name;
  user.context = await browser.newContext({
    baseURL: BASE_URL, locale: 'en-US', viewport: { width: 1400, height: 900 }, acceptDownloads: true,
  });
  user.page = await user.context.newPage();
  user.page.on('pageerror', (error) => console.error(`[${name} page error] ${error.message}`));
  // Every presence message this browser receives, to check that collaborators' cursors arrive.
  user.presence = [];
  user.page.on('websocket', (socket) => {
    socket.on('framereceived', (frame) => {
      if (typeof frame.payload === 'string' && frame.payload.includes('"presence"')) {
        try {
          user.presence.push(JSON.parse(frame.payload));
        } catch {
          // Only presence messages matter here, so a frame that is not JSON is skipped.
        }
      }
    });
  });
}

async function signUp(user) {
  user.email = `e2e-${Date.now()}-${process.pid}-${user.name.toLowerCase()}@example.com`;
  user.password = 'correct horse battery staple';
  const page = user.page;
  await page.goto('/signup');
  await page.getByLabel('Name shown to collaborators').fill(user.name);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name: 'Projects' }).waitFor({ timeout: WAIT_MS });
}

/** Calls the REST API with the user's browser session, adding the CSRF token to unsafe requests. */
async function api(user, method, path, body) {
  const cookies = await user.context.cookies(BASE_URL);
  const csrf = cookies.find((cookie) => cookie.name === 'pc_csrf')?.value;
  const response = await user.context.request.fetch(path, {
    method,
    headers: {
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...(method !== 'GET' && csrf ? { 'X-CSRF-Token': decodeURIComponent(csrf) } : {}),
    },
    data: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const type = response.headers()['content-type'] ?? '';
  const payload = type.includes('json') ? await response.json() : await response.body();
  return { status: response.status(), body: payload };
}

async function serverDocument(user = alice) {
  const { status, body } = await api(user, 'GET', `/api/projects/${state.projectId}/document`);
  assert.equal(status, 200, `GET /api/projects/${state.projectId}/document returned ${status}: ${JSON.stringify(body)}`);
  return body;
}

const nodesOfType = (doc, type) => doc.nodes.filter((node) => node.type === type);
const onlyNode = (doc, type) => {
  const nodes = nodesOfType(doc, type);
  assert.equal(nodes.length, 1, `the document has exactly one ${type} node: ${JSON.stringify(doc.nodes.map((n) => n.type))}`);
  return nodes[0];
};

/** Polls the server's document until the predicate holds, or fails with the message after the deadline. */
async function waitForServer(predicate, message, timeout = WAIT_MS) {
  const deadline = Date.now() + timeout;
  let doc;
  while (Date.now() < deadline) {
    doc = await serverDocument();
    if (predicate(doc)) {
      return doc;
    }
    await new Promise((done) => setTimeout(done, 200));
  }
  assert.fail(`${message} (timed out after ${timeout} ms; server document: ${JSON.stringify(doc?.nodes)})`);
}

/** Runs an action in the web editor and returns the error it raised, or null. */
async function tryUi(action) {
  try {
    await action();
    return null;
  } catch (error) {
    return error;
  }
}

const layers = (page) => page.getByRole('tree', { name: 'Layers' }).getByRole('treeitem');

async function selectLayer(page, typeName) {
  const item = page.getByRole('tree', { name: 'Layers' }).locator(`[role=treeitem][aria-label*=", ${typeName}"]`).first();
  await item.waitFor({ timeout: WAIT_MS });
  await item.click();
  await page.getByRole('heading', { name: `Properties: ${typeName}`, exact: true }).waitFor({ timeout: WAIT_MS });
}

/** Sets a field of the properties panel and commits it as a person does: type, then Enter or Tab. */
async function setField(page, label, value, commitKey = 'Enter') {
  const field = page.getByLabel(label, { exact: true });
  await field.fill(String(value));
  await field.press(commitKey);
}

/** Reads the values of one layer's fields from the properties panel. */
async function readPanel(page, typeName, fields) {
  await selectLayer(page, typeName);
  const values = {};
  for (const [prop, label] of Object.entries(fields)) {
    values[prop] = await page.getByLabel(label, { exact: true }).inputValue();
  }
  return values;
}

const PANEL_FIELDS = {
  text: { x: 'X', y: 'Y', text: 'Text', color: 'Text colour' },
  rect: { x: 'X', y: 'Y', width: 'Width', height: 'Height', fill: 'Fill' },
  image: { x: 'X', y: 'Y', width: 'Width', height: 'Height' },
};
const TYPE_NAMES = { text: 'Text', rect: 'Rectangle', image: 'Image' };

/** Formats a server value as the properties panel shows it, with numbers rounded to two decimals. */
function shown(value) {
  return typeof value === 'number' ? String(Math.round(value * 100) / 100) : String(value ?? '');
}

/**
 * Waits until the browser's properties panel shows the server's values for the text, the
 * rectangle and the image, or fails with the last difference. The panel is the only place where the
 * editor shows property values as text, because the canvas is a bitmap.
 */
async function assertBrowserMatches(user, doc, timeout = WAIT_MS) {
  const deadline = Date.now() + timeout;
  let mismatch;
  while (Date.now() < deadline) {
    mismatch = null;
    const serverLayers = doc.nodes.filter((node) => node.type !== 'root').length;
    const browserLayers = await layers(user.page).count();
    if (browserLayers !== serverLayers) {
      mismatch = `${browserLayers} layers in the browser, ${serverLayers} on the server`;
    }
    for (const type of Object.keys(PANEL_FIELDS)) {
      if (mismatch) break;
      const node = onlyNode(doc, type);
      const panel = await readPanel(user.page, TYPE_NAMES[type], PANEL_FIELDS[type]);
      for (const prop of Object.keys(PANEL_FIELDS[type])) {
        if (prop in node.props && panel[prop].toLowerCase() !== shown(node.props[prop]).toLowerCase()) {
          mismatch = `${type} ${prop}: browser shows '${panel[prop]}', server has '${shown(node.props[prop])}'`;
          break;
        }
      }
    }
    if (!mismatch) {
      return;
    }
    await new Promise((done) => setTimeout(done, 250));
  }
  assert.fail(`${user.name}'s browser does not show the server's document: ${mismatch}`);
}

async function screenshot(user, name) {
  await user.page.screenshot({ path: join(SCREENSHOTS, `${name}-${user.name.toLowerCase()}.png`) });
}

/** Compares two encoded images pixel by pixel in a browser, which decodes PNG without a library. */
async function comparePngs(page, first, second) {
  return page.evaluate(async ([a, b, threshold]) => {
    const decode = async (base64) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const context = canvas.getContext('2d');
      context.drawImage(bitmap, 0, 0);
      return { width: bitmap.width, height: bitmap.height, data: context.getImageData(0, 0, bitmap.width, bitmap.height).data };
    };
    const left = await decode(a);
    const right = await decode(b);
    if (left.width !== right.width || left.height !== right.height) {
      return { width: left.width, height: left.height, otherWidth: right.width, otherHeight: right.height };
    }
    let sum = 0;
    let different = 0;
    for (let i = 0; i < left.data.length; i += 4) {
      let worst = 0;
      for (let c = 0; c < 4; c += 1) {
        const diff = Math.abs(left.data[i + c] - right.data[i + c]);
        sum += diff;
        worst = Math.max(worst, diff);
      }
      if (worst > threshold) different += 1;
    }
    const pixels = left.width * left.height;
    return { width: left.width, height: left.height, meanDiff: sum / (pixels * 4), differentShare: different / pixels };
  }, [first.toString('base64'), second.toString('base64'), MAX_CHANNEL_DIFF]);
}

/** Runs one Karaf console command through bin/client, which reads it from standard input. */
function karafConsole(command) {
  const password = readFileSync(join(KARAF_HOME, 'data', 'pixelcraft', 'initial-admin-password'), 'utf8').trim();
  return new Promise((done, fail) => {
    const child = spawn(join(KARAF_HOME, 'bin', 'client'), ['-a', SSH_PORT, '-u', 'admin', '-p', password, '-r', '10', '-d', '2'],
      { cwd: KARAF_HOME });
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; });
    child.stderr.on('data', (chunk) => { output += chunk; });
    const timer = setTimeout(() => { child.kill(); fail(new Error(`bin/client timed out after 60 s: ${output}`)); }, 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) done(output); else fail(new Error(`bin/client exited with ${code}: ${output}`));
    });
    child.stdin.end(`${command}\n`);
  });
}

// ---------------------------------------------------------------------------------------------
// The scenario

test('two people edit a real photo together', { timeout: 270_000 }, async (t) => {
  if (!photoPath || !existsSync(photoPath)) {
    t.skip(`corpus photo exif-orientation-examples/${PHOTO} not found in ../shared/corpus beside the repository`);
    return;
  }

  await t.test('1. the platform is up on the embedded store', async () => {
    const response = await fetch(`${BASE_URL}/api/health/ready`);
    const health = await response.json();
    assert.equal(health.status, 'UP', `GET /api/health/ready: ${JSON.stringify(health)}`);
    assert.match(health.checks.store.detail, /embedded store/, 'the store is the embedded one');
  });

  await t.test('2. A signs up, creates a project and uploads the photo upright', async () => {
    await openUser(alice, 'Ann');
    await signUp(alice);
    const page = alice.page;
    await page.getByRole('button', { name: 'New project' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Project name').fill('Harbour poster');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await page.waitForURL(/\/projects\/[^/]+$/, { timeout: WAIT_MS });
    state.projectId = page.url().split('/projects/')[1];
    await page.locator('.status').filter({ hasText: 'Live' }).waitFor({ timeout: WAIT_MS });

    // The editor uploads with XMLHttpRequest, whose response body Chromium does not keep for
    // inspection, so a script in the page keeps a copy of each upload response.
    await page.evaluate(() => {
      window.uploadAnswers = [];
      const send = XMLHttpRequest.prototype.send;
      XMLHttpRequest.prototype.send = function sendAndRecord(...args) {
        this.addEventListener('loadend', () => {
          if (new URL(this.responseURL, location.href).pathname === '/api/images') {
            window.uploadAnswers.push({ status: this.status, body: this.responseText });
          }
        });
        return send.apply(this, args);
      };
    });
    await page.locator('#image-file-input').setInputFiles(photoPath);
    await page.getByRole('treeitem', { name: new RegExp(PHOTO.replace('.', '\\.')) }).waitFor({ timeout: WAIT_MS });
    const [upload] = await page.evaluate(() => window.uploadAnswers);
    assert.ok(upload, 'the editor sent POST /api/images');
    assert.equal(upload.status, 201, `POST /api/images returned ${upload.status}: ${upload.body}`);
    const uploaded = JSON.parse(upload.body);
    assert.equal(`${uploaded.width}×${uploaded.height}`, '1800×1200', `the upload response is upright: ${upload.body}`);

    const doc = await waitForServer((d) => nodesOfType(d, 'image').length === 1, 'the image node reaches the server');
    const image = onlyNode(doc, 'image');
    assert.equal(image.props.image, uploaded.id, 'the image node shows the uploaded image');
    // The editor places a photo at most 800 px on its longer side, so the node is smaller than
    // the photo. Its aspect ratio shows whether it is upright.
    state.imageSize = `${image.props.width}×${image.props.height}`;
    assert.ok(Math.abs(image.props.width / image.props.height - 1.5) < 0.01, `the image node is upright 3:2: ${state.imageSize}`);
    const stored = await page.evaluate(async (url) => {
      const bitmap = await createImageBitmap(await (await fetch(url)).blob());
      return `${bitmap.width}×${bitmap.height}`;
    }, uploaded.url);
    assert.equal(stored, '1800×1200', `the stored image ${uploaded.url} decodes upright`);
  });

  await t.test('3. A adds text and a rectangle, blurs the photo and names a version', async () => {
    const page = alice.page;
    const canvas = page.locator('.canvas-wrap');
    const box = await canvas.boundingBox();

    await canvas.focus();
    await page.keyboard.press('t');
    await page.mouse.click(box.x + 120, box.y + 80);
    await page.getByRole('treeitem', { name: /, Text/ }).waitFor({ timeout: WAIT_MS });

    await canvas.focus();
    await page.keyboard.press('r');
    await page.mouse.move(box.x + 300, box.y + 300);
    await page.mouse.down();
    await page.mouse.move(box.x + 450, box.y + 400, { steps: 5 });
    await page.mouse.up();
    await page.getByRole('treeitem', { name: /, Rectangle/ }).waitFor({ timeout: WAIT_MS });

    await selectLayer(page, 'Image');
    await page.getByLabel('Add a filter').selectOption({ label: 'Gaussian blur' });
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByRole('group', { name: 'Gaussian blur' }).waitFor({ timeout: WAIT_MS });
    await waitForServer((d) => nodesOfType(d, 'text').length === 1 && nodesOfType(d, 'rect').length === 1
      && (onlyNode(d, 'image').props.filters ?? []).some((f) => f.id === 'builtin.gaussian-blur'),
    'the text, the rectangle and the blur reach the server');

    await page.getByRole('banner').getByRole('button', { name: 'Versions', exact: true }).click();
    const versionsDialog = page.getByRole('dialog', { name: 'Version history' });
    await versionsDialog.getByLabel('Name the current state').fill('first draft');
    await versionsDialog.getByRole('button', { name: 'Save version' }).click();
    const findDraft = async () => {
      const { body } = await api(alice, 'GET', `/api/projects/${state.projectId}/versions`);
      return (body.items ?? []).find((version) => version.label === 'first draft');
    };
    const uiError = await tryUi(async () => {
      const deadline = Date.now() + 5_000;
      while (!(await findDraft())) {
        if (Date.now() > deadline) {
          const shownError = await versionsDialog.getByRole('alert').textContent();
          throw new Error(`no version "first draft" after Save version; the dialog shows: ${shownError}`);
        }
        await new Promise((done) => setTimeout(done, 200));
      }
    });
    await page.keyboard.press('Escape');
    if (uiError) {
      const created = await api(alice, 'POST', `/api/projects/${state.projectId}/versions`, { label: 'first draft' });
      assert.equal(created.status, 201, `POST /versions {label} returned ${created.status}: ${JSON.stringify(created.body)}`);
    }
    state.draft = await findDraft();
    state.draftDocument = (await api(alice, 'GET', `/api/projects/${state.projectId}/versions/${state.draft.number}/document`)).body;
    if (uiError) {
      assert.fail(`Versions dialog cannot name a version (done through REST instead): ${uiError?.message}`);
    }
  });

  await t.test("4. A shares an editor link, B signs up through it, and both see each other's cursors", async () => {
    const page = alice.page;
    await page.getByRole('banner').getByRole('button', { name: 'Share', exact: true }).click();
    const shareDialog = page.getByRole('dialog', { name: 'Share' });
    await shareDialog.getByLabel('Access').first().selectOption({ label: 'Can edit' });
    const created = page.waitForResponse((response) => response.url().endsWith(`/api/projects/${state.projectId}/shares`)
      && response.request().method() === 'POST', { timeout: WAIT_MS });
    await shareDialog.getByRole('button', { name: 'Create link' }).click();
    // The link's token appears only in the response to its creation, so the test reads it there.
    const uiError = await tryUi(async () => {
      const response = await created;
      const body = await response.json();
      if (response.status() !== 201) {
        throw new Error(`POST /shares returned ${response.status()}: ${body.detail ?? JSON.stringify(body)}`);
      }
      state.shareUrl = body.url;
    });
    await page.keyboard.press('Escape');
    if (!state.shareUrl) {
      const created = await api(alice, 'POST', `/api/projects/${state.projectId}/shares`, { role: 'editor' });
      assert.equal(created.status, 201, `POST /shares {role: editor} returned ${created.status}: ${JSON.stringify(created.body)}`);
      state.shareUrl = created.body.url;
    }
    assert.ok(state.shareUrl.startsWith(BASE_URL), `the share link points at this server: ${state.shareUrl}`);

    await openUser(bob, 'Ben');
    await bob.page.goto(state.shareUrl);
    await bob.page.getByText('Sign in to PixelCraft, then open this link again').waitFor({ timeout: WAIT_MS });
    await signUp(bob);
    await bob.page.goto(state.shareUrl);
    await bob.page.getByRole('button', { name: /^Join as/ }).click();
    await bob.page.getByRole('heading', { name: /^You joined/ }).waitFor({ timeout: WAIT_MS });
    await bob.page.goto(`/projects/${state.projectId}`);
    await bob.page.locator('.status').filter({ hasText: 'Live' }).waitFor({ timeout: WAIT_MS });

    await bob.page.getByRole('button', { name: 'Follow Ann' }).waitFor({ timeout: WAIT_MS });
    await alice.page.getByRole('button', { name: 'Follow Ben' }).waitFor({ timeout: WAIT_MS });

    // Cursors are drawn on the canvas bitmap, so the test checks that each browser receives the
    // other's pointer position as presence after the other moves the mouse.
    for (const [mover, watcher] of [[alice, bob], [bob, alice]]) {
      const before = watcher.presence.length;
      const area = await mover.page.locator('.canvas-wrap').boundingBox();
      await mover.page.mouse.move(area.x + 200, area.y + 200);
      await mover.page.mouse.move(area.x + 260, area.y + 240, { steps: 4 });
      const deadline = Date.now() + WAIT_MS;
      while (!watcher.presence.slice(before).some((message) => message.updates?.some((update) => update.cursor))) {
        assert.ok(Date.now() < deadline, `${watcher.name} received no cursor of ${mover.name} within ${WAIT_MS} ms`);
        await new Promise((done) => setTimeout(done, 100));
      }
    }
    if (uiError) {
      assert.fail(`Share dialog cannot create an editor link (done through REST instead): ${uiError?.message}`);
    }
  });

  await t.test('5. concurrent edits of one text converge in both browsers and on the server', async () => {
    await Promise.all([selectLayer(alice.page, 'Text'), selectLayer(bob.page, 'Text')]);
    await Promise.all([
      setField(alice.page, 'Text colour', '#d81b60'),
      (async () => {
        await setField(bob.page, 'X', 640);
        await setField(bob.page, 'Y', 360);
        await setField(bob.page, 'Text', 'Harbour at dawn', 'Tab');
      })(),
    ]);
    const doc = await waitForServer((d) => {
      const text = onlyNode(d, 'text').props;
      return text.color === '#d81b60' && text.x === 640 && text.y === 360 && text.text === 'Harbour at dawn';
    }, "the server's text has A's colour and B's position and content");
    await assertBrowserMatches(alice, doc);
    await assertBrowserMatches(bob, doc);
    state.afterStep5 = doc;
    await Promise.all([screenshot(alice, 'step5'), screenshot(bob, 'step5')]);
  });

  await t.test('6. B moves the rectangle offline and the move arrives after reconnecting', async () => {
    const before = onlyNode(await serverDocument(), 'rect').props.x;
    await selectLayer(bob.page, 'Rectangle');
    await bob.context.setOffline(true);
    await bob.page.locator('.status').filter({ hasText: /Offline|Reconnecting/ }).waitFor({ timeout: WAIT_MS })
      .catch(() => assert.fail('B\'s editor does not show Offline or Reconnecting after context.setOffline(true): the live connection was not cut'));
    await setField(bob.page, 'X', 900);
    await bob.page.locator('.status').filter({ hasText: /unsent/ }).waitFor({ timeout: WAIT_MS });
    assert.equal(onlyNode(await serverDocument(), 'rect').props.x, before, 'the offline move has not reached the server yet');

    await bob.context.setOffline(false);
    const doc = await waitForServer((d) => onlyNode(d, 'rect').props.x === 900, "B's offline move reaches the server", 30_000);
    const text = onlyNode(doc, 'text').props;
    const earlier = onlyNode(state.afterStep5, 'text').props;
    assert.deepEqual(text, earlier, 'the text keeps both people\'s edits from step 5');
    await assertBrowserMatches(alice, doc);
    await assertBrowserMatches(bob, doc);
    state.beforeRestore = doc;
  });

  await t.test('7. A restores "first draft" and the later state stays in the history', async () => {
    assert.ok(state.draft, 'step 3 created the version "first draft"');
    const page = alice.page;
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('banner').getByRole('button', { name: 'Versions', exact: true }).click();
    const versionsDialog = page.getByRole('dialog', { name: 'Version history' });
    const uiError = await tryUi(async () => {
      const restoreButton = versionsDialog.getByRole('button', { name: 'Restore first draft' });
      if (!(await restoreButton.isVisible())) {
        await versionsDialog.getByRole('list').or(versionsDialog.getByText('No versions yet.')).first().waitFor({ timeout: WAIT_MS });
      }
      if (!(await restoreButton.isVisible())) {
        const shownText = (await versionsDialog.innerText()).replace(/\s+/g, ' ');
        throw new Error(`no button "Restore first draft"; the dialog shows: ${shownText}`);
      }
      await restoreButton.click();
      await waitForServer((d) => onlyNode(d, 'text').props.text !== 'Harbour at dawn', 'the restore reaches the server', 5_000);
    });
    if (uiError) {
      await page.keyboard.press('Escape');
      const restored = await api(alice, 'POST', `/api/projects/${state.projectId}/versions/${state.draft.number}/restore`);
      assert.equal(restored.status, 200, `POST /versions/${state.draft.number}/restore returned ${restored.status}: ${JSON.stringify(restored.body)}`);
    }

    const strip = (doc) => doc.nodes.map((node) => ({ id: node.id, type: node.type, parent: node.parent, props: node.props }))
      .sort((a, b) => a.id.localeCompare(b.id));
    const doc = await waitForServer((d) => JSON.stringify(strip(d)) === JSON.stringify(strip(state.draftDocument)),
      'the server document equals the version "first draft"');
    await assertBrowserMatches(alice, doc);
    await assertBrowserMatches(bob, doc);
    await Promise.all([screenshot(alice, 'step7'), screenshot(bob, 'step7')]);

    const { body } = await api(alice, 'GET', `/api/projects/${state.projectId}/versions`);
    const later = [];
    for (const version of body.items) {
      const versionDoc = (await api(alice, 'GET', `/api/projects/${state.projectId}/versions/${version.number}/document`)).body;
      const text = versionDoc.nodes?.find((node) => node.type === 'text');
      const rect = versionDoc.nodes?.find((node) => node.type === 'rect');
      if (text?.props.text === 'Harbour at dawn' && rect?.props.x === 900) later.push(version.label);
    }
    assert.ok(later.length > 0, `a version holds the state before the restore: ${JSON.stringify(body.items.map((v) => v.label))}`);
    if (uiError) {
      assert.fail(`Versions dialog cannot restore "first draft" (done through REST instead): ${uiError?.message}`);
    }
  });

  await t.test("8. A's PNG export matches the server's render", async (t) => {
    const page = alice.page;
    await page.getByRole('banner').getByRole('button', { name: 'Export', exact: true }).click();
    const exportDialog = page.getByRole('dialog', { name: 'Export' });
    await exportDialog.getByLabel('PNG').check();
    const download = page.waitForEvent('download', { timeout: 60_000 });
    await exportDialog.getByRole('button', { name: 'Export', exact: true }).click();
    const file = join(HERE, 'target', 'export.png');
    await (await download).saveAs(file);
    const exported = readFileSync(file);
    assert.equal(exported.subarray(1, 4).toString('latin1'), 'PNG', 'the download is a PNG file');

    const server = await api(alice, 'GET', `/api/projects/${state.projectId}/export?format=png`);
    assert.equal(server.status, 200, `GET /export?format=png returned ${server.status}`);
    writeFileSync(join(HERE, 'target', 'server-render.png'), server.body);
    const comparison = await comparePngs(page, exported, server.body);
    t.diagnostic(`export compared with the server's render: ${JSON.stringify(comparison)}`);
    assert.equal(comparison.otherWidth, undefined, `export and render have the same size: ${JSON.stringify(comparison)}`);
    assert.ok(comparison.meanDiff <= MAX_MEAN_DIFF, `mean channel difference ${comparison.meanDiff} is at most ${MAX_MEAN_DIFF}`);
    assert.ok(comparison.differentShare <= MAX_DIFFERENT_SHARE,
      `${(comparison.differentShare * 100).toFixed(2)}% of pixels differ by more than ${MAX_CHANNEL_DIFF}; at most ${MAX_DIFFERENT_SHARE * 100}% may`);
  });

  await t.test('9. pixelcraft:status in the Karaf console shows one room with two people', async () => {
    assert.ok(KARAF_HOME, 'PIXELCRAFT_HOME names the distribution folder (e2e/run.sh sets it)');
    const output = await karafConsole('pixelcraft:status');
    const rooms = /Rooms\s*│\s*(.*)/.exec(output)?.[1] ?? '';
    assert.match(rooms, /^1 rooms?, 2 WebSocket connections/, `pixelcraft:status output:\n${output}`);
  });

  await bob.context?.close();
  await alice.context?.close();
});
