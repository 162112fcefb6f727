'use strict';
// Shared fixture of the browser tests: the built site, a static server that
// serves it under a sub-path, and Debian's headless Chromium.
//
// The site comes from $GLOSS_SITE (a folder `gloss build` wrote); without it
// the fixture builds the repository's example site with the release binary
// (`cargo test --release --no-run` or `cargo build --release` must have run) into a temporary folder.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const http = require('node:http');
const { execFileSync } = require('node:child_process');

const BROWSER_DIR = path.resolve(__dirname, '..'); // tests/browser
const REPO_ROOT = path.resolve(BROWSER_DIR, '../..');
const GLOSS_BIN = path.resolve(BROWSER_DIR, '../../target/release/gloss');
const CHROMIUM = process.env.GLOSS_CHROMIUM || '/usr/bin/chromium';
const SUB_PATH = '/sub/path/';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

// ---------------------------------------------------------------- the site

/** The built site: {dir, cleanup()}. */
function getSite() {
  if (process.env.GLOSS_SITE) {
    const dir = path.resolve(process.env.GLOSS_SITE);
    if (!fs.existsSync(path.join(dir, 'index.html'))) {
      throw new Error(`GLOSS_SITE=${dir} has no index.html: is it a folder written by \`gloss build\`?`);
    }
    return { dir, built: false, cleanup() {} };
  }
  return buildSite(REPO_ROOT);
}

/** The site at `root` (a folder with site.yaml) built into a temporary folder: {dir, cleanup()}. */
function buildSite(root) {
  if (!fs.existsSync(GLOSS_BIN)) {
    throw new Error(`${GLOSS_BIN} is missing: run \`cargo build --release\` in ${REPO_ROOT} first, or set GLOSS_SITE to a built site`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gloss-site-'));
  try {
    execFileSync(GLOSS_BIN, ['build', '--root', root, '--output', dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
    });
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`gloss build failed (exit ${e.status}):\n${e.stdout || ''}${e.stderr || ''}`);
  }
  return {
    dir,
    built: true,
    cleanup() { fs.rmSync(dir, { recursive: true, force: true }); },
  };
}

/** Every file under dir, as sorted POSIX paths relative to dir. */
function listFiles(dir) {
  const out = [];
  const walk = (rel) => {
    for (const ent of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${ent.name}` : ent.name;
      if (ent.isDirectory()) walk(r);
      else if (ent.isFile()) out.push(r);
    }
  };
  walk('');
  return out.sort();
}

const listHtml = (dir) => listFiles(dir).filter((f) => f.endsWith('.html'));

const SITE_PAGE_DIRS = /^(claims|sources|tags|theme)\//;

/** The value of every href="..." / src="..." attribute in an HTML text. */
function attrUrls(html) {
  const out = [];
  const re = /\s(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi;
  let m;
  while ((m = re.exec(html))) out.push(decodeEntities(m[1] ?? m[2] ?? m[3]));
  return out;
}

function decodeEntities(s) {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|amp|quot|apos|lt|gt);/gi, (_, e) => {
    const k = e.toLowerCase();
    if (k === 'amp') return '&';
    if (k === 'quot') return '"';
    if (k === 'apos') return "'";
    if (k === 'lt') return '<';
    if (k === 'gt') return '>';
    return String.fromCodePoint(k[1] === 'x' ? parseInt(k.slice(2), 16) : parseInt(k.slice(1), 10));
  });
}

/**
 * The article pages: the pages the home page links to (the home page lists
 * every article), other than the site pages (claims, sources and tag indexes)
 * and claims' pages.
 * Paths relative to the site root, e.g. "explainers/foo/index.html", in home-page order.
 */
function articlePages(dir) {
  const home = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
  const base = new URL('http://site.invalid/');
  const found = new Set();
  for (const href of attrUrls(home)) {
    let u;
    try { u = new URL(href, base); } catch { continue; }
    if (u.origin !== base.origin) continue;
    let p = decodeURIComponent(u.pathname.slice(1));
    if (p === '' || p.endsWith('/')) p += 'index.html';
    if (p === 'index.html' || SITE_PAGE_DIRS.test(p) || !p.endsWith('.html')) continue;
    // A claim's page (the lists link to it through the article's rulings) is not an article.
    if (fs.existsSync(path.join(dir, p)) && !isClaimPage(dir, p)) found.add(p);
  }
  // A section's index page (e.g. explainers/index.html) lists articles: not one.
  const dirs = [...found].map((p) => p.replace(/[^/]*$/, ''));
  const isSection = (p) => {
    const d = p.replace(/[^/]*$/, '');
    return dirs.some((o) => o !== d && o.startsWith(d));
  };
  return [...found].filter((p) => !isSection(p)); // in the order of the home page: newest first
}

/** Is the page at `rel` a claim's own page (its root element has data-claim-page)? */
const isClaimPage = (dir, rel) => /\sdata-claim-page="/.test(fs.readFileSync(path.join(dir, rel), 'utf8'));

/** "explainers/foo/index.html" -> "explainers/foo/" (the URL a link uses). */
const pageUrl = (rel) => rel.replace(/(^|\/)index\.html$/, '$1');

// ---------------------------------------------------------------- the server

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

/**
 * A static server of `dir` under SUB_PATH on 127.0.0.1 and a free port.
 * Resolves to {baseURL ("http://127.0.0.1:PORT/sub/path/"), origin, log, close()}.
 * `log` holds every request it answered: {method, url, status}.
 */
function startServer(dir) {
  const root = path.resolve(dir);
  const log = [];
  const server = http.createServer((req, res) => {
    const send = (status, body, headers = {}) => {
      log.push({ method: req.method, url: req.url, status });
      res.writeHead(status, { 'cache-control': 'no-store', ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed\n');
    const { pathname } = new URL(req.url, 'http://127.0.0.1');
    if (!pathname.startsWith(SUB_PATH)) return send(404, `not under ${SUB_PATH}\n`);
    let rel;
    try { rel = decodeURIComponent(pathname.slice(SUB_PATH.length)); } catch { return send(400, 'bad path\n'); }
    let file = path.resolve(root, rel);
    if (file !== root && !file.startsWith(root + path.sep)) return send(403, 'forbidden\n');
    let st = fs.statSync(file, { throwIfNoEntry: false });
    if (st && st.isDirectory()) {
      if (!pathname.endsWith('/')) return send(301, '', { location: pathname + '/' });
      file = path.join(file, 'index.html');
      st = fs.statSync(file, { throwIfNoEntry: false });
    }
    if (!st || !st.isFile()) return send(404, `not found: ${pathname}\n`, { 'content-type': 'text/plain' });
    const type = TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
    send(200, fs.readFileSync(file), { 'content-type': type });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      const origin = `http://127.0.0.1:${port}`;
      resolve({
        origin,
        baseURL: origin + SUB_PATH,
        log,
        close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
      });
    });
  });
}

