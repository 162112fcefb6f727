'use strict';
// Claim <-> sidebar navigation, and citation previews on hover and keyboard focus.
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { setup, poll, show } = require('./lib/fixture');
const { snapshot, measure, visibleTooltips, sourceTitle } = require('./lib/page');

const VIEWPORTS = [
  { name: '1280px', viewport: { width: 1280, height: 800 } },
  { name: '375px', viewport: { width: 375, height: 812 } },
];
const byId = (id) => `[id=${JSON.stringify(id)}]`;

let fx;
before(async () => { fx = await setup(); });
after(async () => { await fx?.close(); });

async function openPage(rel, viewport) {
  const context = await fx.browser.newContext({ viewport });
  const page = await context.newPage();
  page.setDefaultTimeout(5000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(fx.url(rel), { waitUntil: 'load' });
  return { page, context, errors };
}

describe('claim verdict link <-> claims sidebar entry', () => {
  test('the site has article pages', () => {
    assert.ok(fx.articles.length > 0, 'the home page links to no article page');
  });

  for (const { name, viewport } of VIEWPORTS) {
    test(`at ${name}: every claim's verdict link brings its sidebar entry into view, highlighted, and the entry's link back does the same for the claim`, async (t) => {
      for (const rel of fx.articles) {
        await t.test(rel, async () => {
          const { page, context, errors } = await openPage(rel, viewport);
          try {
            const claims = await page.$$eval('.claim[data-claim][data-verdict]', (els) =>
              els.map((e) => ({ id: e.id, claim: e.dataset.claim })));
            assert.ok(claims.length > 0, `${rel} has no claim in the text`);
            const failures = [];
            for (const c of claims) {
              assert.equal(c.id, `claim-${c.claim}`, 'a claim in the text has the id claim-ID');
              const claim = page.locator(byId(c.id));
              const verdict = claim.locator('a.claim-verdict');
              assert.equal(await verdict.count(), 1, `${c.id} has one a.claim-verdict`);
              const entryId = `claim-entry-${c.claim}`;
              assert.equal(await verdict.getAttribute('href'), `#${entryId}`, `${c.id}'s verdict link points to its sidebar entry`);
              const entry = page.locator(byId(entryId));
              assert.equal(await entry.count(), 1, `${entryId} exists once`);
              assert.equal(await entry.getAttribute('data-claim-entry'), c.claim, `${entryId} carries data-claim-entry`);

              // Text -> sidebar.
              let base = await snapshot(entry);
              await verdict.click();
              let got = await poll(() => measure(entry, base), { timeout: 2000 });
              if (!got.ok) failures.push({ step: `click ${c.id}'s verdict link -> #${entryId}`, ...got });

              // Sidebar -> text.
              const back = entry.locator(`a[href=${JSON.stringify('#' + c.id)}]`);
              if ((await back.count()) === 0) {
                failures.push({ step: `${entryId} has no link back to #${c.id}` });
                continue;
              }
              base = await snapshot(claim);
              await back.first().click();
              got = await poll(() => measure(claim, base), { timeout: 2000 });
              if (!got.ok) failures.push({ step: `click ${entryId}'s link back -> #${c.id}`, ...got });
            }
            assert.deepEqual(errors, [], 'no script error on the page');
            assert.equal(failures.length, 0,
              `${failures.length} of ${claims.length * 2} link follows did not end with the target in view and highlighted ` +
              `(in view: >= 50% of it visible; highlighted: :target or a class added, and a computed style change):\n${show(failures)}`);
          } finally {
            await context.close();
          }
        });
      }
    });
  }
});

/** Every citation link of the page: [{href, sourceId}]. */
const citationLinks = (page) =>
  page.$$eval('sup.citation[data-cites] a[href^="#"]', (as) =>
    as.map((a, i) => ({ index: i, href: a.getAttribute('href'), text: a.textContent.trim() })));

describe('citation previews', () => {
  for (const { name, viewport } of VIEWPORTS) {
    test(`at ${name}: hovering a citation link shows a visible preview (role="tooltip") with the source's title`, async (t) => {
      for (const rel of fx.articles) {
        await t.test(rel, async () => {
          const { page, context, errors } = await openPage(rel, viewport);
          try {
            const links = await citationLinks(page);
            assert.ok(links.length > 0, `${rel} has no citation link`);
            const failures = [];
            for (const l of links) {
              const title = await sourceTitle(page, l.href.slice(1));
              assert.ok(title, `citation link ${l.href} points to an existing source entry with a title`);
              await page.locator('sup.citation[data-cites] a[href^="#"]').nth(l.index).hover();
              const tips = await poll(async () => {
                const all = await visibleTooltips(page);
                const hit = all.find((x) => x.text.includes(title));
                return { ok: !!hit, hit, all };
              }, { timeout: 2000 });
              if (!tips.ok) {
                failures.push({ link: l, expectedTitle: title, visibleTooltips: tips.all });
                continue;
              }
              const { rect, viewport: vp } = tips.hit;
              if (rect.left < 0 || rect.right > vp.width || rect.top < 0 || rect.bottom > vp.height) {
                failures.push({ link: l, problem: 'the preview is not wholly inside the viewport', rect, viewport: vp });
              }
            }
            assert.deepEqual(errors, [], 'no script error on the page');
            assert.equal(failures.length, 0, `${failures.length} of ${links.length} citation links showed no right preview on hover:\n${show(failures)}`);
          } finally {
            await context.close();
          }
        });
      }
    });

    test(`at ${name}: focusing a citation link by keyboard (Tab) shows a visible preview with the source's title`, async (t) => {
      for (const rel of fx.articles) {
        await t.test(rel, async () => {
          const { page, context, errors } = await openPage(rel, viewport);
          try {
            const links = await citationLinks(page);
            assert.ok(links.length > 0, `${rel} has no citation link`);
            const focusable = await page.$$eval('a[href], button, input, select, textarea, summary, [tabindex]', (e) => e.length);
            await page.mouse.move(0, 0);
            const reached = new Set();
            const failures = [];
            for (let i = 0; i < focusable + 5 && reached.size < links.length; i++) {
              await page.keyboard.press('Tab');
              const at = await page.evaluate(() => {
                const a = document.activeElement;
                if (!a || !a.matches('sup.citation[data-cites] a[href^="#"]')) return null;
                return [...document.querySelectorAll('sup.citation[data-cites] a[href^="#"]')].indexOf(a);
              });
              if (at === null || at < 0 || reached.has(at)) continue;
              reached.add(at);
              const l = links[at];
              const title = await sourceTitle(page, l.href.slice(1));
              const tips = await poll(async () => {
                const all = await visibleTooltips(page);
                const hit = all.find((x) => x.text.includes(title));
                return { ok: !!hit, hit, all };
              }, { timeout: 2000 });
              if (!tips.ok) failures.push({ link: l, expectedTitle: title, visibleTooltips: tips.all });
            }
            assert.deepEqual(errors, [], 'no script error on the page');
            assert.equal(reached.size, links.length, `Tab reached ${reached.size} of ${links.length} citation links`);
            assert.equal(failures.length, 0, `${failures.length} of ${links.length} citation links showed no right preview on keyboard focus:\n${show(failures)}`);
          } finally {
            await context.close();
          }
        });
      }
    });
  }
});
