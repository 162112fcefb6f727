'use strict';
// Full-page screenshots for people to look at, in tests/browser/screenshots/
// (git-ignored): the newest article and the home page at 1280 px and 375 px,
// the claims index when the site has one, and the page of a claim checked
// in more than one article (else the first claim page).
const fs = require('node:fs');
const path = require('node:path');
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { setup, listHtml, BROWSER_DIR } = require('./lib/fixture');

const OUT = path.join(BROWSER_DIR, 'screenshots');
const WIDTHS = [
  { width: 1280, height: 800 },
  { width: 375, height: 812 },
];

let fx;
before(async () => {
  fx = await setup();
  fs.mkdirSync(OUT, { recursive: true });
});
after(async () => { await fx?.close(); });

/** Width and height of a PNG, from its IHDR chunk. */
function pngSize(file) {
  const b = fs.readFileSync(file);
  assert.equal(b.toString('latin1', 1, 4), 'PNG', `${file} is not a PNG`);
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

async function shoot(rel, name, viewport) {
  const context = await fx.browser.newContext({ viewport, deviceScaleFactor: 1 });
  const page = await context.newPage();
  try {
    await page.goto(fx.url(rel), { waitUntil: 'load' });
    await page.evaluate(() => document.fonts && document.fonts.ready);
    const file = path.join(OUT, `${name}-${viewport.width}.png`);
    await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
    const size = pngSize(file);
    assert.equal(size.width, viewport.width, `${name}-${viewport.width}.png is ${size.width}px wide: the page is wider than the viewport`);
    assert.ok(size.height >= viewport.height, `${name}-${viewport.width}.png is only ${size.height}px high`);
    return { file: path.relative(BROWSER_DIR, file), ...size };
  } finally {
    await context.close();
  }
}

describe('screenshots', () => {
  const claimPage = () => {
    const pages = listHtml(fx.dir).filter((rel) => /\sdata-claim-page="/.test(fs.readFileSync(path.join(fx.dir, rel), 'utf8')));
    const shared = pages.find((rel) => fs.readFileSync(path.join(fx.dir, rel), 'utf8').includes('class="sources claim-checks"'));
    return shared || pages[0] || 'no-claim-page/index.html';
  };
  const shots = () => [
    ['article', fx.articles[0]],
    ['home', 'index.html'],
    ['claims-index', 'claims/index.html'],
    ['claim-page', claimPage()],
  ];
  for (const viewport of WIDTHS) {
    test(`full-page screenshots at ${viewport.width}px: article-${viewport.width}.png, home-${viewport.width}.png (and claims-index-${viewport.width}.png when the claims index exists)`, async (t) => {
      assert.ok(fx.articles.length > 0, 'no article pages');
      for (const [name, rel] of shots()) {
        if (!fs.existsSync(path.join(fx.dir, rel))) {
          t.diagnostic(`${name}: ${rel} does not exist in this site yet; no screenshot`);
          continue;
        }
        const s = await shoot(rel, name, viewport);
        t.diagnostic(`${s.file}: ${s.width}x${s.height} (${rel})`);
      }
    });
  }
});
