/* Self-check quizzes (guidebuild/quiz.py renders them): immediate feedback, a score per quiz,
 * retry and reset, progress kept in localStorage and shown on the progress page and as markers
 * in the navigation. Options are shown in a new order on each attempt (the authored order is
 * kept for print and without JavaScript), so answers are saved by each option's stable key
 * (data-key), never by the letter on screen. */
(function () {
  "use strict";

  var VERSION = 1;
  var NUMBERS = { 2: "two", 3: "three", 4: "four", 5: "five" };

  /* Storage, scoped to the site like Material's own keys (several sites may share an origin). */
  function scope() {
    return window.__md_scope instanceof URL ? window.__md_scope : new URL("/", location.href);
  }
  function storageKey() { return scope().pathname + ".gb-quiz"; }
  function empty() { return { v: VERSION, quizzes: {}, exams: [] }; }
  function isObject(x) { return x !== null && typeof x === "object" && !Array.isArray(x); }
  function isKeys(x) {
    return Array.isArray(x) && x.length <= 6 && x.every(function (k) { return typeof k === "string" && k.length <= 64; });
  }
  /* What is stored is read against the schema, entry by entry: a value of another shape (an older
     format, a hand edit, another script on the same origin) is dropped, never trusted, so it can
     neither break a page nor swallow the answers saved after it. Returns the data and how many
     entries were dropped. */
  function repair(data) {
    var out = empty(), dropped = 0;
    if (!isObject(data) || data.v !== VERSION) return { data: out, dropped: 1 };
    if (isObject(data.quizzes)) {
      Object.keys(data.quizzes).forEach(function (id) {
        var rec = data.quizzes[id];
        if (!isObject(rec) || !isObject(rec.answers)) { dropped += 1; return; }
        var answers = {};
        Object.keys(rec.answers).forEach(function (qid) {
          var a = rec.answers[qid];
          if (isObject(a) && isKeys(a.picked) && typeof a.ok === "boolean") {
            answers[qid] = { picked: a.picked, ok: a.ok, at: Number(a.at) || 0, d: Number(a.d) || 0 };
          } else {
            dropped += 1;
          }
        });
        out.quizzes[id] = { answers: answers, title: typeof rec.title === "string" ? rec.title : id,
                            page: typeof rec.page === "string" ? rec.page : "", total: Number(rec.total) || 0 };
      });
    } else if (data.quizzes !== undefined) {
      dropped += 1;
    }
    if (Array.isArray(data.exams)) {
      data.exams.forEach(function (x) {
        if (isObject(x) && Number(x.n) > 0 && Number(x.correct) >= 0 && Number(x.seed) >= 0) out.exams.push(x);
        else dropped += 1;
      });
    } else if (data.exams !== undefined) {
      dropped += 1;
    }
    return { data: out, dropped: dropped };
  }
  var setAside = null;  // what could not be read this visit, kept for the reader to download
  function load() {
    var raw = null;
    try { raw = localStorage.getItem(storageKey()); } catch (e) { return empty(); }  // storage blocked
    if (raw === null) return empty();
    var parsed;
    try { parsed = JSON.parse(raw); } catch (e) { parsed = undefined; }
    var fixed = repair(parsed);
    if (fixed.dropped && setAside === null) {
      setAside = raw;
      notice("Some saved progress could not be read (" + fixed.dropped + " entr" + (fixed.dropped > 1 ? "ies" : "y") +
             ") and was set aside; the rest is kept.", raw);
    }
    return fixed.data;
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
  var shown = {};
  function notice(text, download) {
    if (shown[text] || !document.body) return;
    shown[text] = true;
    var box = el("div", "gb-store-notice admonition warning");
    box.setAttribute("role", "alert");
    box.appendChild(el("p", "", text));
    if (download !== null) {
      var a = el("a", "md-button", "Download what was set aside");
      a.href = URL.createObjectURL(new Blob([download], { type: "application/json" }));
      a.download = "study-guide-progress-set-aside.json";
      box.appendChild(a);
    }
    var host = document.querySelector(".md-content__inner") || document.body;
    host.insertBefore(box, host.firstChild);
  }
  function pagePath() {
    var path = location.pathname, base = scope().pathname;
    return path.indexOf(base) === 0 ? path.slice(base.length) : path;
  }
  function tally(record) {
    var answered = 0, correct = 0;
    Object.keys(record.answers || {}).forEach(function (qid) {
      answered += 1;
      if (record.answers[qid].ok) correct += 1;
    });
    return { answered: answered, correct: correct, total: record.total || 0 };
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text != null) node.textContent = text;
    return node;
  }
  function sameSet(a, b) {
    return a.length === b.length && a.every(function (x) { return b.indexOf(x) >= 0; });
  }
  function shuffle(list, rand) {
    var a = list.slice();
    for (var i = a.length - 1; i > 0; i--) {
      var j = Math.floor(rand() * (i + 1)), t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }
  var LETTERS = "ABCDEF";
  /* The question's options in ``keys`` order (all of them, a permutation), letters relabelled on
     screen; its answer disclosure follows, so feedback and "Answer:" name what is on screen. */
  function arrange(li, keys) {
    var list = li.querySelector(".gb-quiz__options"), fbList = li.querySelector(".gb-quiz__feedback");
    var letter = {};
    keys.forEach(function (key, i) {
      letter[key] = LETTERS.charAt(i);
      var opt = list.querySelector('.gb-quiz__option[data-key="' + key + '"]');
      list.appendChild(opt);
      opt.querySelector(".gb-quiz__letter").textContent = letter[key];
      var fb = fbList && fbList.querySelector('.gb-quiz__fb[data-key="' + key + '"]');
      if (fb) {
        fbList.appendChild(fb);
        var verdict = fb.querySelector(".gb-quiz__verdict strong");
        if (verdict) verdict.textContent = verdict.textContent.replace(/^[A-F]:/, letter[key] + ":");
      }
    });
    var solution = li.querySelector(".gb-quiz__solution strong");
    if (solution) solution.textContent = answerKeys(li).map(function (k) { return letter[k]; }).join(" and ");
    return letter;
  }
  function optionKeys(li) {
    return Array.prototype.map.call(li.querySelectorAll(".gb-quiz__option"), function (o) {
      return o.getAttribute("data-key");
    });
  }
  function authoredKeys(li) {
    return Array.prototype.slice.call(li.querySelectorAll(".gb-quiz__option")).sort(function (a, b) {
      return a.getAttribute("data-letter") < b.getAttribute("data-letter") ? -1 : 1;
    }).map(function (o) { return o.getAttribute("data-key"); });
  }
  function answerKeys(li) {
    return Array.prototype.filter.call(li.querySelectorAll(".gb-quiz__option"), function (o) {
      return o.getAttribute("data-correct") === "true";
    }).map(function (o) { return o.getAttribute("data-key"); }).sort();
  }
  /* A new order for one attempt; "Order: fixed" questions keep theirs. */
  function shuffled(li, rand) {
    var keys = authoredKeys(li);
    return li.getAttribute("data-order") === "fixed" ? keys : shuffle(keys, rand);
  }

  /* One quiz on a page. */
  function Quiz(root) {
    this.root = root;
    this.id = root.getAttribute("data-quiz");
    this.title = root.getAttribute("data-quiz-title");
    this.questions = Array.prototype.map.call(root.querySelectorAll(".gb-quiz__q"), function (li) {
      return new Question(li, this);
    }, this);
    var head = root.querySelector(".gb-quiz__head");
    this.score = el("p", "gb-quiz__score");
    this.score.setAttribute("aria-live", "polite");
    var reset = el("button", "gb-quiz__reset md-button", "Reset quiz");
    reset.type = "button";
    reset.addEventListener("click", this.reset.bind(this));
    head.appendChild(this.score);
    head.appendChild(reset);
    root.setAttribute("data-gb-ready", "");
    this.restore();
  }
  Quiz.prototype.record = function (data) {
    var rec = data.quizzes[this.id] || { answers: {} };
    rec.title = this.title;
    rec.page = pagePath();
    rec.total = this.questions.length;
    // Questions removed from the bank since the last visit no longer count.
    var known = this.questions.map(function (q) { return q.id; });
    Object.keys(rec.answers).forEach(function (qid) { if (known.indexOf(qid) < 0) delete rec.answers[qid]; });
    data.quizzes[this.id] = rec;
    return rec;
  };
  Quiz.prototype.restore = function () {
    var data = load(), rec = data.quizzes[this.id];
    if (rec) {
      this.questions.forEach(function (q) {
        var saved = rec.answers[q.id];
        // Saved by option key; picks that match no option (saved by letter before options were
        // shuffled, or an option since rewritten) are dropped rather than shown on the wrong option.
        if (saved && Array.isArray(saved.picked) && q.knows(saved.picked)) q.show(saved.picked, false);
        else delete rec.answers[q.id];
      });
      this.record(data);
      save(data);
    }
    this.update();
  };
  Quiz.prototype.answered = function (q, picked) {
    var data = load(), rec = this.record(data);
    rec.answers[q.id] = { picked: picked, ok: sameSet(picked, q.answer), at: Date.now(), d: Number(q.domain) || 0 };
    save(data);
    this.update();
  };
  Quiz.prototype.cleared = function (q) {
    var data = load(), rec = this.record(data);
    delete rec.answers[q.id];
    save(data);
    this.update();
  };
  Quiz.prototype.reset = function () {
    var data = load();
    delete data.quizzes[this.id];
    save(data);
    this.questions.forEach(function (q) { q.clear(); q.shuffle(); });
    this.update();
    this.questions[0] && this.questions[0].focus();
  };
  Quiz.prototype.update = function () {
    var done = this.questions.filter(function (q) { return q.picked; });
    var right = done.filter(function (q) { return q.ok; }).length;
    var total = this.questions.length;
    if (!done.length) {
      this.score.textContent = total + " questions · answer one to start your score";
    } else if (done.length < total) {
      this.score.textContent = "Score: " + right + " of " + done.length + " answered correctly · " +
        (total - done.length) + " to go";
    } else {
      this.score.textContent = "Score: " + right + " / " + total + " (" + Math.round(100 * right / total) + "%)" +
        (right === total ? " · all correct" : " · use Try again on the misses");
    }
    this.root.setAttribute("data-complete", done.length === total ? "true" : "false");
  };

  /* One question: option buttons, a check button when several answers are needed. */
  var questions = [];
  function Question(li, quiz) {
    questions.push(this);
    this.li = li;
    this.quiz = quiz;
    this.id = li.getAttribute("data-qid");
    this.domain = li.getAttribute("data-domain");
    this.multi = li.getAttribute("data-kind") === "multi";
    this.answer = answerKeys(li);
    this.picked = null;
    this.options = Array.prototype.map.call(li.querySelectorAll(".gb-quiz__option"), function (opt) {
      var button = el("button", "gb-quiz__choice");
      button.type = "button";
      while (opt.firstChild) button.appendChild(opt.firstChild);
      opt.appendChild(button);
      if (this.multi) button.setAttribute("aria-pressed", "false");
      button.addEventListener("click", this.choose.bind(this, opt.getAttribute("data-key")));
      return { li: opt, button: button, key: opt.getAttribute("data-key") };
    }, this);
    this.shuffle();
    this.details = li.querySelector(".gb-quiz__answer");
    this.result = el("div", "gb-quiz__result");
    this.result.setAttribute("aria-live", "polite");
    li.insertBefore(this.result, this.details);
    if (this.multi) {
      var actions = el("div", "gb-quiz__actions");
      this.check = el("button", "gb-quiz__check md-button md-button--primary", "Check answer");
      this.check.type = "button";
      this.check.disabled = true;
      this.check.addEventListener("click", this.submit.bind(this));
      this.hint = el("span", "gb-quiz__hint", "Select " + (NUMBERS[this.answer.length] || this.answer.length) +
        " options.");
      actions.appendChild(this.check);
      actions.appendChild(this.hint);
      li.insertBefore(actions, this.result);
    }
  }
  /* A new option order: on each page load, "Try again" and "Reset quiz". */
  Question.prototype.shuffle = function () {
    this.letter = arrange(this.li, shuffled(this.li, Math.random));
    var list = this.li.querySelector(".gb-quiz__options");
    this.options.sort(function (a, b) {
      return Array.prototype.indexOf.call(list.children, a.li) - Array.prototype.indexOf.call(list.children, b.li);
    });
  };
  Question.prototype.knows = function (keys) {
    var mine = this.options.map(function (o) { return o.key; });
    return keys.length > 0 && keys.every(function (k) { return mine.indexOf(k) >= 0; });
  };
  Question.prototype.choose = function (key) {
    if (this.picked) return;
    if (!this.multi) {
      this.show([key], true);
      this.quiz.answered(this, [key]);
      return;
    }
    var opt = this.options.filter(function (o) { return o.key === key; })[0];
    var on = opt.button.getAttribute("aria-pressed") !== "true";
    opt.button.setAttribute("aria-pressed", on ? "true" : "false");
    var n = this.selected().length;
    this.check.disabled = n !== this.answer.length;
    this.hint.textContent = n === this.answer.length ? "Ready to check." :
      "Selected " + n + " of " + this.answer.length + ".";
  };
  Question.prototype.selected = function () {
    return this.options.filter(function (o) { return o.button.getAttribute("aria-pressed") === "true"; })
      .map(function (o) { return o.key; });
  };
  Question.prototype.submit = function () {
    var picked = this.selected();
    if (picked.length !== this.answer.length) return;
    this.show(picked, true);
    this.quiz.answered(this, picked);
  };
  Question.prototype.show = function (picked, announce) {
    var self = this;
    this.picked = picked.slice();
    this.ok = sameSet(picked, this.answer);
    this.li.setAttribute("data-state", this.ok ? "correct" : "wrong");
    this.options.forEach(function (o) {
      var chosen = picked.indexOf(o.key) >= 0, right = self.answer.indexOf(o.key) >= 0;
      var state = chosen && right ? "correct" : chosen ? "wrong" : right ? "missed" : "";
      if (state) o.li.setAttribute("data-result", state);
      o.button.disabled = true;
      if (self.multi) o.button.setAttribute("aria-pressed", chosen ? "true" : "false");
      if (state) {
        var note = el("div", "gb-quiz__note");
        var label = { correct: "Your choice, correct.", wrong: "Your choice, incorrect.",
                      missed: chosen ? "" : "Correct answer." }[state];
        note.appendChild(el("strong", "", label));
        var fb = self.li.querySelector('.gb-quiz__fb[data-key="' + o.key + '"] .gb-quiz__fb-text');
        if (fb) note.appendChild(fb.cloneNode(true));
        o.li.appendChild(note);
      }
    });
    if (this.check) { this.check.disabled = true; this.hint.textContent = ""; }
    this.result.textContent = "";
    var verdict = el("p", "gb-quiz__verdict-line");
    verdict.appendChild(el("strong", "", this.ok ? "Correct." : "Not quite."));
    verdict.appendChild(document.createTextNode(this.ok ? "" : " The answer is " +
      this.answer.map(function (k) { return self.letter[k]; }).sort().join(" and ") + "."));
    var retry = el("button", "gb-quiz__retry md-button", "Try again");
    retry.type = "button";
    retry.addEventListener("click", function () {
      self.clear();
      self.shuffle();
      self.quiz.cleared(self);
      self.focus();
    });
    this.result.appendChild(verdict);
    this.result.appendChild(retry);
    this.details.open = true;
    if (!announce) this.result.removeAttribute("aria-live");
    else this.result.setAttribute("aria-live", "polite");
  };
  Question.prototype.clear = function () {
    this.picked = null;
    this.ok = false;
    this.li.removeAttribute("data-state");
    this.options.forEach(function (o) {
      o.li.removeAttribute("data-result");
      o.button.disabled = false;
      if (o.button.hasAttribute("aria-pressed")) o.button.setAttribute("aria-pressed", "false");
      var note = o.li.querySelector(".gb-quiz__note");
      if (note) note.remove();
    });
    if (this.check) {
      this.check.disabled = true;
      this.hint.textContent = "Select " + (NUMBERS[this.answer.length] || this.answer.length) + " options.";
    }
    this.result.textContent = "";
    this.details.open = false;
  };
  Question.prototype.focus = function () { this.options[0] && this.options[0].button.focus(); };

  /* Score markers after the navigation links of pages with a started quiz. */
  function markNav() {
    var data = load();
    Array.prototype.forEach.call(document.querySelectorAll(".gb-nav-score"), function (n) { n.remove(); });
    var byPage = {};
    Object.keys(data.quizzes).forEach(function (id) {
      var rec = data.quizzes[id], t = tally(rec);
      if (!t.answered || !rec.page) return;
      var target = new URL(rec.page, scope()).pathname;
      var sum = byPage[target] || { answered: 0, correct: 0, total: 0 };
      sum.answered += t.answered; sum.correct += t.correct; sum.total += t.total;
      byPage[target] = sum;
    });
    Array.prototype.forEach.call(document.querySelectorAll("a.md-nav__link[href]"), function (a) {
      var path = new URL(a.getAttribute("href"), location.href);
      if (path.hash) return;
      var sum = byPage[path.pathname];
      if (!sum) return;
      var done = sum.answered >= sum.total, perfect = done && sum.correct === sum.total;
      var badge = el("span", "gb-nav-score");
      badge.setAttribute("data-state", perfect ? "perfect" : done ? "done" : "started");
      badge.title = "Quiz: " + sum.correct + " of " + sum.total + " correct" +
        (done ? "" : " (" + sum.answered + " answered)");
      badge.appendChild(el("span", "gb-visually-hidden", "Quiz score: "));
      badge.appendChild(document.createTextNode(sum.correct + "/" + sum.total));
      a.appendChild(badge);
    });
  }

  /* The progress page: the table of every quiz the build knows, filled from storage. */
  function Progress(root) {
    this.root = root;
    root.setAttribute("data-gb-ready", "");
    this.app = root.querySelector(".gb-progress__app");
    var reset = el("button", "gb-progress__reset md-button", "Reset all progress");
    reset.type = "button";
    reset.addEventListener("click", function () {
      if (window.confirm("Delete every saved quiz answer and exam result kept in this browser?")) save(empty());
    });
    this.history = el("div", "gb-progress__history");
    this.app.appendChild(this.history);
    this.app.appendChild(reset);
    this.render();
  }
  Progress.prototype.render = function () {
    var data = load(), sum = { answered: 0, correct: 0, total: 0 };
    Array.prototype.forEach.call(this.root.querySelectorAll("tbody .gb-progress__row[data-quiz]"), function (tr) {
      var rec = data.quizzes[tr.getAttribute("data-quiz")];
      var total = Number(tr.getAttribute("data-total"));
      var t = rec ? tally(rec) : { answered: 0, correct: 0 };
      fill(tr, t.answered, t.correct, total);
      sum.answered += t.answered; sum.correct += t.correct; sum.total += total;
    });
    fill(this.root.querySelector(".gb-progress__sum"), sum.answered, sum.correct, sum.total);
    this.renderDomains(data);
    this.renderExams(data.exams);
  };
  /* The section quizzes' answers again, by SAP-C02 domain (the table maps question ids to domains). */
  Progress.prototype.renderDomains = function (data) {
    var table = this.root.querySelector(".gb-progress__domains");
    if (!table) return;
    var domainOf = {}, by = {};
    (table.getAttribute("data-domains") || "").split(" ").forEach(function (pair) {
      var at = pair.lastIndexOf(":");
      if (at > 0) domainOf[pair.slice(0, at)] = pair.slice(at + 1);
    });
    Object.keys(data.quizzes).forEach(function (id) {
      var answers = data.quizzes[id].answers || {};
      Object.keys(answers).forEach(function (qid) {
        var d = domainOf[qid];
        if (!d) return;
        var t = by[d] || (by[d] = { answered: 0, correct: 0 });
        t.answered += 1;
        if (answers[qid].ok) t.correct += 1;
      });
    });
    Array.prototype.forEach.call(table.querySelectorAll(".gb-progress__row[data-domain]"), function (tr) {
      var t = by[tr.getAttribute("data-domain")] || { answered: 0, correct: 0 };
      fill(tr, t.answered, t.correct, Number(tr.getAttribute("data-total")));
    });
  };
  function fill(tr, answered, correct, total) {
    if (!tr) return;
    tr.querySelector(".gb-progress__answered").textContent = answered + " / " + total;
    tr.querySelector(".gb-progress__correct").textContent = answered ?
      correct + " (" + Math.round(100 * correct / total) + "%)" : "–";
    var fillEl = tr.querySelector(".gb-progress__fill");
    fillEl.style.width = total ? (100 * correct / total) + "%" : "0%";
    fillEl.parentNode.setAttribute("data-state",
      answered >= total && correct === total ? "perfect" : answered ? "started" : "none");
    tr.querySelector(".gb-progress__bar").setAttribute("aria-label",
      correct + " of " + total + " correct, " + answered + " answered");
  }
  Progress.prototype.renderExams = function (exams) {
    var box = this.history, examHref = this.root.getAttribute("data-exam-href");
    box.textContent = "";
    box.appendChild(el("h2", "", "Exam mode results"));
    if (!exams.length) {
      box.appendChild(el("p", "", "No exam taken yet in this browser."));
      return;
    }
    var table = el("table");
    var head = table.createTHead().insertRow();
    ["Date", "Questions", "Score", "By domain", "Seed"].forEach(function (h) { head.appendChild(el("th", "", h)); });
    var body = table.createTBody();
    exams.slice().reverse().forEach(function (x) {
      var tr = body.insertRow();
      tr.insertCell().textContent = new Date(x.at).toLocaleString();
      tr.insertCell().textContent = String(x.n);
      tr.insertCell().textContent = x.correct + " / " + x.n + " (" + Math.round(100 * x.correct / x.n) + "%)";
      tr.insertCell().textContent = Object.keys(x.domains || {}).sort().map(function (d) {
        return "D" + d + " " + x.domains[d][0] + "/" + x.domains[d][1];
      }).join(" · ") || "–";
      var cell = tr.insertCell();
      if (examHref) {
        var a = el("a", "", String(x.seed));
        a.href = examHref + "?n=" + x.n + "&seed=" + x.seed;
        a.title = "Take this exam again";
        cell.appendChild(a);
      } else {
        cell.textContent = String(x.seed);
      }
    });
    box.appendChild(table);
  };

  var progressViews = [];
  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".gb-quiz:not([data-gb-ready])"), function (root) {
      new Quiz(root);
    });
    progressViews = Array.prototype.map.call(
      document.querySelectorAll(".gb-progress:not([data-gb-ready])"), function (root) { return new Progress(root); });
    markNav();
  }
  function refresh() {
    progressViews.forEach(function (p) { if (document.contains(p.root)) p.render(); });
    markNav();
  }

  /* Printing from the browser: the authored order, which the printed answer key follows. Both
     the print events and the print media query (emulated print fires only the latter). */
  var printing = false;
  function toPrint() {
    if (printing) return;
    printing = true;
    questions.forEach(function (q) { q.screen = optionKeys(q.li); arrange(q.li, authoredKeys(q.li)); });
  }
  function toScreen() {
    if (!printing) return;
    printing = false;
    questions.forEach(function (q) { if (q.screen) q.letter = arrange(q.li, q.screen); });
  }
  window.addEventListener("beforeprint", toPrint);
  window.addEventListener("afterprint", toScreen);
  var printMedia = window.matchMedia && window.matchMedia("print");
  if (printMedia && printMedia.addEventListener) {
    printMedia.addEventListener("change", function (e) { if (e.matches) toPrint(); else toScreen(); });
  }

  window.gbQuiz = { load: load, save: save, tally: tally, sameSet: sameSet, shuffle: shuffle, key: storageKey,
                    arrange: arrange, shuffled: shuffled, answerKeys: answerKeys };
  window.addEventListener("gb-quiz:progress", refresh);
  window.addEventListener("storage", function (e) { if (e.key === storageKey()) refresh(); });
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init, { once: true }); // not again when Material starts (startup.js)
  } else {
    init();
  }
})();
