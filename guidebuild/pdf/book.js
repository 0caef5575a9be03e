// Assembles the study book inside an empty page served from the built site's origin.
// guidebuild/pdf.py evaluates this function with its Book (chapters in nav order, cover facts)
// and gets back what the PDF post-processing needs: problems found, page-number slots,
// chapter starts (running headers) and the outline. In the browser, so DOMParser and URL do
// the HTML parsing and URL resolution.
async (book) => {
  const problems = [];
  const base = new URL(book.base);
  const siteUrl = book.siteUrl ? new URL(book.siteUrl) : null;
  const root = document.getElementById("gb-book");

  const pathKey = (u) => {
    const x = new URL(u);
    return x.origin + x.pathname.replace(/index\.html$/, "");
  };
  const chapters = book.chapters.map((c, i) => ({
    ...c, i, anchor: `c${i}`, path: c.source || c.url || "index.html", url: new URL(c.url || "./", base).href,
  }));
  const byPath = new Map(chapters.map((c) => [pathKey(c.url), c]));

  const pages = chapters.map(async (c) => {
    const r = await fetch(c.url);
    if (!r.ok) throw new Error(`${c.path}: HTTP ${r.status} for ${c.url}: is the page in the built site?`);
    return new DOMParser().parseFromString(await r.text(), "text/html");
  });

  // The site's own stylesheets (Material, extra_css) in the site's order, then the book's;
  // they load while the other pages arrive.
  const first = await pages[0];
  const sheets = [...first.querySelectorAll('link[rel~="stylesheet"]')].map((l) => {
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = new URL(l.getAttribute("href"), chapters[0].url).href;
    return new Promise((ok) => {
      link.onload = ok;
      link.onerror = () => {
        problems.push({ page: null, message: `stylesheet ${link.href} did not load`, fix: "rebuild the site" });
        ok();
      };
      document.head.insertBefore(link, document.getElementById("gb-book-css"));
    });
  });
  const docs = await Promise.all(pages);
  document.documentElement.lang = first.documentElement.lang || "en"; // the tagged PDF's language
  for (const a of docs[0].body.attributes) {
    // Material's CSS keys list indents and admonition icons on [dir]; palette on data-md-color-*.
    if (a.name === "dir" || a.name.startsWith("data-md-color")) document.body.setAttribute(a.name, a.value);
  }
  document.body.setAttribute("data-md-color-scheme", "default"); // paper is white

  // The book page runs none of the site's scripts: gb.el of docs/assets/guide/guide.js, without its
  // null/boolean attribute values, which no call here uses.
  const el = (tag, attrs = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
    node.append(...children);
    return node;
  };

  // -- 1. Pull each page's article in, with ids namespaced per chapter -----------------
  const idMaps = [];
  const bodies = chapters.map((c, i) => {
    const article = docs[i].querySelector("article.md-content__inner") || docs[i].querySelector("article");
    if (!article) throw new Error(`${c.path}: no <article> in the page: is it built with the Material theme?`);
    article.querySelectorAll(
      ".md-content__button, .headerlink, .md-source-file, .gb-no-print, script, noscript, template",
    ).forEach((n) => n.remove());
    const ids = new Map();
    for (const n of article.querySelectorAll("[id]")) {
      const fresh = `${c.anchor}--${n.id}`;
      ids.set(n.id, fresh);
      n.id = fresh;
    }
    idMaps.push(ids);
    const section = el("section", { class: "gb-chapter", id: c.anchor, "data-chapter": String(i) });
    section.append(...document.adoptNode(article).childNodes);
    return section;
  });

  // -- 2. URLs: resources absolute, links to book pages in-document, the rest public ------
  const URL_ATTRS = ["href", "src", "xlink:href", "poster"];
  const isLink = (n) => n.localName === "a" || n.localName === "area";
  const rewriteLink = (c, raw) => {
    if (raw.startsWith("#")) {
      const id = decodeURIComponent(raw.slice(1));
      if (!id) return `#${c.anchor}`;
      if (idMaps[c.i].has(id)) return `#${idMaps[c.i].get(id)}`;
      problems.push({ page: c.path, needle: `#${id}`, message: `link to #${id}, which is not on the page`,
        fix: "link to an existing heading or anchor" });
      return raw;
    }
    const abs = new URL(raw, c.url);
    if (abs.origin !== base.origin) return raw; // external: stays clickable in the PDF
    const target = byPath.get(pathKey(abs.href));
    if (target) {
      const frag = decodeURIComponent(abs.hash.slice(1));
      if (!frag) return `#${target.anchor}`;
      if (idMaps[target.i].has(frag)) return `#${idMaps[target.i].get(frag)}`;
      problems.push({ page: c.path, needle: `#${frag}`, message: `link to ${raw}: no id '${frag}' on that page`,
        fix: "link to an existing heading or anchor of that page" });
      return `#${target.anchor}`;
    }
    // A site file that is not a book page (a download, a page outside the nav): the public URL.
    const rel = abs.pathname.startsWith(base.pathname) ? abs.pathname.slice(base.pathname.length) : abs.pathname;
    return siteUrl ? new URL(rel + abs.search + abs.hash, siteUrl).href : null;
  };
  // Only the elements that carry a URL or a url(#id) reference: a page has thousands of SVG shapes.
  const WITH_URL = "[*|href], [src], [poster], [srcset]";
  const WITH_REF = ["fill", "stroke", "filter", "clip-path", "mask", "marker-start", "marker-mid", "marker-end",
    "style"].map((a) => `[${a}*="url(#"]`).join(", ");
  const images = [];
  chapters.forEach((c, i) => {
    for (const n of bodies[i].querySelectorAll("img, image")) {
      const src = n.getAttribute("src") || n.getAttribute("href") || n.getAttribute("xlink:href") || "";
      images.push({ node: n, page: c.path, src });
      n.setAttribute("loading", "eager");
    }
    for (const n of bodies[i].querySelectorAll(WITH_URL)) {
      for (const attr of URL_ATTRS) {
        const raw = n.getAttribute(attr);
        if (raw === null || /^(data|mailto|tel):/i.test(raw.trim())) continue;
        const value = raw.trim();
        if (isLink(n)) {
          const out = rewriteLink(c, value);
          if (out === null) {
            problems.push({ page: c.path, needle: value, message: `link to ${value} has no address in the PDF`,
              fix: "set site_url in mkdocs.yml" });
            n.removeAttribute(attr);
          } else n.setAttribute(attr, out);
        } else if (!value.startsWith("#")) {
          n.setAttribute(attr, new URL(value, c.url).href);
        } else if (idMaps[i].has(value.slice(1))) {
          n.setAttribute(attr, `#${idMaps[i].get(value.slice(1))}`); // e.g. SVG <use>
        }
      }
      if (n.hasAttribute("srcset")) {
        n.setAttribute("srcset", n.getAttribute("srcset").split(",").map((part) => {
          const [u, ...rest] = part.trim().split(/\s+/);
          return [new URL(u, c.url).href, ...rest].join(" ");
        }).join(", "));
      }
    }
    // url(#gradient) and friends inside inline SVG follow their renamed ids.
    for (const n of bodies[i].querySelectorAll(WITH_REF)) {
      for (const a of [...n.attributes]) {
        if (a.value.includes("url(#")) {
          n.setAttribute(a.name, a.value.replace(/url\(#([^)]+)\)/g,
            (m, id) => (idMaps[i].has(id) ? `url(#${idMaps[i].get(id)})` : m)));
        }
      }
    }
    bodies[i].querySelectorAll("details").forEach((d) => d.setAttribute("open", ""));
  });

  // -- 3. Headings: chapter titles, the table of contents, page-number slots -------------
  let slotCount = 0;
  const slots = {};       // dest name -> {align, and the font the number is printed in}
  const slotLinks = [];
  const anchorAt = (heading) => {
    const name = `gbpn-${++slotCount}`;
    heading.prepend(el("span", { id: name, class: "gb-pn-target" }));
    return name;
  };
  const pageRef = (targetHeading, align, cls) => {
    const dest = anchorAt(targetHeading);
    slots[dest] = { align };
    const link = el("a", { href: `#${dest}`, class: cls });
    slotLinks.push([dest, link]);
    return link;
  };
  const textOf = (h) => h.textContent.replace(/\s+/g, " ").trim();

  const toc = el("ol", { class: "gb-toc__list" });
  const outline = [];
  const starts = [];        // {dest, title}: where each chapter's running header begins
  let part = null;
  let partNode = null;
  let coverTitle = "";

  const addChapter = (c, section) => {
    let h1 = section.querySelector("h1");
    if (!h1) {
      h1 = el("h1", {}, c.title);
      section.prepend(h1);
    }
    if (c.home) { // the home page's title goes on the cover; its text is the introduction
      coverTitle = coverTitle || textOf(h1);
      h1.textContent = c.title;
    }
    const title = textOf(h1);
    if (c.part !== part) {
      part = c.part;
      partNode = part ? { title: part, children: [] } : null;
      if (partNode) outline.push(partNode);
      if (part) toc.append(el("li", { class: "gb-toc__part" }, part));
    }
    const entry = pageRef(h1, "right", "gb-toc__entry gb-toc__entry--chapter");
    entry.append(el("span", { class: "gb-toc__title" }, title));
    const li = el("li", {}, entry);
    const node = { title, dest: entry.getAttribute("href").slice(1), children: [] };
    starts.push({ dest: node.dest, title });
    const sub = el("ol");
    for (const h2 of section.querySelectorAll("h2")) {
      const e = pageRef(h2, "right", "gb-toc__entry");
      e.append(el("span", { class: "gb-toc__title" }, textOf(h2)));
      sub.append(el("li", {}, e));
      node.children.push({ title: textOf(h2), dest: e.getAttribute("href").slice(1), children: [] });
    }
    if (sub.children.length) li.append(sub);
    toc.append(li);
    (partNode ? partNode.children : outline).push(node);
  };

  chapters.forEach((c, i) => root.append(bodies[i]));

  // Quiz answer keys (contract with the quiz engine: section.gb-quiz-key[data-quiz-title])
  // move to an appendix; each quiz and its key point at each other by page number.
  const keys = [];
  chapters.forEach((c, i) => {
    for (const key of bodies[i].querySelectorAll(".gb-quiz-key")) keys.push({ c, key });
  });
  let appendix = null;
  if (keys.length) {
    appendix = el("section", { class: "gb-chapter gb-appendix", id: "gb-answer-key" },
      el("h1", {}, "Answer key"));
    for (const { c, key } of keys) {
      const title = (key.getAttribute("data-quiz-title") || "").trim() || `${c.title} quiz`;
      const here = el("p", { class: "gb-quiz-answers" });
      key.replaceWith(here);
      const h2 = el("h2", {}, title);
      const entry = el("section", { class: "gb-key" }, h2);
      if (key.id) entry.id = key.id;
      // The key's own caption ("Answer key: <quiz>") repeats the heading above it.
      const caption = key.firstElementChild;
      if (caption && !caption.matches("ol, ul, dl, table") && textOf(caption).includes(title)
          && textOf(caption).length <= title.length + 20) caption.remove();
      const back = el("p", { class: "gb-key__back" }, "Questions on page ");
      back.append(pageRef(here, "left", "gb-pageref"));
      entry.append(back, ...key.childNodes);
      appendix.append(entry);
      here.append("Answers: in the answer key, page ", pageRef(h2, "left", "gb-pageref"));
    }
    root.append(appendix);
  }

  chapters.forEach((c, i) => addChapter(c, bodies[i]));
  if (appendix) addChapter({ title: "Answer key", part: null }, appendix);

  // -- 4. Cover and contents ---------------------------------------------------------------
  coverTitle = coverTitle || book.title;
  document.title = coverTitle;
  const cover = el("section", { class: "gb-cover" },
    el("p", { class: "gb-cover__kicker" }, coverTitle === book.title ? "" : book.title),
    el("div", { class: "gb-cover__title" }, coverTitle),
    el("p", { class: "gb-cover__subtitle" }, book.subtitle || ""),
    el("dl", { class: "gb-cover__meta" },
      el("dt", {}, "Date"), el("dd", {}, book.date),
      el("dt", {}, "Version"), el("dd", {}, book.version),
      ...(siteUrl ? [el("dt", {}, "Online"), el("dd", {}, el("a", { href: siteUrl.href }, siteUrl.href))] : [])),
    el("p", { class: "gb-cover__note" }, book.note || ""));
  const contents = el("section", { class: "gb-toc", id: "gb-toc" }, el("div", { class: "gb-toc__heading" }, "Contents"), toc);
  root.prepend(cover, contents);

  // -- 5. Wait for everything the print needs: stylesheets, fonts, every image -------------
  await Promise.all(sheets);
  // Diagram icons are PNG <image>s inside inline SVG: each one must really load.
  await Promise.all(images.map(({ node, page, src }) => node.decode().catch(() => {
    const diagram = node.closest("[data-diagram]")?.getAttribute("data-diagram");
    problems.push(diagram
      ? { page, needle: `diagram | ${diagram}`, message: `diagram '${diagram}': icon ${src} did not load`,
          fix: "rebuild the site (icons come from .cache/diagrams/icons)" }
      : { page, needle: src, message: `image ${src} did not load`, fix: "put the file in docs/ or fix the path" });
  })));
  await document.fonts.ready;
  // Two frames: SVG <image> elements paint from the now-warm cache before printing.
  await new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)));

  for (const [dest, link] of slotLinks) {
    const st = getComputedStyle(link);
    Object.assign(slots[dest], {
      fontSize: parseFloat(st.fontSize), lineHeight: parseFloat(st.lineHeight) || parseFloat(st.fontSize) * 1.2,
      fontWeight: st.fontWeight, color: st.color,
    });
  }
  const fontFamily = getComputedStyle(root).fontFamily;
  const controls = [...root.querySelectorAll("input, button, select, textarea")]
    .filter((n) => getComputedStyle(n).display !== "none").length;
  return { problems, slots, fontFamily, coverTitle, starts, outline, controls, keys: keys.length, images: images.length };
}
