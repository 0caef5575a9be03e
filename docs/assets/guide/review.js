/* The review page (the /// review block of guidebuild/cards): the site's cards, scheduled with FSRS.
 *
 * A page asset, loaded deferred by the review page only, after ts-fsrs (window.FSRS, vendored from
 * node_modules) and the cards (gb.cardData, a generated script: file:// cannot fetch JSON). The
 * schedule is kept in localStorage under `<site path>.gb-review`, its own key (quiz.js keeps the
 * quizzes' progress under another), read entry by entry against its schema (`repair`). review-due.js
 * reads the same key on the home page without ts-fsrs: keep `due` a number of milliseconds.
 * Keys: Space shows the answer, 1-4 rate it (Again, Hard, Good, Easy).
 */
(() => {
  "use strict";

  const gb = window.gb;
  const { el } = gb;
  const VERSION = 1;
  const RATINGS = ["again", "hard", "good", "easy"];
  const SOURCES = { glossary: "Glossary", cheatsheet: "Cheat sheet", correction: "Correction", quiz: "Quiz question" };

  const { scope } = gb;
  const storageKey = () => `${scope().pathname}.gb-review`;
  const notice = (text, download) => gb.notice(text, { download, filename: "study-guide-review-set-aside.json" });
  const empty = () => ({ v: VERSION, cards: {} });
  const isObject = (x) => x !== null && typeof x === "object" && !Array.isArray(x);
  const num = (x) => typeof x === "number" && Number.isFinite(x) && x >= 0;
  const FIELDS = ["due", "s", "d", "ed", "sd", "ls", "r", "l", "st"];

  /* A stored card is kept only if every field is a finite, non-negative number and its state is one
     of FSRS's four (New, Learning, Review, Relearning); anything else is dropped and counted. */
  function repair(data) {
    const out = empty();
    let dropped = 0;
    if (!isObject(data) || data.v !== VERSION || !isObject(data.cards)) return { data: out, dropped: 1 };
    for (const [id, rec] of Object.entries(data.cards)) {
      if (isObject(rec) && /^[0-9a-f]{12}$/.test(id) && FIELDS.every((f) => num(rec[f])) && rec.st <= 3 &&
          (rec.lr === undefined || num(rec.lr))) {
        out.cards[id] = Object.fromEntries([...FIELDS, "lr"].filter((f) => rec[f] !== undefined).map((f) => [f, rec[f]]));
      } else {
        dropped += 1;
      }
    }
    return { data: out, dropped };
  }

  function load() {
    let raw = null;
    try { raw = localStorage.getItem(storageKey()); } catch (e) { return empty(); }
    if (raw === null) return empty();
    let parsed;
    try { parsed = JSON.parse(raw); } catch (e) { parsed = undefined; }
    const { data, dropped } = repair(parsed);
    if (dropped) {
      notice(`Part of your review schedule could not be read (${dropped} ${dropped > 1 ? "entries" : "entry"}) ` +
             "and was set aside; those cards start again as new.", raw);
    }
    return data;
  }

  function save(data) {
    try {
      localStorage.setItem(storageKey(), JSON.stringify(data));
    } catch (e) {
      notice("Your rating could not be saved: this browser's storage is full or blocked. The schedule holds " +
             "on this page until you leave it.", null);
    }
  }

  /* FSRS's card <-> what is stored (dates as milliseconds). */
  const toFsrs = (rec) => ({
    due: new Date(rec.due), stability: rec.s, difficulty: rec.d, elapsed_days: rec.ed, scheduled_days: rec.sd,
    learning_steps: rec.ls, reps: rec.r, lapses: rec.l, state: rec.st,
    last_review: rec.lr === undefined ? undefined : new Date(rec.lr),
  });
  const fromFsrs = (c) => {
    const rec = { due: +c.due, s: c.stability, d: c.difficulty, ed: c.elapsed_days, sd: c.scheduled_days,
                  ls: c.learning_steps, r: c.reps, l: c.lapses, st: c.state };
    if (c.last_review) rec.lr = +c.last_review;
    return rec;
  };
  const endOfToday = () => { const d = new Date(); d.setHours(23, 59, 59, 999); return +d; };

  class Review {
    constructor(root) {
      this.root = root;
      this.base = root.getAttribute("data-gb-root") || "./";
      this.cards = window.gb.cardData.cards;
      this.titles = window.gb.cardData.titles || {};
      this.scheduler = window.FSRS.fsrs();
      this.data = load();
      this.q = (sel) => root.querySelector(sel);
      this.box = this.q(".gb-review__card");
      this.filter = this.q(".gb-review__filter");
      this.current = null;
      const sections = [...new Set(this.cards.map((c) => c.sec))];
      for (const sec of sections) this.filter.append(el("option", { value: sec }, this.titles[sec] || sec));
      this.filter.addEventListener("change", () => this.next());
      this.q(".gb-review__show").addEventListener("click", () => this.reveal());
      for (const b of root.querySelectorAll("[data-rating]")) {
        b.addEventListener("click", () => this.rate(RATINGS.indexOf(b.getAttribute("data-rating")) + 1));
      }
      document.addEventListener("keydown", (e) => this.key(e));
      root.setAttribute("data-gb-ready", "");
      this.next();
    }

    inSection() {
      const sec = this.filter.value;
      return this.cards.filter((c) => !sec || c.sec === sec);
    }

    /* Due today: reviewed cards due by the end of the day, and the cards never reviewed. */
    due() {
      const end = endOfToday();
      const cards = this.inSection();
      const fresh = cards.filter((c) => !this.data.cards[c.id]);
      const old = cards.filter((c) => this.data.cards[c.id] && this.data.cards[c.id].due <= end);
      return { fresh, old };
    }

    next() {
      const { fresh, old } = this.due();
      const now = Date.now();
      old.sort((a, b) => this.data.cards[a.id].due - this.data.cards[b.id].due);
      const ready = old.filter((c) => this.data.cards[c.id].due <= now);
      this.current = ready[0] || fresh[0] || old[0] || null;
      const total = fresh.length + old.length;
      this.q(".gb-review__due").textContent =
        `${total} ${total === 1 ? "card" : "cards"} due today (${fresh.length} new), of ${this.inSection().length} in this selection.`;
      this.q(".gb-review__done").hidden = this.current !== null;
      this.box.hidden = this.current === null;
      if (!this.current) return;
      const c = this.current;
      const kind = SOURCES[c.src] || c.src, section = this.titles[c.sec] || c.sec;
      this.q(".gb-review__meta").replaceChildren(kind === section ? kind : `${kind} · ${section}`);
      this.q(".gb-review__front").innerHTML = c.f;
      const back = this.q(".gb-review__back");
      back.innerHTML = c.b;
      back.append(el("p", { class: "gb-review__link" }, el("a", { href: this.base + c.u }, "Where the guide teaches it")));
      back.hidden = true;
      this.q(".gb-review__rate").hidden = true;
      this.q(".gb-review__show").hidden = false;
      this.box.setAttribute("data-card", c.id);
    }

    reveal() {
      if (!this.current) return;
      this.q(".gb-review__back").hidden = false;
      this.q(".gb-review__show").hidden = true;
      this.q(".gb-review__rate").hidden = false;
      // The answer takes the focus (not a rating button: the keyup of Space would press it).
      this.q(".gb-review__back").focus({ preventScroll: true });
    }

    rate(grade) {
      if (!this.current || this.q(".gb-review__back").hidden || grade < 1 || grade > 4) return;
      const id = this.current.id;
      const stored = this.data.cards[id];
      const now = new Date();
      const card = stored ? toFsrs(stored) : window.FSRS.createEmptyCard(now);
      const { card: after } = this.scheduler.next(card, now, grade);
      this.data = load();  // another tab may have rated meanwhile
      this.data.cards[id] = fromFsrs(after);
      save(this.data);
      this.next();
      this.q(".gb-review__show").focus({ preventScroll: true });
    }

    key(e) {
      if (e.altKey || e.ctrlKey || e.metaKey || e.isComposing || !this.current) return;
      const t = e.target;
      if (t instanceof HTMLElement && t.closest("input, select, textarea, [contenteditable]")) return;
      if (e.key === " " && this.q(".gb-review__back").hidden) {
        e.preventDefault();
        this.reveal();
      } else if (/^[1-4]$/.test(e.key) && !this.q(".gb-review__back").hidden) {
        e.preventDefault();
        this.rate(Number(e.key));
      } else if (e.key === " " && t instanceof HTMLElement && t.closest(".gb-review__rate")) {
        e.preventDefault();  // Space on a rating button would rate by accident: rating is a choice
      }
    }
  }

  gb.eachPage(() => {
    const root = document.querySelector(".gb-review");
    if (!root || root.hasAttribute("data-gb-ready")) return;
    if (!window.FSRS || !window.gb.cardData) {
      notice("The review could not start: its scripts did not load. Reload the page.", null);
      return;
    }
    new Review(root);
  });
})();
