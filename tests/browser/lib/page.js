'use strict';
// Helpers that run inside the page (via locator.evaluate / page.evaluate).

/** Computed style properties that make a highlight visible. */
const HIGHLIGHT_PROPS = [
  'background-color',
  'background-image',
  'box-shadow',
  'outline-style',
  'outline-width',
  'outline-color',
  'border-left-color',
  'border-left-width',
  'border-bottom-color',
  'color',
  'text-decoration-line',
];

/** The element's highlight-relevant computed style and classes (a baseline). */
async function snapshot(locator) {
  return locator.evaluate((el, props) => {
    const cs = getComputedStyle(el);
    return {
      classes: [...el.classList],
      style: Object.fromEntries(props.map((p) => [p, cs.getPropertyValue(p)])),
    };
  }, HIGHLIGHT_PROPS);
}

/**
 * Where the element is now compared with a baseline: in view (by an
 * IntersectionObserver, so clipping by a scrolled sidebar counts) and
 * highlighted (it is :target or gained a class, and its computed style differs
 * from the baseline).
 */
async function measure(locator, baseline) {
  return locator.evaluate(
    (el, { props, baseline }) =>
      new Promise((resolve) => {
        const io = new IntersectionObserver(([e]) => {
          io.disconnect();
          const cs = getComputedStyle(el);
          const style = Object.fromEntries(props.map((p) => [p, cs.getPropertyValue(p)]));
          const changed = props.filter((p) => style[p] !== baseline.style[p]);
          const added = [...el.classList].filter((c) => !baseline.classes.includes(c));
          const isTarget = el.matches(':target');
          const visibleH = e.intersectionRect.height;
          const inView = e.intersectionRatio >= 0.5 || visibleH >= 0.5 * innerHeight;
          const highlighted = (isTarget || added.length > 0) && changed.length > 0;
          resolve({
            ok: inView && highlighted,
            inView,
            highlighted,
            ratio: Math.round(e.intersectionRatio * 100) / 100,
            rect: {
              top: Math.round(e.boundingClientRect.top),
              bottom: Math.round(e.boundingClientRect.bottom),
              viewportHeight: innerHeight,
            },
            isTarget,
            addedClasses: added,
            styleChanged: Object.fromEntries(changed.map((p) => [p, `${baseline.style[p]} -> ${style[p]}`])),
            hash: location.hash,
          });
        });
        io.observe(el);
      }),
    { props: HIGHLIGHT_PROPS, baseline },
  );
}

/** Every visible element with role="tooltip" (or an open popover): [{text, rect}]. */
async function visibleTooltips(page) {
  return page.evaluate(() => {
    const els = [...document.querySelectorAll('[role="tooltip"], [popover]')];
    return els
      .filter((t) => {
        if (t.hidden) return false;
        if (t.hasAttribute('popover') && !t.matches(':popover-open')) return false;
        const cs = getComputedStyle(t);
        const r = t.getBoundingClientRect();
        return cs.display !== 'none' && cs.visibility !== 'hidden' && Number(cs.opacity) > 0.1 && r.width > 0 && r.height > 0;
      })
      .map((t) => {
        const r = t.getBoundingClientRect();
        return {
          text: t.innerText.replace(/\s+/g, ' ').trim(),
          rect: { left: Math.round(r.left), right: Math.round(r.right), top: Math.round(r.top), bottom: Math.round(r.bottom) },
          viewport: { width: document.documentElement.clientWidth, height: innerHeight },
        };
      });
  });
}

/** The title of a source as its entry on the page shows it. */
async function sourceTitle(page, id) {
  return page.evaluate((id) => {
    const li = document.getElementById(id);
    if (!li) return null;
    const norm = (s) => s.replace(/\s+/g, ' ').trim();
    const t = li.querySelector('.source-title, cite, [itemprop="name"]') || li.querySelector('a[href]:not([href^="#"])');
    return norm(t ? t.textContent : li.innerText.split('\n')[0]);
  }, id);
}

module.exports = { HIGHLIGHT_PROPS, snapshot, measure, visibleTooltips, sourceTitle };
