'use strict';
// What a reader of a fact-check sees first and shares: the short answer
// before the article text, a page of its own for every claim, a claim
// checked in two articles listing both, corrections in the open.
const fs = require('node:fs');
const path = require('node:path');
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { setup, listHtml } = require('./lib/fixture');

let fx;
before(async () => { fx = await setup(); });
after(async () => { await fx?.close(); });

const read = (rel) => fs.readFileSync(path.join(fx.dir, rel), 'utf8');
const claimPages = () => listHtml(fx.dir).filter((rel) => /\sdata-claim-page="/.test(read(rel)));

async function withPage(rel, width, fn) {
  const context = await fx.browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  try {
    await page.goto(fx.url(rel), { waitUntil: 'load' });
    return await fn(page);
  } finally {
    await context.close();
  }
}

describe('the short answer comes first', () => {
  for (const width of [375, 1280]) {
    test(`at ${width}px every ruling of an article is above its text, in the order of its claims`, async () => {
      const withRulings = fx.articles.filter((rel) => /\sdata-ruling="/.test(read(rel)));
      assert.ok(withRulings.length > 0, 'no article of the example site has a ruling');
      for (const rel of withRulings) {
        const seen = await withPage(rel, width, (page) => page.evaluate(() => {
          const body = document.querySelector('.article-body');
          const rulings = [...document.querySelectorAll('[data-ruling]')];
          const entries = [...document.querySelectorAll('[data-claim-entry]')].map((e) => e.dataset.claimEntry);
          return {
            ids: rulings.map((r) => r.dataset.ruling),
            order: entries,
            above: rulings.every((r) => r.getBoundingClientRect().bottom <= body.getBoundingClientRect().top),
            before: rulings.every((r) => r.compareDocumentPosition(body) & Node.DOCUMENT_POSITION_FOLLOWING),
            visible: rulings.every((r) => r.getBoundingClientRect().height > 0),
          };
        }));
        assert.ok(seen.before && seen.above && seen.visible, `${rel}: rulings not above the text: ${JSON.stringify(seen)}`);
        const inOrder = seen.order.filter((id) => seen.ids.includes(id));
        assert.deepEqual(seen.ids, inOrder, `${rel}: rulings out of the claims' order`);
      }
    });
  }
});

describe('a page per claim', () => {
  test('every claim of every article has its own page, which links back to its place in the article', async () => {
    const pages = new Set(claimPages());
    for (const rel of fx.articles) {
      const html = read(rel);
      const ids = [...html.matchAll(/data-claim-entry="([^"]+)"/g)].map((m) => m[1]);
      for (const id of ids) {
        const own = rel.replace(/index\.html$/, `${id}/index.html`);
        assert.ok(pages.has(own), `${rel}: claim ${id} has no page at ${own}`);
        const page = read(own);
        assert.equal((page.match(/\sdata-claim-page="/g) || []).length, 1, `${own}: one data-claim-page`);
        assert.ok(page.includes(`data-claim-page="${id}"`), `${own}: data-claim-page is not ${id}`);
        assert.ok(page.includes(`#claim-${id}"`) || page.includes(`#claim-entry-${id}"`), `${own}: no link back to the claim in its article`);
      }
    }
  });

  for (const width of [375, 1280]) {
    test(`at ${width}px a claim's page shows its verdict label and its claim, and nothing is wider than the screen`, async () => {
      for (const rel of claimPages()) {
        const seen = await withPage(rel, width, (page) => page.evaluate(() => ({
          label: document.querySelector('[data-claim-page] .verdict')?.textContent.trim(),
          h1: document.querySelector('h1')?.textContent.trim(),
          wide: document.documentElement.scrollWidth > window.innerWidth,
        })));
        assert.ok(seen.label, `${rel}: no verdict label`);
        assert.ok(seen.h1, `${rel}: no heading`);
        assert.ok(!seen.wide, `${rel}: wider than ${width}px`);
      }
    });
  }

  test('a claim checked in both example articles lists both, newest first, each with its verdict', async () => {
    const shared = claimPages().filter((rel) => /Checked in \d+ articles/.test(read(rel)));
    assert.ok(shared.length >= 2, `expected the shared claim's page in both articles, found ${shared}`);
    for (const rel of shared) {
      const list = await withPage(rel, 1280, (page) => page.evaluate(() =>
        [...document.querySelectorAll('.claim-checks li')].map((li) => ({
          verdict: li.querySelector('.verdict')?.textContent.trim(),
          date: li.querySelector('time')?.getAttribute('datetime'),
        }))));
      assert.equal(list.length, 2, `${rel}: ${JSON.stringify(list)}`);
      assert.ok(list.every((c) => c.verdict), `${rel}: a check without its verdict`);
      assert.ok(list[0].date >= list[1].date, `${rel}: not newest first: ${JSON.stringify(list)}`);
    }
  });
});

describe('corrections in the open', () => {
  test('a corrected article says so at the top and lists its corrections at the end', async () => {
    const corrected = fx.articles.filter((rel) => read(rel).includes('class="correction-notice"'));
    assert.ok(corrected.length > 0, 'no example article has a correction');
    for (const rel of corrected) {
      const seen = await withPage(rel, 375, (page) => page.evaluate(() => {
        const notice = document.querySelector('.correction-notice');
        const body = document.querySelector('.article-body');
        return {
          top: notice.getBoundingClientRect().top < body.getBoundingClientRect().top,
          dated: !!notice.querySelector('time[datetime]'),
          listed: document.querySelectorAll('#corrections ~ ol li').length,
        };
      }));
      assert.ok(seen.top && seen.dated, `${rel}: ${JSON.stringify(seen)}`);
      assert.ok(seen.listed >= 1, `${rel}: no Corrections list at the end`);
    }
  });
});
