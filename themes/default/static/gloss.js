/* gloss default theme: progressive enhancement only. Without this file every
   claim, citation, source and note is a plain working link.
   Adds: source and verdict previews (hover/focus, Escape closes), the claim in
   view highlighted in the claims panel, a brief highlight on the target of an
   in-page link, side notes on very wide screens. */
(() => {
  "use strict";
  const d = document;
  const $ = (s, e = d) => e.querySelector(s);
  const $$ = (s, e = d) => Array.from(e.querySelectorAll(s));
  const txt = (e) => (e ? e.textContent.replace(/\s+/g, " ").trim() : "");
  const make = (tag, cls, text) => {
    const e = d.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  };
  const target = (a) => {
    const h = a && a.getAttribute("href");
    if (!h || h[0] !== "#" || h.length < 2) return null;
    try { return d.getElementById(decodeURIComponent(h.slice(1))); } catch (_) { return null; }
  };
  const reduced = matchMedia("(prefers-reduced-motion: reduce)");
  const panel = $(".claims-panel");
  const besideText = () => !!panel && getComputedStyle(panel).position === "sticky";
  d.documentElement.classList.add("js");

  /* ---- Previews ------------------------------------------------------- */
  const TRIGGERS = ".citation a, .claim-sources a, a.claim-verdict";
  const tip = make("div", "gloss-tip");
  tip.id = "gloss-tip";
  tip.setAttribute("role", "tooltip");
  tip.hidden = true;
  (d.getElementById("main") || d.body).append(tip);
  let owner = null;
  let timer = 0;

  function sourcePreview(a) {
    const li = target(a);
    if (!li || !li.hasAttribute("data-source-entry")) return null;
    const kind = txt($(".source-kind", li));
    const num = li.getAttribute("value");
    const out = [make("p", "tip-kicker", (num ? "Source " + num : "Source") + (kind ? " · " + kind : ""))];
    out.push(make("p", "tip-title", txt($(".source-title", li))));
    const meta = [txt($(".source-publisher", li)), txt($(".source-date", li))].filter(Boolean).join(", ");
    if (meta) out.push(make("p", "tip-meta", meta));
    const loc = txt($(".locator", a)).replace(/^,\s*/, "");
    if (loc) out.push(make("p", "tip-meta", "Cited at: " + loc));
    return out;
  }

  function claimPreview(a) {
    const li = target(a);
    if (!li || !li.hasAttribute("data-claim-entry")) return null;
    const head = make("p");
    const badge = $(".verdict", li);
    if (badge) head.append(badge.cloneNode(true));
    const out = [head];
    const who = txt($(".claimant", li));
    if (who) out.push(make("p", "tip-title", "Claimed by " + who));
    let note = txt($(".claim-note", li));
    if (note.length > 240) note = note.slice(0, 220).replace(/\s+\S*$/, "") + " …";
    if (note) out.push(make("p", "tip-note", note));
    return out;
  }

  function place(a) {
    const r = a.getBoundingClientRect();
    const vw = d.documentElement.clientWidth;
    const w = tip.offsetWidth;
    const h = tip.offsetHeight;
    const left = Math.max(8, Math.min(r.left + r.width / 2 - w / 2, vw - w - 8));
    let top = r.bottom + 8;
    if (top + h > innerHeight - 8 && r.top - h - 8 > 0) top = r.top - h - 8;
    tip.style.left = left + scrollX + "px";
    tip.style.top = top + scrollY + "px";
  }

  function show(a) {
    clearTimeout(timer);
    if (a === owner && !tip.hidden) return;
    const parts = a.matches("a.claim-verdict") ? claimPreview(a) : sourcePreview(a);
    if (!parts) return;
    if (owner) owner.removeAttribute("aria-describedby");
    tip.replaceChildren(...parts);
    tip.hidden = false;
    owner = a;
    a.setAttribute("aria-describedby", tip.id);
    place(a);
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

  const trigger = (e) => (e.target.closest ? e.target.closest(TRIGGERS) : null);
  d.addEventListener("mouseover", (e) => {
    const a = trigger(e);
    if (a) show(a);
    else if (e.target.closest && e.target.closest(".gloss-tip")) clearTimeout(timer);
  });
  d.addEventListener("mouseout", (e) => {
    if (!owner) return;
    const into = e.relatedTarget;
    if (into && (owner.contains(into) || tip.contains(into))) return;
    if (trigger(e) === owner || tip.contains(e.target)) hide(false);
  });
  d.addEventListener("focusin", (e) => {
    const a = trigger(e);
    if (a) show(a);
    else if (owner) hide(true);
  });
  d.addEventListener("focusout", (e) => {
    if (owner && trigger(e) === owner) hide(true);
  });
  d.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && !tip.hidden) hide(true);
  });
  addEventListener("resize", () => hide(true));

  /* ---- Highlight the target of an in-page link -------------------------- */
  function flash(t) {
    if (!t) return;
    t.classList.remove("is-flash");
    void t.offsetWidth; // restart the animation
    t.classList.add("is-flash");
    setTimeout(() => t.classList.remove("is-flash"), 2300);
  }

  // Scroll the claims panel (not the page) so that an entry is in view.
  function reveal(li, smooth, force) {
    if (!besideText()) return;
    const p = panel.getBoundingClientRect();
    const r = li.getBoundingClientRect();
    if (!force && r.top >= p.top + 8 && r.bottom <= p.bottom - 8) return;
    panel.scrollTo({
      top: panel.scrollTop + r.top - p.top - Math.min(p.height / 4, 120),
      behavior: smooth && !reduced.matches ? "smooth" : "auto",
    });
  }

  d.addEventListener("click", (e) => {
    if (e.defaultPrevented || e.button || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = e.target.closest && e.target.closest('a[href^="#"]');
    if (!a) return;
    hide(true);
    const t = target(a);
    if (!t) return;
    if (t.hasAttribute("data-claim-entry") && besideText()) {
      // The panel is beside the text: bring the entry into view there and
      // keep the reader's place in the article.
      e.preventDefault();
      history.pushState(null, "", a.getAttribute("href"));
      reveal(t, true, true);
      t.focus({ preventScroll: true });
      setCurrent(t);
    }
    flash(t);
  });
  addEventListener("hashchange", () => flash(d.getElementById(decodeURIComponent(location.hash.slice(1)))));
  if (location.hash.length > 1) {
    const t = d.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (t) {
      if (t.hasAttribute("data-claim-entry")) reveal(t, false, true);
      flash(t);
    }
  }

  /* ---- The claim in view, highlighted in the panel --------------------- */
  const entries = new Map($$("[data-claim-entry]").map((li) => [li.getAttribute("data-claim-entry"), li]));
  const claims = $$(".article-body .claim[data-claim]");
  let current = null;
  function setCurrent(li) {
    if (!li || li === current) return;
    if (current) current.classList.remove("is-current");
    current = li;
    li.classList.add("is-current");
  }
  if ("IntersectionObserver" in window && claims.length && entries.size) {
    const seen = new Set();
    const io = new IntersectionObserver((records) => {
      for (const r of records) r.isIntersecting ? seen.add(r.target) : seen.delete(r.target);
      // Of the claims in the reading band, the one nearest a third of the way down.
      let best = null;
      let dist = Infinity;
      for (const c of seen) {
        const k = Math.abs(c.getBoundingClientRect().top - innerHeight / 3);
        if (k < dist) [best, dist] = [c, k];
      }
      if (!best) return;
      const li = entries.get(best.getAttribute("data-claim"));
      if (li && li !== current) {
        setCurrent(li);
        reveal(li, true, false);
      }
    }, { rootMargin: "-10% 0px -40% 0px" });
    claims.forEach((c) => io.observe(c));
    // Back at the top of the page: show the top of the panel.
    let ticking = false;
    addEventListener("scroll", () => {
      if (ticking) return;
      ticking = true;
      requestAnimationFrame(() => {
        ticking = false;
        if (scrollY < innerHeight / 4 && besideText() && panel.scrollTop > 0) {
          panel.scrollTo({ top: 0, behavior: reduced.matches ? "auto" : "smooth" });
          if (current) current.classList.remove("is-current");
          current = null;
        }
      });
    }, { passive: true });
  }

  /* ---- Wide content: keyboard-scrollable ---------------------------------- */
  $$(".article-body table").forEach((t) => {
    const w = make("div", "table-wrap");
    t.replaceWith(w);
    w.append(t);
  });
  function scrollables() {
    $$(".article-body .table-wrap, .article-body pre").forEach((e) => {
      if (e.scrollWidth > e.clientWidth + 1) {
        e.tabIndex = 0;
        if (!e.hasAttribute("aria-label")) e.setAttribute("aria-label", e.tagName === "PRE" ? "Code, scrolls sideways" : "Table, scrolls sideways");
        e.setAttribute("role", "region");
      } else if (e.getAttribute("role") === "region") {
        e.removeAttribute("tabindex");
        e.removeAttribute("role");
        e.removeAttribute("aria-label");
      }
    });
  }
  scrollables();
  addEventListener("resize", scrollables);

  /* ---- Side notes on very wide screens (the Notes list stays) ----------- */
  const refs = $$(".article-body [data-footnote-ref]");
  const wide = matchMedia("(min-width: 86rem)");
  let built = false;
  function sidenotes() {
    if (wide.matches && !built) {
      built = true;
      for (const ref of refs) {
        const fn = target(ref);
        if (!fn) continue;
        const copy = fn.cloneNode(true);
        $$("[data-footnote-backref]", copy).forEach((b) => b.remove());
        $$("[id]", copy).forEach((x) => x.removeAttribute("id"));
        $$("a, [tabindex]", copy).forEach((x) => (x.tabIndex = -1));
        // A duplicate of the note for sighted readers; screen readers follow the link.
        const side = make("span", "sidenote");
        side.setAttribute("aria-hidden", "true");
        side.append(make("b", null, txt(ref) + ". "));
        for (const block of Array.from(copy.children)) {
          const line = make("span");
          line.style.display = "block";
          line.append(...block.childNodes);
          side.append(line);
        }
        side.firstChild.nextSibling && side.firstChild.nextSibling.prepend(side.firstChild);
        const sup = ref.closest("sup") || ref;
        sup.after(side);
      }
    }
    d.body.classList.toggle("has-sidenotes", wide.matches && refs.length > 0);
  }
  sidenotes();
  wide.addEventListener("change", sidenotes);
})();
