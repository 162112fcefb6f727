'use strict';
// Figures: on a 375 px phone a figure (image, caption, credit) fits the
// viewport and its caption shows, also for an image far wider than the phone.
// Uses the images fixture (tests/fixtures/valid/images), built here.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { REPO_ROOT, startServer, launchBrowser, show } = require('./lib/fixture');

const GLOSS_BIN = path.join(REPO_ROOT, 'target/release/gloss');
const FIXTURE = path.join(REPO_ROOT, 'tests/fixtures/valid/images');
const PHONE = { width: 375, height: 812 };

let dir;
let server;
let browser;
before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gloss-figures-'));
  execFileSync(GLOSS_BIN, ['build', '--root', FIXTURE, '--output', dir], { stdio: 'pipe' });
  server = await startServer(dir);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close().catch(() => {});
  await server?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs in the page: each figure's box, its image's and caption's, and the page's scroll width. */
function measure() {
  const vw = document.documentElement.clientWidth;
  const box = (el) => { const r = el.getBoundingClientRect(); return { left: r.left, right: r.right, width: r.width, height: r.height }; };
  return {
    vw,
    scrollWidth: document.documentElement.scrollWidth,
    figures: [...document.querySelectorAll('.article-body figure')].map((f) => {
      const cap = f.querySelector('figcaption');
      const cs = cap && getComputedStyle(cap);
      return {
        figure: box(f),
        img: { ...box(f.querySelector('img')), ratio: f.querySelector('img').naturalHeight / f.querySelector('img').naturalWidth },
        caption: cap && { ...box(cap), text: cap.textContent.trim(), visible: cs.display !== 'none' && cs.visibility !== 'hidden' && cs.opacity !== '0' },
      };
    }),
  };
}

async function phonePage(fn) {
  const context = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  try {
    await page.goto(server.baseURL + 'explainers/images/', { waitUntil: 'load' });
    return await fn(page);
  } finally {
    await context.close();
  }
}

function assertFits(m) {
  assert.ok(m.figures.length >= 1, `no figure on the page: ${show(m)}`);
  assert.ok(m.scrollWidth <= m.vw, `the page scrolls sideways (${m.scrollWidth} > ${m.vw} px): ${show(m)}`);
  for (const f of m.figures) {
    for (const part of [f.figure, f.img, f.caption]) {
      assert.ok(part.left >= 0 && part.right <= m.vw + 0.5, `a figure sticks out of the ${m.vw} px viewport: ${show(f)}`);
    }
    assert.ok(f.caption.visible && f.caption.width > 1 && f.caption.height > 1 && f.caption.text, `a caption is not visible: ${show(f)}`);
  }
}

describe('figures on a 375 px phone', () => {
  test('each figure of the images fixture fits the viewport and shows its caption', async () => {
    const m = await phonePage((page) => page.evaluate(measure));
    assert.ok(m.figures.some((f) => /Chart: Example Desk/.test(f.caption.text)), `the credit is not in a caption: ${show(m)}`);
    assertFits(m);
  });

  test('an image 1600 px wide in a figure shrinks to the viewport and keeps its shape', async () => {
    const m = await phonePage(async (page) => {
      // The fixture's images are tiny: give the first one the size of a photo.
      await page.evaluate(async () => {
        const img = document.querySelector('.article-body figure img');
        img.setAttribute('width', '1600');
        img.setAttribute('height', '900');
        // A lazy image may not be loaded yet: its natural size (the ratio
        // measured below) is known only once it is decoded.
        img.loading = 'eager';
        await img.decode().catch(() => {});
      });
      return page.evaluate(measure);
    });
    assertFits(m);
    const { img } = m.figures[0];
    assert.ok(img.width > 200, `the wide image is not shown at the column's width: ${show(img)}`);
    assert.ok(Math.abs(img.height - img.width * img.ratio) < 2, `the image is distorted: ${show(img)}`);
  });
});
