/* Self-check quizzes (guidebuild/quiz.py renders them): immediate feedback, a score per quiz,
 * retry and reset, progress kept in localStorage and shown on the progress page and as markers
 * in the navigation. Options are shown in a new order on each attempt (the authored order is
 * kept for print and without JavaScript), so answers are saved by each option's stable key
 * (data-key), never by the letter on screen. Shares its storage and question order with exam.js
 * and mistakes.js as gb.quiz (guide.js).
 *
 * Progress model, version 2 (the one definition of the score; README.md, "Your progress"):
 *   { v: 2,
 *     quizzes: { <quiz id>: { title, page, total,
 *                questions: { <question id>: { d: domain (0 unknown),
 *                                              tries: [{ at: ms, picked: [option keys], ok, first }],
 *                                              open: ms of the last "Try again" (0: none) } } } },
 *     exams: [{ at, n, seed, minutes, correct, sections, domains, ids, answers, flags }] }
 *   Every answer is an attempt, kept with its time and the options chosen; "Try again" and "Reset
 *   quiz" only open the question again (open > the last try's time), they erase nothing. Two
 *   figures, shown the same way on the quiz, the navigation marker and the progress page:
 *   - first-attempt accuracy: of the questions answered, the share right on their first attempt;
 *   - mastered: questions whose latest attempt is right, out of all the quiz's questions.
 *   Version 1 ({ v: 1, quizzes: { id: { answers: { qid: { picked, ok, at, d } } } } }) is migrated
 *   on load, each answer kept as a first attempt. Export and import (the progress page) write and
 *   read this same object; an import is merged, attempts united by question and time. */
