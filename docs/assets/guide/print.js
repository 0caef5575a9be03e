// Printing from the browser (print.css does the layout).
(() => {
  "use strict";

  // Paper is white: print the light palette, so every dark-palette rule (ours and Material's)
  // steps aside, then restore the reader's choice.
  let scheme = null;
  window.addEventListener("beforeprint", () => {
    scheme = document.body.getAttribute("data-md-color-scheme");
    document.body.setAttribute("data-md-color-scheme", "default");
  });
  window.addEventListener("afterprint", () => {
    if (scheme !== null) document.body.setAttribute("data-md-color-scheme", scheme);
  });

  // Each diagram's steps print under it (diagrams.css): its text alternative must be open to print.
  let opened = [];
  window.addEventListener("beforeprint", () => {
    opened = [...document.querySelectorAll("details.gb-diagram__text:not([open])")];
    opened.forEach((d) => d.setAttribute("open", ""));
  });
  window.addEventListener("afterprint", () => {
    opened.forEach((d) => d.removeAttribute("open"));
    opened = [];
  });

  // Mark the links that leave the site, so print.css can print their address. Material's
  // instant navigation makes every href absolute, so CSS alone cannot tell them apart.
  const mark = () => {
    for (const a of document.querySelectorAll(".md-content a[href]")) {
      if (!(a instanceof HTMLAnchorElement)) continue; // links inside diagrams (SVG) stay as drawn
      a.classList.toggle("gb-external", /^https?:$/.test(a.protocol) && a.origin !== location.origin);
    }
  };
  // Only when printing: at load it would touch every link of the page and add to its first layout.
  window.addEventListener("beforeprint", mark);
})();
