// Shared set-up of the end-to-end tests: Debian's Chromium driven by playwright-core, a
// distribution's base URL, fresh accounts and an axe-core scan helper.
import AxeBuilder from '@axe-core/playwright';
import { chromium } from 'playwright-core';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BASE_URL = process.env.PIXELCRAFT_URL ?? 'http://127.0.0.1:8181';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Flags for a headless Chromium that makes no network call of its own: no sync, no component
 * updates, no QUIC and no background requests, so the tests reach only the distribution.
 */
const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export async function launch() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: run web-client/install-chromium.sh or set CHROMIUM_PATH`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, headless: true });
}

/** Opens a new browser context with the given locale (US English by default) and a 1400×900 window. */
export async function newPage(browser, locale = 'en-US') {
  const context = await browser.newContext({ baseURL: BASE_URL, locale, viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
  return { context, page };
}

let counter = 0;

/** Registers a new account through the sign-up screen and waits for the project list. */
export async function signUp(page, name = 'Tester') {
  counter += 1;
  const email = `e2e-${Date.now()}-${process.pid}-${counter}@example.com`;
  const password = 'correct horse battery staple';
  await page.goto('/signup');
  await page.getByLabel('Name shown to collaborators').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name: 'Projects' }).waitFor();
  return { email, password };
}

/** Creates a project from the project list and waits for the editor. */
export async function createProject(page, name) {
  await page.getByRole('button', { name: 'New project' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Project name').fill(name);
  await dialog.getByRole('button', { name: 'Create' }).click();
  await page.getByRole('tree', { name: 'Layers' }).or(page.getByText('No layers yet')).first().waitFor();
  return page.url().split('/projects/')[1];
}

/** Returns axe-core violations of impact serious or critical on the current page. */
export async function seriousViolations(page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).slice(0, 3).join('; ')})`);
}

/** Returns the corpus folder beside the repository, or null when it is absent. */
export function corpusDir() {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (dir !== dirname(dir)) {
    if (existsSync(join(dir, 'mvnw'))) {
      const corpus = resolve(dir, '..', 'shared', 'corpus');
      return existsSync(corpus) ? corpus : null;
    }
    dir = dirname(dir);
  }
  return null;
}

/** Draws a shape with a tool shortcut by dragging on the canvas, in canvas-relative pixels. */
export async function drawWithTool(page, key, from, to) {
  const canvas = page.locator('.canvas-wrap');
  await canvas.focus();
  await page.keyboard.press(key);
  const box = await canvas.boundingBox();
  await page.mouse.move(box.x + from[0], box.y + from[1]);
  await page.mouse.down();
  await page.mouse.move(box.x + to[0], box.y + to[1], { steps: 5 });
  await page.mouse.up();
}