// ---------------------------------------------------------------- the browser

function launchBrowser() {
  // Required lazily so that a missing `npm ci` gives one clear error.
  let chromium;
  try {
    ({ chromium } = require('playwright-core'));
  } catch (e) {
    throw new Error(`playwright-core is not installed: run \`npm ci --prefix tests/browser\` (${e.message})`);
  }
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/**
 * Everything a test file needs: call in before(), and close() in after().
 * {site, dir, server, baseURL, browser, articles, close()}
 */
async function setup({ browser: wantBrowser = true, server: wantServer = true } = {}) {
  const site = getSite();
  const fx = { site, dir: site.dir, articles: articlePages(site.dir) };
  try {
    if (wantServer) {
      fx.server = await startServer(site.dir);
      fx.baseURL = fx.server.baseURL;
    }
    if (wantBrowser) fx.browser = await launchBrowser();
  } catch (e) {
    await teardown(fx);
    throw e;
  }
  fx.close = () => teardown(fx);
  /** Absolute URL of a page given by its path relative to the site root. */
  fx.url = (rel) => fx.baseURL + pageUrl(rel);
  return fx;
}

async function teardown(fx) {
  if (fx.browser) await fx.browser.close().catch(() => {});
  if (fx.server) await fx.server.close().catch(() => {});
  fx.site?.cleanup();
}

// ---------------------------------------------------------------- page helpers

/** Resolves when the condition function (run in the page) returns truthy, or after timeout ms. Returns its last value. */
async function poll(fn, { timeout = 3000, interval = 50 } = {}) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    last = await fn();
    if (last && last.ok !== false) return last;
    if (Date.now() > end) return last;
    await new Promise((r) => setTimeout(r, interval));
  }
}

/** Pretty JSON for assertion messages. */
const show = (v) => JSON.stringify(v, null, 2);

module.exports = {
  BROWSER_DIR,
  REPO_ROOT,
  SUB_PATH,
  CHROMIUM,
  CHROMIUM_ARGS,
  getSite,
  buildSite,
  listFiles,
  listHtml,
  articlePages,
  attrUrls,
  pageUrl,
  startServer,
  launchBrowser,
  setup,
  poll,
  show,
};
