'use strict';
// The site pages beside the articles: claims index, sources index, tag pages.
// Each test runs only when its page exists in the built site, and says so
// (skipped, with the reason) when it does not.
const fs = require('node:fs');
const path = require('node:path');
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { setup, pageUrl, show } = require('./lib/fixture');

let fx;
before(async () => { fx = await setup(); });
after(async () => { await fx?.close(); });

const exists = (rel) => fs.existsSync(path.join(fx.dir, rel));

/** Evaluates fn in a page opened with JavaScript off. */
async function inPage(rel, fn, arg) {
  const context = await fx.browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  try {
    await page.goto(fx.url(rel), { waitUntil: 'load' });
    return await page.evaluate(fn, arg);
  } finally {
    await context.close();
  }
}

/** Every link of the page, resolved: [{url (no hash), hash, text}]. */
const links = (rel) => inPage(rel, () => [...document.querySelectorAll('a[href]')].map((a) => {
  const u = new URL(a.href);
  const hash = decodeURIComponent(u.hash.slice(1));
  u.hash = '';
  return { url: u.href, hash, text: a.textContent.replace(/\s+/g, ' ').trim() };
}));

/** The claims and sources of each article. */
async function articleData() {
  const out = [];
  for (const rel of fx.articles) {
    const d = await inPage(rel, () => ({
      title: document.querySelector('h1')?.textContent.replace(/\s+/g, ' ').trim(),
      claims: [...document.querySelectorAll('[data-claim-entry]')].map((e) => ({
        id: e.getAttribute('data-claim-entry'),
        inText: !!document.querySelector(`.claim[data-claim="${CSS.escape(e.getAttribute('data-claim-entry'))}"]`),
      })),
      sources: [...document.querySelectorAll('[data-source-entry]')].map((e) => {
        const t = e.querySelector('.source-title, cite') || e.querySelector('a[href]:not([href^="#"])');
        return { key: e.getAttribute('data-source-entry'), title: (t ? t.textContent : e.innerText.split('\n')[0]).replace(/\s+/g, ' ').trim() };
      }),
      tags: [...document.querySelectorAll('a[rel~="tag"]')].map((a) => ({ name: a.textContent.trim(), url: a.href.split('#')[0] })),
    }));
    out.push({ rel, url: fx.url(rel), ...d });
  }
  return out;
}

describe('site pages (run when the page exists)', () => {
  test('claims index (claims/index.html) links to every claim of every article', async (t) => {
    if (!exists('claims/index.html')) {
      t.skip('claims/index.html is not built yet');
      return;
    }
    const index = await links('claims/index.html');
    const missing = [];
    let total = 0;
    for (const a of await articleData()) {
      for (const c of a.claims) {
        total++;
        const want = c.inText ? [`claim-${c.id}`, `claim-entry-${c.id}`] : [`claim-entry-${c.id}`];
        // To the claim in its article, or to the claim's own page.
        const page = `${a.url}${c.id}/`;
        if (!index.some((l) => (l.url === a.url && want.includes(l.hash)) || (l.url === page && !l.hash))) {
          missing.push(`${pageUrl(a.rel)}#${want[0]} or ${pageUrl(a.rel)}${c.id}/`);
        }
      }
    }
    assert.ok(total > 0, 'the articles have no claims');
    assert.deepEqual(missing, [], `claims of the site that claims/index.html does not link to (of ${total})`);
  });

  test('claims index: every link to a claim lands on an element that exists', async (t) => {
    if (!exists('claims/index.html')) {
      t.skip('claims/index.html is not built yet');
      return;
    }
    const index = await links('claims/index.html');
    const byUrl = new Map();
    for (const l of index) {
      if (!l.hash || !l.url.startsWith(fx.baseURL)) continue;
      if (!byUrl.has(l.url)) byUrl.set(l.url, new Set());
      byUrl.get(l.url).add(l.hash);
    }
    const bad = [];
    for (const [url, hashes] of byUrl) {
      const rel = url.slice(fx.baseURL.length) || '';
      const file = rel === '' || rel.endsWith('/') ? `${rel}index.html` : rel;
      if (!exists(file)) { bad.push({ url, problem: 'no such page' }); continue; }
      const missingIds = await inPage(file, (ids) => ids.filter((id) => !document.getElementById(id)), [...hashes]);
      for (const id of missingIds) bad.push({ url: `${url}#${id}`, problem: 'no element with this id' });
    }
    assert.deepEqual(bad, [], `links of the claims index that lead nowhere:\n${show(bad)}`);
  });

  test('sources index (sources/index.html) lists every source of every article by title', async (t) => {
    if (!exists('sources/index.html')) {
      t.skip('sources/index.html is not built yet');
      return;
    }
    const text = await inPage('sources/index.html', () => document.body.innerText.replace(/\s+/g, ' '));
    const missing = [];
    for (const a of await articleData()) {
      for (const s of a.sources) if (!text.includes(s.title)) missing.push({ article: a.rel, key: s.key, title: s.title });
    }
    assert.deepEqual(missing, [], 'sources missing from the sources index');
  });

  test('tag pages (tags/NAME/index.html): every tag of an article has a page that links back to the article', async (t) => {
    if (!fs.existsSync(path.join(fx.dir, 'tags'))) {
      t.skip('tag pages (tags/) are not built yet');
      return;
    }
    const bad = [];
    for (const a of await articleData()) {
      for (const tag of a.tags) {
        const rel = tag.url.startsWith(fx.baseURL) ? tag.url.slice(fx.baseURL.length) : null;
        const file = rel === null ? null : rel.endsWith('/') || rel === '' ? `${rel}index.html` : rel;
        if (!file || !exists(file)) { bad.push({ article: a.rel, tag: tag.name, problem: `no page at ${tag.url}` }); continue; }
        const back = await links(file);
        if (!back.some((l) => l.url === a.url)) bad.push({ article: a.rel, tag: tag.name, problem: `${file} does not link to the article` });
      }
    }
    assert.deepEqual(bad, [], 'tag pages');
  });
});

