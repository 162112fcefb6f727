'use strict';
// Every HTML file of the built site is valid per the Nu Html Checker (vnu.jar).
const path = require('node:path');
const { execFile } = require('node:child_process');
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { getSite, listHtml } = require('./lib/fixture');

const VNU_JAR = String(require('vnu-jar'));
const JAVA = process.env.JAVA || 'java';

let site;
before(() => { site = getSite(); });
after(() => { site?.cleanup(); });

function vnu(files) {
  return new Promise((resolve, reject) => {
    execFile(JAVA, ['-Xss4m', '-jar', VNU_JAR, '--errors-only', '--format', 'json', ...files],
      { maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        // vnu exits 1 when it found errors; its JSON report goes to stderr.
        const text = (stderr || stdout || '').trim();
        try {
          resolve(JSON.parse(text));
        } catch {
          reject(new Error(`vnu.jar gave no JSON report (exit ${error ? error.code : 0}):\n${stdout}\n${stderr}`));
        }
      });
  });
}

describe('Nu Html Checker (vnu.jar --errors-only)', () => {
  test('every .html file of the built site is valid HTML', async (t) => {
    const files = listHtml(site.dir);
    assert.ok(files.length > 0, 'the site has no HTML file');
    t.diagnostic(`checking ${files.length} files: ${files.join(', ')}`);
    const report = await vnu(files.map((f) => path.join(site.dir, f)));
    const errors = report.messages.filter((m) => m.type === 'error' || m.type === 'non-document-error');
    const lines = errors.map((m) => {
      const file = m.url ? path.relative(site.dir, decodeURIComponent(new URL(m.url).pathname)) : '?';
      const where = m.lastLine ? `${file}:${m.firstLine || m.lastLine}:${m.firstColumn ?? m.lastColumn ?? ''}` : file;
      return `${where}: ${m.message}${m.extract ? `\n      ${m.extract.replace(/\n/g, '\u21b5')}` : ''}`;
    });
    if (lines.length) console.log(`vnu errors:\n${lines.join('\n')}`);
    assert.equal(errors.length, 0, `${errors.length} HTML error(s):\n${lines.join('\n')}`);
  });
});
