'use strict';
// Accessibility: axe-core finds no violation on the site's pages.
const fs = require('node:fs');
const path = require('node:path');
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { setup, listHtml } = require('./lib/fixture');

const AXE = require.resolve('axe-core');

let fx;
before(async () => { fx = await setup(); });
after(async () => { await fx?.close(); });

/** Runs axe on a page; returns its violations, simplified. */
async function axe(rel, { viewport = { width: 1280, height: 800 }, colorScheme = 'light', hover = null } = {}) {
  const context = await fx.browser.newContext({ viewport, colorScheme });
  const page = await context.newPage();
  page.setDefaultTimeout(10000);
  try {
    await page.goto(fx.url(rel), { waitUntil: 'load' });
    if (hover) {
      await page.locator(hover).first().hover();
      await page.waitForTimeout(400);
    }
    await page.addScriptTag({ path: AXE });
    const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary?.replace(/\s+/g, ' ').trim() })),
    }));
  } finally {
    await context.close();
  }
}

function report(rel, violations) {
  return `${violations.length} axe violation(s) on ${rel}:\n` + violations.map((v) =>
    `  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n` +
    v.nodes.map((n) => `      at ${n.target}\n        ${n.summary}`).join('\n')).join('\n');
}

async function expectNoViolations(rel, opts) {
  const v = await axe(rel, opts);
  if (v.length) console.log(report(rel, v));
  assert.equal(v.length, 0, report(rel, v));
}

const exists = (rel) => fs.existsSync(path.join(fx.dir, rel));

describe('axe-core: zero violations', () => {
  test('home page (index.html)', () => expectNoViolations('index.html'));

  test('every article page', async (t) => {
    assert.ok(fx.articles.length > 0, 'no article pages');
    for (const rel of fx.articles) await t.test(rel, () => expectNoViolations(rel));
  });

  test('home and every article page in dark mode (prefers-color-scheme: dark)', async (t) => {
    for (const rel of ['index.html', ...fx.articles]) await t.test(rel, () => expectNoViolations(rel, { colorScheme: 'dark' }));
  });

  test('every article page with a citation preview open (light and dark)', async (t) => {
    for (const rel of fx.articles) {
      for (const colorScheme of ['light', 'dark']) {
        await t.test(`${rel} (${colorScheme})`, () => expectNoViolations(rel, { colorScheme, hover: 'sup.citation[data-cites] a' }));
      }
    }
  });

  test('every article page at 375px', async (t) => {
    for (const rel of fx.articles) await t.test(rel, () => expectNoViolations(rel, { viewport: { width: 375, height: 812 } }));
  });

  test('claims index (claims/index.html), when the site has one', async (t) => {
    if (!exists('claims/index.html')) {
      t.skip('claims/index.html is not built yet: the claims index page does not exist in this site');
      return;
    }
    await expectNoViolations('claims/index.html');
  });

  test('every other page of the site (sources index, tag pages, 404), when the site has them', async (t) => {
    const others = listHtml(fx.dir).filter((r) => r !== 'index.html' && r !== 'claims/index.html' && !fx.articles.includes(r));
    if (!others.length) {
      t.skip('the site has no other page yet (no sources index, tag pages or 404.html)');
      return;
    }
    for (const rel of others) await t.test(rel, () => expectNoViolations(rel));
  });
});
