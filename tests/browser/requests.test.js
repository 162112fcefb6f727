'use strict';
// "No request leaves the page": no CDN, no web fonts from elsewhere, no trackers.
const fs = require('node:fs');
const path = require('node:path');
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { setup, listHtml, show } = require('./lib/fixture');

let fx;
before(async () => { fx = await setup(); });
after(async () => { await fx?.close(); });

const LOCAL_SCHEMES = new Set(['file:', 'data:', 'blob:', 'about:']);

/** Loads a page, uses it a little (scroll, hover, focus), and returns every request it made. */
async function recordRequests(rel, viewport) {
  const context = await fx.browser.newContext({ viewport });
  const isLocal = (u) => {
    const url = new URL(u);
    return LOCAL_SCHEMES.has(url.protocol) || url.origin === fx.server.origin;
  };
  // Nothing may leave the machine even if the page tried: such requests are
  // recorded (below) and then aborted here.
  await context.route((u) => !isLocal(u.href), (route) => route.abort('blockedbyclient'));
  const requests = [];
  const failures = [];
  context.on('request', (r) => requests.push({ url: r.url(), type: r.resourceType() }));
  context.on('requestfailed', (r) => { if (isLocal(r.url())) failures.push({ url: r.url(), error: r.failure()?.errorText }); });
  context.on('response', (r) => { if (r.status() >= 400) failures.push({ url: r.url(), status: r.status() }); });
  const page = await context.newPage();
  page.setDefaultTimeout(5000);
  try {
    await page.goto(fx.url(rel), { waitUntil: 'load' });
    // Use the page as a reader would, so lazy loads happen too.
    await page.evaluate(() => window.scrollTo(0, document.scrollingElement.scrollHeight));
    for (const sel of ['sup.citation[data-cites] a', 'a.claim-verdict', 'a[data-footnote-ref]']) {
      const l = page.locator(sel).first();
      if (await l.count()) { await l.hover(); await l.focus(); }
    }
    await page.evaluate(() => document.fonts && document.fonts.ready);
    await page.waitForTimeout(300);
  } finally {
    await context.close();
  }
  return {
    requests,
    outside: requests.filter((r) => !isLocal(r.url)),
    failures,
  };
}

describe('no request leaves the page', () => {
  for (const viewport of [{ width: 1280, height: 800 }, { width: 375, height: 812 }]) {
    test(`at ${viewport.width}px every request of the home page and every article goes to the local server (127.0.0.1) or is file:/data:, and none fails`, async (t) => {
      const pages = ['index.html', ...fx.articles];
      for (const rel of pages) {
        await t.test(rel, async () => {
          const r = await recordRequests(rel, viewport);
          t.diagnostic(`${rel}: ${r.requests.length} requests: ${r.requests.map((x) => `${x.type} ${x.url.replace(fx.server.origin, '')}`).join(', ')}`);
          assert.ok(r.requests.length > 0, 'no request was recorded at all');
          assert.deepEqual(r.outside, [], `requests from ${rel} that leave the machine`);
          assert.deepEqual(r.failures, [], `requests from ${rel} that failed`);
        });
      }
    });
  }

  test('no page of the site names another site in a stylesheet, script, font, image, frame or preconnect', () => {
    const bad = [];
    const re = /<(link|script|img|iframe|source|video|audio|embed|object)\b[^>]*?\s(?:href|src|srcset|data)\s*=\s*["']?((?:https?:)?\/\/[^"'\s>]+)/gi;
    for (const rel of listHtml(fx.dir)) {
      const html = fs.readFileSync(path.join(fx.dir, rel), 'utf8');
      let m;
      while ((m = re.exec(html))) {
        const tag = m[0];
        // <link rel="canonical|alternate|author|license..."> are links, not loads.
        if (/^<link\b/i.test(tag) && !/\srel\s*=\s*["']?[^"'>]*\b(stylesheet|preload|prefetch|preconnect|dns-prefetch|modulepreload|icon|manifest)\b/i.test(tag)) continue;
        bad.push({ page: rel, tag: tag.slice(0, 160) });
      }
    }
    const css = fs.readdirSync(path.join(fx.dir, 'theme')).filter((f) => f.endsWith('.css')).map((f) => `theme/${f}`);
    for (const rel of css) {
      const text = fs.readFileSync(path.join(fx.dir, rel), 'utf8');
      for (const m of text.matchAll(/(?:url\(\s*["']?|@import\s+["'])((?:https?:)?\/\/[^"')\s]+)/gi)) bad.push({ file: rel, url: m[1] });
    }
    assert.deepEqual(bad, [], `resources from other sites:\n${show(bad)}`);
  });
});
