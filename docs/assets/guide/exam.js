/* Exam mode (the /// exam block of guidebuild/quiz.py): N questions drawn from the whole bank
 * (section quizzes and the exam-only pool) with a seeded generator that also orders each
 * question's options, so ?n=20&seed=123456 always gives the same exam, options included; answered
 * together, submitted once, scored by section and by SAP-C02 domain, then reviewed with the
 * explanations. Answers are option keys (data-key), never on-screen letters. Needs quiz.js. */
(function () {
  "use strict";
  /* The exam block loads this script. Were Material's instant navigation turned on, it would run
     it again each time the exam page is reached: the first run's document$ subscription already
     serves every page. */
  if (window.gbExam) return;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text != null) node.textContent = text;
    return node;
  }

  /* mulberry32: tiny, fast, and the same sequence in every browser for a given 32-bit seed. */
  function rng(seed) {
    var a = seed >>> 0;
    return function () {
      a = (a + 0x6d2b79f5) >>> 0;
      var t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  /* quiz.js's Fisher-Yates, with the seeded generator: the same seed, the same exam. */
  function shuffle(list, rand) { return window.gbQuiz.shuffle(list, rand); }
  var DOMAINS = { 1: "1. Organizational complexity", 2: "2. New solutions",
                  3: "3. Continuous improvement", 4: "4. Migration and modernization" };
  function newSeed() {
    var buf = new Uint32Array(1);
    (window.crypto || window.msCrypto).getRandomValues(buf);
    return buf[0] % 1000000;
  }

  /* Questions from every section in turn (in a seeded order), so a short exam still covers the
     sections evenly; then the draw is shuffled once more, and each question's options are put in
     an order drawn from the same sequence. */
  function draw(pool, n, seed) {
    var rand = rng(seed), groups = {}, order = [];
    pool.forEach(function (q) {
      if (!groups[q.section]) { groups[q.section] = []; order.push(q.section); }
      groups[q.section].push(q);
    });
    order = shuffle(order, rand);
    var queues = order.map(function (id) { return shuffle(groups[id], rand); }), picked = [];
    while (picked.length < n && queues.some(function (q) { return q.length; })) {
      queues.forEach(function (q) { if (q.length && picked.length < n) picked.push(q.shift()); });
    }
    return shuffle(picked, rand).map(function (q) {
      return { q: q, order: window.gbQuiz.shuffled(q.li, rand) };
    });
  }

  function Exam(root) {
    this.root = root;
    root.setAttribute("data-gb-ready", "");
    this.app = root.querySelector(".gb-exam__app");
    this.pool = Array.prototype.map.call(root.querySelectorAll(".gb-exam__pool .gb-quiz__q"), function (li) {
      var list = li.parentNode;
      return {
        li: li, id: li.getAttribute("data-qid"), quiz: li.getAttribute("data-quiz"),
        section: list.getAttribute("data-section") || li.getAttribute("data-quiz"),
        title: list.getAttribute("data-section-title") || list.getAttribute("data-quiz-title"),
        domain: li.getAttribute("data-domain") || "",
        multi: li.getAttribute("data-kind") === "multi",
        answer: window.gbQuiz.answerKeys(li)
      };
    });
    this.total = this.pool.length;
    this.perQuestion = Number(root.getAttribute("data-minutes-per-question")) || 2.4;
    var self = this;
    // Leaving a running exam asks first; its answers and time are kept anyway (a reload resumes).
    window.addEventListener("beforeunload", function (e) {
      if (self.items && !self.done && document.contains(self.root)) { e.preventDefault(); e.returnValue = ""; }
    });
    var running = readSession();
    if (running) this.start(running.n, running.seed, running.minutes, running);
    else this.setup();
  }

  /* The running exam, saved as it changes: questions (n and seed), answers by option key, and the
     deadline as a clock time, so a reload, a crash or a visit elsewhere resumes it with the time
     that really passed. */
  function sessionKey() { return window.gbQuiz.key() + ".exam-session"; }
  function readSession() {
    try {
      var s = JSON.parse(localStorage.getItem(sessionKey()));
      if (s && s.n >= 1 && s.seed >= 0 && s.answers && typeof s.answers === "object" && !Array.isArray(s.answers) &&
          (s.deadline === null || typeof s.deadline === "number")) return s;
    } catch (e) { /* unreadable: no exam to resume */ }
    return null;
  }
  function clearSession() {
    try { localStorage.removeItem(sessionKey()); } catch (e) { /* blocked storage */ }
  }

  Exam.prototype.params = function () {
    var q = new URLSearchParams(location.search);
    var n = parseInt(q.get("n"), 10), seed = parseInt(q.get("seed"), 10), minutes = parseInt(q.get("timer"), 10);
    var def = Number(this.root.getAttribute("data-default-size")) || 20;
    return {
      n: n >= 1 ? Math.min(n, this.total) : Math.min(def, this.total),
      seed: seed >= 0 && seed <= 4294967295 ? seed : newSeed(),
      timer: minutes > 0 ? minutes : (q.has("timer") ? 0 : null)
    };
  };

  Exam.prototype.setup = function () {
    var self = this, p = this.params();
    this.stopTimer();
    this.app.textContent = "";
    var form = el("form", "gb-exam__setup");
    form.noValidate = true;
    var official = { n: Number(this.root.getAttribute("data-official-questions")) || 75,
                     minutes: Number(this.root.getAttribute("data-official-minutes")) || 180 };
    form.innerHTML =
      '<div class="gb-exam__field"><button type="button" class="md-button gb-exam__official">Official format</button>' +
      '<span class="gb-exam__help">' + official.n + ' questions, ' + official.minutes + ' minutes, as in SAP-C02</span></div>' +
      '<div class="gb-exam__field"><label for="gb-exam-n">Questions</label>' +
      '<input id="gb-exam-n" name="n" type="number" inputmode="numeric" min="1" required>' +
      '<span class="gb-exam__help">of ' + this.total + ' in the bank</span></div>' +
      '<div class="gb-exam__field"><label for="gb-exam-seed">Seed</label>' +
      '<input id="gb-exam-seed" name="seed" type="text" inputmode="numeric" pattern="[0-9]{1,10}" required>' +
      '<button type="button" class="md-button gb-exam__reseed">New seed</button>' +
      '<span class="gb-exam__help">the same seed and number give the same questions</span></div>' +
      '<div class="gb-exam__field"><label><input name="timed" type="checkbox"> Timer</label>' +
      '<input id="gb-exam-minutes" name="minutes" type="number" inputmode="numeric" min="1" aria-label="Minutes">' +
      '<span class="gb-exam__help">minutes</span></div>' +
      '<p class="gb-exam__error" role="alert"></p>' +
      '<button type="submit" class="md-button md-button--primary">Start the exam</button>';
    var n = form.elements.n, seed = form.elements.seed, timed = form.elements.timed, minutes = form.elements.minutes;
    n.max = String(this.total);
    n.value = String(p.n);
    seed.value = String(p.seed);
    timed.checked = p.timer !== null || this.root.getAttribute("data-timer") === "true";
    var suggested = function () { return Math.max(1, Math.round((Number(n.value) || p.n) * self.perQuestion)); };
    minutes.value = String(p.timer || suggested());
    minutes.disabled = !timed.checked;
    var touched = !!p.timer;
    minutes.addEventListener("input", function () { touched = true; });
    n.addEventListener("input", function () { if (!touched) minutes.value = String(suggested()); });
    timed.addEventListener("change", function () { minutes.disabled = !timed.checked; });
    form.querySelector(".gb-exam__reseed").addEventListener("click", function () { seed.value = String(newSeed()); });
    form.querySelector(".gb-exam__official").addEventListener("click", function () {
      n.value = String(Math.min(official.n, self.total));
      timed.checked = true;
      minutes.disabled = false;
      minutes.value = String(official.minutes);
      touched = true;
      form.querySelector('button[type="submit"]').focus();
    });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var count = parseInt(n.value, 10), s = Number(seed.value), m = parseInt(minutes.value, 10);
      var error = form.querySelector(".gb-exam__error");
      if (!(count >= 1 && count <= self.total)) {
        error.textContent = "Choose between 1 and " + self.total + " questions.";
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
      self.start(count, s, timed.checked ? m : null);
    });
    this.app.appendChild(form);
  };

  Exam.prototype.start = function (n, seed, minutes, resumed) {
    var self = this;
    n = Math.min(n, this.total);
    this.n = n;
    this.seed = seed;
    this.minutes = minutes;
    this.done = false;
    this.deadline = resumed ? resumed.deadline : (minutes ? Date.now() + minutes * 60000 : null);
    var query = "?n=" + n + "&seed=" + seed + (minutes ? "&timer=" + minutes : "");
    history.replaceState(history.state, "", location.pathname + query + location.hash);
    this.items = draw(this.pool, n, seed).map(function (d, i) { return self.render(d.q, d.order, i); });
    this.app.textContent = "";
    var bar = el("div", "gb-exam__bar");
    this.counter = el("span", "gb-exam__counter");
    this.counter.setAttribute("aria-live", "polite");
    this.clock = el("span", "gb-exam__clock");
    this.clock.setAttribute("role", "timer");
    var submit = el("button", "md-button md-button--primary gb-exam__submit", "Submit answers");
    submit.type = "button";
    submit.addEventListener("click", function () { self.submit(false); });
    bar.appendChild(el("span", "gb-exam__seed", (resumed ? "Resumed · " : "") + "Seed " + seed + " · " + n + " questions"));
    bar.appendChild(this.counter);
    bar.appendChild(this.clock);
    bar.appendChild(submit);
    this.app.appendChild(bar);
    var list = el("ol", "gb-exam__list");
    this.items.forEach(function (it) { list.appendChild(it.li); });
    this.app.appendChild(list);
    var end = el("button", "md-button md-button--primary gb-exam__submit", "Submit answers");
    end.type = "button";
    end.addEventListener("click", function () { self.submit(false); });
    this.app.appendChild(end);
    if (resumed) {
      this.items.forEach(function (it) {
        var keys = resumed.answers[it.q.id];
        if (Array.isArray(keys)) it.inputs.forEach(function (input) { input.checked = keys.indexOf(input.value) >= 0; });
      });
    }
    this.count();
    this.persist();
    if (this.deadline) this.startTimer();
    var first = list.querySelector("input");
    if (first) first.focus({ preventScroll: true });
    bar.scrollIntoView({ block: "start" });
  };

  Exam.prototype.render = function (q, order, i) {
    var self = this, li = el("li", "gb-exam__q");
    li.setAttribute("data-qid", q.id);
    var head = el("p", "gb-exam__num", "Question " + (i + 1) + " of " + this.n);
    li.appendChild(head);
    li.appendChild(q.li.querySelector(".gb-quiz__stem").cloneNode(true));
    var fieldset = el("fieldset", "gb-exam__options");
    fieldset.appendChild(el("legend", "gb-visually-hidden", "Options for question " + (i + 1)));
    var inputs = [];
    var letters = {};
    order.forEach(function (key, at) {
      var opt = q.li.querySelector('.gb-quiz__option[data-key="' + key + '"]');
      var letter = "ABCDEF".charAt(at);
      letters[key] = letter;
      var label = el("label", "gb-exam__option");
      label.setAttribute("data-letter", letter);
      label.setAttribute("data-key", key);
      var input = el("input");
      input.type = q.multi ? "checkbox" : "radio";
      input.name = "gb-exam-q" + i;
      input.value = key;
      input.addEventListener("change", function () { self.count(); self.persist(); });
      label.appendChild(input);
      label.appendChild(el("span", "gb-quiz__letter", letter));
      label.appendChild(opt.querySelector(".gb-quiz__text").cloneNode(true));
      fieldset.appendChild(label);
      inputs.push(input);
    });
    li.appendChild(fieldset);
    return { q: q, li: li, inputs: inputs, letters: letters };
  };

  Exam.prototype.picked = function (it) {
    return it.inputs.filter(function (x) { return x.checked; }).map(function (x) { return x.value; });
  };
  Exam.prototype.count = function () {
    var self = this, done = this.items.filter(function (it) { return self.picked(it).length; }).length;
    this.counter.textContent = done + " of " + this.n + " answered";
  };

  Exam.prototype.persist = function () {
    var self = this, answers = {};
    this.items.forEach(function (it) { var p = self.picked(it); if (p.length) answers[it.q.id] = p; });
    try {
      localStorage.setItem(sessionKey(), JSON.stringify({ n: this.n, seed: this.seed, minutes: this.minutes,
                                                          deadline: this.deadline, answers: answers }));
    } catch (e) { /* full or blocked storage: the exam goes on, unsaved */ }
  };

  Exam.prototype.startTimer = function () {
    var self = this, end = this.deadline;
    var tick = function () {
      if (!document.contains(self.root)) { self.stopTimer(); return; }
      var left = Math.max(0, Math.round((end - Date.now()) / 1000));
      self.clock.textContent = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0") + " left";
      self.clock.setAttribute("data-low", left <= 60 ? "true" : "false");
      if (!left) self.submit(true);
    };
    this.timer = window.setInterval(tick, 1000);
    tick();
  };
  Exam.prototype.stopTimer = function () {
    if (this.timer) window.clearInterval(this.timer);
    this.timer = null;
  };

  Exam.prototype.submit = function (timeUp) {
    var self = this;
    if (this.done) return;
    var open = this.items.filter(function (it) { return !self.picked(it).length; }).length;
    if (!timeUp && open && !window.confirm(open + " question" + (open > 1 ? "s are" : " is") +
        " unanswered and will count as wrong. Submit anyway?")) return;
    this.done = true;
    this.stopTimer();
    clearSession();
    var sections = {}, domains = {}, correct = 0;
    this.items.forEach(function (it) {
      var picked = self.picked(it), ok = window.gbQuiz.sameSet(picked, it.q.answer);
      if (ok) correct += 1;
      var s = sections[it.q.section] || (sections[it.q.section] = { title: it.q.title, correct: 0, total: 0 });
      s.total += 1;
      if (ok) s.correct += 1;
      if (it.q.domain) {
        var d = domains[it.q.domain] || (domains[it.q.domain] = { title: DOMAINS[it.q.domain], correct: 0, total: 0 });
        d.total += 1;
        if (ok) d.correct += 1;
      }
      it.ok = ok;
      it.picked = picked;
    });
    var pairs = function (table) {
      return Object.keys(table).reduce(function (out, k) { out[k] = [table[k].correct, table[k].total]; return out; }, {});
    };
    var data = window.gbQuiz.load();
    data.exams.push({ at: Date.now(), n: this.n, seed: this.seed, correct: correct,
                      sections: pairs(sections), domains: pairs(domains) });
    data.exams = data.exams.slice(-20);
    window.gbQuiz.save(data);
    this.review(correct, sections, domains, timeUp);
  };

  function breakdown(label, rows, keys) {
    var table = el("table", "gb-exam__breakdown");
    var head = table.createTHead().insertRow();
    [label, "Correct"].forEach(function (h) { head.appendChild(el("th", "", h)); });
    var body = table.createTBody();
    keys.forEach(function (k) {
      var tr = body.insertRow();
      tr.insertCell().textContent = rows[k].title;
      tr.insertCell().textContent = rows[k].correct + " / " + rows[k].total;
    });
    return table;
  }

  Exam.prototype.review = function (correct, sections, domains, timeUp) {
    var self = this;
    this.app.textContent = "";
    var summary = el("section", "gb-exam__summary");
    summary.setAttribute("tabindex", "-1");
    summary.appendChild(el("h2", "", "Your result"));
    if (timeUp) summary.appendChild(el("p", "gb-exam__timeup", "Time is up: your answers were submitted."));
    var pct = Math.round(100 * correct / this.n);
    var score = el("p", "gb-exam__score");
    score.appendChild(el("strong", "", correct + " / " + this.n + " correct (" + pct + "%)"));
    summary.appendChild(score);
    summary.appendChild(el("p", "gb-exam__note",
      "The real exam reports a scaled score from 100 to 1,000 and passes at 750; a raw percentage here is " +
      "only a guide. Seed " + this.seed + " reproduces this exam."));
    summary.appendChild(breakdown("Section", sections, Object.keys(sections)));
    summary.appendChild(breakdown("SAP-C02 domain", domains, Object.keys(domains).sort()));
    var again = el("button", "md-button", "Retake this exam");
    again.type = "button";
    again.addEventListener("click", function () { self.done = false; self.start(self.n, self.seed, self.minutes); });
    var fresh = el("button", "md-button md-button--primary", "New exam");
    fresh.type = "button";
    fresh.addEventListener("click", function () {
      self.done = false;
      history.replaceState(history.state, "", location.pathname + location.hash);
      self.setup();
    });
    var actions = el("p", "gb-exam__actions");
    actions.appendChild(again);
    actions.appendChild(fresh);
    summary.appendChild(actions);
    this.app.appendChild(summary);

    this.app.appendChild(el("h2", "", "Review"));
    var list = el("ol", "gb-exam__list gb-exam__review");
    this.items.forEach(function (it) { list.appendChild(self.reviewItem(it)); });
    this.app.appendChild(list);
    summary.focus({ preventScroll: true });
    summary.scrollIntoView({ block: "start" });
  };

  Exam.prototype.reviewItem = function (it) {
    var li = it.li, q = it.q;
    li.setAttribute("data-state", it.ok ? "correct" : "wrong");
    var head = li.querySelector(".gb-exam__num");
    head.appendChild(document.createTextNode(" · " + q.title + " · "));
    head.appendChild(el("strong", "gb-exam__verdict", it.ok ? "Correct" : it.picked.length ? "Incorrect" : "Not answered"));
    it.inputs.forEach(function (input) {
      input.disabled = true;
      var label = input.parentNode, chosen = input.checked, right = q.answer.indexOf(input.value) >= 0;
      var state = chosen && right ? "correct" : chosen ? "wrong" : right ? "missed" : "";
      if (state) label.setAttribute("data-result", state);
      var fb = q.li.querySelector('.gb-quiz__fb[data-key="' + input.value + '"] .gb-quiz__fb-text');
      if (state && fb) {
        var note = el("span", "gb-quiz__note");
        note.appendChild(fb.cloneNode(true));
        label.appendChild(note);
      }
    });
    var answer = el("p", "gb-exam__answer");
    var named = function (keys) { return keys.map(function (k) { return it.letters[k]; }).sort().join(", "); };
    answer.appendChild(document.createTextNode("Your answer: " + (named(it.picked) || "none") +
      " · Correct answer: "));
    answer.appendChild(el("strong", "", named(q.answer)));
    li.appendChild(answer);
    li.appendChild(q.li.querySelector(".gb-quiz__explanation").cloneNode(true));
    var source = q.li.querySelector(".gb-exam__source");
    if (source) li.appendChild(source.cloneNode(true));
    return li;
  };

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".gb-exam:not([data-gb-ready])"), function (root) {
      if (window.gbQuiz) new Exam(root);
    });
  }
  window.gbExam = { init: init };
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init, { once: true }); // not again when Material starts (startup.js)
  } else {
    init();
  }
})();
