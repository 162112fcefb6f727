'use strict';
// `gloss serve` in a real browser: an open page reloads when an edit
// changed it, and only then. A writer with the home page open in one tab
// and an article in another sees the home page stay as it is while they
// edit the article's body, and reload when they change its title.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { REPO_ROOT, poll } = require('./lib/fixture');
const { chromium } = require('playwright-core');

const GLOSS_BIN = path.join(REPO_ROOT, 'target/release/gloss');
const ARTICLE = 'content/explainers/what-we-know-about-the-screening.md';
const ARTICLE_URL = '/explainers/what-we-know-about-the-screening/';

let dir, server, browser, base;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gloss-live-'));
  for (const part of ['site.yaml', 'content', 'static']) {
    if (fs.existsSync(path.join(REPO_ROOT, part))) fs.cpSync(path.join(REPO_ROOT, part), path.join(dir, part), { recursive: true });
  }
  const port = 20000 + Math.floor(Math.random() * 20000);
  server = spawn(GLOSS_BIN, ['serve', '--root', dir, '--port', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  server.stderr.on('data', (d) => { log += d; });
  const up = await poll(async () => {
    const m = log.match(/at (http:\/\/[^ ]+)/);
    if (!m) return false;
    try { return (await fetch(m[1])).ok && m[1]; } catch { return false; }
  }, { timeout: 20000, interval: 100 });
  assert.ok(up, `gloss serve did not start:\n${log}`);
  base = up.replace(/\/$/, '');
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'], headless: true });
});

after(async () => {
  await browser?.close().catch(() => {});
  server?.kill();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** Opens `url` and marks its window: a reload loses the mark. */
async function open(url) {
  const page = await browser.newPage();
  await page.goto(base + url, { waitUntil: 'load' });
  await page.waitForFunction(() => document.querySelector('script[data-version]'));
  await page.evaluate(() => { window.notReloaded = true; });
  return page;
}

const reloaded = async (page) => !(await page.evaluate(() => window.notReloaded === true).catch(() => false));

describe('live reload (gloss serve)', () => {
  test('an edit reloads the open pages it changed, and no other', async () => {
    const home = await open('/');
    const article = await open(ARTICLE_URL);
    const file = path.join(dir, ARTICLE);
    const text = fs.readFileSync(file, 'utf8');

    // A body edit: the article's page reloads with it; the home page stays.
    fs.writeFileSync(file, `${text.trimEnd()}\n\nA-BODY-EDIT-MARKER.\n`);
    const shown = await poll(async () => (await article.content().catch(() => '')).includes('A-BODY-EDIT-MARKER'), { timeout: 8000 });
    assert.ok(shown, 'the edited article page reloaded with the new words');
    await new Promise((r) => setTimeout(r, 700));
    assert.equal(await reloaded(home), false, 'the home page did not change, and did not reload');

    // A new title is on the home page too: it reloads and shows it.
    const title = text.match(/^title: .*$/m)[0];
    fs.writeFileSync(file, text.replace(title, 'title: "A-NEW-TITLE-MARKER"'));
    const listed = await poll(async () => (await home.content().catch(() => '')).includes('A-NEW-TITLE-MARKER'), { timeout: 8000 });
    assert.ok(listed, 'the home page reloaded with the new title');
    assert.ok(await reloaded(home));
  });
});
