/* Review my mistakes (the /// quiz-mistakes block of guidebuild/quiz/mistakes.py): across every
 * section quiz, only the questions the student got wrong, on the latest attempt or on the first
 * (the student chooses), answered again like a quiz with the explanations. The questions come from
 * the page's hidden pool (each quiz as its own page rendered it, copied in by the build), are shown
 * by quiz.js's Quiz in its "partial" mode, and every answer here is an attempt of the progress
 * model (gb.quiz). The list is drawn when the page opens or the choice changes, so a question
 * answered right here stays until then. A page asset: runs after the site's bundle. */
(() => {
  "use strict";

  const gb = window.gb;
  if (gb.mistakes) return; // set up once, should instant navigation run it again
  const { el } = gb;
  const CHOICES = { latest: "Wrong on my latest attempt", first: "Wrong on my first attempt" };

  /* Is a stored question a mistake by ``by``: its latest attempt, or its first, was wrong. */
  function wrong(saved, by) {
    if (!saved || !saved.tries.length) return false;
    return !(by === "first" ? saved.tries[0] : saved.tries[saved.tries.length - 1]).ok;
  }

  class Mistakes {
    constructor(root) {
      this.root = root;
      root.setAttribute("data-gb-ready", "");
      this.app = root.querySelector(".gb-mistakes__app");
      const asked = new URLSearchParams(location.search).get("by");
      this.by = asked === "first" ? "first" : "latest";
      const form = el("fieldset", { class: "gb-mistakes__by" }, el("legend", {}, "Show the questions"));
      for (const [value, label] of Object.entries(CHOICES)) {
        const input = el("input", { type: "radio", name: "gb-mistakes-by", value });
        input.checked = value === this.by;
        input.addEventListener("change", () => {
          this.by = value;
          const query = value === "first" ? "?by=first" : "";
          history.replaceState(history.state, "", location.pathname + query + location.hash);
          this.draw();
        });
        form.append(el("label", {}, input, ` ${label}`));
      }
      this.count = el("p", { class: "gb-mistakes__count", role: "status" });
      this.list = el("div", { class: "gb-mistakes__list" });
      this.app.append(form, this.count, this.list);
      this.draw();
    }

    draw() {
      const data = gb.quiz.load();
      this.list.textContent = "";
      let n = 0;
      for (const pool of this.root.querySelectorAll(".gb-exam__pool ol.gb-quiz__list[data-quiz]")) {
        const id = pool.getAttribute("data-quiz"), rec = data.quizzes[id];
        if (!rec) continue;
        const items = [...pool.querySelectorAll(":scope > .gb-quiz__q")]
          .filter((li) => wrong(rec.questions[li.getAttribute("data-qid")], this.by));
        if (!items.length) continue;
        n += items.length;
        const title = pool.getAttribute("data-quiz-title");
        const quiz = el("div", { class: "gb-quiz", "data-quiz": id, "data-quiz-title": title },
          el("div", { class: "gb-quiz__head" }, el("p", { class: "gb-quiz__title" }, title)),
          el("ol", { class: "gb-quiz__list" }, ...items.map((li) => li.cloneNode(true))));
        this.list.append(quiz);
        new gb.quiz.Quiz(quiz, true);
      }
      const which = this.by === "first" ? "first" : "latest";
      this.count.textContent = n
        ? `${n} question${n > 1 ? "s" : ""} wrong on your ${which} attempt. Answer them again: each answer counts as a new attempt.`
        : `No question is wrong on your ${which} attempt. Answer the quiz at the end of each section, or ` +
          "choose the other list.";
    }
  }

  function init() {
    for (const root of document.querySelectorAll(".gb-mistakes:not([data-gb-ready])")) {
      if (gb.quiz && gb.quiz.Quiz) new Mistakes(root);
    }
  }
  gb.mistakes = { init, wrong };
  gb.eachPage(init);
})();
