/* Accessibility fixes to Material's markup (tests/test_a11y.py checks them):
   - keyboard access to the header buttons: the navigation drawer and search buttons of the narrow
     layout are <label>s for hidden checkboxes, which Tab skips. They become focusable and named,
     work with Enter/Space, and Escape closes an open drawer;
   - names that do not depend on title: icon-only links such as "Edit this page" are named only by
     their title, which Material's tooltips remove while the link has focus;
   - permalinks named after their heading rather than read out as "pilcrow";
   - in the drawer, the labels that open a navigation level or go back one take focus and work
     with Enter/Space (a <label> takes no ARIA role, so it stays a label). */
(() => {
  "use strict";

  const { el } = window.gb;
  const BUTTONS = {
    __drawer: "Open navigation",
    __search: "Open search",
  };

  // The label becomes a real <button> (ARIA allows no role on a label); the checkbox stays
  // Material's source of truth, so clicking the button clicks the checkbox.
  function enhance() {
    for (const [id, name] of Object.entries(BUTTONS)) {
      const toggle = document.getElementById(id);
      const label = document.querySelector(`.md-header label.md-header__button[for="${id}"]`);
      if (!toggle || !label) continue;
      const button = el("button", {
        type: "button", class: label.className, "data-md-for": id, "aria-label": name,
        "aria-expanded": String(toggle.checked),
      });
      button.innerHTML = label.innerHTML;
      label.replaceWith(button);
      toggle.addEventListener("change", () => button.setAttribute("aria-expanded", String(toggle.checked)));
      button.addEventListener("click", () => {
        toggle.click();
        // The drawer opens off to the side of the button: focus follows to its first link.
        if (id === "__drawer" && toggle.checked) {
          requestAnimationFrame(() => {
            const first = [...document.querySelectorAll(".md-sidebar--primary a[href], .md-sidebar--primary label[tabindex]")]
              .find((node) => node.checkVisibility({ visibilityProperty: true }));
            if (first) first.focus();
          });
        }
      });
    }
  }

  function names() {
    for (const node of document.querySelectorAll("a[title], button[title]")) {
      if (node.hasAttribute("aria-label") || node.hasAttribute("aria-labelledby") || node.textContent.trim()) continue;
      node.setAttribute("aria-label", node.getAttribute("title"));
    }
    for (const link of document.querySelectorAll(".md-typeset a.headerlink")) {
      const heading = link.parentElement;
      if (link.hasAttribute("aria-label") || !heading) continue;
      const text = [...heading.childNodes].filter((n) => n !== link).map((n) => n.textContent).join("").trim();
      if (text) link.setAttribute("aria-label", `Permanent link to “${text}”`);
    }
  }

  const drawerLayout = matchMedia("(max-width: 76.234375em)");

  function levels() {
    const labels = document.querySelectorAll(
      ".md-sidebar--primary label.md-nav__title[for], .md-sidebar--primary label.md-nav__link[for]");
    for (const label of labels) {
      const toggle = document.getElementById(label.htmlFor);
      if (!toggle || !toggle.classList.contains("md-nav__toggle")) continue;
      if (drawerLayout.matches) label.setAttribute("tabindex", "0");
      else label.removeAttribute("tabindex");
      if (label.dataset.guideKeys) continue;
      label.dataset.guideKeys = "1";
      label.addEventListener("keydown", (event) => {
        if (event.key !== "Enter" && event.key !== " ") return;
        // Material clicks a focused label on Enter itself; Space is ours.
        if (event.key === " ") {
          event.preventDefault();
          label.click();
        }
        // Focus follows to the level just opened, or back to the label that opened the one closed.
        requestAnimationFrame(() => {
          const item = toggle.closest(".md-nav__item");
          const target = toggle.checked
            ? item && item.querySelector(":scope > .md-nav > .md-nav__list a[href], :scope > .md-nav > .md-nav__list label[tabindex]")
            : item && item.querySelector(":scope > label.md-nav__link[tabindex]");
          if (target) target.focus();
        });
      });
    }
  }
  drawerLayout.addEventListener("change", levels);

  document.addEventListener("keydown", (event) => {
    const drawer = document.getElementById("__drawer");
    if (event.key !== "Escape" || !drawer || !drawer.checked) return;
    drawer.checked = false;
    drawer.dispatchEvent(new Event("change"));
    const button = document.querySelector('.md-header [data-md-for="__drawer"]');
    if (button) button.focus();
  });

  // Before the first paint for the page as written; again once Material's bundle, which runs after
  // the first paint and then fires DOMContentLoaded again (guidebuild/startup.py), has mounted its
  // components: document$ serves its subscribers in order, so theirs come first. Each step is idempotent.
  const run = () => { enhance(); names(); levels(); };
  run();
  let subscribed = false;
  document.addEventListener("DOMContentLoaded", () => {
    if (subscribed || typeof document$ === "undefined") return;
    subscribed = true;
    document$.subscribe(run);
  });
})();
