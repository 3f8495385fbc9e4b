// End-to-end tests of the web editor against a running distribution. Run with
// `npm run e2e` after starting one; PIXELCRAFT_URL names it (default http://127.0.0.1:8181).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { corpusDir, createProject, drawWithTool, launch, newPage, seriousViolations, signUp } from './browser.mjs';

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

const layers = (page) => page.getByRole('tree', { name: 'Layers' }).getByRole('treeitem');
const projectCard = (page, name) => page.locator('.project-card strong', { hasText: new RegExp(`^${name}$`) });

describe('accounts and projects', () => {
  it('sign-in screens have no serious axe violations', async () => {
    const { context, page } = await newPage(browser);
    for (const path of ['/signin', '/signup', '/reset-password']) {
      await page.goto(path);
      await page.getByRole('heading', { level: 1 }).waitFor();
      assert.deepEqual(await seriousViolations(page), [], `axe on ${path}`);
    }
    await context.close();
  });

  it('shows the server message for a wrong password', async () => {
    const { context, page } = await newPage(browser);
    await page.goto('/signin');
    await page.getByLabel('Email').fill('nobody@example.com');
    await page.getByLabel('Password').fill('not the password at all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert').filter({ hasText: /\S/ });
    await alert.waitFor();
    assert.ok((await alert.textContent()).length > 5, 'an error message is shown');
    await context.close();
  });

  it('creates, renames, trashes and restores a project', async () => {
    const { context, page } = await newPage(browser);
    await signUp(page);
    assert.deepEqual(await seriousViolations(page), [], 'axe on the project list');

    await createProject(page, 'Poster');
    await page.getByRole('button', { name: 'Projects' }).click();
    await projectCard(page, 'Poster').waitFor();

    await page.getByRole('button', { name: 'Rename Poster' }).click();
    await page.getByRole('dialog').getByLabel('Project name').fill('Flyer');
    await page.getByRole('dialog').getByRole('button', { name: 'Rename' }).click();
    await projectCard(page, 'Flyer').waitFor();

    await page.getByRole('button', { name: 'Move to trash Flyer' }).click();
    await page.getByText('No projects yet').waitFor();
    await page.getByRole('button', { name: 'Show trash' }).click();
    // The restore request is held back 500 ms, so the switch back to the projects always happens
    // before it returns. After it returns, the list must reload the projects, not the trash.
    await page.route('**/api/projects/*/restore', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 500));
      await route.continue();
    });
    const restored = page.waitForResponse((response) => response.url().endsWith('/restore'));
    await page.getByRole('button', { name: 'Restore Flyer' }).click();
    await page.getByRole('button', { name: 'Show trash' }).click();
    await restored;
    await page.getByRole('status').filter({ hasText: 'Flyer restored' }).waitFor();
    await projectCard(page, 'Flyer').waitFor();
    await context.close();
  });

  it('project list sends no requests while idle', async () => {
    const { context, page } = await newPage(browser);
    await signUp(page);
    await page.waitForTimeout(500);
    let requests = 0;
    page.on('request', (request) => {
      if (request.url().includes('/api/')) requests += 1;
    });
    await page.waitForTimeout(2000);
    assert.equal(requests, 0, 'API requests in 2 s without user input');
    await context.close();
  });

  it('switches the interface to German', async () => {
    const { context, page } = await newPage(browser, 'de-DE');
    await page.goto('/signin');
    await page.getByRole('heading', { name: 'Anmelden' }).waitFor();
    await page.getByLabel('Sprache').selectOption('en');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await context.close();
  });
});

