/* Self-check quizzes (guidebuild/quiz.py renders them): immediate feedback, a score per quiz,
 * retry and reset, progress kept in localStorage and shown on the progress page and as markers
 * in the navigation. Options are shown in a new order on each attempt (the authored order is
 * kept for print and without JavaScript), so answers are saved by each option's stable key
 * (data-key), never by the letter on screen. Shares its storage and question order with exam.js
 * as gb.quiz (guide.js). */
(() => {
  "use strict";

  const gb = window.gb;
  const { el } = gb;
  const VERSION = 1;
  const NUMBERS = { 2: "two", 3: "three", 4: "four", 5: "five" };
  const LETTERS = "ABCDEF";

  /* Storage, scoped to the site like Material's own keys (several sites may share an origin). */
  const scope = () => (window.__md_scope instanceof URL ? window.__md_scope : new URL("/", location.href));
  const storageKey = () => `${scope().pathname}.gb-quiz`;
  const empty = () => ({ v: VERSION, quizzes: {}, exams: [] });
  const isObject = (x) => x !== null && typeof x === "object" && !Array.isArray(x);
  const isKeys = (x) => Array.isArray(x) && x.length <= 6 && x.every((k) => typeof k === "string" && k.length <= 64);

  /* What is stored is read against the schema, entry by entry: a value of another shape (an older
     format, a hand edit, another script on the same origin) is dropped, never trusted, so it can
     neither break a page nor swallow the answers saved after it. Returns the data and how many
     entries were dropped. */
  function repair(data) {
    const out = empty();
    let dropped = 0;
    if (!isObject(data) || data.v !== VERSION) return { data: out, dropped: 1 };
    if (isObject(data.quizzes)) {
      for (const [id, rec] of Object.entries(data.quizzes)) {
        if (!isObject(rec) || !isObject(rec.answers)) { dropped += 1; continue; }
        const answers = {};
        for (const [qid, a] of Object.entries(rec.answers)) {
          if (isObject(a) && isKeys(a.picked) && typeof a.ok === "boolean") {
            answers[qid] = { picked: a.picked, ok: a.ok, at: Number(a.at) || 0, d: Number(a.d) || 0 };
          } else {
            dropped += 1;
          }
        }
        out.quizzes[id] = { answers, title: typeof rec.title === "string" ? rec.title : id,
                            page: typeof rec.page === "string" ? rec.page : "", total: Number(rec.total) || 0 };
      }
    } else if (data.quizzes !== undefined) {
      dropped += 1;
    }
    if (Array.isArray(data.exams)) {
      for (const x of data.exams) {
        if (isObject(x) && Number(x.n) > 0 && Number(x.correct) >= 0 && Number(x.seed) >= 0) out.exams.push(x);
        else dropped += 1;
      }
    } else if (data.exams !== undefined) {
      dropped += 1;
    }
    return { data: out, dropped };
  }

  let setAside = null; // what could not be read this visit, kept for the reader to download
  function load() {
    let raw = null;
    try { raw = localStorage.getItem(storageKey()); } catch (e) { return empty(); } // storage blocked
    if (raw === null) return empty();
    let parsed;
    try { parsed = JSON.parse(raw); } catch (e) { parsed = undefined; }
    const { data, dropped } = repair(parsed);
    if (dropped && setAside === null) {
      setAside = raw;
      const entries = dropped > 1 ? "entries" : "entry";
      notice(`Some saved progress could not be read (${dropped} ${entries}) and was set aside; the rest is kept.`, raw);
    }
    return data;
  }

  function save(data) {
    try {
      localStorage.setItem(storageKey(), JSON.stringify(data));
    } catch (e) {
      notice("Your answer could not be saved: this browser's storage is full or blocked. It counts on this " +
             "page until you leave it.", null);
    }
    window.dispatchEvent(new CustomEvent("gb-quiz:progress"));
  }

  /* A notice at the top of the page, once per message: the reader must know when progress is lost. */
  const shown = new Set();
  function notice(text, download) {
    if (shown.has(text) || !document.body) return;
    shown.add(text);
    const box = el("div", { class: "gb-store-notice admonition warning", role: "alert" }, el("p", {}, text));
    if (download !== null) {
      box.append(el("a", {
        class: "md-button", href: URL.createObjectURL(new Blob([download], { type: "application/json" })),
        download: "study-guide-progress-set-aside.json",
      }, "Download what was set aside"));
    }
    const host = document.querySelector(".md-content__inner") || document.body;
    host.insertBefore(box, host.firstChild);
  }

  function pagePath() {
    const path = location.pathname, base = scope().pathname;
    return path.startsWith(base) ? path.slice(base.length) : path;
  }

  function tally(record) {
    let answered = 0, correct = 0;
    for (const a of Object.values(record.answers || {})) {
      answered += 1;
      if (a.ok) correct += 1;
    }
    return { answered, correct, total: record.total || 0 };
  }

  const sameSet = (a, b) => a.length === b.length && a.every((x) => b.includes(x));

  function shuffle(list, rand) {
    const a = list.slice();
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [a[i], a[j]] = [a[j], a[i]];
    }
    return a;
  }

  /* The question's options in ``keys`` order (all of them, a permutation), letters relabelled on
     screen; its answer disclosure follows, so feedback and "Answer:" name what is on screen. */
  function arrange(li, keys) {
    const list = li.querySelector(".gb-quiz__options"), fbList = li.querySelector(".gb-quiz__feedback");
    const letter = {};
    keys.forEach((key, i) => {
      letter[key] = LETTERS.charAt(i);
      const opt = list.querySelector(`.gb-quiz__option[data-key="${key}"]`);
      list.appendChild(opt);
      opt.querySelector(".gb-quiz__letter").textContent = letter[key];
      const fb = fbList && fbList.querySelector(`.gb-quiz__fb[data-key="${key}"]`);
      if (fb) {
        fbList.appendChild(fb);
        const verdict = fb.querySelector(".gb-quiz__verdict strong");
        if (verdict) verdict.textContent = verdict.textContent.replace(/^[A-F]:/, `${letter[key]}:`);
      }
    });
    const solution = li.querySelector(".gb-quiz__solution strong");
    if (solution) solution.textContent = answerKeys(li).map((k) => letter[k]).join(" and ");
    return letter;
  }

  const optionsOf = (li) => [...li.querySelectorAll(".gb-quiz__option")];
  const optionKeys = (li) => optionsOf(li).map((o) => o.getAttribute("data-key"));
  const authoredKeys = (li) => optionsOf(li)
    .sort((a, b) => (a.getAttribute("data-letter") < b.getAttribute("data-letter") ? -1 : 1))
    .map((o) => o.getAttribute("data-key"));
  const answerKeys = (li) => optionsOf(li)
    .filter((o) => o.getAttribute("data-correct") === "true")
    .map((o) => o.getAttribute("data-key")).sort();

  /* A new order for one attempt; "Order: fixed" questions keep theirs. */
  function shuffled(li, rand) {
    const keys = authoredKeys(li);
    return li.getAttribute("data-order") === "fixed" ? keys : shuffle(keys, rand);
  }

  /* One quiz on a page. */
  class Quiz {
    constructor(root) {
      this.root = root;
      this.id = root.getAttribute("data-quiz");
      this.title = root.getAttribute("data-quiz-title");
      this.questions = [...root.querySelectorAll(".gb-quiz__q")].map((li) => new Question(li, this));
      this.score = el("p", { class: "gb-quiz__score", "aria-live": "polite" });
      const reset = el("button", { class: "gb-quiz__reset md-button", type: "button" }, "Reset quiz");
      reset.addEventListener("click", () => this.reset());
      root.querySelector(".gb-quiz__head").append(this.score, reset);
      root.setAttribute("data-gb-ready", "");
      this.restore();
    }

    record(data) {
      const rec = data.quizzes[this.id] || { answers: {} };
      rec.title = this.title;
      rec.page = pagePath();
      rec.total = this.questions.length;
      // Questions removed from the bank since the last visit no longer count.
      const known = this.questions.map((q) => q.id);
      for (const qid of Object.keys(rec.answers)) if (!known.includes(qid)) delete rec.answers[qid];
      data.quizzes[this.id] = rec;
      return rec;
    }

    restore() {
      const data = load(), rec = data.quizzes[this.id];
      if (rec) {
        for (const q of this.questions) {
          const saved = rec.answers[q.id];
          // Saved by option key; picks that match no option (saved by letter before options were
          // shuffled, or an option since rewritten) are dropped rather than shown on the wrong option.
          if (saved && Array.isArray(saved.picked) && q.knows(saved.picked)) q.show(saved.picked, false);
          else delete rec.answers[q.id];
        }
        this.record(data);
        save(data);
      }
      this.update();
    }

    answered(q, picked) {
      const data = load(), rec = this.record(data);
      rec.answers[q.id] = { picked, ok: sameSet(picked, q.answer), at: Date.now(), d: Number(q.domain) || 0 };
      save(data);
      this.update();
    }

    cleared(q) {
      const data = load(), rec = this.record(data);
      delete rec.answers[q.id];
      save(data);
      this.update();
    }

    reset() {
      const data = load();
      delete data.quizzes[this.id];
      save(data);
      for (const q of this.questions) { q.clear(); q.shuffle(); }
      this.update();
      this.questions[0]?.focus();
    }

    update() {
      const done = this.questions.filter((q) => q.picked);
      const right = done.filter((q) => q.ok).length;
      const total = this.questions.length;
      if (!done.length) {
        this.score.textContent = `${total} questions · answer one to start your score`;
      } else if (done.length < total) {
        this.score.textContent = `Score: ${right} of ${done.length} answered correctly · ${total - done.length} to go`;
      } else {
        const verdict = right === total ? " · all correct" : " · use Try again on the misses";
        this.score.textContent = `Score: ${right} / ${total} (${Math.round(100 * right / total)}%)${verdict}`;
      }
      this.root.setAttribute("data-complete", done.length === total ? "true" : "false");
    }
  }

  /* One question: option buttons, a check button when several answers are needed. */
  const questions = [];
  class Question {
    constructor(li, quiz) {
      questions.push(this);
      this.li = li;
      this.quiz = quiz;
      this.id = li.getAttribute("data-qid");
      this.domain = li.getAttribute("data-domain");
      this.multi = li.getAttribute("data-kind") === "multi";
      this.answer = answerKeys(li);
      this.picked = null;
      this.options = optionsOf(li).map((opt) => {
        const key = opt.getAttribute("data-key");
        const button = el("button", { class: "gb-quiz__choice", type: "button" });
        button.append(...opt.childNodes);
        opt.append(button);
        if (this.multi) button.setAttribute("aria-pressed", "false");
        button.addEventListener("click", () => this.choose(key));
        return { li: opt, button, key };
      });
      this.shuffle();
      this.details = li.querySelector(".gb-quiz__answer");
      this.result = el("div", { class: "gb-quiz__result", "aria-live": "polite" });
      li.insertBefore(this.result, this.details);
      if (this.multi) {
        this.check = el("button", { class: "gb-quiz__check md-button md-button--primary", type: "button", disabled: true },
                        "Check answer");
        this.check.addEventListener("click", () => this.submit());
        this.hint = el("span", { class: "gb-quiz__hint" }, this.selectHint());
        li.insertBefore(el("div", { class: "gb-quiz__actions" }, this.check, this.hint), this.result);
      }
    }

    selectHint() {
      return `Select ${NUMBERS[this.answer.length] || this.answer.length} options.`;
    }

    /* A new option order: on each page load, "Try again" and "Reset quiz". */
    shuffle() {
      this.letter = arrange(this.li, shuffled(this.li, Math.random));
      const order = [...this.li.querySelector(".gb-quiz__options").children];
      this.options.sort((a, b) => order.indexOf(a.li) - order.indexOf(b.li));
    }

    knows(keys) {
      const mine = this.options.map((o) => o.key);
      return keys.length > 0 && keys.every((k) => mine.includes(k));
    }

    choose(key) {
      if (this.picked) return;
      if (!this.multi) {
        this.show([key], true);
        this.quiz.answered(this, [key]);
        return;
      }
      const opt = this.options.find((o) => o.key === key);
      const on = opt.button.getAttribute("aria-pressed") !== "true";
      opt.button.setAttribute("aria-pressed", on ? "true" : "false");
      const n = this.selected().length;
      this.check.disabled = n !== this.answer.length;
      this.hint.textContent = n === this.answer.length ? "Ready to check." : `Selected ${n} of ${this.answer.length}.`;
    }

    selected() {
      return this.options.filter((o) => o.button.getAttribute("aria-pressed") === "true").map((o) => o.key);
    }

    submit() {
      const picked = this.selected();
      if (picked.length !== this.answer.length) return;
      this.show(picked, true);
      this.quiz.answered(this, picked);
    }

    show(picked, announce) {
      this.picked = picked.slice();
      this.ok = sameSet(picked, this.answer);
      this.li.setAttribute("data-state", this.ok ? "correct" : "wrong");
      for (const o of this.options) {
        const chosen = picked.includes(o.key), right = this.answer.includes(o.key);
        const state = chosen && right ? "correct" : chosen ? "wrong" : right ? "missed" : "";
        if (state) o.li.setAttribute("data-result", state);
        o.button.disabled = true;
        if (this.multi) o.button.setAttribute("aria-pressed", chosen ? "true" : "false");
        if (state) {
          const label = { correct: "Your choice, correct.", wrong: "Your choice, incorrect.",
                          missed: chosen ? "" : "Correct answer." }[state];
          const note = el("div", { class: "gb-quiz__note" }, el("strong", {}, label));
          const fb = this.li.querySelector(`.gb-quiz__fb[data-key="${o.key}"] .gb-quiz__fb-text`);
          if (fb) note.append(fb.cloneNode(true));
          o.li.append(note);
        }
      }
      if (this.check) { this.check.disabled = true; this.hint.textContent = ""; }
      this.result.textContent = "";
      const answer = this.answer.map((k) => this.letter[k]).sort().join(" and ");
      const verdict = el("p", { class: "gb-quiz__verdict-line" },
                         el("strong", {}, this.ok ? "Correct." : "Not quite."), this.ok ? "" : ` The answer is ${answer}.`);
      const retry = el("button", { class: "gb-quiz__retry md-button", type: "button" }, "Try again");
      retry.addEventListener("click", () => {
        this.clear();
        this.shuffle();
        this.quiz.cleared(this);
        this.focus();
      });
      this.result.append(verdict, retry);
      this.details.open = true;
      if (!announce) this.result.removeAttribute("aria-live");
      else this.result.setAttribute("aria-live", "polite");
    }

    clear() {
      this.picked = null;
      this.ok = false;
      this.li.removeAttribute("data-state");
      for (const o of this.options) {
        o.li.removeAttribute("data-result");
        o.button.disabled = false;
        if (o.button.hasAttribute("aria-pressed")) o.button.setAttribute("aria-pressed", "false");
        o.li.querySelector(".gb-quiz__note")?.remove();
      }
      if (this.check) {
        this.check.disabled = true;
        this.hint.textContent = this.selectHint();
      }
      this.result.textContent = "";
      this.details.open = false;
    }

    focus() { this.options[0]?.button.focus(); }
  }

  /* Score markers after the navigation links of pages with a started quiz. */
  function markNav() {
    const data = load();
    for (const n of document.querySelectorAll(".gb-nav-score")) n.remove();
    const byPage = {};
    for (const rec of Object.values(data.quizzes)) {
      const t = tally(rec);
      if (!t.answered || !rec.page) continue;
      const target = new URL(rec.page, scope()).pathname;
      const sum = byPage[target] || { answered: 0, correct: 0, total: 0 };
      sum.answered += t.answered; sum.correct += t.correct; sum.total += t.total;
      byPage[target] = sum;
    }
    for (const a of document.querySelectorAll("a.md-nav__link[href]")) {
      const path = new URL(a.getAttribute("href"), location.href);
      if (path.hash) continue;
      const sum = byPage[path.pathname];
      if (!sum) continue;
      const done = sum.answered >= sum.total, perfect = done && sum.correct === sum.total;
      a.append(el("span", {
        class: "gb-nav-score", "data-state": perfect ? "perfect" : done ? "done" : "started",
        title: `Quiz: ${sum.correct} of ${sum.total} correct${done ? "" : ` (${sum.answered} answered)`}`,
      }, el("span", { class: "gb-visually-hidden" }, "Quiz score: "), `${sum.correct}/${sum.total}`));
    }
  }

  /* One row of the progress tables: answered, correct and its bar. */
  function fill(tr, answered, correct, total) {
    if (!tr) return;
    tr.querySelector(".gb-progress__answered").textContent = `${answered} / ${total}`;
    tr.querySelector(".gb-progress__correct").textContent =
      answered ? `${correct} (${Math.round(100 * correct / total)}%)` : "–";
    const bar = tr.querySelector(".gb-progress__fill");
    bar.style.width = total ? `${100 * correct / total}%` : "0%";
    bar.parentNode.setAttribute("data-state",
      answered >= total && correct === total ? "perfect" : answered ? "started" : "none");
    tr.querySelector(".gb-progress__bar").setAttribute("aria-label",
      `${correct} of ${total} correct, ${answered} answered`);
  }

  /* The progress page: the table of every quiz the build knows, filled from storage. */
  class Progress {
    constructor(root) {
      this.root = root;
      root.setAttribute("data-gb-ready", "");
      this.app = root.querySelector(".gb-progress__app");
      const reset = el("button", { class: "gb-progress__reset md-button", type: "button" }, "Reset all progress");
      reset.addEventListener("click", () => {
        if (window.confirm("Delete every saved quiz answer and exam result kept in this browser?")) save(empty());
      });
      this.history = el("div", { class: "gb-progress__history" });
      this.app.append(this.history, reset);
      this.render();
    }

    render() {
      const data = load(), sum = { answered: 0, correct: 0, total: 0 };
      for (const tr of this.root.querySelectorAll("tbody .gb-progress__row[data-quiz]")) {
        const rec = data.quizzes[tr.getAttribute("data-quiz")];
        const total = Number(tr.getAttribute("data-total"));
        const t = rec ? tally(rec) : { answered: 0, correct: 0 };
        fill(tr, t.answered, t.correct, total);
        sum.answered += t.answered; sum.correct += t.correct; sum.total += total;
      }
      fill(this.root.querySelector(".gb-progress__sum"), sum.answered, sum.correct, sum.total);
      this.renderDomains(data);
      this.renderExams(data.exams);
    }

    /* The section quizzes' answers again, by SAP-C02 domain (the table maps question ids to domains). */
    renderDomains(data) {
      const table = this.root.querySelector(".gb-progress__domains");
      if (!table) return;
      const domainOf = {}, by = {};
      for (const pair of (table.getAttribute("data-domains") || "").split(" ")) {
        const at = pair.lastIndexOf(":");
        if (at > 0) domainOf[pair.slice(0, at)] = pair.slice(at + 1);
      }
      for (const rec of Object.values(data.quizzes)) {
        const answers = rec.answers || {};
        for (const [qid, a] of Object.entries(answers)) {
          const d = domainOf[qid];
          if (!d) continue;
          const t = by[d] || (by[d] = { answered: 0, correct: 0 });
          t.answered += 1;
          if (a.ok) t.correct += 1;
        }
      }
      for (const tr of table.querySelectorAll(".gb-progress__row[data-domain]")) {
        const t = by[tr.getAttribute("data-domain")] || { answered: 0, correct: 0 };
        fill(tr, t.answered, t.correct, Number(tr.getAttribute("data-total")));
      }
    }

    renderExams(exams) {
      const box = this.history, examHref = this.root.getAttribute("data-exam-href");
      box.textContent = "";
      box.append(el("h2", {}, "Exam mode results"));
      if (!exams.length) {
        box.append(el("p", {}, "No exam taken yet in this browser."));
        return;
      }
      const table = el("table");
      table.createTHead().insertRow().append(
        ...["Date", "Questions", "Score", "By domain", "Seed"].map((h) => el("th", {}, h)));
      const body = table.createTBody();
      for (const x of exams.slice().reverse()) {
        const tr = body.insertRow();
        tr.insertCell().textContent = new Date(x.at).toLocaleString();
        tr.insertCell().textContent = String(x.n);
        tr.insertCell().textContent = `${x.correct} / ${x.n} (${Math.round(100 * x.correct / x.n)}%)`;
        tr.insertCell().textContent = Object.keys(x.domains || {}).sort()
          .map((d) => `D${d} ${x.domains[d][0]}/${x.domains[d][1]}`).join(" · ") || "–";
        const cell = tr.insertCell();
        if (examHref) {
          cell.append(el("a", { href: `${examHref}?n=${x.n}&seed=${x.seed}`, title: "Take this exam again" },
                         String(x.seed)));
        } else {
          cell.textContent = String(x.seed);
        }
      }
      box.append(table);
    }
  }

  let progressViews = [];
  function init() {
    for (const root of document.querySelectorAll(".gb-quiz:not([data-gb-ready])")) new Quiz(root);
    progressViews = [...document.querySelectorAll(".gb-progress:not([data-gb-ready])")].map((root) => new Progress(root));
    markNav();
  }
  function refresh() {
    for (const p of progressViews) if (document.contains(p.root)) p.render();
    markNav();
  }

  /* Printing from the browser: the authored order, which the printed answer key follows. Both
     the print events and the print media query (emulated print fires only the latter). */
  let printing = false;
  function toPrint() {
    if (printing) return;
    printing = true;
    for (const q of questions) { q.screen = optionKeys(q.li); arrange(q.li, authoredKeys(q.li)); }
  }
  function toScreen() {
    if (!printing) return;
    printing = false;
    for (const q of questions) if (q.screen) q.letter = arrange(q.li, q.screen);
  }
  window.addEventListener("beforeprint", toPrint);
  window.addEventListener("afterprint", toScreen);
  const printMedia = window.matchMedia && window.matchMedia("print");
  if (printMedia && printMedia.addEventListener) {
    printMedia.addEventListener("change", (e) => (e.matches ? toPrint() : toScreen()));
  }

  gb.quiz = { load, save, tally, sameSet, shuffle, key: storageKey, arrange, shuffled, answerKeys, letters: LETTERS };
  window.addEventListener("gb-quiz:progress", refresh);
  window.addEventListener("storage", (e) => { if (e.key === storageKey()) refresh(); });
  gb.eachPage(init);
})();
