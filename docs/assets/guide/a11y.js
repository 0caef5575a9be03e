/* Keyboard access to Material's header buttons. The navigation drawer and search buttons of the
   narrow layout are <label>s for hidden checkboxes: a mouse can click them, Tab skips them. Here
   they become buttons (focusable, named, Enter/Space) and Escape closes an open drawer. */
(() => {
  const BUTTONS = {
    __drawer: "Open navigation",
    __search: "Open search",
  };

  function enhance() {
    for (const [id, name] of Object.entries(BUTTONS)) {
      const toggle = document.getElementById(id);
      const label = document.querySelector(`.md-header label.md-header__button[for="${id}"]`);
      if (!toggle || !label || label.hasAttribute("role")) continue;
      label.setAttribute("role", "button");
      label.setAttribute("tabindex", "0");
      label.setAttribute("aria-label", name);
      label.setAttribute("aria-expanded", String(toggle.checked));
      toggle.addEventListener("change", () => label.setAttribute("aria-expanded", String(toggle.checked)));
      label.addEventListener("keydown", event => {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          label.click();
          // Material opens the drawer on the checkbox's change; focus moves to its first link.
          if (id === "__drawer" && toggle.checked) {
            const first = document.querySelector(".md-sidebar--primary a[href], .md-sidebar--primary [tabindex='0']");
            if (first) setTimeout(() => first.focus(), 50);
          }
        }
      });
    }
  }

  document.addEventListener("keydown", event => {
    const drawer = document.getElementById("__drawer");
    if (event.key !== "Escape" || !drawer || !drawer.checked) return;
    drawer.checked = false;
    drawer.dispatchEvent(new Event("change"));
    const button = document.querySelector('.md-header label.md-header__button[for="__drawer"]');
    if (button) button.focus();
  });

  // Material swaps the page on instant navigation; enhance() is idempotent.
  if (typeof document$ !== "undefined") document$.subscribe(enhance);
  else enhance();
})();