describe('editor', () => {
  it('draws, undoes, redoes and keeps shapes after a reload', async () => {
    const { context, page } = await newPage(browser);
    await signUp(page);
    await createProject(page, 'Shapes');

    await drawWithTool(page, 'r', [200, 150], [400, 300]);
    await layers(page).first().waitFor();
    assert.equal(await layers(page).count(), 1);
    assert.deepEqual(await seriousViolations(page), [], 'axe on the editor');

    await drawWithTool(page, 'o', [450, 150], [600, 300]);
    await page.waitForFunction(() => document.querySelectorAll('[role=treeitem]').length === 2);

    await page.keyboard.press('Control+z');
    await page.waitForFunction(() => document.querySelectorAll('[role=treeitem]').length === 1);
    await page.keyboard.press('Control+Shift+z');
    await page.waitForFunction(() => document.querySelectorAll('[role=treeitem]').length === 2);

    // Edits are saved once nothing is left unsent; a reload then shows both shapes.
    await page.waitForFunction(() => !/unsent/.test(document.querySelector('.status')?.textContent ?? ''), null, { timeout: 20_000 });
    await page.reload();
    await layers(page).nth(1).waitFor();
    assert.equal(await layers(page).count(), 2);

    // The server renders the thumbnail about 5 s after the last edit (thumbnailQuietMillis). The
    // list loads once and does not poll, so reload it until the card shows the preview.
    await page.getByRole('banner').getByRole('button', { name: 'Projects' }).click();
    await projectCard(page, 'Shapes').waitFor();
    const thumbnail = page.locator('.project-card img.thumb');
    const deadline = Date.now() + 30_000;
    while ((await thumbnail.count()) === 0) {
      assert.ok(Date.now() < deadline, 'the project card shows a server-made thumbnail within 30 s');
      await page.waitForTimeout(1000);
      await page.reload();
      await projectCard(page, 'Shapes').waitFor();
    }
    assert.match(await thumbnail.getAttribute('src'), /^\/images\/[0-9a-f]{64}\/thumb\/256$/);
    // The preview loads: a failed load would leave naturalWidth at 0.
    await page.waitForFunction(() => {
      const image = document.querySelector('.project-card img.thumb');
      return image?.complete && image.naturalWidth > 0;
    });
    await context.close();
  });

  it('edits layers by keyboard in the layers tree', async () => {
    const { context, page } = await newPage(browser);
    await signUp(page);
    await createProject(page, 'Keyboard');
    await drawWithTool(page, 'r', [100, 100], [200, 200]);
    await drawWithTool(page, 'o', [250, 100], [350, 200]);
    await page.waitForFunction(() => document.querySelectorAll('[role=treeitem]').length === 2);

    const top = layers(page).first();
    assert.match(await top.getAttribute('aria-label'), /Ellipse/);
    await top.focus();
    await page.keyboard.press('Alt+ArrowDown');
    await page.waitForFunction(() => /Rectangle/.test(document.querySelector('[role=treeitem]')?.getAttribute('aria-label') ?? ''));

    await page.keyboard.press('F2');
    await page.getByLabel('Layer name').fill('Backdrop');
    await page.keyboard.press('Enter');
    await page.getByRole('treeitem', { name: /Backdrop/ }).waitFor();

    await page.getByRole('treeitem', { name: /Backdrop/ }).focus();
    await page.keyboard.press('h');
    await page.getByRole('treeitem', { name: /Backdrop.*hidden/ }).waitFor();
    await context.close();
  });

  it('adds text and edits it in place', async () => {
    const { context, page } = await newPage(browser);
    await signUp(page);
    await createProject(page, 'Words');
    const canvas = page.locator('.canvas-wrap');
    await canvas.focus();
    await page.keyboard.press('t');
    const box = await canvas.boundingBox();
    await page.mouse.click(box.x + 200, box.y + 200);
    await page.getByRole('treeitem', { name: /Text/ }).waitFor();

    await page.mouse.dblclick(box.x + 210, box.y + 210);
    const editor = page.locator('.canvas-wrap textarea');
    await editor.fill('Hello PixelCraft');
    await page.keyboard.press('Control+Enter');
    await page.waitForFunction(() => document.querySelector('.side.right textarea')?.value === 'Hello PixelCraft');
    await context.close();
  });

  it('dialogs have no serious axe violations', async () => {
    const { context, page } = await newPage(browser);
    await signUp(page);
    await createProject(page, 'Dialogs');
    await drawWithTool(page, 'r', [100, 100], [200, 200]);
    for (const [button, title] of [['Export', 'Export'], ['Versions', 'Version history'], ['Share', 'Share']]) {
      await page.getByRole('banner').getByRole('button', { name: button, exact: true }).click();
      await page.getByRole('dialog', { name: title }).waitFor();
      assert.deepEqual(await seriousViolations(page), [], `axe on the ${title} dialog`);
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'hidden' });
    }
    await context.close();
  });

  it('uploads a corpus photo with a progress bar and places it', async (t) => {
    const corpus = corpusDir();
    if (!corpus) {
      t.skip('corpus folder ../shared/corpus not found beside the repository');
      return;
    }
    const { context, page } = await newPage(browser);
    await signUp(page);
    await createProject(page, 'Photo');
    await page.locator('#image-file-input').setInputFiles(join(corpus, 'exif-orientation-examples', 'Landscape_6.jpg'));
    await page.getByRole('treeitem', { name: /Landscape_6\.jpg/ }).waitFor({ timeout: 30_000 });
    const width = await page.getByLabel('Width').inputValue();
    const height = await page.getByLabel('Height').inputValue();
    assert.ok(Number(width) > Number(height), `EXIF orientation 6 is applied: placed ${width}×${height}`);
    await context.close();
  });

  it('applies a filter when a filter plugin is installed', async (t) => {
    const { context, page } = await newPage(browser);
    await signUp(page);
    await createProject(page, 'Filters');
    await drawWithTool(page, 'r', [100, 100], [300, 250]);
    const filterSelect = page.getByLabel('Add a filter');
    if (!(await filterSelect.isVisible({ timeout: 3000 }).catch(() => false))) {
      t.skip('no filter plugin is installed in this distribution');
      await context.close();
      return;
    }
    const options = await filterSelect.locator('option').allTextContents();
    await filterSelect.selectOption({ label: options[1] });
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByRole('group', { name: options[1] }).waitFor();
    await page.keyboard.press('Escape');
    await context.close();
  });

  it("two people see each other's edits and cursors", async (t) => {
    const first = await newPage(browser);
    await signUp(first.page, 'Ann');
    const projectId = await createProject(first.page, 'Together');
    await first.page.waitForFunction(() => /Live|without live/.test(document.querySelector('.status')?.textContent ?? ''),
      null, { timeout: 20_000 });
    const status = await first.page.locator('.status').first().textContent();
    if (!/Live/.test(status)) {
      t.skip(`no collaboration endpoint in this distribution (status: ${status})`);
      await first.context.close();
      return;
    }

    const second = await newPage(browser);
    await signUp(second.page, 'Ben');
    const benId = await second.page.evaluate(() => fetch('/api/me').then((response) => response.json()).then((user) => user.id));
    const added = await first.page.evaluate(async ([id, userId]) => {
      const csrf = decodeURIComponent(document.cookie.split('; ').find((c) => c.startsWith('pc_csrf='))?.split('=')[1] ?? '');
      const response = await fetch(`/api/projects/${id}/members/${userId}`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
        body: JSON.stringify({ role: 'editor' }),
      });
      return response.status;
    }, [projectId, benId]);
    assert.equal(added, 200, 'Ann adds Ben as an editor');

    await second.page.goto(`/projects/${projectId}`);
    await second.page.getByRole('button', { name: 'Follow Ann' }).waitFor({ timeout: 20_000 });
    await first.page.getByRole('button', { name: 'Follow Ben' }).waitFor({ timeout: 20_000 });

    await drawWithTool(first.page, 'r', [150, 150], [300, 260]);
    await second.page.getByRole('tree', { name: 'Layers' }).getByRole('treeitem').first().waitFor({ timeout: 10_000 });

    // Ann's pointer reaches Ben as presence; following Ann moves Ben's view to her pointer.
    const canvas = await first.page.locator('.canvas-wrap').boundingBox();
    await first.page.mouse.move(canvas.x + 600, canvas.y + 400, { steps: 5 });
    await second.page.getByRole('button', { name: 'Follow Ann' }).click();
    await second.page.getByRole('button', { name: 'Stop following Ann' }).waitFor();
    await first.context.close();
    await second.context.close();
  });
});
