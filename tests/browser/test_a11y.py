"""Accessibility of every page: axe-core (from npm) in both palettes, contrast included, and every
control reachable and named by keyboard alone."""
from __future__ import annotations

import pytest

from browsing import Traffic, started
from sitepages import NODE_MODULES, built_pages, origin_of, palette_script

pytestmark = pytest.mark.browser

AXE = NODE_MODULES / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")
SCHEMES = ("default", "slate")


@pytest.fixture(scope="module")
def axe_path():
    if not AXE.is_file():
        pytest.fail(f"{AXE} not found. Install the npm tools: npm ci (make test does this)")
    return str(AXE)


@pytest.fixture(scope="module")
def open_page(browser, served):
    """Opens a page of the served site in one tab per (palette, width), reused across pages so that
    a test pays for a browser context once; returns (page, traffic)."""
    tabs = {}

    def go(path: str, scheme: str, width: int = 1280):
        if (scheme, width) not in tabs:
            traffic = Traffic(origin_of(served))
            context = browser.new_context(viewport={"width": width, "height": 900}, reduced_motion="reduce")
            traffic.attach(context, block=False)
            context.add_init_script(palette_script(scheme))
            tabs[scheme, width] = (context.new_page(), traffic)
        page, traffic = tabs[scheme, width]
        page.goto(served + path, wait_until="load")
        started(page)
        traffic.settle(page, quiet_ms=150)
        assert page.get_attribute("body", "data-md-color-scheme") == scheme
        return page, traffic

    yield go
    for page, _ in tabs.values():
        page.context.close()


RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary,
                              html: n.html.slice(0, 160)}))
  }));
}"""


def describe(path: str, scheme: str, violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{path or '/'} [{scheme}] {v['impact']}: {v['id']}: {v['help']} ({len(v['nodes'])} elements)")
        for n in v["nodes"][:5]:
            summary = " ".join((n["summary"] or "").split())
            lines.append(f"    {n['target']}\n      {n['html']}\n      {summary[:300]}")
    return "\n".join(lines)


# Off-screen figures and quizzes are not laid out (content-visibility: auto): axe would read stale
# geometry there (a canvas that seems to scroll, links that seem hidden) and could not judge their
# contrast at all. Everything is rendered for the audit, as it is for the reader who scrolls to it.
RENDER_ALL = """() => new Promise(done => {
  const style = document.createElement('style');
  style.textContent = '* { content-visibility: visible !important; }';
  document.head.append(style);
  requestAnimationFrame(() => requestAnimationFrame(done));
})"""


def test_axe_finds_no_serious_violation_on_any_page(site, open_page, axe_path):
    report, outside = [], []
    checked = 0
    for path in built_pages(site):
        for scheme in SCHEMES:
            page, traffic = open_page(path, scheme)
            page.evaluate(RENDER_ALL)
            page.add_script_tag(path=axe_path)
            violations = page.evaluate(RUN_AXE)
            checked += 1
            bad = [v for v in violations if v["impact"] in BLOCKING]
            if bad:
                report.append(describe(path, scheme, bad))
            outside += traffic.outside
    assert checked >= 14
    assert not report, "axe-core: serious or critical violations\n" + "\n".join(report)
    assert not outside, f"requests that left the site: {outside}"


def test_axe_catches_a_known_violation(open_page, axe_path):
    """The harness reports what axe finds: an unnamed button and grey-on-grey text are caught."""
    page, _ = open_page("", "slate")
    page.evaluate("""() => {
      const b = document.createElement('button'); b.innerHTML = '<svg width="10" height="10"></svg>';
      const p = document.createElement('p'); p.textContent = 'Barely visible text';
      p.style.cssText = 'color:#555;background:#444';
      document.querySelector('article').append(b, p);
    }""")
    page.add_script_tag(path=axe_path)
    ids = {v["id"] for v in page.evaluate(RUN_AXE) if v["impact"] in BLOCKING}
    assert {"button-name", "color-contrast"} <= ids, ids


# Everything a person can operate. An element with a click handler only (no role, not focusable)
# cannot be found from the markup, so features must use buttons, links and form controls.
INTERACTIVE = ", ".join([
    "a[href]", "area[href]", "button", "input:not([type=hidden])", "select", "textarea", "summary",
    "[tabindex]", "[contenteditable='']", "[contenteditable=true]", "audio[controls]", "video[controls]",
    "[onclick]", *(f"[role={r}]" for r in ("button", "link", "checkbox", "radio", "switch", "tab", "menuitem",
                                           "option", "slider", "spinbutton", "textbox", "combobox",
                                           "treeitem", "gridcell")),
])

# Why a person could not see an element ('' if they can): hidden, sizeless, or where no scrolling
# brings it (an off-canvas drawer, a box that clips it). A visually hidden input that shows its focus
# on a label (content tabs, Material's palette switch) is judged by that label.
UNSEEN = """() => { window.__unseen = el => {
  // A visually hidden radio or checkbox shows its focus on a label: one of its own (content tabs)
  // or the one after it (Material's palette switch).
  if (el.tagName === 'INPUT' && el.checkVisibility() && el.getBoundingClientRect().width < 1) {
    const next = el.nextElementSibling && el.nextElementSibling.tagName === 'LABEL' ? [el.nextElementSibling] : [];
    const shown = [...(el.labels || []), ...next].find(l => l.checkVisibility({visibilityProperty: true})
                                                          && l.getBoundingClientRect().width >= 1);
    if (shown) el = shown;
  }
  const r = el.getBoundingClientRect();
  if (r.width < 1 || r.height < 1) return 'has no size';
  if (!el.checkVisibility({opacityProperty: true, visibilityProperty: true})) return 'is hidden';
  const doc = document.documentElement;
  if (r.right + scrollX <= 0 || r.bottom + scrollY <= 0 || r.left + scrollX >= doc.scrollWidth)
    return 'is off the page';
  for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
    const cs = getComputedStyle(a);
    if (parseFloat(cs.opacity) === 0) return 'is inside a transparent ' + a.className;
    if (cs.position === 'fixed') {
      const f = a.getBoundingClientRect();
      if (f.right <= 0 || f.left >= innerWidth || f.bottom <= 0 || f.top >= innerHeight)
        return 'is in a panel off screen';
    }
    if (/hidden|clip/.test(cs.overflowX + cs.overflowY)) {
      const b = a.getBoundingClientRect();
      if (r.right <= b.left || r.left >= b.right || r.bottom <= b.top || r.top >= b.bottom)
        return 'is clipped by ' + a.className;
    }
  }
  return '';
}; }"""

CONTROLS = """(selector) => {
  // A <label> that looks clickable and whose checkbox is not rendered is the control itself
  // (Material's drawer and search buttons): it must take focus like a button.
  const labelButtons = [...document.querySelectorAll('label[for]')].filter(l => {
    const target = document.getElementById(l.htmlFor);
    const cs = getComputedStyle(l);
    return target && !target.checkVisibility() && cs.cursor === 'pointer' && cs.pointerEvents !== 'none';
  });
  // Of a radio group only the checked radio is a Tab stop; arrow keys move within the group.
  const otherRadio = el => el.type === 'radio' && !el.checked && el.name
    && document.querySelector(`input[type=radio][name="${el.name}"]:checked`);
  const operable = el => !el.closest('[inert], [aria-hidden=true], [hidden]') && !el.matches(':disabled')
    && !otherRadio(el)
    && (el.tabIndex >= 0 || el.matches('[role], [onclick], [contenteditable]') || labelButtons.includes(el));
  const all = [...new Set([...document.querySelectorAll(selector), ...labelButtons])];
  return all.filter(el => operable(el) && !window.__unseen(el)).map((el, i) => {
    el.dataset.kbd = String(i);
    return {id: el.dataset.kbd, tabIndex: el.tabIndex, html: el.outerHTML.slice(0, 140),
            group: el.type === 'radio' && el.name ? el.name : null};
  });
}"""

# The accessible name of a focused element: aria-labelledby, aria-label, <label>, content (img alt,
# SVG <title>; aria-hidden skipped), placeholder. A title alone does not count: Material's tooltips
# (content.tooltips) remove it while the element is focused, and screen readers treat it unevenly.
# (axe's link-name/button-name rules check names in the page at rest; this checks them in use.)
RECORD_FOCUS = """() => {
  window.__kbd = [];
  const text = node => {
    if (node.nodeType === Node.TEXT_NODE) return node.textContent;
    if (node.nodeType !== Node.ELEMENT_NODE || node.getAttribute('aria-hidden') === 'true') return '';
    if (node.hasAttribute('aria-label')) return node.getAttribute('aria-label');
    if (node.tagName === 'IMG') return node.getAttribute('alt') || '';
    if (node.tagName.toLowerCase() === 'title' && node.closest('svg')) return node.textContent;
    if (getComputedStyle(node).display === 'none') return '';
    return [...node.childNodes].map(text).join(' ');
  };
  const nameOf = el => {
    const ids = (el.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean);
    const parts = [
      ids.map(id => document.getElementById(id)).filter(Boolean).map(n => n.textContent).join(' '),
      el.getAttribute('aria-label') || '',
      el.labels ? [...el.labels].map(l => l.textContent).join(' ') : '',
      /^(INPUT|SELECT|TEXTAREA)$/.test(el.tagName)
        ? (['button', 'submit', 'reset'].includes(el.type) ? el.value : '')
        : [...el.childNodes].map(text).join(' '),
      el.getAttribute('placeholder') || '',
    ];
    return parts.map(p => p.replace(/\\s+/g, ' ').trim()).find(Boolean) || '';
  };
  // Seen when focus arrives: the browser scrolls it into view only afterwards.
  document.addEventListener('focusin', () => {
    let el = document.activeElement;
    while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
    if (!el || el === document.body) return;
    window.__kbd.push({id: el.dataset ? el.dataset.kbd || null : null, html: el.outerHTML.slice(0, 140),
                       hidden: window.__unseen(el), name: nameOf(el)});
  }, true);
}"""


# Final states only: a focus style that fades in is judged once it has, not halfway through.
NO_MOTION = "*, *::before, *::after { transition: none !important; animation: none !important; } " \
            "html { scroll-behavior: auto !important; }"


def prepare(page) -> None:
    page.add_style_tag(content=NO_MOTION)
    page.evaluate(UNSEEN)


def tab_through(page, batch: int = 20, limit: int = 2000) -> list[dict]:
    """Presses Tab from the top of the page until focus wraps around; the elements focused, in order."""
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); scrollTo(0, 0); }")
    page.evaluate(RECORD_FOCUS)
    for pressed in range(0, limit, batch):
        for _ in range(batch):
            page.keyboard.press("Tab")
        keys = page.evaluate("() => window.__kbd.map(e => e.id || e.html)")
        if keys and keys[0] in keys[1:]:
            break
    page.wait_for_timeout(50)
    focused = page.evaluate("() => window.__kbd")
    keys = [f["id"] or f["html"] for f in focused]
    if keys and keys[0] in keys[1:]:
        focused = focused[: keys.index(keys[0], 1)]
    return focused


def test_every_control_is_reachable_by_tab_and_named(site, open_page):
    report = []
    for path in built_pages(site):
        for width in (1280, 390):
            page, _ = open_page(path, "default", width)
            prepare(page)
            controls = page.evaluate(CONTROLS, INTERACTIVE)
            positive = [c["html"] for c in controls if c["tabIndex"] > 0]
            focused = tab_through(page)
            reached = {f["id"] for f in focused if f["id"]}
            # A radio group is one Tab stop; arrow keys move within it.
            groups = {c["group"] for c in controls if c["group"] and c["id"] in reached}
            missed = [c["html"] for c in controls
                      if c["id"] not in reached and not (c["group"] and c["group"] in groups)]
            unnamed = sorted({f["html"] for f in focused if not f["name"]})
            unseen = sorted({f"{f['hidden']}: {f['html']}" for f in focused if f["hidden"]})
            where = f"{path or '/'} ({width}px)"
            if positive:
                report.append(f"{where}: tabindex > 0 breaks the reading order:\n    " + "\n    ".join(positive))
            if missed:
                report.append(f"{where}: {len(missed)} of {len(controls)} controls not reachable by Tab:\n    "
                              + "\n    ".join(missed[:10]))
            if unnamed:
                report.append(f"{where}: focusable without an accessible name:\n    " + "\n    ".join(unnamed[:10]))
            if unseen:
                report.append(f"{where}: takes focus where it cannot be seen:\n    " + "\n    ".join(unseen[:10]))
            assert len(focused) >= 10, f"{where}: Tab reached only {len(focused)} elements"
    assert not report, "keyboard access:\n" + "\n".join(report)


def test_keyboard_check_catches_a_mouse_only_control(open_page):
    page, _ = open_page("", "default")
    prepare(page)
    page.evaluate("""() => {
      const d = document.createElement('div'); d.setAttribute('role', 'button'); d.textContent = 'Reveal answer';
      d.onclick = () => {};
      const b = document.createElement('button'); b.innerHTML = '<span class="icon"></span>';
      const a = document.createElement('a'); a.href = '#'; a.title = 'Only a title';
      a.innerHTML = '<svg width="10" height="10"></svg>';
      document.querySelector('article').append(d, b, a);
    }""")
    controls = page.evaluate(CONTROLS, INTERACTIVE)
    focused = tab_through(page)
    reached = {f["id"] for f in focused if f["id"]}
    missed = [c["html"] for c in controls if c["id"] not in reached]
    assert any("Reveal answer" in m for m in missed), missed
    unnamed = [f["html"] for f in focused if not f["name"]]
    assert any('class="icon"' in h for h in unnamed), "unnamed button not flagged"
    assert any('title="Only a title"' in h for h in unnamed), "a title alone is not a name in use"


def test_phone_navigation_opens_and_closes_by_keyboard(site, open_page):
    """At phone width the navigation lives in a drawer: its button takes focus, Enter opens it with
    focus inside, every page of the navigation is then reachable by Tab, and Escape closes it."""
    page, _ = open_page("250-event-processing/" if (site / "250-event-processing").is_dir() else "", "default", 390)
    prepare(page)
    button = page.locator(".md-header [data-md-for='__drawer']")
    assert button.count() == 1, "the drawer button is not a keyboard-operable button"
    # Tab from the top until the drawer button has focus.
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.dataset.mdFor === '__drawer'"):
            break
    else:
        raise AssertionError("Tab never reaches the navigation button")
    assert page.evaluate("() => document.activeElement.getAttribute('aria-expanded')") == "false"
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.getElementById('__drawer').checked")
    page.wait_for_function("() => document.activeElement.closest('.md-sidebar--primary') !== null")
    assert page.locator(".md-header [data-md-for='__drawer']").get_attribute("aria-expanded") == "true"
    expected = set(page.eval_on_selector_all(".md-sidebar--primary .md-nav--primary a.md-nav__link[href]",
                                             "els => els.filter(e => e.checkVisibility({visibilityProperty: true, opacityProperty: true})).map(e => e.href)"))
    reached = set()
    for _ in range(3 * len(expected) + 20):
        href = page.evaluate("() => document.activeElement.closest('.md-sidebar--primary') ? document.activeElement.href : null")
        if href:
            reached.add(href)
        page.keyboard.press("Tab")
    assert expected and expected <= reached, f"drawer links not reachable by Tab: {sorted(expected - reached)}"
    # Everything that takes focus in the open drawer can be seen: not hidden, not under another level.
    page.evaluate(RECORD_FOCUS)
    for _ in range(len(expected) + 10):
        page.keyboard.press("Tab")
    unseen = [f"{f['hidden']}: {f['html']}" for f in page.evaluate("() => window.__kbd") if f["hidden"]]
    assert not unseen, "focus inside the open drawer lands where it cannot be seen:\n" + "\n".join(unseen)
    # Back up one level by keyboard, and every top-level page is reachable too.
    back = page.locator(".md-sidebar--primary label.md-nav__title[tabindex]:visible")
    if back.count():
        back.first.focus()
        page.keyboard.press("Enter")
        page.wait_for_timeout(300)
        top = set(page.eval_on_selector_all(".md-nav--primary > .md-nav__list > .md-nav__item > a.md-nav__link[href]",
                                            "els => els.map(e => e.href)"))
        start = page.evaluate("() => { document.activeElement.dataset.start = '1'; return document.activeElement.outerHTML; }")
        assert "md-nav__link" in start, f"focus did not return to the level's label: {start[:120]}"
        seen = set()
        for key in ("Tab", "Shift+Tab"):
            page.evaluate("() => document.querySelector('[data-start]').focus()")
            for _ in range(len(top) + 5):
                page.keyboard.press(key)
                href = page.evaluate("() => document.activeElement.closest('.md-sidebar--primary') ? document.activeElement.href : null")
                if href:
                    seen.add(href)
        assert top <= seen, f"top-level pages not reachable by keyboard in the drawer: {sorted(top - seen)}"
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.getElementById('__drawer').checked")
    assert page.evaluate("() => document.activeElement.dataset.mdFor") == "__drawer", "focus returns to the button"


def test_axe_on_the_practice_pages_with_progress_in_them(open_page, axe_path):
    """The audit above sees the practice pages empty; here with answers, a running exam (navigator open,
    a question flagged), the mistakes to review and the kept answers listed."""
    report = []

    def audit(page, path, scheme):
        page.evaluate(RENDER_ALL)
        page.add_script_tag(path=axe_path)
        bad = [v for v in page.evaluate(RUN_AXE) if v["impact"] in BLOCKING]
        if bad:
            report.append(describe(path, scheme, bad))

    for scheme in SCHEMES:
        page, _ = open_page("251-caching/", scheme)
        page.on("dialog", lambda d: d.accept())  # leaving a running exam asks first
        page.evaluate("localStorage.clear()")
        page, _ = open_page("251-caching/", scheme)
        for i in range(3):
            q = page.locator(".gb-quiz .gb-quiz__q").nth(i)
            answer = q.get_attribute("data-answer").split()
            wrong = next(x for x in "ABCDE" if x not in answer)
            q.locator(f'.gb-quiz__option[data-letter="{wrong}"] .gb-quiz__choice').click()
            if q.get_attribute("data-kind") == "multi":
                q.locator(f'.gb-quiz__option[data-letter="{answer[0]}"] .gb-quiz__choice').click()
                q.locator(".gb-quiz__check").click()
        page, _ = open_page("exam/?n=4&seed=3", scheme)
        page.get_by_role("button", name="Start the exam").click()
        page.keyboard.press("1")
        page.keyboard.press("f")
        page.locator(".gb-exam__nav > summary").click()
        assert page.locator(".gb-exam__goto[data-flagged]").count() == 1
        audit(page, "exam/ (running)", scheme)
        for path in ("mistakes/", "progress/"):
            page, _ = open_page(path, scheme)
            if path == "mistakes/":
                assert page.locator(".gb-mistakes__list .gb-quiz__q").count() == 3
            audit(page, path, scheme)
        page.evaluate("localStorage.clear()")
    assert not report, "axe-core: serious or critical violations\n" + "\n".join(report)
