'use strict';
// Links: in-page links work with JavaScript off, every relative link of the
// site resolves when it is served under a sub-path, and a page opened from
// file:// finds its theme and its neighbours.
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL, fileURLToPath } = require('node:url');
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { setup, attrUrls, listHtml, SUB_PATH, show } = require('./lib/fixture');

let fx;
before(async () => { fx = await setup(); });
after(async () => { await fx?.close(); });

async function noJsPage(rel) {
  const context = await fx.browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.setDefaultTimeout(5000);
  await page.goto(fx.url(rel), { waitUntil: 'load' });
  return { page, context };
}

/** Runs in the page: the in-page links matching sel whose target id is missing. */
function brokenFragments(sel) {
  const links = [...document.querySelectorAll(sel)];
  const bad = [];
  for (const a of links) {
    const href = a.getAttribute('href') || '';
    if (!href.startsWith('#') || href.length < 2) {
      bad.push({ href, problem: 'not an in-page #fragment link', text: a.textContent.trim() });
      continue;
    }
    let id;
    try { id = decodeURIComponent(href.slice(1)); } catch { id = href.slice(1); }
    if (!document.getElementById(id)) bad.push({ href, problem: 'no element has this id', text: a.textContent.trim() });
  }
  return { count: links.length, bad };
}

describe('with JavaScript disabled', () => {
  const KINDS = [
    ['claim verdict link', '.claim[data-claim] a.claim-verdict'],
    ['citation link', 'sup.citation[data-cites] a'],
    ['sidebar entry link back to its claim', '[data-claim-entry] a[href^="#claim-"]'],
    ['note reference / back-reference', 'a[data-footnote-ref], a[data-footnote-backref]'],
    ['in-page link (any a[href^="#"])', 'a[href^="#"]'],
  ];
  for (const [what, sel] of KINDS) {
    test(`every ${what} points to an element id that exists on the page`, async (t) => {
      assert.ok(fx.articles.length > 0, 'no article pages');
      for (const rel of fx.articles) {
        await t.test(rel, async () => {
          const { page, context } = await noJsPage(rel);
          try {
            const r = await page.evaluate(brokenFragments, sel);
            if (/verdict|citation/.test(what)) assert.ok(r.count > 0, `${rel} has no ${what} (${sel})`);
            assert.deepEqual(r.bad, [], `${r.bad.length} of ${r.count} links (${sel}) on ${rel} lead nowhere`);
          } finally {
            await context.close();
          }
        });
      }
    });
  }

  test('clicking a claim verdict link and a citation link changes location.hash to its target, which becomes :target', async (t) => {
    for (const rel of fx.articles) {
      await t.test(rel, async () => {
        const { page, context } = await noJsPage(rel);
        try {
          for (const sel of ['.claim[data-claim] a.claim-verdict', 'sup.citation[data-cites] a']) {
            for (const which of ['first', 'last']) {
              const link = page.locator(sel)[which]();
              const href = await link.getAttribute('href');
              await link.click();
              const got = await page.evaluate(() => ({
                hash: location.hash,
                target: document.querySelector(':target')?.id ?? null,
              }));
              assert.equal(got.hash, href, `after clicking the ${which} ${sel} (${href}) location.hash is ${got.hash}`);
              assert.equal(got.target, decodeURIComponent(href.slice(1)), `after clicking ${href} the :target is ${got.target}`);
            }
          }
        } finally {
          await context.close();
        }
      });
    }
  });
});

