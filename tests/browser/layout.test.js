'use strict';
// Layout: the claims sidebar never covers the article text, and no page
// scrolls sideways on a 375 px phone.
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { setup, listHtml, show } = require('./lib/fixture');

const PHONE = { width: 375, height: 812 };
const DESKTOP = { width: 1280, height: 800 };

let fx;
before(async () => { fx = await setup(); });
after(async () => { await fx?.close(); });

/**
 * Runs in the page. Finds the article text (the largest ancestor of the
 * claims in the text that does not hold the sidebar) and the claims sidebar
 * (the aside / complementary region holding the [data-claim-entry] entries, or
 * their nearest common ancestor), and returns their boxes in page coordinates.
 */
function boxes() {
  const lca = (els) => {
    if (!els.length) return null;
    let a = els[0];
    while (a && !els.every((e) => a.contains(e))) a = a.parentElement;
    return a;
  };
  const entries = [...document.querySelectorAll('[data-claim-entry]')];
  const claims = [...document.querySelectorAll('.claim[data-claim]')];
  if (!entries.length || !claims.length) return { missing: { entries: entries.length, claims: claims.length } };
  let sidebar = entries[0].closest('aside, [role="complementary"], dialog');
  if (!sidebar || !entries.every((e) => sidebar.contains(e))) sidebar = lca(entries);
  let body = lca(claims);
  while (body.parentElement && !body.parentElement.contains(sidebar)) body = body.parentElement;
  const box = (el) => {
    const r = el.getBoundingClientRect();
    return { left: r.left + scrollX, top: r.top + scrollY, right: r.right + scrollX, bottom: r.bottom + scrollY, width: r.width, height: r.height };
  };
  const shown = (el) => {
    const cs = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    return cs.display !== 'none' && cs.visibility !== 'hidden' && r.width > 1 && r.height > 1 &&
      r.right > 0 && r.left < document.documentElement.clientWidth && !el.closest('[hidden], [inert]');
  };
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '');
  return {
    body: { el: describe(body), ...box(body) },
    sidebar: { el: describe(sidebar), id: sidebar.id || null, visible: shown(sidebar), ...box(sidebar) },
  };
}

function overlap(a, b) {
  const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
  const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
  return w > 0.5 && h > 0.5 ? { width: w, height: h } : null;
}

/** Runs in the page: the elements that stick out past the viewport's right edge. */
function overflowing() {
  const vw = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.right > vw + 0.5 && r.width > 0) {
      // Report the outermost offenders only.
      if (out.some((o) => o.node.contains(el))) continue;
      out.push({ node: el, right: Math.round(r.right), width: Math.round(r.width) });
    }
  }
  return out.slice(0, 10).map(({ node, right, width }) => ({
    el: node.tagName.toLowerCase() + (node.id ? '#' + node.id : '') + (typeof node.className === 'string' && node.className ? '.' + node.className.trim().split(/\s+/).join('.') : ''),
    right, width,
    text: (node.textContent || '').trim().slice(0, 60),
  }));
}

async function withPage(viewport, rel, fn, { javaScriptEnabled = true } = {}) {
  const context = await fx.browser.newContext({ viewport, javaScriptEnabled });
  const page = await context.newPage();
  page.setDefaultTimeout(5000);
  try {
    await page.goto(fx.url(rel), { waitUntil: 'load' });
    return await fn(page);
  } finally {
    await context.close();
  }
}

async function checkSidebar(page, rel, width) {
  let b = await page.evaluate(boxes);
  assert.ok(!b.missing, `${rel}: no claims sidebar or no claims in the text: ${show(b.missing)}`);
  if (!b.sidebar.visible) {
    // A closed drawer: a visible button must open it.
    const opener = page.locator([
      b.sidebar.id && `button[aria-controls=${JSON.stringify(b.sidebar.id)}]`,
      b.sidebar.id && `[role="button"][aria-controls=${JSON.stringify(b.sidebar.id)}]`,
      'button[aria-expanded="false"]',
    ].filter(Boolean).join(', ')).filter({ visible: true });
    assert.ok((await opener.count()) > 0,
      `${rel} at ${width}px: the claims sidebar (${b.sidebar.el}) is hidden and no visible button (aria-controls="${b.sidebar.id}" or aria-expanded="false") opens it`);
    await opener.first().click();
    await page.waitForTimeout(600); // a drawer's transition
    b = await page.evaluate(boxes);
    assert.ok(b.sidebar.visible, `${rel} at ${width}px: the claims sidebar is still hidden after clicking its button: ${show(b.sidebar)}`);
    return { drawer: true, ...b };
  }
  const o = overlap(b.body, b.sidebar);
  assert.equal(o, null, `${rel} at ${width}px: the claims sidebar overlaps the article text by ${show(o)}:\n${show(b)}`);
  return { drawer: false, ...b };
}

describe('claims sidebar and article text', () => {
  for (const viewport of [PHONE, DESKTOP]) {
    test(`at ${viewport.width}px the claims sidebar does not overlap the article text (or is a closed drawer that a visible button opens)`, async (t) => {
      assert.ok(fx.articles.length > 0, 'no article pages');
      for (const rel of fx.articles) {
        await t.test(rel, () => withPage(viewport, rel, async (page) => {
          const r = await checkSidebar(page, rel, viewport.width);
          t.diagnostic(`${rel} @${viewport.width}: ${r.drawer ? 'drawer' : 'in flow'}; text ${Math.round(r.body.left)}..${Math.round(r.body.right)} x ${Math.round(r.body.top)}..${Math.round(r.body.bottom)}, sidebar ${Math.round(r.sidebar.left)}..${Math.round(r.sidebar.right)} x ${Math.round(r.sidebar.top)}..${Math.round(r.sidebar.bottom)}`);
        }));
      }
    });
  }

  test('with JavaScript off, every claim sidebar entry is visible at 375px and 1280px (no drawer that needs a script)', async (t) => {
    for (const viewport of [PHONE, DESKTOP]) {
      for (const rel of fx.articles) {
        await t.test(`${rel} @${viewport.width}px`, () => withPage(viewport, rel, async (page) => {
          const hidden = await page.$$eval('[data-claim-entry]', (els) => els.filter((el) => {
            const cs = getComputedStyle(el);
            const r = el.getBoundingClientRect();
            return cs.display === 'none' || cs.visibility === 'hidden' || r.width < 1 || r.height < 1 || !!el.closest('[hidden], [inert]');
          }).map((el) => el.id));
          assert.deepEqual(hidden, [], 'claim entries hidden without JavaScript');
        }, { javaScriptEnabled: false }));
      }
    }
  });
});

describe('no horizontal scroll at 375px', () => {
  test('every page of the site fits 375px: document.scrollingElement.scrollWidth <= 375 (with and without JavaScript)', async (t) => {
    const pages = listHtml(fx.dir);
    assert.ok(pages.includes('index.html'), 'the site has a home page');
    for (const javaScriptEnabled of [true, false]) {
      for (const rel of pages) {
        await t.test(`${rel}${javaScriptEnabled ? '' : ' (JavaScript off)'}`, () => withPage(PHONE, rel, async (page) => {
          const sw = await page.evaluate(() => document.scrollingElement.scrollWidth);
          const culprits = sw > PHONE.width ? await page.evaluate(overflowing) : [];
          assert.ok(sw <= PHONE.width, `${rel}: scrollWidth ${sw} > ${PHONE.width}; elements past the right edge:\n${show(culprits)}`);
        }, { javaScriptEnabled }));
      }
    }
  });
});
