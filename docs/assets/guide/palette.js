/* The light/dark switch in the header, in place of Material's palette component (overrides/
   partials/palette.html leaves that unmounted). Material's did this at start-up: it set the palette
   on <body> again, toggled data-md-color-switching there (whose `[data-md-color-switching] *` rule
   restyles every element, twice) and read the header's computed style twice for the theme-color
   meta, each read forcing those restyles inside the page's start-up task. Here start-up changes
   nothing that is already right and reads no computed style at all: the colours come from the
   palette's stylesheet rules, which costs no restyle (a read after the first frame still forced
   one, of the whole page, in the middle of Material's start-up).
   Same storage as Material (localStorage "__palette" under the site scope), which Material's
   inline <body> script reads to apply the palette before the first paint. */
(() => {
  "use strict";

  const { el } = window.gb;
  const form = document.querySelector("form[data-gb-palette]");
  if (!form) return;
  const inputs = [...form.querySelectorAll("input.md-option")];
  if (!inputs.length) return;
  const KEYS = ["media", "scheme", "primary", "accent"];
  const colorOf = (input) => Object.fromEntries(KEYS.map((k) => [k, input.getAttribute(`data-md-color-${k}`)]));

  function meta(name) {
    const found = document.head.querySelector(`meta[name="${name}"]`);
    if (found) return found;
    const tag = el("meta", { name });
    document.head.append(tag);
    return tag;
  }
  // The header's colour is --md-primary-fg-color of the palette's primary colour, defined by one
  // rule per colour in Material's palette stylesheet.
  function primaryColour(primary) {
    const selector = `[data-md-color-primary="${primary}"]`;
    const sheets = [...document.styleSheets].sort((a, b) => /palette/.test(b.href) - /palette/.test(a.href));
    for (const sheet of sheets) {
      let rules;
      try { rules = sheet.cssRules; } catch (e) { continue; }  // a sheet from elsewhere: not readable
      for (const rule of rules) {
        if (rule.selectorText !== selector) continue;
        const value = rule.style.getPropertyValue("--md-primary-fg-color").trim();
        if (value) return value;
      }
    }
    return null;
  }
  // theme-color and color-scheme, as Material sets them (its slate scheme is the dark one).
  function metas(color) {
    meta("color-scheme").content = color.scheme === "slate" ? "dark" : "light";
    const theme = primaryColour(color.primary);
    if (theme) meta("theme-color").content = theme;
  }

  function apply(index, switching) {
    const color = colorOf(inputs[index]);
    const body = document.body;
    // Without transitions while the colours change, as Material does.
    if (switching) body.setAttribute("data-md-color-switching", "");
    for (const key of KEYS) {
      const name = `data-md-color-${key}`;
      if (body.getAttribute(name) !== color[key]) body.setAttribute(name, color[key]);
    }
    inputs.forEach((input, i) => {
      const label = input.nextElementSibling;
      if (label instanceof HTMLElement && label.hidden !== (i !== index)) label.hidden = i !== index;
    });
    inputs[index].checked = true;
    __md_set("__palette", { index, color });
    metas(color);
    if (switching) setTimeout(() => body.removeAttribute("data-md-color-switching"));
  }

  const stored = __md_get("__palette");
  const index = stored && typeof stored.index === "number"
    ? stored.index
    : inputs.findIndex((input) => matchMedia(input.getAttribute("data-md-color-media")).matches);
  apply(Math.max(0, Math.min(index, inputs.length - 1)), false);

  for (const input of inputs) input.addEventListener("change", () => apply(inputs.indexOf(input), true));
  // Enter on the switch moves to the next palette (Space works natively on the label's radio).
  form.addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    const current = inputs.findIndex((input) => input.checked);
    const next = inputs[(current + 1) % inputs.length];
    next.click();
    next.focus();
  });
})();