(() => {
  "use strict";

  const gb = window.gb;
  const { el } = gb;
  const VERSION = 2;
  const MAX_TRIES = 40; // per question: the first attempt and the latest ones
  const NUMBERS = { 2: "two", 3: "three", 4: "four", 5: "five" };
  const LETTERS = "ABCDEF";
  const LEGEND = "First-attempt accuracy: the questions you got right the first time you answered them. " +
                 "Mastered: the questions right on your latest attempt.";

  /* Storage, scoped to the site like Material's own keys (several sites may share an origin). */
  const { scope } = gb;
  const storageKey = () => `${scope().pathname}.gb-quiz`;
  const notice = (text, download, again) =>
    gb.notice(text, { download, again, filename: "study-guide-progress-set-aside.json" });
  const empty = () => ({ v: VERSION, quizzes: {}, exams: [] });
  const isObject = (x) => x !== null && typeof x === "object" && !Array.isArray(x);
  const isKeys = (x) => Array.isArray(x) && x.length <= 6 && x.every((k) => typeof k === "string" && k.length <= 64);
  const isTime = (x) => typeof x === "number" && Number.isFinite(x) && x >= 0;
  const isIds = (x) => Array.isArray(x) && x.length <= 500 && x.every((k) => typeof k === "string" && k.length <= 128);

  function quizMeta(rec, id) {
    return { title: typeof rec.title === "string" ? rec.title : id,
             page: typeof rec.page === "string" ? rec.page : "", total: Number(rec.total) || 0, questions: {} };
  }

  /* A stored exam: the result, and since version 2 its review (questions in order, answers, flags). */
  function repairExam(x) {
    if (!(isObject(x) && Number(x.n) > 0 && Number(x.correct) >= 0 && Number(x.seed) >= 0)) return null;
    const out = { at: Number(x.at) || 0, n: Number(x.n), seed: Number(x.seed), correct: Number(x.correct),
                  sections: isObject(x.sections) ? x.sections : {}, domains: isObject(x.domains) ? x.domains : {} };
    if (x.minutes !== undefined) out.minutes = Number(x.minutes) || null;
    if (x.ids !== undefined || x.answers !== undefined || x.flags !== undefined) {
      if (!isIds(x.ids) || !isObject(x.answers) || !Object.values(x.answers).every(isKeys) ||
          !(x.flags === undefined || isIds(x.flags))) return null;
      Object.assign(out, { ids: x.ids, answers: x.answers, flags: x.flags || [] });
    }
    return out;
  }

  /* What is stored is read against the schema, entry by entry: a value of another shape (a hand
     edit, another script on the same origin) is dropped, never trusted, so it can neither break a
     page nor swallow the answers saved after it. Version 1 is read by its own schema and migrated.
     Returns the data and how many entries were dropped. */
  function repair(data) {
    const out = empty();
    let dropped = 0;
    if (!isObject(data) || (data.v !== 1 && data.v !== VERSION)) return { data: out, dropped: 1 };
    if (isObject(data.quizzes)) {
      for (const [id, rec] of Object.entries(data.quizzes)) {
        const answers = data.v === 1 ? rec && rec.answers : rec && rec.questions;
        if (!isObject(rec) || !isObject(answers)) { dropped += 1; continue; }
        const q = out.quizzes[id] = quizMeta(rec, id);
        for (const [qid, a] of Object.entries(answers)) {
          if (data.v === 1) {
            // Version 1 kept one answer per question: it becomes that question's first attempt.
            if (isObject(a) && isKeys(a.picked) && typeof a.ok === "boolean") {
              q.questions[qid] = { d: Number(a.d) || 0, open: 0,
                                   tries: [{ at: Number(a.at) || 0, picked: a.picked, ok: a.ok, first: true }] };
            } else {
              dropped += 1;
            }
            continue;
          }
          const tries = isObject(a) && Array.isArray(a.tries) && a.tries.every((t) =>
            isObject(t) && isTime(t.at) && isKeys(t.picked) && t.picked.length && typeof t.ok === "boolean");
          if (!tries || (a.open !== undefined && !isTime(a.open))) { dropped += 1; continue; }
          q.questions[qid] = { d: Number(a.d) || 0, open: a.open || 0,
                               tries: a.tries.slice().sort((x, y) => x.at - y.at).map((t, i) => ({ at: t.at, picked: t.picked, ok: t.ok, first: i === 0 })) };
        }
      }
    } else if (data.quizzes !== undefined) {
      dropped += 1;
    }
    if (Array.isArray(data.exams)) {
      for (const x of data.exams) {
        const exam = repairExam(x);
        if (exam) out.exams.push(exam);
        else dropped += 1;
      }
    } else if (data.exams !== undefined) {
      dropped += 1;
    }
    return { data: out, dropped, migrated: data.v !== VERSION };
  }

  let setAside = null; // what could not be read this visit, kept for the reader to download
  function load() {
    let raw = null;
    try { raw = localStorage.getItem(storageKey()); } catch (e) { return empty(); } // storage blocked
    if (raw === null) return empty();
    let parsed;
    try { parsed = JSON.parse(raw); } catch (e) { parsed = undefined; }
    const { data, dropped, migrated } = repair(parsed);
    if (dropped && setAside === null) {
      setAside = raw;
      const entries = dropped > 1 ? "entries" : "entry";
      notice(`Some saved progress could not be read (${dropped} ${entries}) and was set aside; the rest is kept.`, raw);
    } else if (migrated && !dropped) {
      // Upgraded once, in place: every earlier answer is now a first attempt.
      try { localStorage.setItem(storageKey(), JSON.stringify(data)); } catch (e) { /* kept as it was */ }
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

  /* ``extra`` into ``base`` (both repaired): quizzes and questions united, attempts united by
     question and time (an attempt already there is not doubled), the later "Try again" kept,
     exams united by time. Nothing of ``base`` is overwritten. */
  function merge(base, extra) {
    const out = JSON.parse(JSON.stringify(base));
    for (const [id, rec] of Object.entries(extra.quizzes)) {
      const into = out.quizzes[id] || (out.quizzes[id] = { ...quizMeta(rec, id) });
      if (!into.page) into.page = rec.page;
      if (!into.total) into.total = rec.total;
      for (const [qid, q] of Object.entries(rec.questions)) {
        const mine = into.questions[qid] || (into.questions[qid] = { d: q.d, open: 0, tries: [] });
        const seen = new Set(mine.tries.map((t) => t.at));
        for (const t of q.tries) if (!seen.has(t.at)) mine.tries.push({ ...t });
        mine.tries.sort((a, b) => a.at - b.at);
        mine.tries.forEach((t, i) => { t.first = i === 0; });
        mine.open = Math.max(mine.open, q.open);
        mine.d = mine.d || q.d;
      }
    }
    const times = new Set(out.exams.map((x) => x.at));
    for (const x of extra.exams) if (!times.has(x.at)) out.exams.push(x);
    out.exams.sort((a, b) => a.at - b.at);
    return out;
  }

  function pagePath() {
    const path = location.pathname, base = scope().pathname;
    return path.startsWith(base) ? path.slice(base.length) : path;
  }

  /* The two figures of a quiz record (or of any set of question records): how many questions
     were answered, right on their first attempt, and right on their latest attempt (mastered). */
  function figures(questions, total) {
    let answered = 0, firstRight = 0, mastered = 0;
    for (const q of Object.values(questions || {})) {
      if (!q.tries.length) continue;
      answered += 1;
      if (q.tries[0].ok) firstRight += 1;
      if (q.tries[q.tries.length - 1].ok) mastered += 1;
    }
    return { answered, firstRight, mastered, total };
  }
  const percent = (part, whole) => (whole ? Math.round(100 * part / whole) : 0);
  /* The same words everywhere the figures are shown. */
  const accuracyText = (f) => (f.answered ? `${percent(f.firstRight, f.answered)}% (${f.firstRight} of ${f.answered})` : "–");
  const masteredText = (f) => `${f.mastered} of ${f.total}`;
  const tally = (record) => figures(record && record.questions, record ? record.total : 0);
  const latest = (q) => q.tries[q.tries.length - 1];

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

  /* One quiz on a page. ``partial``: some of its questions only (the mistakes page), each shown
     unanswered, its page and total left as the quiz's own page recorded them. */
  const quizzes = [];
  class Quiz {
    constructor(root, partial) {
      quizzes.push(this);
      this.root = root;
      this.partial = !!partial;
      this.id = root.getAttribute("data-quiz");
      this.title = root.getAttribute("data-quiz-title");
      this.questions = [...root.querySelectorAll(".gb-quiz__q")].map((li) => new Question(li, this));
      this.score = el("p", { class: "gb-quiz__score", "aria-live": "polite" });
      const head = root.querySelector(".gb-quiz__head");
      head.append(this.score);
      // What the figures mean, under the questions: nothing above the reader moves.
      root.append(el("p", { class: "gb-quiz__legend" }, LEGEND));
      if (!this.partial) {
        const reset = el("button", { class: "gb-quiz__reset md-button", type: "button" }, "Reset quiz");
        reset.addEventListener("click", () => this.reset());
        head.append(reset);
      }
      root.setAttribute("data-gb-ready", "");
      this.restore();
    }

    record(data) {
      const rec = data.quizzes[this.id] || { title: this.title, page: "", total: 0, questions: {} };
      if (!this.partial) {
        rec.title = this.title;
        rec.page = pagePath();
        rec.total = this.questions.length;
        // Questions removed from the bank since the last visit no longer count.
        const known = this.questions.map((q) => q.id);
        for (const qid of Object.keys(rec.questions)) if (!known.includes(qid)) delete rec.questions[qid];
      }
      data.quizzes[this.id] = rec;
      return rec;
    }

    restore() {
      const data = load();
      this.rec = data.quizzes[this.id];
      if (this.rec && !this.partial) {
        for (const q of this.questions) {
          const saved = this.rec.questions[q.id];
          const last = saved && saved.tries.length ? latest(saved) : null;
          // Saved by option key; picks that match no option (an option since rewritten) are not
          // shown on the wrong option: the question is open again, its history kept.
          if (last && saved.open < last.at && q.knows(last.picked)) q.show(last.picked, false);
        }
        this.rec = this.record(data);
        save(data);
      }
      this.update();
    }

    change(fn) {
      const data = load(), rec = this.record(data);
      fn(rec);
      this.rec = rec;
      save(data);
      this.update();
    }

    answered(q, picked) {
      this.change((rec) => {
        const saved = rec.questions[q.id] || (rec.questions[q.id] = { d: Number(q.domain) || 0, open: 0, tries: [] });
        const at = Math.max(Date.now(), ...saved.tries.map((t) => t.at + 1), saved.open + 1);
        saved.tries.push({ at, picked, ok: sameSet(picked, q.answer), first: !saved.tries.length });
        if (saved.tries.length > MAX_TRIES) saved.tries.splice(1, saved.tries.length - MAX_TRIES);
      });
    }

    /* "Try again": the question is open again; its attempts stay. */
    reopened(qs) {
      this.change((rec) => {
        for (const q of qs) {
          const saved = rec.questions[q.id];
          if (saved) saved.open = Math.max(Date.now(), ...saved.tries.map((t) => t.at));
        }
      });
    }

    reset() {
      this.reopened(this.questions);
      for (const q of this.questions) { q.clear(); q.shuffle(); }
      this.update();
      this.questions[0]?.focus();
    }

    update() {
      const f = figures(this.rec ? this.rec.questions : {}, this.partial ? (this.rec && this.rec.total) || 0 : this.questions.length);
      if (!f.answered) {
        this.score.textContent = `${f.total || this.questions.length} questions · answer one to start your score`;
      } else {
        this.score.textContent = `First-attempt accuracy: ${accuracyText(f)} · Mastered: ${masteredText(f)}`;
      }
      const done = this.questions.filter((q) => q.picked).length;
      this.root.setAttribute("data-complete", done === this.questions.length ? "true" : "false");
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
        this.hint = el("span", { class: "gb-quiz__hint", "aria-live": "polite" }, this.selectHint());
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
      current = this;
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
        this.quiz.reopened([this]);
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

  /* Score markers after the navigation links of pages with a started quiz: mastered of total,
     then first-attempt accuracy, named in full for screen readers and in the tooltip. */
  function markNav() {
    const data = load();
    for (const n of document.querySelectorAll(".gb-nav-score")) n.remove();
    const byPage = {};
    for (const rec of Object.values(data.quizzes)) {
      const t = tally(rec);
      if (!t.answered || !rec.page) continue;
      const target = new URL(rec.page, scope()).pathname;
      const sum = byPage[target] || { answered: 0, firstRight: 0, mastered: 0, total: 0 };
      for (const k of Object.keys(sum)) sum[k] += t[k];
      byPage[target] = sum;
    }
    for (const a of document.querySelectorAll("a.md-nav__link[href]")) {
      const path = new URL(a.getAttribute("href"), location.href);
      if (path.hash) continue;
      const f = byPage[path.pathname];
      if (!f) continue;
      const perfect = f.mastered === f.total;
      const words = `Quiz: mastered ${masteredText(f)}, first-attempt accuracy ${accuracyText(f)}`;
      a.append(el("span", {
        class: "gb-nav-score", "data-state": perfect ? "perfect" : f.answered >= f.total ? "done" : "started",
        title: `${words}. ${LEGEND}`,
      }, el("span", { class: "gb-visually-hidden" }, `${words}.`),
      el("span", { "aria-hidden": "true" }, `${f.mastered}/${f.total} · ${percent(f.firstRight, f.answered)}%`)));
    }
  }

  /* One row of the progress tables: answered, the two figures, and mastered as a bar. */
  function fill(tr, f) {
    if (!tr) return;
    tr.querySelector(".gb-progress__answered").textContent = `${f.answered} / ${f.total}`;
    tr.querySelector(".gb-progress__accuracy").textContent = accuracyText(f);
    tr.querySelector(".gb-progress__mastered").textContent = f.answered ? masteredText(f) : "–";
    const bar = tr.querySelector(".gb-progress__fill");
    bar.style.width = f.total ? `${100 * f.mastered / f.total}%` : "0%";
    bar.parentNode.setAttribute("data-state", f.total && f.mastered === f.total ? "perfect" : f.answered ? "started" : "none");
    tr.querySelector(".gb-progress__bar").setAttribute("aria-label",
      `mastered ${masteredText(f)}, first-attempt accuracy ${accuracyText(f)}, ${f.answered} answered`);
  }

  const download = (name, text) => {
    const a = el("a", { href: URL.createObjectURL(new Blob([text], { type: "application/json" })), download: name });
    document.body.append(a);
    a.click();
    a.remove();
  };

  /* Import: a file written by Export (version 1 or 2), read whole against the schema, merged into
     what is stored. A file with anything that does not fit changes nothing and says why. */
  function importText(text, name) {
    let parsed;
    try { parsed = JSON.parse(text); } catch (e) { parsed = undefined; }
    const { data, dropped } = repair(parsed);
    if (parsed === undefined || dropped) {
      notice(`${name} is not a progress export of this guide (${parsed === undefined ? "not JSON" :
             `${dropped} unreadable ${dropped > 1 ? "entries" : "entry"}`}): nothing was imported, your progress ` +
             "is unchanged.", null, true);
      return false;
    }
    save(merge(load(), data));
    return true;
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
      const exporter = el("button", { class: "gb-progress__export md-button", type: "button" }, "Export progress");
      exporter.addEventListener("click", () => {
        const day = new Date().toISOString().slice(0, 10);
        download(`study-guide-progress-${day}.json`, JSON.stringify(load(), null, 1));
      });
      const file = el("input", { type: "file", accept: "application/json,.json", class: "gb-progress__file",
                                 "aria-label": "Progress file to import" });
      const status = el("p", { class: "gb-progress__status", role: "status" });
      file.addEventListener("change", () => {
        const chosen = file.files && file.files[0];
        if (!chosen) return;
        chosen.text().then((text) => {
          status.textContent = importText(text, chosen.name) ? `Imported ${chosen.name}: merged with your progress.` : "";
          file.value = "";
        });
      });
      const importer = el("button", { class: "gb-progress__import md-button", type: "button" }, "Import progress");
      importer.addEventListener("click", () => file.click());
      this.history = el("div", { class: "gb-progress__history" });
      this.app.append(this.history,
        el("h2", {}, "Keep or move your progress"),
        el("p", {}, "Export writes all your answers and exam results to one file; Import merges such a file " +
                    "into this browser's (attempts are united, nothing is overwritten)."),
        el("p", { class: "gb-progress__actions" }, exporter, importer, file, reset), status);
      this.render();
    }

    render() {
      const data = load(), sum = { answered: 0, firstRight: 0, mastered: 0, total: 0 };
      for (const tr of this.root.querySelectorAll("tbody .gb-progress__row[data-quiz]")) {
        const rec = data.quizzes[tr.getAttribute("data-quiz")];
        const f = figures(rec && rec.questions, Number(tr.getAttribute("data-total")));
        fill(tr, f);
        for (const k of Object.keys(sum)) sum[k] += f[k];
      }
      fill(this.root.querySelector(".gb-progress__sum"), sum);
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
        for (const [qid, q] of Object.entries(rec.questions)) {
          const d = domainOf[qid];
          if (d) (by[d] || (by[d] = {}))[qid] = q;
        }
      }
      for (const tr of table.querySelectorAll(".gb-progress__row[data-domain]")) {
        fill(tr, figures(by[tr.getAttribute("data-domain")], Number(tr.getAttribute("data-total"))));
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
        ...["Date (review)", "Questions", "Score", "By domain", "Seed"].map((h) => el("th", {}, h)));
      const body = table.createTBody();
      for (const x of exams.slice().reverse()) {
        const tr = body.insertRow();
        const when = new Date(x.at).toLocaleString(), date = tr.insertCell();
        // A kept review reopens read-only on the exam page; exams kept before version 2 have none.
        if (examHref && x.ids) {
          date.append(el("a", { class: "gb-progress__review", href: `${examHref}?review=${x.at}`,
                                title: "Reopen this exam with its review" }, when));
        } else {
          date.textContent = when;
        }
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

  /* Keys 1-6 and A-F choose an option of the question that has focus (or, once one was used, of
     the question last used), never while typing in a field or with a modifier. The choice is
     announced by the question's own live regions. A handled key goes no further (Material would
     take F for its search). */
  let current = null;
  window.addEventListener("keydown", (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || e.key.length !== 1) return;
    const t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    const k = e.key.toUpperCase(), at = /^[1-6]$/.test(k) ? Number(k) - 1 : LETTERS.indexOf(k);
    if (at < 0) return;
    const active = document.activeElement;
    const q = questions.find((x) => x.li.contains(active) && document.contains(x.li)) ||
              (current && document.contains(current.li) ? current : null);
    const opt = q && q.options[at];
    if (!opt || opt.button.disabled) return;
    e.preventDefault();
    e.stopPropagation();
    opt.button.focus();
    q.choose(opt.key);
    if (q.multi && !q.picked) q.hint.textContent = `${LETTERS.charAt(at)} ${opt.button.getAttribute("aria-pressed") === "true" ? "selected" : "cleared"}. ${q.hint.textContent}`;
  }, true);

  gb.quiz = { load, save, tally, figures, accuracyText, masteredText, legend: LEGEND, Quiz, sameSet, shuffle, key: storageKey, arrange, shuffled, answerKeys, letters: LETTERS };
  window.addEventListener("gb-quiz:progress", refresh);
  window.addEventListener("storage", (e) => { if (e.key === storageKey()) refresh(); });
  gb.eachPage(init);
})();
