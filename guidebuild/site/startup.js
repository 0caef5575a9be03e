/* The theme's start-up after the first paint (guidebuild/startup.py inlines this at the end of
 * every page, after the site's own scripts).
 *
 * Material's bundle is preloaded while the HTML is parsed but runs only once the first frame is on
 * screen: a reader sees the text before its evaluation and the mounting of every component take
 * the main thread. DOMContentLoaded is then fired again: it fired before the bundle existed, and
 * Material's document$ starts on it. `data-gb-started` on <html> says it is done.
 *
 * The site's scripts are not deferred: they make layout (diagram players, quiz buttons, the exam),
 * so they still run before the first paint and nothing moves once the reader sees the page.
 */
((scripts) => {
  "use strict";
  const LATEST_MS = 3000;
  let started = false;

  function ready() {
    document.dispatchEvent(new Event("DOMContentLoaded", { bubbles: true }));
    document.documentElement.setAttribute("data-gb-started", "");
  }

  function run() {
    if (started) return;
    started = true;
    if (window.performance && performance.mark) performance.mark("gb-start");
    let left = scripts.length;
    if (!left) return ready();
    for (const src of scripts) {
      const script = document.createElement("script");
      script.src = src;
      script.async = false; // in order, as the tags they stand for would have run
      // A script that fails to load is left out, as a failed <script src> would be.
      script.onload = script.onerror = () => { if (--left === 0) ready(); };
      document.body.appendChild(script);
    }
  }

  function afterFirstPaint() {
    // A hidden page (a background tab, a prerender) paints nothing: nothing to wait for.
    if (document.hidden) return setTimeout(run, 0);
    const types = (window.PerformanceObserver && PerformanceObserver.supportedEntryTypes) || [];
    if (!types.includes("paint")) {
      // No paint timing: callbacks of the first frame run before it is drawn, a task queued from one after.
      return requestAnimationFrame(() => { setTimeout(run, 0); });
    }
    // The first contentful paint is reported once the frame is on screen. Waiting only for the frame
    // to be handed over is not enough: rastering it then competes with the bundle for the CPU.
    new PerformanceObserver((list, observer) => {
      if (!list.getEntriesByName("first-contentful-paint").length) return;
      observer.disconnect();
      setTimeout(run, 0);
    }).observe({ type: "paint", buffered: true });
    setTimeout(run, LATEST_MS); // a page that stops painting (hidden mid-load) still starts
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", afterFirstPaint, { once: true });
  else afterFirstPaint();
})