describe('claims index filter (JavaScript)', () => {
  test('a reader who types before claims.json has come is told it is loading, and then sees the matches', async () => {
    const context = await fx.browser.newContext();
    const page = await context.newPage();
    try {
      let release;
      const held = new Promise((resolve) => { release = resolve; });
      await page.route('**/claims.json', async (route) => { await held; await route.continue(); });
      await page.goto(fx.url('claims/index.html'), { waitUntil: 'load' });
      const search = page.locator('.claims-search input[type="search"]');
      await search.fill('a');
      const status = page.locator('.claims-search output');
      assert.equal(await status.textContent(), 'Loading claims…');
      release();
      await status.filter({ hasText: /match/ }).waitFor({ timeout: 5000 });
    } finally {
      await context.close();
    }
  });

  test('typing filters every claim of the site from claims.json, by text and by verdict', async () => {
    const context = await fx.browser.newContext();
    const page = await context.newPage();
    try {
      const fetched = [];
      page.on('request', (r) => { if (r.url().endsWith('/claims.json')) fetched.push(r.url()); });
      await page.goto(fx.url('claims/index.html'), { waitUntil: 'load' });
      const search = page.locator('.claims-search input[type="search"]');
      await search.waitFor({ state: 'visible', timeout: 5000 });
      // claims.json grows with the site: a reader who does not search never downloads it.
      await page.waitForTimeout(300);
      assert.deepEqual(fetched, [], 'claims.json is fetched before the reader uses the search');
      const data = JSON.parse(fs.readFileSync(path.join(fx.dir, 'claims.json'), 'utf8'));
      // The verdict menu is there before the data: the verdicts of the page's own filter.
      const options = await page.locator('.claims-search select option').evaluateAll((os) => os.map((o) => o.value));
      assert.deepEqual(options.slice(1), data.verdicts.map((v) => v.id).filter((id) => options.includes(id)));
      assert.ok(options.length > 1, `the verdict menu lists verdicts: ${options}`);
      // A word from one claim's text narrows the list to the claims that hold it.
      const word = data.claims[0].text.split(/\s+/).find((w) => w.length > 6) || data.claims[0].text;
      const expected = data.claims.filter((c) => (c.text + ' ' + c.claimant + ' ' + c.article.title).toLowerCase().includes(word.toLowerCase()));
      await search.fill(word);
      await page.locator('.claims-search output').filter({ hasText: /match/ }).waitFor({ timeout: 5000 });
      assert.equal(fetched.length, 1, 'using the search fetches claims.json once');
      const shown = await page.locator('.claim-index-list > li').count();
      assert.equal(shown, Math.min(expected.length, 100), `typing "${word}" should show the ${expected.length} matching claims`);
      const status = await page.locator('.claims-search output').textContent();
      assert.match(status, new RegExp(`^${expected.length} claim`), `the status says how many match: ${status}`);
      // Each result links to its claim on its article's page.
      const href = await page.locator('.claim-index-list > li a').first().getAttribute('href');
      assert.ok(href.endsWith(expected[0].path), `${href} should end with ${expected[0].path}`);
      // A verdict filter alone lists that verdict's claims.
      await search.fill('');
      const verdict = data.claims[0].verdict;
      await page.locator('.claims-search select').selectOption(verdict);
      const byVerdict = data.claims.filter((c) => c.verdict === verdict).length;
      assert.equal(await page.locator('.claim-index-list > li').count(), Math.min(byVerdict, 100));
      // Clearing both brings back the page's own list.
      await page.locator('.claims-search select').selectOption('');
      assert.ok(await page.locator('.pagination, .claim-index-list > li').count() > 0);
    } finally {
      await context.close();
    }
  });
});