describe('relative links', () => {
  const referrers = new Map(); // url -> pages that link to it
  test(`served under ${SUB_PATH}, every link, stylesheet and script of every page resolves to a file of the site (HTTP 200) below ${SUB_PATH}`, async (t) => {
    const start = new URL(fx.baseURL);
    const queue = [start.href];
    const seen = new Set(queue);
    const broken = [];
    const outside = [];
    let pages = 0;
    let checked = 0;
    while (queue.length) {
      const url = queue.shift();
      checked++;
      const res = await fetch(url, { redirect: 'manual' });
      if (res.status !== 200) {
        broken.push({ url: url.slice(fx.server.origin.length), status: res.status, from: [...(referrers.get(url) || [])].slice(0, 3) });
        continue;
      }
      if (!(res.headers.get('content-type') || '').startsWith('text/html')) { await res.arrayBuffer(); continue; }
      pages++;
      const html = await res.text();
      for (const raw of attrUrls(html)) {
        let u;
        try { u = new URL(raw, url); } catch { broken.push({ url: raw, problem: 'unparsable URL', from: [url] }); continue; }
        if (u.origin !== start.origin) continue; // external: not requested
        u.hash = '';
        if (!u.pathname.startsWith(SUB_PATH)) {
          outside.push({ href: raw, resolved: u.pathname, from: url.slice(fx.server.origin.length) });
          continue;
        }
        if (!referrers.has(u.href)) referrers.set(u.href, new Set());
        referrers.get(u.href).add(url.slice(fx.server.origin.length));
        if (!seen.has(u.href)) {
          seen.add(u.href);
          queue.push(u.href);
        }
      }
    }
    const onDisk = listHtml(fx.dir);
    assert.deepEqual(outside, [], 'links that leave the sub-path (root-relative or too many ../)');
    assert.deepEqual(broken, [], `broken links (of ${checked} URLs checked from ${pages} pages)`);
    assert.ok(pages >= 1 + fx.articles.length, `the crawl reached ${pages} pages, fewer than home + ${fx.articles.length} articles`);
    const reached = new Set([...seen].map((u) => {
      const rel = decodeURIComponent(new URL(u).pathname.slice(SUB_PATH.length));
      return rel === '' || rel.endsWith('/') ? `${rel}index.html` : rel;
    }));
    const unreached = onDisk.filter((f) => !reached.has(f));
    // Pages no link leads to (e.g. 404.html) are fine, but say so.
    t.diagnostic(`crawl reached ${pages} HTML pages; no link leads to: ${unreached.join(', ') || '(none)'}`);
  });
  test('an article opened from file:// loads its stylesheets and script, and its relative links lead to files that exist', async () => {
    const rel = fx.articles[0];
    assert.ok(rel, 'no article pages');
    const file = path.join(fx.dir, rel);
    const context = await fx.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const failed = [];
    const finished = [];
    const errors = [];
    page.on('requestfinished', (r) => finished.push(r.url()));
    page.on('requestfailed', (r) => failed.push({ url: r.url(), error: r.failure()?.errorText }));
    page.on('pageerror', (e) => errors.push(String(e)));
    try {
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      assert.deepEqual(failed, [], 'requests that failed from file://');
      assert.deepEqual(errors, [], 'script errors from file://');
      // Every stylesheet and script the page names was read from disk.
      const wanted = await page.$$eval('link[rel~="stylesheet"][href], script[src]', (es) => es.map((e) => e.href || e.src));
      assert.ok(wanted.length > 0, 'the page names no stylesheet or script');
      for (const w of wanted) assert.ok(finished.includes(w), `${w} was not loaded from file:// (loaded: ${show(finished)})`);
      // ... and the styles apply: the body looks different from an unstyled page.
      const look = () => { const cs = getComputedStyle(document.body); return [cs.fontFamily, cs.margin, cs.backgroundColor, cs.color]; };
      const styled = await page.evaluate(look);
      const blank = await context.newPage();
      await blank.setContent('<!DOCTYPE html><html><body>x</body></html>');
      const unstyled = await blank.evaluate(look);
      assert.notDeepEqual(styled, unstyled, "the theme's styles do not apply to the page opened from file://");
      // Every relative link resolves to a file (a folder means its index.html).
      const hrefs = await page.$$eval('a[href], link[href], script[src], img[src]', (es) => es.map((e) => e.href || e.src));
      const missing = [];
      for (const h of hrefs) {
        if (!h.startsWith('file:')) continue;
        const u = new URL(h);
        u.hash = '';
        let p = fileURLToPath(u);
        if (h.split('#')[0].endsWith('/')) p = path.join(p, 'index.html');
        if (!fs.existsSync(p)) missing.push(path.relative(fx.dir, p));
      }
      assert.deepEqual([...new Set(missing)], [], `relative links of ${rel} opened from file:// that lead to no file`);
    } finally {
      await context.close();
    }
  });
});
