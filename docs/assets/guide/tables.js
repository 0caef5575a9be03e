/* Wide tables on narrow screens. Material puts each table in a box that scrolls sideways; the first
 * column stays in view while it scrolls (guide.css), and a box that does scroll is marked so the
 * stylesheet fades its right edge until the end is reached: a visible hint that there is more. The
 * box also takes the keyboard focus and a name, so arrow keys can scroll it.
 *
 * Material wraps tables when its bundle starts (after the first paint, guidebuild/site/startup.js),
 * then fires DOMContentLoaded again: this runs on document$ from then on, after its components.
 */
(() => {
  "use strict";

  const measure = (wrap) => {
    const scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
    wrap.classList.toggle("gb-table-scrolls", scrolls);
    wrap.classList.toggle("gb-table-end", !scrolls || wrap.scrollLeft + wrap.clientWidth >= wrap.scrollWidth - 1);
    if (scrolls && !wrap.hasAttribute("tabindex")) {
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", "Table, scrolls sideways");
    }
  };

  const run = () => {
    const wraps = [...document.querySelectorAll(".md-typeset__scrollwrap")];
    for (const wrap of wraps) {
      if (wrap.dataset.gbTable) continue;
      wrap.dataset.gbTable = "1";
      wrap.addEventListener("scroll", () => measure(wrap), { passive: true });
    }
    // Measured in one frame, after Material's own layout work: reads first, then writes.
    requestAnimationFrame(() => wraps.forEach(measure));
  };

  let subscribed = false;
  document.addEventListener("DOMContentLoaded", () => {
    if (subscribed || typeof document$ === "undefined") return;
    subscribed = true;
    document$.subscribe(run);
  });
  let pending = 0;
  window.addEventListener("resize", () => {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(() => document.querySelectorAll(".md-typeset__scrollwrap").forEach(measure));
  });
})();
