/* gloss default theme. Progressive enhancement only: without it every claim,
   citation, source and note is a plain working link. */
(() => {
  "use strict";
  const d = document;
  const $ = (s, e = d) => e.querySelector(s);
  const $$ = (s, e = d) => [...e.querySelectorAll(s)];
  const txt = (e) => (e ? e.textContent.replace(/\s+/g, " ").trim() : "");
  const make = (tag, cls, text) => {
    const e = d.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  };
  const byId = (h) => {
    try { return h && h.length > 1 ? d.getElementById(decodeURIComponent(h.slice(1))) : null; } catch (_) { return null; }
  };
  const target = (a) => { const h = a.getAttribute("href"); return h && h[0] === "#" ? byId(h) : null; };
  const still = matchMedia("(prefers-reduced-motion: reduce)");
  const panel = $(".claims-panel");
  const beside = () => !!panel && getComputedStyle(panel).position === "sticky";
  d.documentElement.classList.add("js");

  /* Previews */
  const tip = make("div", "gloss-tip");
  tip.id = "gloss-tip";
  tip.setAttribute("role", "tooltip");
  tip.hidden = true;
  ($("main") || d.body).append(tip);
  let owner = null;
  let timer = 0;

  function preview(a) {
    const li = target(a);
    if (!li) return null;
    let note = txt($(".claim-note, .source-note", li));
    if (note.length > 240) note = note.slice(0, 220).replace(/\s+\S*$/, "") + " …";
    note = note && make("p", "tip-note", note);
    if (li.hasAttribute("data-source-entry")) {
      const kind = txt($(".source-kind", li));
      const meta = ["author", "publisher", "date"].map((c) => txt($(".source-" + c, li))).filter(Boolean).join(", ");
      const loc = txt($(".locator", a)).replace(/^,\s*/, "");
      return [
        make("p", "tip-kicker", "Source " + (li.getAttribute("value") || "") + (kind ? " · " + kind : "")),
        make("p", "tip-title", txt($(".source-title", li))),
        meta && make("p", "tip-meta", meta),
        loc && make("p", "tip-meta", "Cited at: " + loc),
        note,
      ];
    }
    if (li.hasAttribute("data-claim-entry")) {
      const head = make("p");
      const badge = $(".verdict", li);
      if (badge) head.append(badge.cloneNode(true));
      const who = txt($(".claimant", li));
      return [head, who && make("p", "tip-title", "Claimed by " + who), note];
    }
    return null;
  }

  function show(a) {
    clearTimeout(timer);
    if (a === owner) return;
    const parts = preview(a);
    if (!parts) return;
    if (owner) owner.removeAttribute("aria-describedby");
    tip.replaceChildren(...parts.filter(Boolean));
    tip.hidden = false;
    owner = a;
    a.setAttribute("aria-describedby", tip.id);
    const r = a.getBoundingClientRect();
    const w = tip.offsetWidth;
    const h = tip.offsetHeight;
    let top = r.bottom + 8;
    if (top + h > innerHeight - 8 && r.top > h + 16) top = r.top - h - 8;
    tip.style.left = scrollX + Math.max(8, Math.min(r.left + r.width / 2 - w / 2, d.documentElement.clientWidth - w - 8)) + "px";
    tip.style.top = scrollY + top + "px";
  }

  function hide(now) {
    clearTimeout(timer);
    const done = () => {
      tip.hidden = true;
      if (owner) owner.removeAttribute("aria-describedby");
      owner = null;
    };
    if (now) done();
    else timer = setTimeout(done, 300);
  }

  const trigger = (e) => e.target.closest && e.target.closest(".citation a, .claim-sources a, a.claim-verdict");
  d.addEventListener("mouseover", (e) => {
    const a = trigger(e);
    if (a) show(a);
    else if (tip.contains(e.target)) clearTimeout(timer);
  });
  d.addEventListener("mouseout", (e) => {
    const to = e.relatedTarget;
    if (owner && !(to && (owner.contains(to) || tip.contains(to))) && (trigger(e) === owner || tip.contains(e.target))) hide();
  });
  d.addEventListener("focusin", (e) => { const a = trigger(e); if (a) show(a); else if (owner) hide(true); });
  d.addEventListener("focusout", (e) => { if (owner && trigger(e) === owner) hide(true); });
  d.addEventListener("keydown", (e) => { if (e.key === "Escape" && owner) hide(true); });
  addEventListener("resize", () => hide(true));

  /* Highlight the target of an in-page link */
  function flash(t) {
    if (!t) return;
    t.classList.remove("is-flash");
    void t.offsetWidth; // restarts the animation
    t.classList.add("is-flash");
    setTimeout(() => t.classList.remove("is-flash"), 2300);
  }

  // Scrolls the claims panel, not the page, to show an entry.
  function reveal(li, smooth, always) {
    if (!beside()) return;
    const p = panel.getBoundingClientRect();
    const r = li.getBoundingClientRect();
    if (always || r.top < p.top + 8 || r.bottom > p.bottom - 8) {
      panel.scrollTo({ top: panel.scrollTop + r.top - p.top - Math.min(p.height / 4, 120), behavior: smooth && !still.matches ? "smooth" : "auto" });
    }
  }

  d.addEventListener("click", (e) => {
    const a = e.target.closest && e.target.closest('a[href^="#"]');
    if (!a || e.defaultPrevented || e.button || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    hide(true);
    const t = target(a);
    if (!t) return;
    if (t.hasAttribute("data-claim-entry") && beside()) {
      // The panel is beside the text: keep the reader's place in the article.
      e.preventDefault();
      history.pushState(null, "", a.getAttribute("href"));
      reveal(t, true, true);
      t.focus({ preventScroll: true });
      mark(t);
    }
    flash(t);
  });
  addEventListener("hashchange", () => flash(byId(location.hash)));
  const first = byId(location.hash);
  if (first) {
    if (first.hasAttribute("data-claim-entry")) reveal(first, false, true);
    flash(first);
  }

  /* The claim in view, marked in the panel */
  const entries = new Map($$("[data-claim-entry]").map((li) => [li.getAttribute("data-claim-entry"), li]));
  const claims = $$(".article-body .claim[data-claim]");
  let current = null;
  function mark(li) {
    if (current) current.classList.remove("is-current");
    current = li;
    if (li) li.classList.add("is-current");
  }
  if (window.IntersectionObserver && claims.length && entries.size) {
    const seen = new Set();
    const io = new IntersectionObserver((records) => {
      for (const r of records) r.isIntersecting ? seen.add(r.target) : seen.delete(r.target);
      let best = null, dist = Infinity;
      for (const c of seen) {
        const k = Math.abs(c.getBoundingClientRect().top - innerHeight / 3);
        if (k < dist) [best, dist] = [c, k];
      }
      const li = best && entries.get(best.getAttribute("data-claim"));
      if (li && li !== current) {
        mark(li);
        reveal(li, true);
      }
    }, { rootMargin: "-10% 0px -40% 0px" });
    claims.forEach((c) => io.observe(c));
    let ticking = false;
    addEventListener("scroll", () => {
      if (ticking) return;
      ticking = true;
      requestAnimationFrame(() => {
        ticking = false;
        // Back at the top of the page: show the top of the panel.
        if (scrollY < innerHeight / 4 && panel.scrollTop > 0 && beside()) {
          panel.scrollTo({ top: 0, behavior: still.matches ? "auto" : "smooth" });
          mark(null);
        }
      });
    }, { passive: true });
  }

  /* Wide tables and code: scrollable sideways, and then reachable by keyboard */
  $$(".article-body table").forEach((t) => {
    const w = make("div", "table-wrap");
    t.replaceWith(w);
    w.append(t);
  });
  function scrollables() {
    for (const e of $$(".article-body .table-wrap, .article-body pre")) {
      const wide = e.scrollWidth > e.clientWidth + 1;
      const label = (e.tagName === "PRE" ? "Code" : "Table") + ", scrolls sideways";
      for (const [k, v] of [["tabindex", "0"], ["role", "region"], ["aria-label", label]]) wide ? e.setAttribute(k, v) : e.removeAttribute(k);
    }
  }
  scrollables();
  addEventListener("resize", scrollables);

  /* Side notes on very wide screens: copies for sighted readers (aria-hidden);
     the Notes list stays, and the note links still go there. */
  const refs = $$(".article-body [data-footnote-ref]");
  const roomy = matchMedia("(min-width: 86rem)");
  let built = false;
  function sidenotes() {
    if (roomy.matches && !built) {
      built = true;
      for (const ref of refs) {
        const fn = target(ref);
        if (!fn) continue;
        const copy = fn.cloneNode(true);
        $$("[data-footnote-backref]", copy).forEach((b) => b.remove());
        $$("[id]", copy).forEach((x) => x.removeAttribute("id"));
        $$("a", copy).forEach((x) => (x.tabIndex = -1));
        const side = make("span", "sidenote");
        side.setAttribute("aria-hidden", "true");
        [...copy.children].forEach((block, i) => {
          const line = make("span");
          if (!i) line.append(make("b", null, txt(ref) + ". "));
          line.append(...block.childNodes);
          side.append(line);
        });
        (ref.closest("sup") || ref).after(side);
      }
    }
    d.body.classList.toggle("has-sidenotes", roomy.matches && refs.length > 0);
  }
  sidenotes();
  roomy.addEventListener("change", sidenotes);

  /* Claims index: filter every claim of the site as you type. claims.json
     holds them all and grows with the site, so it is fetched only once the
     reader uses the search. */
  const idx = $(".claims-index[data-claims-json]");
  const list = idx && $(".claim-index-list", idx);
  if (list && window.fetch) {
    const form = make("form", "claims-search");
    form.setAttribute("role", "search");
    form.innerHTML = '<label>Search all claims <input type="search" name="q" autocomplete="off"></label> <label>Verdict <select name="v"><option value="">Any</option></select></label> <output aria-live="polite"></output>';
    const [q, v, out] = [form.q, form.v, $("output", form)];
    const page = [...list.children], pager = $(".pagination", idx);
    for (const x of idx.querySelectorAll(".verdict-filter .verdict[data-verdict]")) v.append(new Option(x.textContent, x.dataset.verdict));
    let data = null, asked = false;
    form.onsubmit = (e) => e.preventDefault();
    const show = () => {
      const text = q.value.trim().toLowerCase(), verdict = v.value;
      const all = !data || (!text && !verdict);
      if (pager) pager.hidden = !all;
      out.textContent = data || !(text || verdict) ? "" : "Loading claims…";
      if (all) return list.replaceChildren(...page);
      const hits = data.claims.filter((c) => (!verdict || c.verdict === verdict) &&
        (c.text + " " + c.claimant + " " + c.article.title).toLowerCase().includes(text));
      list.replaceChildren(...hits.slice(0, 100).map((c) => {
        const li = make("li", "claim-index-entry"), a = make("a", null, c.text || c.id), badge = make("span", "verdict", c.verdict_label);
        li.dataset.verdict = badge.dataset.verdict = c.verdict;
        a.href = idx.dataset.root + c.path;
        const quote = make("blockquote", "claim-text");
        quote.append(a);
        li.append(badge, quote, make("p", "claim-meta", (c.claimant ? c.claimant + " · " : "") + "in " + c.article.title));
        return li;
      }));
      out.textContent = hits.length + " claim" + (hits.length === 1 ? "" : "s") + " match" + (hits.length > 100 ? "; the first 100 are shown" : "");
    };
    const use = () => {
      show();
      if (asked) return;
      asked = true;
      fetch(idx.dataset.claimsJson).then((r) => r.json()).then((json) => {
        data = json;
        if (v.length < 2) for (const x of json.verdicts) v.append(new Option(x.label, x.id));
        show();
      }, () => { asked = false; out.textContent = "The claims could not be loaded."; });
    };
    for (const e of ["focusin", "input", "change"]) form.addEventListener(e, use);
    const head = $(".listing-header", idx);
    head ? head.after(form) : list.before(form);
  }
})();
