/* Interactive diagrams: progressive enhancement of the server-rendered figures (guidebuild/diagram.py).
 *
 * - every node link gets a tooltip (its role in this pattern) on hover, keyboard focus or a first tap;
 * - a step-through player reads its steps from the figure's text alternative ("Diagram as text"),
 *   so the narration and the text can never disagree;
 * - an enlarged view (a modal <dialog>) with zoom and pan;
 * - one drawing in the document at a time: a wide drawing's top-to-bottom twin waits in an inert
 *   <template> and trades places with it when the wide one cannot keep its labels legible in the
 *   column (and back when the window widens, or to print);
 * - the "<slug>.py" tab fetches its highlighted script the first time it is opened.
 * Set up on DOMContentLoaded, before the first paint: the player is layout. Material's bundle runs
 * after the first paint (guidebuild/startup.py); were it first, every document$ emission would set up
 * the figures it brings (instant navigation).
 */
(() => {
  "use strict";

  const { el, eachPage } = window.gb;
  const ICONS = {
    prev: "M15.41 16.58 10.83 12l4.58-4.59L14 6l-6 6 6 6z",
    next: "M8.59 16.58 13.17 12 8.59 7.41 10 6l6 6-6 6z",
    play: "M8 5.14v14l11-7z",
    pause: "M14 19h4V5h-4M6 19h4V5H6z",
    zoom: "M5 5h5v2H7v3H5zm9 0h5v5h-2V7h-3zm3 9h2v5h-5v-2h3zM5 14h2v3h3v2H5z",
    plus: "M19 13h-6v6h-2v-6H5v-2h6V5h2v6h6z",
    minus: "M19 13H5v-2h14z",
    fit: "M4 4h6v2H6v4H4zm10 0h6v6h-2V6h-4zm4 10h2v6h-6v-2h4zM4 14h2v4h4v2H4z",
    close: "M19 6.41 17.59 5 12 10.59 6.41 5 5 6.41 10.59 12 5 17.59 6.41 19 12 13.41 17.59 19 19 17.59 13.41 12z",
  };
  const SVG_NS = "http://www.w3.org/2000/svg";
  const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");
  // The phone layout of diagrams.css; print is never narrow, so paper gets the wide drawing.
  const narrowScreen = window.matchMedia("screen and (max-width: 37.49em)");
  const printing = window.matchMedia("print");
  let lastPointer = "mouse";
  let pinned = null; // the node a tap explained: a tap anywhere else dismisses it
  document.addEventListener("pointerdown", (e) => {
    lastPointer = e.pointerType || "mouse";
    if (pinned && !pinned.link.contains(e.target)) {
      pinned.view.pinned = null;
      pinned.view.hideTip();
      pinned = null;
    }
  }, true);

  function icon(name) {
    const svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    const path = document.createElementNS(SVG_NS, "path");
    path.setAttribute("d", ICONS[name]);
    svg.append(path);
    return svg;
  }

  function button(name, label, text, extra = {}) {
    const b = el("button", { type: "button", class: "gb-btn", "aria-label": label, title: label, ...extra }, icon(name));
    if (text) b.append(el("span", { class: "gb-btn__text" }, text));
    return b;
  }

  const words = (s) => (s || "").split(/\s+/).filter(Boolean);

  /* ---- which drawing: the one shown is in the canvas, the other waits in the template ------- */
  const twinOf = (canvas) => canvas.querySelector(":scope > template.gb-diagram__twin");
  const shownIn = (canvas) => canvas.querySelector(":scope > svg.gb-svg");

  function showDrawing(canvas, narrow) {
    const tpl = twinOf(canvas);
    const shown = shownIn(canvas);
    if (!tpl || !shown || shown.classList.contains("gb-svg--narrow") === narrow) return false;
    const waiting = tpl.content.querySelector("svg.gb-svg");
    if (!waiting) return false;
    // Moving (not cloning) keeps each drawing's listeners and step classes across swaps.
    tpl.content.append(shown);
    canvas.insertBefore(document.adoptNode(waiting), tpl);
    // The height an off-screen figure holds follows the drawing it shows (diagrams.css).
    const fig = canvas.closest(".gb-diagram");
    for (const [v, d, t] of [["--gb-w", "--gb-dw", "--gb-tw"], ["--gb-r", "--gb-dr", "--gb-tr"], ["--gb-f", "--gb-df", "--gb-tf"]]) {
      fig?.style.setProperty(v, `var(${narrow ? t : d})`);
    }
    return true;
  }

  /* Which drawing a canvas shows: the wide one where it fits with its smallest label at the bound
     (--gb-label-min of diagrams.css: 11 px on a phone, 12 px wider), else the one that needs less
     room (the twin; --gb-df and --gb-tf are each drawing's width per px of its smallest label).
     Printing always gets the wide drawing. */
  function wantsTwin(canvas, room) {
    const fig = canvas.closest(".gb-diagram");
    if (!fig || !twinOf(canvas) || printing.matches || room === null) return false;
    const style = getComputedStyle(fig);
    const wide = parseFloat(style.getPropertyValue("--gb-df"));
    const twin = parseFloat(style.getPropertyValue("--gb-tf"));
    if (!(wide > 0 && twin > 0)) return narrowScreen.matches;
    const bound = parseFloat(getComputedStyle(document.documentElement).getPropertyValue("--gb-label-min")) || 12;
    return wide * bound > room && twin < wide;
  }

  // The canvas's width without laying out an off-screen figure's content: its frame's content box.
  function roomOf(canvas) {
    const fig = canvas.closest(".gb-diagram");
    if (!fig || canvas.closest(".gb-zoom")) return null;
    const style = getComputedStyle(fig);
    return fig.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  }

  // Before the first layout where possible: the script runs right after the figures are parsed.
  // Every width is read before any drawing moves, so the page is laid out once, not once a figure.
  const swapAll = () => {
    const canvases = [...document.querySelectorAll(".gb-diagram__canvas")];
    const rooms = canvases.map(roomOf);
    canvases.forEach((canvas, i) => {
      if (rooms[i] !== null && showDrawing(canvas, wantsTwin(canvas, rooms[i]))) {
        canvas.closest(".gb-diagram")?.gbView?.drawingChanged();
      }
    });
  };
  swapAll();
  narrowScreen.addEventListener("change", swapAll);
  printing.addEventListener("change", swapAll);
  let resizing = 0;
  window.addEventListener("resize", () => {
    cancelAnimationFrame(resizing);
    resizing = requestAnimationFrame(swapAll);
  });
  // Browsers that print without re-evaluating screen queries still get the wide drawing on paper.
  window.addEventListener("beforeprint", () => {
    for (const canvas of document.querySelectorAll(".gb-diagram__canvas")) {
      if (showDrawing(canvas, false)) canvas.closest(".gb-diagram")?.gbView?.drawingChanged();
    }
  });
  window.addEventListener("afterprint", swapAll);

  class DiagramView {
    constructor(fig) {
      this.fig = fig;
      this.slug = fig.dataset.diagram;
      this.stage = fig.querySelector(".gb-diagram__stage");
      this.canvas = fig.querySelector(".gb-diagram__canvas");
      this.setupSource();
      if (!this.stage || !this.canvas) return;
      const twin = twinOf(this.canvas)?.content.querySelector("svg.gb-svg");
      this.svgs = [shownIn(this.canvas), twin].filter(Boolean);
      if (!this.svgs.length) return;
      this.title = this.svgs[0].getAttribute("aria-label") || this.slug;
      this.info = new Map();
      for (const li of fig.querySelectorAll(".gb-diagram__nodes > li[data-node]")) {
        this.info.set(li.dataset.node, {
          label: li.querySelector(".gb-diagram__label")?.textContent || li.dataset.node,
          service: (li.querySelector(".gb-diagram__service")?.textContent || "").replace(/^\(|\)$/g, ""),
        });
      }
      this.steps = [...fig.querySelectorAll(".gb-diagram__steps > li")].map((li) => ({
        html: li.innerHTML, nodes: words(li.dataset.nodes), edges: words(li.dataset.edges),
      }));
      this.current = 0;
      this.timer = null;
      this.setupTooltips();
      this.setupPlayer();
    }

    /* ---- the script tab: fetched on first opening ----------------------------------------- */
    setupSource() {
      const block = this.fig.querySelector(".gb-diagram__source[data-gb-src]");
      if (!block) return; // the offline copy has the script in the page
      const tabs = block.closest(".tabbed-set");
      const blocks = [...tabs.querySelectorAll(":scope > .tabbed-content > .tabbed-block")];
      const radio = tabs.querySelectorAll(":scope > input")[blocks.indexOf(block)];
      if (!radio) return;
      this.source = { block, radio, state: "idle" };
      // A click, the arrow keys on the tab and Material's linked tabs (radio.click()) all fire change.
      radio.addEventListener("change", () => { if (radio.checked) this.loadSource(); });
      if (radio.checked) this.loadSource(); // restored by the browser (back/forward)
    }

    async loadSource() {
      const src = this.source;
      if (src.state === "loading" || src.state === "done") return;
      src.state = "loading";
      const note = src.block.querySelector(".gb-diagram__source-note");
      const link = note?.querySelector("a");
      src.status?.remove();
      src.status = el("p", { class: "gb-diagram__source-status", role: "status" }, `Loading ${link?.textContent || "the script"}…`);
      src.block.prepend(src.status);
      src.block.setAttribute("aria-busy", "true");
      try {
        const response = await fetch(src.block.dataset.gbSrc);
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const tpl = document.createElement("template");
        tpl.innerHTML = await response.text();
        const code = tpl.content.querySelector("pre > code");
        if (!code) throw new Error("the file holds no code");
        // What Material gives the page's own code blocks: a copy button, and a scrollable block
        // that the keyboard can reach.
        const pre = code.parentElement;
        pre.id = `__code_${this.fig.id}`;
        code.tabIndex = 0;
        code.before(el("nav", { class: "md-code__nav" }, el("button", {
          class: "md-code__button", title: "Copy to clipboard", "aria-label": "Copy to clipboard",
          "data-clipboard-target": `#${pre.id} > code`, "data-md-type": "copy",
        })));
        src.status.replaceWith(tpl.content);
        src.status = null;
        src.state = "done";
      } catch (err) {
        // Opening the tab again retries; the plain copy is one link away meanwhile.
        src.state = "failed";
        src.status.setAttribute("role", "alert");
        src.status.classList.add("gb-diagram__source-status--error");
        src.status.replaceChildren(
          `The highlighted script could not be loaded (${err.message || err}). `,
          ...(link ? ["Read it as plain text: ", el("a", { href: link.getAttribute("href") }, link.textContent), "."] : []),
        );
      } finally {
        src.block.removeAttribute("aria-busy");
      }
    }

    /* ---- tooltips ------------------------------------------------------------------------ */
    setupTooltips() {
      this.tip = el("div", { class: "gb-tip", role: "tooltip", id: `gb-tip-${this.slug}`, hidden: "" });
      this.stage.append(this.tip);
      this.pinned = null;
      for (const svg of this.svgs) this.wireLinks(svg);
      this.canvas.addEventListener("scroll", () => this.hideTip(), { passive: true });
    }

    wireLinks(svg) {
      for (const link of svg.querySelectorAll("g.node[data-node] > a")) {
        const title = link.querySelector(":scope > title");
        if (title) {
          link.dataset.tip = title.textContent;
          title.remove(); // the browser's own tooltip would repeat ours, late
        }
        link.setAttribute("aria-describedby", this.tip.id);
        link.addEventListener("pointerenter", (e) => { if (e.pointerType !== "touch") this.showTip(link); });
        link.addEventListener("pointerleave", (e) => { if (e.pointerType !== "touch" && this.pinned !== link) this.hideTip(); });
        link.addEventListener("focus", () => this.showTip(link));
        link.addEventListener("blur", () => { this.pinned = null; this.hideTip(); });
        link.addEventListener("keydown", (e) => { if (e.key === "Escape") { this.hideTip(); e.stopPropagation(); } });
        link.addEventListener("click", (e) => {
          // Touch has no hover: the first tap explains, the second follows the link.
          if (lastPointer === "touch" && this.pinned !== link) {
            e.preventDefault();
            pinned?.view.hideTip();
            this.pinned = link;
            pinned = { view: this, link };
            this.showTip(link);
          }
        });
      }
    }

    /* The other drawing was swapped in: what it shows must match the player. */
    drawingChanged() {
      this.hideTip();
      if (this.pinned) { this.pinned = null; pinned = null; }
      if (this.dialog) this.zoomTo(this.scale);
    }

    showTip(link) {
      const id = link.parentNode.dataset.node;
      const info = this.info.get(id) || { label: id, service: "" };
      const touch = lastPointer === "touch";
      this.tip.replaceChildren(
        el("strong", {}, info.label),
        ...(info.service ? [el("span", { class: "gb-tip__svc" }, info.service)] : []),
        el("span", { class: "gb-tip__text" }, link.dataset.tip || ""),
        el("span", { class: "gb-tip__hint" }, touch ? "Tap again to read more in the notes." : "Select to read more in the notes."),
      );
      this.tip.hidden = false;
      const box = link.getBoundingClientRect();
      const stage = this.stage.getBoundingClientRect();
      const tw = this.tip.offsetWidth;
      const th = this.tip.offsetHeight;
      let left = box.left + box.width / 2 - stage.left - tw / 2;
      left = Math.max(4, Math.min(left, stage.width - tw - 4));
      let top = box.bottom - stage.top + 6;
      // Flip above the node when there is no room below it in the window.
      if (box.bottom + th + 12 > window.innerHeight && box.top - th - 6 > 0) top = box.top - stage.top - th - 6;
      this.tip.style.left = `${left}px`;
      this.tip.style.top = `${top}px`;
    }

    hideTip() { this.tip.hidden = true; }

    /* ---- step-through -------------------------------------------------------------------- */
    setupPlayer() {
      const bar = el("div", { class: "gb-player__bar" });
      const player = el("div", { class: "gb-player", role: "group", "aria-label": `Diagram controls: ${this.title}` }, bar);
      this.narration = el("p", { class: "gb-player__narration", "aria-live": "polite" });
      if (this.steps.length) {
        this.prevBtn = button("prev", "Previous step", "");
        this.playBtn = button("play", "Play the steps", "Play", { "aria-pressed": "false" });
        this.nextBtn = button("next", "Next step", "");
        this.stepBtns = this.steps.map((s, i) => {
          const b = el("button", { type: "button", class: "gb-btn", "aria-label": `Step ${i + 1}`, title: `Step ${i + 1}` }, String(i + 1));
          b.addEventListener("click", () => { this.stop(); this.go(i + 1); });
          return b;
        });
        // aria-disabled, not disabled: a disabled button drops the keyboard focus it holds.
        this.prevBtn.addEventListener("click", () => { this.stop(); this.go(this.current - 1); });
        this.nextBtn.addEventListener("click", () => { this.stop(); this.go(this.current + 1); });
        this.playBtn.addEventListener("click", () => (this.timer ? this.stop() : this.play()));
        bar.append(this.prevBtn, this.playBtn, this.nextBtn, el("span", { class: "gb-player__steps" }, ...this.stepBtns));
        player.append(this.narration);
        player.addEventListener("keydown", (e) => this.onKey(e));
      }
      this.zoomBtn = button("zoom", "Enlarge the diagram", "", { class: "gb-btn gb-btn--zoom", "aria-haspopup": "dialog" });
      this.zoomBtn.addEventListener("click", () => this.openZoom());
      bar.append(this.zoomBtn);
      this.stage.append(player);
      this.go(0);
    }

    onKey(e) {
      if (e.target.closest("a")) return;
      const to = { ArrowLeft: this.current - 1, ArrowRight: this.current + 1, Home: 0, End: this.steps.length }[e.key];
      if (to === undefined) return;
      e.preventDefault();
      this.stop();
      this.go(to);
    }

    go(n) {
      const steps = this.steps;
      if (!steps.length) return;
      this.current = Math.max(0, Math.min(n, steps.length));
      const step = steps[this.current - 1];
      const on = new Set(), past = new Set();
      if (step) {
        step.nodes.forEach((id) => on.add(`n:${id}`));
        step.edges.forEach((id) => on.add(`e:${id}`));
        for (const s of steps.slice(0, this.current - 1)) {
          s.nodes.forEach((id) => past.add(`n:${id}`));
          s.edges.forEach((id) => past.add(`e:${id}`));
        }
      }
      for (const svg of this.svgs) {
        svg.classList.toggle("gb-stepping", Boolean(step));
        svg.querySelectorAll("path.gb-flow").forEach((p) => p.remove());
        for (const g of svg.querySelectorAll("g.edge[data-edge]")) {
          const key = `e:${g.dataset.edge}`;
          const lit = on.has(key);
          g.classList.toggle("gb-on", lit);
          g.classList.toggle("gb-past", !lit && past.has(key));
          if (lit) {
            // The ends of a current edge are part of the step too.
            on.add(`n:${g.dataset.from}`);
            on.add(`n:${g.dataset.to}`);
            const path = g.querySelector("path");
            if (path && !reducedMotion.matches) {
              const flow = path.cloneNode(false);
              flow.removeAttribute("stroke");
              flow.removeAttribute("stroke-dasharray");
              flow.setAttribute("class", "gb-flow");
              path.after(flow);
            }
          }
        }
        for (const g of svg.querySelectorAll("g.node[data-node]")) {
          const key = `n:${g.dataset.node}`;
          g.classList.toggle("gb-on", on.has(key));
          g.classList.toggle("gb-past", !on.has(key) && past.has(key));
        }
      }
      this.stepBtns.forEach((b, i) => {
        if (i + 1 === this.current) b.setAttribute("aria-current", "step");
        else b.removeAttribute("aria-current");
      });
      this.prevBtn.setAttribute("aria-disabled", String(this.current === 0));
      this.nextBtn.setAttribute("aria-disabled", String(this.current === steps.length));
      if (step) {
        this.narration.replaceChildren(el("b", {}, `Step ${this.current} of ${steps.length}.`));
        this.narration.insertAdjacentHTML("beforeend", step.html);
      } else {
        this.narration.textContent =
          `${steps.length} steps. Press Play, Next or a step number to follow the flow; select a component to read about it.`;
      }
    }

    play() {
      if (this.current >= this.steps.length) this.go(0);
      this.playBtn.setAttribute("aria-pressed", "true");
      this.playBtn.setAttribute("aria-label", "Pause");
      this.playBtn.title = "Pause";
      this.playBtn.querySelector("path").setAttribute("d", ICONS.pause);
      this.playBtn.querySelector(".gb-btn__text").textContent = "Pause";
      const tick = () => {
        this.go(this.current + 1);
        if (this.current >= this.steps.length) { this.stop(); return; }
        // Long narrations stay longer; the reader sets the pace with Pause.
        const words = this.narration.textContent.split(/\s+/).length;
        this.timer = setTimeout(tick, Math.min(9000, 1800 + words * 230));
      };
      this.timer = setTimeout(tick, 0);
    }

    stop() {
      if (!this.timer) return;
      clearTimeout(this.timer);
      this.timer = null;
      this.playBtn.setAttribute("aria-pressed", "false");
      this.playBtn.setAttribute("aria-label", "Play the steps");
      this.playBtn.title = "Play the steps";
      this.playBtn.querySelector("path").setAttribute("d", ICONS.play);
      this.playBtn.querySelector(".gb-btn__text").textContent = "Play";
    }

    /* ---- enlarged view ------------------------------------------------------------------- */
    openZoom() {
      this.hideTip();
      const dialog = el("dialog", { class: "gb-zoom", "aria-label": `${this.title} (enlarged)` });
      this.zoomLevel = el("output", { class: "gb-zoom__level", "aria-live": "polite" }, "100%");
      const out = button("minus", "Zoom out", "");
      const inn = button("plus", "Zoom in", "");
      const fit = button("fit", "Fit to window", "");
      const close = button("close", "Close the enlarged view", "");
      dialog.append(
        el("div", { class: "gb-zoom__bar" }, el("span", { class: "gb-zoom__title" }, this.title), out, this.zoomLevel, inn, fit, close),
        el("div", { class: "gb-zoom__body" }),
      );
      this.placeholder = el("div", { class: "gb-diagram__placeholder", style: `height:${this.stage.offsetHeight}px` });
      this.stage.replaceWith(this.placeholder);
      dialog.lastChild.append(this.stage);
      document.body.append(dialog);
      this.dialog = dialog;
      this.scale = 1;
      out.addEventListener("click", () => this.zoomTo(this.scale / 1.25));
      inn.addEventListener("click", () => this.zoomTo(this.scale * 1.25));
      fit.addEventListener("click", () => this.zoomTo(1));
      close.addEventListener("click", () => dialog.close());
      dialog.addEventListener("close", () => this.closeZoom());
      dialog.addEventListener("keydown", (e) => {
        if (e.target.closest("input, textarea")) return;
        if (e.key === "+" || e.key === "=") { e.preventDefault(); this.zoomTo(this.scale * 1.25); }
        else if (e.key === "-") { e.preventDefault(); this.zoomTo(this.scale / 1.25); }
        else if (e.key === "0") { e.preventDefault(); this.zoomTo(1); }
      });
      this.canvas.addEventListener("wheel", this.onWheel = (e) => {
        if (!e.ctrlKey && !e.metaKey) return;
        e.preventDefault();
        this.zoomTo(this.scale * (e.deltaY < 0 ? 1.15 : 1 / 1.15), e);
      }, { passive: false });
      this.canvas.addEventListener("pointerdown", this.onDrag = (e) => this.drag(e));
      dialog.showModal();
      this.zoomTo(1);
      close.focus();
    }

    visibleSvg() {
      return shownIn(this.canvas) || this.svgs[0];
    }

    zoomTo(scale, around) {
      this.scale = Math.max(1, Math.min(scale, 6));
      const svg = this.visibleSvg();
      const [, , w, h] = (svg.getAttribute("viewBox") || "0 0 1 1").split(/\s+/).map(Number);
      const room = this.canvas.getBoundingClientRect();
      const fitWidth = Math.max(120, Math.min(room.width - 4, (room.height - 4) * (w / h)));
      const before = svg.getBoundingClientRect();
      const px = around ? around.clientX : room.left + room.width / 2;
      const py = around ? around.clientY : room.top + room.height / 2;
      const fx = (px - before.left) / before.width, fy = (py - before.top) / before.height;
      for (const s of this.svgs) s.style.width = `${Math.round(fitWidth * this.scale)}px`;
      // Keep the point under the pointer (or the centre) where it was.
      const after = svg.getBoundingClientRect();
      this.canvas.scrollLeft += after.left + fx * after.width - px;
      this.canvas.scrollTop += after.top + fy * after.height - py;
      this.zoomLevel.value = `${Math.round(this.scale * 100)}%`;
      this.zoomLevel.textContent = this.zoomLevel.value;
    }

    drag(e) {
      if (e.pointerType !== "mouse" || e.button !== 0 || e.target.closest("a, button")) return;
      const start = { x: e.clientX, y: e.clientY, left: this.canvas.scrollLeft, top: this.canvas.scrollTop };
      this.canvas.classList.add("gb-dragging");
      const move = (m) => {
        this.canvas.scrollLeft = start.left - (m.clientX - start.x);
        this.canvas.scrollTop = start.top - (m.clientY - start.y);
      };
      const up = () => {
        this.canvas.classList.remove("gb-dragging");
        window.removeEventListener("pointermove", move);
        window.removeEventListener("pointerup", up);
      };
      window.addEventListener("pointermove", move);
      window.addEventListener("pointerup", up);
      e.preventDefault();
    }

    closeZoom() {
      if (!this.dialog) return;
      this.canvas.removeEventListener("wheel", this.onWheel);
      this.canvas.removeEventListener("pointerdown", this.onDrag);
      for (const s of this.svgs) s.style.width = "";
      this.hideTip();
      this.placeholder.replaceWith(this.stage);
      this.dialog.remove();
      this.dialog = null;
      this.zoomBtn.focus();
    }
  }

  function init() {
    for (const fig of document.querySelectorAll(".gb-diagram[data-diagram]:not([data-gb-ready])")) {
      fig.setAttribute("data-gb-ready", "");
      // A page that instant navigation swapped in was not there when the script first ran.
      const canvas = fig.querySelector(".gb-diagram__canvas");
      const room = canvas && roomOf(canvas);
      if (room !== null && room !== undefined) showDrawing(canvas, wantsTwin(canvas, room));
      try {
        fig.gbView = new DiagramView(fig);
      } catch (err) {
        console.error(`diagram ${fig.dataset.diagram}:`, err); // the static figure still works
      }
    }
  }

  eachPage(init);
})();
