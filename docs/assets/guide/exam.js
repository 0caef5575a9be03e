/* Exam mode (the /// exam block of guidebuild/quiz.py): N questions drawn from the whole bank
 * (section quizzes and the exam-only pool) with a seeded generator that also orders each
 * question's options, so ?n=20&seed=123456 always gives the same exam, options included; answered
 * together, submitted once, scored by section and by SAP-C02 domain, then reviewed with the
 * explanations. Answers are option keys (data-key), never on-screen letters. A navigator shows
 * every question as answered, unanswered or flagged for review; keys 1-6 or A-F choose an option of
 * the current question, N and P move to the next and previous one, F flags it. Every submitted exam
 * is kept (gb.quiz's store: questions in order, answers, flags, score) and reopens read-only from the
 * progress page (?review=<time>). Needs quiz.js (gb.quiz); a page asset, so it runs after the site's
 * bundle and finds gb there (guide.js). */
(() => {
  "use strict";

  const gb = window.gb;
  /* The exam block loads this script. Were Material's instant navigation turned on, it would run
     it again each time the exam page is reached: the first run's document$ subscription already
     serves every page. */
  if (gb.exam) return;
  const { el } = gb;

  /* mulberry32: tiny, fast, and the same sequence in every browser for a given 32-bit seed. */
  function rng(seed) {
    let a = seed >>> 0;
    return () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  /* quiz.js's Fisher-Yates, with the seeded generator: the same seed, the same exam. */
  const shuffle = (list, rand) => gb.quiz.shuffle(list, rand);
  const DOMAINS = { 1: "1. Organizational complexity", 2: "2. New solutions",
                    3: "3. Continuous improvement", 4: "4. Migration and modernization" };
  const newSeed = () => crypto.getRandomValues(new Uint32Array(1))[0] % 1000000;

  /* Questions from every section in turn (in a seeded order), so a short exam still covers the
     sections evenly; then the draw is shuffled once more, and each question's options are put in
     an order drawn from the same sequence. */
  function draw(pool, n, seed) {
    const rand = rng(seed), groups = {}, sections = [];
    for (const q of pool) {
      if (!groups[q.section]) { groups[q.section] = []; sections.push(q.section); }
      groups[q.section].push(q);
    }
    const queues = shuffle(sections, rand).map((id) => shuffle(groups[id], rand)), picked = [];
    while (picked.length < n && queues.some((q) => q.length)) {
      for (const q of queues) if (q.length && picked.length < n) picked.push(q.shift());
    }
    return shuffle(picked, rand).map((q) => ({ q, order: gb.quiz.shuffled(q.li, rand) }));
  }

  /* The running exam, saved as it changes: questions (n and seed), answers by option key, and the
     deadline as a clock time, so a reload, a crash or a visit elsewhere resumes it with the time
     that really passed. */
  const sessionKey = () => `${gb.quiz.key()}.exam-session`;
  function readSession() {
    try {
      const s = JSON.parse(localStorage.getItem(sessionKey()));
      if (s && s.n >= 1 && s.seed >= 0 && s.answers && typeof s.answers === "object" && !Array.isArray(s.answers) &&
          (s.deadline === null || typeof s.deadline === "number")) {
        s.flags = Array.isArray(s.flags) ? s.flags.filter((x) => typeof x === "string") : [];
        s.current = Number(s.current) >= 0 ? Number(s.current) : 0;
        return s;
      }
    } catch (e) { /* unreadable: no exam to resume */ }
    return null;
  }
  function clearSession() {
    try { localStorage.removeItem(sessionKey()); } catch (e) { /* blocked storage */ }
  }

  /* A table of correct answers per section or per domain, for the result. */
  function breakdown(label, rows, keys) {
    const table = el("table", { class: "gb-exam__breakdown" });
    table.createTHead().insertRow().append(el("th", {}, label), el("th", {}, "Correct"));
    const body = table.createTBody();
    for (const k of keys) {
      const tr = body.insertRow();
      tr.insertCell().textContent = rows[k].title;
      tr.insertCell().textContent = `${rows[k].correct} / ${rows[k].total}`;
    }
    return table;
  }

  const button = (cls, text) => el("button", { class: cls, type: "button" }, text);

  class Exam {
    constructor(root) {
      this.root = root;
      root.setAttribute("data-gb-ready", "");
      this.app = root.querySelector(".gb-exam__app");
      this.pool = [...root.querySelectorAll(".gb-exam__pool .gb-quiz__q")].map((li) => {
        const list = li.parentNode;
        return {
          li, id: li.getAttribute("data-qid"), quiz: li.getAttribute("data-quiz"),
          section: list.getAttribute("data-section") || li.getAttribute("data-quiz"),
          title: list.getAttribute("data-section-title") || list.getAttribute("data-quiz-title"),
          domain: li.getAttribute("data-domain") || "",
          multi: li.getAttribute("data-kind") === "multi",
          answer: gb.quiz.answerKeys(li),
        };
      });
      this.total = this.pool.length;
      this.perQuestion = Number(root.getAttribute("data-minutes-per-question")) || 2.4;
      // Leaving a running exam asks first; its answers and time are kept anyway (a reload resumes).
      window.addEventListener("beforeunload", (e) => {
        if (this.items && !this.done && document.contains(this.root)) { e.preventDefault(); e.returnValue = ""; }
      });
      window.addEventListener("keydown", (e) => this.key(e), true);
      const running = readSession(), reviewAt = Number(new URLSearchParams(location.search).get("review"));
      const kept = reviewAt ? gb.quiz.load().exams.find((x) => x.at === reviewAt && x.ids) : null;
      if (running) this.start(running.n, running.seed, running.minutes, running);
      else if (kept) this.reopen(kept);
      else this.setup();
    }

    /* Keys while an exam runs: 1-6 or A-F choose in the current question, N / P move, F flags.
       Never while typing in a field, nor with a modifier; a handled key goes no further (Material
       would take N, P and F for its own shortcuts). */
    key(e) {
      if (!this.items || this.done || !document.contains(this.root) || e.ctrlKey || e.metaKey || e.altKey) return;
      const t = e.target;
      if (t && (t.isContentEditable || /^(TEXTAREA|SELECT)$/.test(t.tagName) ||
                (t.tagName === "INPUT" && !/^(radio|checkbox)$/.test(t.type)))) return;
      const k = e.key.length === 1 ? e.key.toUpperCase() : "";
      const focused = this.items.findIndex((it) => it.li.contains(document.activeElement));
      if (focused >= 0) this.current = focused;
      const it = this.items[this.current];
      let handled = true;
      if (k === "N" || k === "P") {
        this.go(this.current + (k === "N" ? 1 : -1));
      } else if (k === "F" && !e.shiftKey) {
        this.flag(it);
      } else if (/^[1-6A-F]$/.test(k)) { // F flags; Shift+F or 6 chooses an option F
        const input = it.inputs[/^[1-6]$/.test(k) ? Number(k) - 1 : "ABCDEF".indexOf(k)];
        if (!input) return;
        if (input.type === "radio") input.checked = true;
        else input.checked = !input.checked;
        input.focus({ preventScroll: true });
        input.dispatchEvent(new Event("change", { bubbles: true }));
        const letter = input.closest(".gb-exam__option").getAttribute("data-letter");
        this.say(`Question ${this.current + 1}: ${letter} ${input.checked ? "chosen" : "cleared"}.`);
      } else {
        handled = false;
      }
      if (handled) { e.preventDefault(); e.stopPropagation(); }
    }

    /* Question ``i`` becomes the current one: scrolled to, focused, kept in the session. */
    go(i) {
      if (i < 0 || i >= this.items.length) return;
      this.current = i;
      const it = this.items[i];
      it.li.scrollIntoView({ block: "center" });
      (it.inputs.find((x) => x.checked) || it.inputs[0]).focus({ preventScroll: true });
      this.count();
      this.persist();
    }

    flag(it) {
      it.flagged = !it.flagged;
      it.li.toggleAttribute("data-flagged", it.flagged);
      it.flagButton.setAttribute("aria-pressed", it.flagged ? "true" : "false");
      this.say(`Question ${this.items.indexOf(it) + 1} ${it.flagged ? "flagged for review" : "no longer flagged"}.`);
      this.count();
      this.persist();
    }

    say(text) {
      if (this.status) this.status.textContent = text;
    }

    params() {
      const q = new URLSearchParams(location.search);
      const n = parseInt(q.get("n"), 10), seed = parseInt(q.get("seed"), 10), minutes = parseInt(q.get("timer"), 10);
      const def = Number(this.root.getAttribute("data-default-size")) || 20;
      return {
        n: n >= 1 ? Math.min(n, this.total) : Math.min(def, this.total),
        seed: seed >= 0 && seed <= 4294967295 ? seed : newSeed(),
        timer: minutes > 0 ? minutes : (q.has("timer") ? 0 : null),
      };
    }

    setup() {
      const p = this.params();
      this.stopTimer();
      this.items = null; // no exam on screen: the keys and the leave warning rest
      this.app.textContent = "";
      const form = el("form", { class: "gb-exam__setup" });
      form.noValidate = true;
      const official = { n: Number(this.root.getAttribute("data-official-questions")) || 75,
                         minutes: Number(this.root.getAttribute("data-official-minutes")) || 180 };
      form.innerHTML = [
        `<div class="gb-exam__field"><button type="button" class="md-button gb-exam__official">Official format</button>`,
        `<span class="gb-exam__help">${official.n} questions, ${official.minutes} minutes, as in SAP-C02</span></div>`,
        `<div class="gb-exam__field"><label for="gb-exam-n">Questions</label>`,
        `<input id="gb-exam-n" name="n" type="number" inputmode="numeric" min="1" required>`,
        `<span class="gb-exam__help">of ${this.total} in the bank</span></div>`,
        `<div class="gb-exam__field"><label for="gb-exam-seed">Seed</label>`,
        `<input id="gb-exam-seed" name="seed" type="text" inputmode="numeric" pattern="[0-9]{1,10}" required>`,
        `<button type="button" class="md-button gb-exam__reseed">New seed</button>`,
        `<span class="gb-exam__help">the same seed and number give the same questions</span></div>`,
        `<div class="gb-exam__field"><label><input name="timed" type="checkbox"> Timer</label>`,
        `<input id="gb-exam-minutes" name="minutes" type="number" inputmode="numeric" min="1" aria-label="Minutes">`,
        `<span class="gb-exam__help">minutes</span></div>`,
        `<p class="gb-exam__error" role="alert"></p>`,
        `<button type="submit" class="md-button md-button--primary">Start the exam</button>`,
      ].join("");
      const { n, seed, timed, minutes } = form.elements;
      n.max = String(this.total);
      n.value = String(p.n);
      seed.value = String(p.seed);
      timed.checked = p.timer !== null || this.root.getAttribute("data-timer") === "true";
      const suggested = () => Math.max(1, Math.round((Number(n.value) || p.n) * this.perQuestion));
      minutes.value = String(p.timer || suggested());
      minutes.disabled = !timed.checked;
      let touched = !!p.timer;
      minutes.addEventListener("input", () => { touched = true; });
      n.addEventListener("input", () => { if (!touched) minutes.value = String(suggested()); });
      timed.addEventListener("change", () => { minutes.disabled = !timed.checked; });
      form.querySelector(".gb-exam__reseed").addEventListener("click", () => { seed.value = String(newSeed()); });
      form.querySelector(".gb-exam__official").addEventListener("click", () => {
        n.value = String(Math.min(official.n, this.total));
        timed.checked = true;
        minutes.disabled = false;
        minutes.value = String(official.minutes);
        touched = true;
        form.querySelector('button[type="submit"]').focus();
      });
      form.addEventListener("submit", (e) => {
        e.preventDefault();
        const count = parseInt(n.value, 10), s = Number(seed.value), m = parseInt(minutes.value, 10);
        const error = form.querySelector(".gb-exam__error");
        if (!(count >= 1 && count <= this.total)) {
          error.textContent = `Choose between 1 and ${this.total} questions.`;
          n.focus();
          return;
        }
        if (!/^[0-9]{1,10}$/.test(seed.value) || s > 4294967295) {
          error.textContent = "The seed is a whole number from 0 to 4294967295.";
          seed.focus();
          return;
        }
        if (timed.checked && !(m >= 1)) {
          error.textContent = "Give the timer a number of minutes.";
          minutes.focus();
          return;
        }
        this.start(count, s, timed.checked ? m : null);
      });
      this.app.append(form);
    }

    start(n, seed, minutes, resumed) {
      n = Math.min(n, this.total);
      this.current = resumed ? Math.min(resumed.current, n - 1) : 0;
      this.n = n;
      this.seed = seed;
      this.minutes = minutes;
      this.done = false;
      this.deadline = resumed ? resumed.deadline : (minutes ? Date.now() + minutes * 60000 : null);
      const query = `?n=${n}&seed=${seed}${minutes ? `&timer=${minutes}` : ""}`;
      history.replaceState(history.state, "", location.pathname + query + location.hash);
      this.items = draw(this.pool, n, seed).map((d, i) => this.render(d.q, d.order, i));
      this.app.textContent = "";
      this.counter = el("span", { class: "gb-exam__counter", "aria-live": "polite" });
      this.clock = el("span", { class: "gb-exam__clock", role: "timer" });
      this.status = el("p", { class: "gb-visually-hidden", role: "status" });
      const submit = button("md-button md-button--primary gb-exam__submit", "Submit answers");
      submit.addEventListener("click", () => this.submit(false));
      // The navigator: a button per question, its state in its name and colour.
      this.navSummary = el("summary", {}, "Questions");
      this.navButtons = this.items.map((it, i) => {
        const b = button("gb-exam__goto", String(i + 1));
        b.addEventListener("click", () => this.go(i));
        return b;
      });
      const nav = el("details", { class: "gb-exam__nav" }, this.navSummary,
                     el("div", { class: "gb-exam__grid", role: "group", "aria-label": "Go to question" }, ...this.navButtons),
                     el("p", { class: "gb-exam__keys" },
                        "Keys: 1–6 or A–F choose, N next, P previous, F flag for review."));
      const bar = el("div", { class: "gb-exam__bar" },
                     el("span", { class: "gb-exam__seed" }, `${resumed ? "Resumed · " : ""}Seed ${seed} · ${n} questions`),
                     this.counter, this.clock, submit, nav, this.status);
      const list = el("ol", { class: "gb-exam__list" }, ...this.items.map((it) => it.li));
      const end = button("md-button md-button--primary gb-exam__submit", "Submit answers");
      end.addEventListener("click", () => this.submit(false));
      this.app.append(bar, list, end);
      if (resumed) {
        for (const it of this.items) {
          const keys = resumed.answers[it.q.id];
          if (Array.isArray(keys)) for (const input of it.inputs) input.checked = keys.includes(input.value);
          if (resumed.flags.includes(it.q.id)) {
            it.flagged = true;
            it.li.setAttribute("data-flagged", "");
            it.flagButton.setAttribute("aria-pressed", "true");
          }
        }
      }
      this.count();
      this.persist();
      if (this.deadline) this.startTimer();
      if (resumed && this.current) {
        this.go(this.current);
      } else {
        list.querySelector("input")?.focus({ preventScroll: true });
        bar.scrollIntoView({ block: "start" });
      }
    }

    render(q, order, i) {
      const fieldset = el("fieldset", { class: "gb-exam__options" },
                          el("legend", { class: "gb-visually-hidden" }, `Options for question ${i + 1}`));
      const inputs = [], letters = {};
      order.forEach((key, at) => {
        const opt = q.li.querySelector(`.gb-quiz__option[data-key="${key}"]`);
        const letter = gb.quiz.letters.charAt(at);
        letters[key] = letter;
        const input = el("input", { type: q.multi ? "checkbox" : "radio", name: `gb-exam-q${i}`, value: key });
        input.addEventListener("change", () => { this.count(); this.persist(); });
        fieldset.append(el("label", { class: "gb-exam__option", "data-letter": letter, "data-key": key },
                           input, el("span", { class: "gb-quiz__letter" }, letter),
                           opt.querySelector(".gb-quiz__text").cloneNode(true)));
        inputs.push(input);
      });
      const flagButton = button("md-button gb-exam__flag", "Flag for review");
      flagButton.setAttribute("aria-pressed", "false");
      const li = el("li", { class: "gb-exam__q", "data-qid": q.id },
                    el("p", { class: "gb-exam__num" }, `Question ${i + 1} of ${this.n}`),
                    q.li.querySelector(".gb-quiz__stem").cloneNode(true), fieldset, flagButton);
      const item = { q, li, inputs, letters, flagButton, flagged: false };
      flagButton.addEventListener("click", () => this.flag(item));
      li.addEventListener("focusin", () => { this.current = i; });
      return item;
    }

    picked(it) {
      return it.inputs.filter((x) => x.checked).map((x) => x.value);
    }

    count() {
      const done = this.items.filter((it) => this.picked(it).length).length;
      const flagged = this.items.filter((it) => it.flagged).length;
      this.counter.textContent = `${done} of ${this.n} answered`;
      this.navSummary.textContent = `Questions: ${done} answered, ${this.n - done} unanswered, ${flagged} flagged`;
      this.items.forEach((it, i) => {
        const b = this.navButtons[i], answered = this.picked(it).length > 0;
        b.setAttribute("data-state", answered ? "answered" : "unanswered");
        b.toggleAttribute("data-flagged", it.flagged);
        b.setAttribute("aria-label", `Question ${i + 1}, ${answered ? "answered" : "unanswered"}${it.flagged ? ", flagged" : ""}`);
        if (i === this.current) b.setAttribute("aria-current", "true");
        else b.removeAttribute("aria-current");
      });
    }

    persist() {
      const answers = {};
      for (const it of this.items) {
        const p = this.picked(it);
        if (p.length) answers[it.q.id] = p;
      }
      try {
        localStorage.setItem(sessionKey(), JSON.stringify({
          n: this.n, seed: this.seed, minutes: this.minutes, deadline: this.deadline, answers,
          flags: this.items.filter((it) => it.flagged).map((it) => it.q.id), current: this.current }));
      } catch (e) { /* full or blocked storage: the exam goes on, unsaved */ }
    }

    startTimer() {
      const end = this.deadline;
      const tick = () => {
        if (!document.contains(this.root)) { this.stopTimer(); return; }
        const left = Math.max(0, Math.round((end - Date.now()) / 1000));
        this.clock.textContent = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")} left`;
        this.clock.setAttribute("data-low", left <= 60 ? "true" : "false");
        if (!left) this.submit(true);
      };
      this.timer = window.setInterval(tick, 1000);
      tick();
    }

    stopTimer() {
      if (this.timer) window.clearInterval(this.timer);
      this.timer = null;
    }

    submit(timeUp) {
      if (this.done) return;
      const open = this.items.filter((it) => !this.picked(it).length).length;
      if (!timeUp && open && !window.confirm(`${open} question${open > 1 ? "s are" : " is"} unanswered and will count ` +
                                             "as wrong. Submit anyway?")) return;
      this.done = true;
      this.stopTimer();
      clearSession();
      const sections = {}, domains = {};
      let correct = 0;
      for (const it of this.items) {
        const picked = this.picked(it), ok = gb.quiz.sameSet(picked, it.q.answer);
        if (ok) correct += 1;
        const s = sections[it.q.section] || (sections[it.q.section] = { title: it.q.title, correct: 0, total: 0 });
        s.total += 1;
        if (ok) s.correct += 1;
        if (it.q.domain) {
          const d = domains[it.q.domain] || (domains[it.q.domain] = { title: DOMAINS[it.q.domain], correct: 0, total: 0 });
          d.total += 1;
          if (ok) d.correct += 1;
        }
        it.ok = ok;
        it.picked = picked;
      }
      const pairs = (table) => Object.fromEntries(Object.entries(table).map(([k, t]) => [k, [t.correct, t.total]]));
      const data = gb.quiz.load();
      const answers = {};
      for (const it of this.items) if (it.picked.length) answers[it.q.id] = it.picked;
      data.exams.push({ at: Date.now(), n: this.n, seed: this.seed, minutes: this.minutes, correct,
                        sections: pairs(sections), domains: pairs(domains), ids: this.items.map((it) => it.q.id),
                        answers, flags: this.items.filter((it) => it.flagged).map((it) => it.q.id) });
      data.exams = data.exams.slice(-20);
      gb.quiz.save(data);
      this.review(correct, sections, domains, timeUp);
    }

    /* A kept exam, read-only: its questions in their order (options in the seed's order while the
       bank draws the same questions), its answers and flags, then the same review as on submit. */
    reopen(x) {
      const byId = new Map(this.pool.map((q) => [q.id, q]));
      const drawn = draw(this.pool, Math.min(x.n, this.total), x.seed);
      const same = drawn.length === x.ids.length && drawn.every((d, i) => d.q.id === x.ids[i]);
      const questions = same ? drawn : x.ids.filter((id) => byId.has(id))
        .map((id) => ({ q: byId.get(id), order: gb.quiz.shuffled(byId.get(id).li, () => 0) }));
      this.n = questions.length;
      this.seed = x.seed;
      this.minutes = x.minutes;
      this.done = true;
      this.items = questions.map((d, i) => this.render(d.q, d.order, i));
      const sections = {}, domains = {};
      let correct = 0;
      for (const it of this.items) {
        const picked = x.answers[it.q.id] || [];
        for (const input of it.inputs) input.checked = picked.includes(input.value);
        it.flagged = (x.flags || []).includes(it.q.id);
        if (it.flagged) it.li.setAttribute("data-flagged", "");
        it.flagButton.remove();
        it.picked = picked;
        it.ok = gb.quiz.sameSet(picked, it.q.answer);
        if (it.ok) correct += 1;
        const s = sections[it.q.section] || (sections[it.q.section] = { title: it.q.title, correct: 0, total: 0 });
        s.total += 1;
        if (it.ok) s.correct += 1;
        if (it.q.domain) {
          const d = domains[it.q.domain] || (domains[it.q.domain] = { title: DOMAINS[it.q.domain], correct: 0, total: 0 });
          d.total += 1;
          if (it.ok) d.correct += 1;
        }
      }
      this.review(correct, sections, domains, false, x.at);
    }

    review(correct, sections, domains, timeUp, keptAt) {
      this.app.textContent = "";
      this.stopTimer();
      const pct = Math.round(100 * correct / this.n);
      const again = button("md-button", "Retake this exam");
      again.addEventListener("click", () => { this.done = false; this.start(this.n, this.seed, this.minutes); });
      const fresh = button("md-button md-button--primary", "New exam");
      fresh.addEventListener("click", () => {
        this.done = false;
        history.replaceState(history.state, "", location.pathname + location.hash);
        this.setup();
      });
      const summary = el("section", { class: "gb-exam__summary", tabindex: "-1" },
        el("h2", {}, keptAt ? `Review of the exam of ${new Date(keptAt).toLocaleString()}` : "Your result"),
        keptAt ? el("p", { class: "gb-exam__readonly" }, "Read-only: this exam was submitted. Retake it, or start a new one.") : null,
        timeUp ? el("p", { class: "gb-exam__timeup" }, "Time is up: your answers were submitted.") : null,
        el("p", { class: "gb-exam__score" }, el("strong", {}, `${correct} / ${this.n} correct (${pct}%)`)),
        el("p", { class: "gb-exam__note" },
           "The real exam reports a scaled score from 100 to 1,000 and passes at 750; a raw percentage here is " +
           `only a guide. Seed ${this.seed} reproduces this exam.`),
        breakdown("Section", sections, Object.keys(sections)),
        breakdown("SAP-C02 domain", domains, Object.keys(domains).sort()),
        el("p", { class: "gb-exam__actions" }, again, fresh));
      const list = el("ol", { class: "gb-exam__list gb-exam__review" }, ...this.items.map((it) => this.reviewItem(it)));
      this.app.append(summary, el("h2", {}, "Review"), list);
      summary.focus({ preventScroll: true });
      summary.scrollIntoView({ block: "start" });
    }

    reviewItem(it) {
      const { li, q } = it;
      it.flagButton.remove();
      li.setAttribute("data-state", it.ok ? "correct" : "wrong");
      if (it.flagged) li.querySelector(".gb-exam__num").append(" · ", el("span", { class: "gb-exam__flagged" }, "Flagged"));
      li.querySelector(".gb-exam__num").append(` · ${q.title} · `, el("strong", { class: "gb-exam__verdict" },
        it.ok ? "Correct" : it.picked.length ? "Incorrect" : "Not answered"));
      for (const input of it.inputs) {
        input.disabled = true;
        const label = input.parentNode, chosen = input.checked, right = q.answer.includes(input.value);
        const state = chosen && right ? "correct" : chosen ? "wrong" : right ? "missed" : "";
        if (state) label.setAttribute("data-result", state);
        const fb = q.li.querySelector(`.gb-quiz__fb[data-key="${input.value}"] .gb-quiz__fb-text`);
        if (state && fb) label.append(el("span", { class: "gb-quiz__note" }, fb.cloneNode(true)));
      }
      const named = (keys) => keys.map((k) => it.letters[k]).sort().join(", ");
      li.append(el("p", { class: "gb-exam__answer" }, `Your answer: ${named(it.picked) || "none"} · Correct answer: `,
                   el("strong", {}, named(q.answer))),
                q.li.querySelector(".gb-quiz__explanation").cloneNode(true));
      const source = q.li.querySelector(".gb-exam__source");
      if (source) li.append(source.cloneNode(true));
      return li;
    }
  }

  function init() {
    for (const root of document.querySelectorAll(".gb-exam:not([data-gb-ready])")) {
      if (gb.quiz) new Exam(root);
    }
  }
  gb.exam = { init };
  gb.eachPage(init);
})();
