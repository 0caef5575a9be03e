/* The site's one JavaScript namespace, window.gb, and the helpers its scripts share.
 *
 * First in extra_javascript, so it runs before every other file of the bundle, and before exam.js
 * (a page asset the exam block loads with <script defer>, which runs after the bundle). The site's
 * scripts share nothing else: each file is an IIFE, `(() => { "use strict"; ... })();`, written with
 * const/let, classes, arrow functions and template literals (no var, no prototypes), and what one
 * file needs from another is on gb, nowhere else. A helper two files need goes here, listed below:
 *
 *   gb.el(tag, attrs, ...children)  a new element (here)
 *   gb.eachPage(init)               runs init for the page now and for each page Material swaps in (here)
 *   gb.scope()                      the site's root URL, which scopes localStorage keys (here)
 *   gb.notice(text, opts)           a notice at the top of the page about stored data (here)
 *   gb.quiz                         the quizzes' storage and question order, for exam.js (quiz.js)
 *   gb.exam                         { init }, on the exam page only (exam.js)
 */
(() => {
  "use strict";

  const gb = (window.gb = window.gb || {});

  /* attrs: attribute name -> value; null, undefined and false leave the attribute out, true sets it
     empty (`{ disabled: true }`). children: nodes and strings, appended in order; null and undefined
     are skipped. */
  gb.el = (tag, attrs = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) {
      if (value !== null && value !== undefined && value !== false) node.setAttribute(name, value === true ? "" : value);
    }
    node.append(...children.filter((c) => c !== null && c !== undefined));
    return node;
  };

  /* On Material's document$ when it is there (every page instant navigation brings); otherwise once,
     on DOMContentLoaded (not again when Material starts and fires it again: startup.js), or now. */
  gb.eachPage = (init) => {
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(init);
    } else if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", init, { once: true });
    } else {
      init();
    }
  };

  /* The site's root, as Material computes it: keys are scoped to it, since every project site of a
     GitHub account shares one origin. */
  gb.scope = () => (window.__md_scope instanceof URL ? window.__md_scope : new URL("/", location.href));

  /* A notice at the top of the page, once per message unless `again`: the reader must know when
     stored data is set aside or cannot be saved. `download`: the raw text set aside, offered as
     `filename`. */
  const shown = new Set();
  gb.notice = (text, { download = null, filename = "study-guide-set-aside.json", again = false } = {}) => {
    if (!document.body || (shown.has(text) && !again)) return;
    shown.add(text);
    const box = gb.el("div", { class: "gb-store-notice admonition warning", role: "alert" }, gb.el("p", {}, text));
    if (download !== null) {
      box.append(gb.el("a", {
        class: "md-button", href: URL.createObjectURL(new Blob([download], { type: "application/json" })),
        download: filename,
      }, "Download what was set aside"));
    }
    const host = document.querySelector(".md-content__inner") || document.body;
    host.insertBefore(box, host.firstChild);
  };
})();
