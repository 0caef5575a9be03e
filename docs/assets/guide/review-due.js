/* The number of cards due today, on the home page (the /// review-due block of guidebuild/cards).
 * A page asset of a few hundred bytes: it reads the schedule review.js stores (`<site path>.gb-review`)
 * without ts-fsrs or the cards. Due: a stored card due by the end of today, or a card never reviewed
 * (the block's data-gb-total, the build's number of cards, less those stored). */
(() => {
  "use strict";

  window.gb.eachPage(() => {
    const box = document.querySelector(".gb-review-due");
    if (!box) return;
    const total = Number(box.getAttribute("data-gb-total")) || 0;
    let cards = {};
    try {
      const data = JSON.parse(localStorage.getItem(`${window.gb.scope().pathname}.gb-review`) || "null");
      if (data && data.v === 1 && data.cards && typeof data.cards === "object") cards = data.cards;
    } catch (e) { /* blocked storage or unreadable data: the review page says so; count all as new */ }
    const end = new Date();
    end.setHours(23, 59, 59, 999);
    const stored = Object.values(cards).filter((c) => c && typeof c.due === "number");
    const fresh = Math.max(0, total - stored.length);
    const due = stored.filter((c) => c.due <= +end).length + fresh;
    const p = box.querySelector(".gb-review-due__count");
    p.textContent = `${due} ${due === 1 ? "card" : "cards"} due today (${fresh} new).`;
    box.setAttribute("data-gb-due", String(due));
  });
})();
