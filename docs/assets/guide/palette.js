/* The light/dark switch in the header, in place of Material's palette component (overrides/
   partials/palette.html leaves that unmounted). Material's did this at start-up: it set the palette
   on <body> again, toggled data-md-color-switching there (whose `[data-md-color-switching] *` rule
   restyles every element, twice) and read the header's computed style twice for the theme-color
   meta, each read forcing those restyles inside the page's start-up task. Here start-up changes
   nothing that is already right, and the computed style is read after the next frame.
   Same storage as Material (localStorage "__palette" under the site scope), which Material's
   inline <body> script reads to apply the palette before the first paint. */
(() => {
  const form = document.querySelector("form[data-gb-palette]");
  if (!form) return;
  const inputs = [...form.querySelectorAll("input.md-option")];
  if (!inputs.length) return;
  const KEYS = ["media", "scheme", "primary", "accent"];
  const colorOf = input => Object.fromEntries(KEYS.map(k => [k, input.getAttribute(`data-md-color-${k}`)]));

  function meta(name) {
    let el = document.head.querySelector(`meta[name="${name}"]`);
    if (!el) {
      el = document.createElement("meta");
      el.name = name;
      document.head.appendChild(el);
    }
    return el;
  }
  // theme-color and color-scheme from the header as drawn, as Material sets them.
  function metas() {
    const header = document.querySelector("[data-md-component=header]");
    if (!header) return;
    const style = getComputedStyle(header);
    meta("color-scheme").content = style.colorScheme;
    const rgb = style.backgroundColor.match(/\d+/g);
    if (rgb) meta("theme-color").content = "#" + rgb.slice(0, 3).map(c => (+c).toString(16).padStart(2, "0")).join("");
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
    if (switching) {
      metas();
      setTimeout(() => body.removeAttribute("data-md-color-switching"));
    } else {
      // After the next frame, when the page's style is up to date and reading it costs nothing.
      requestAnimationFrame(() => setTimeout(metas));
    }
  }

  const stored = __md_get("__palette");
  const index = stored && typeof stored.index === "number"
    ? stored.index
    : inputs.findIndex(input => matchMedia(input.getAttribute("data-md-color-media")).matches);
  apply(Math.max(0, Math.min(index, inputs.length - 1)), false);

  for (const input of inputs) input.addEventListener("change", () => apply(inputs.indexOf(input), true));
  // Enter on the switch moves to the next palette (Space works natively on the label's radio).
  form.addEventListener("keydown", event => {
    if (event.key !== "Enter") return;
    const current = inputs.findIndex(input => input.checked);
    const next = inputs[(current + 1) % inputs.length];
    next.click();
    next.focus();
  });
})();
