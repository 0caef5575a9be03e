/* Abbreviations that can be read by touch and by keyboard. Each term is marked at its first use in a
 * section (guidebuild/markdown/glossary.py, FirstUse): <abbr title="..." tabindex="0"
 * data-gb-glossary="../glossary/#sqs">. Hovering shows the browser's own tooltip, as before; a tap, a
 * click, Enter/Space, or moving the keyboard focus onto it opens a small popover with the definition
 * and a link to the glossary entry. Escape, a tap elsewhere or moving focus away closes it.
 *
 * One popover for the page, made at the first use; listeners are delegated from the document, so
 * pages with a hundred marks cost nothing until a term is opened.
 */
(() => {
  "use strict";

  const MARK = "abbr[title][tabindex]";

  class Popover {
    constructor() {
      this.box = null;
      this.mark = null;
      this.refocused = null; // a term given the focus back on closing: not to be opened again by it
    }

    make() {
      this.text = gb.el("p", { class: "gb-abbr-pop__text" });
      this.link = gb.el("a", { class: "gb-abbr-pop__link" }, "In the glossary");
      this.box = gb.el("div", { class: "gb-abbr-pop", id: "gb-abbr-pop", role: "dialog", hidden: true },
        this.text, this.link);
      this.box.addEventListener("keydown", (e) => {
        if (e.key === "Escape") this.close(true);
      });
      this.box.addEventListener("focusout", (e) => this.leaving(e));
      document.body.append(this.box);
    }

    open(mark) {
      if (!this.box) this.make();
      if (this.mark === mark) return;
      this.close(false);
      this.mark = mark;
      const term = mark.textContent.trim();
      const strong = gb.el("strong", {}, term);
      this.text.replaceChildren(strong, ": ", mark.getAttribute("title"));
      const href = mark.getAttribute("data-gb-glossary");
      this.link.hidden = !href;
      if (href) {
        this.link.href = href;
        this.link.setAttribute("aria-label", `${term} in the glossary`);
      }
      this.box.setAttribute("aria-label", `Definition of ${term}`);
      this.box.hidden = false;
      mark.setAttribute("aria-expanded", "true");
      mark.setAttribute("aria-controls", "gb-abbr-pop");
      this.place();
    }

    // Below the term (above it near the bottom of the window), kept inside the window's width.
    place() {
      const r = this.mark.getBoundingClientRect();
      const box = this.box;
      box.style.left = "0px";
      box.style.top = "0px";
      const w = box.offsetWidth;
      const h = box.offsetHeight;
      const margin = 8;
      const left = Math.min(Math.max(margin, r.left), document.documentElement.clientWidth - w - margin);
      const below = r.bottom + 6;
      const top = below + h > window.innerHeight - margin && r.top - h - 6 > margin ? r.top - h - 6 : below;
      box.style.left = `${Math.round(left + window.scrollX)}px`;
      box.style.top = `${Math.round(top + window.scrollY)}px`;
    }

    close(refocus) {
      if (!this.mark) return;
      const mark = this.mark;
      this.mark = null;
      this.box.hidden = true;
      mark.setAttribute("aria-expanded", "false");
      if (refocus) {
        this.refocused = mark;
        mark.focus();
      }
    }

    // Focus moved out of both the term and the popover: close.
    leaving(e) {
      const to = e.relatedTarget;
      if (!to || (to !== this.mark && !(this.box && this.box.contains(to)))) this.close(false);
    }
  }

  const popover = new Popover();

  document.addEventListener("click", (e) => {
    const mark = e.target instanceof Element ? e.target.closest(MARK) : null;
    if (mark) {
      if (popover.mark === mark) popover.close(false);
      else popover.open(mark);
    } else if (popover.mark && !(popover.box && popover.box.contains(e.target))) {
      popover.close(false);
    }
  });

  document.addEventListener("keydown", (e) => {
    const mark = e.target instanceof Element ? e.target.closest(MARK) : null;
    if (mark && (e.key === "Enter" || e.key === " ")) {
      e.preventDefault();
      popover.open(mark);
    } else if (mark && e.key === "Escape") {
      popover.close(false);
    } else if (mark && e.key === "ArrowDown" && popover.mark === mark) {
      e.preventDefault();
      popover.link.focus();
    }
  });

  // Keyboard focus opens (a mouse click focuses too, and is handled by the click above).
  document.addEventListener("focusin", (e) => {
    const mark = e.target instanceof Element ? e.target.closest(MARK) : null;
    if (mark && mark === popover.refocused) popover.refocused = null;
    else if (mark && mark.matches(":focus-visible")) popover.open(mark);
  });
  document.addEventListener("focusout", (e) => {
    if (popover.mark && e.target === popover.mark) popover.leaving(e);
  });
  window.addEventListener("resize", () => popover.mark && popover.place());
})();
