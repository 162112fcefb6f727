'use strict';
// Theme budget: the theme's own CSS and JS stay small. The generated
// syntax-highlighting stylesheet (theme/highlight.css) is reported apart and
// is not counted.
const fs = require('node:fs');
const path = require('node:path');
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { getSite } = require('./lib/fixture');

const BUDGET = 30 * 1024; // bytes, for gloss.css + gloss.js (and any other theme CSS/JS)
const GENERATED = new Set(['highlight.css']);

let site;
before(() => { site = getSite(); });
after(() => { site?.cleanup(); });

describe('theme budget', () => {
  test(`theme/gloss.css + theme/gloss.js (every theme/*.css and *.js but the generated highlight.css) <= ${BUDGET} bytes (30 KB)`, (t) => {
    const dir = path.join(site.dir, 'theme');
    assert.ok(fs.existsSync(dir), 'the site has no theme/ folder');
    const files = fs.readdirSync(dir).filter((f) => /\.(css|js)$/.test(f)).sort();
    for (const f of ['gloss.css', 'gloss.js']) assert.ok(files.includes(f), `theme/${f} is missing`);
    const size = (f) => fs.statSync(path.join(dir, f)).size;
    let counted = 0;
    let generated = 0;
    for (const f of files) {
      const n = size(f);
      if (GENERATED.has(f)) generated += n;
      else counted += n;
      t.diagnostic(`theme/${f}: ${n} bytes${GENERATED.has(f) ? ' (generated, not counted)' : ''}`);
    }
    const line = `theme CSS+JS: ${counted} bytes of ${BUDGET} (${(counted / 1024).toFixed(1)} KB of 30 KB); ` +
      `highlight.css (generated): ${generated} bytes; all together ${counted + generated} bytes`;
    t.diagnostic(line);
    console.log(`# ${line}`);
    assert.ok(counted <= BUDGET, `over budget: ${line}`);
  });
});
