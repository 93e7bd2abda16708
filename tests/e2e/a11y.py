"""Accessibility measures taken in the browser: axe-core, sideways scrolling, target sizes, visible focus.

axe-core is the copy bundled by the pinned `axe-playwright-python` package (requirements.txt), read from
its files and injected into the page: no network, no Node.
"""

from importlib import resources

# WCAG 2.0 and 2.1, levels A and AA, plus axe's best practices (landmarks, one h1, skip link), reported but
# only blocking at the "serious" and "critical" impacts, or when named in ALWAYS_BLOCKING.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
BLOCKING_IMPACTS = {"critical", "serious"}
# Moderate by axe's reckoning, but each leaves a user stranded: the skip link goes nowhere without a
# <main>, a screen reader user jumping to the first heading finds none.
ALWAYS_BLOCKING = {"landmark-one-main", "skip-link", "page-has-heading-one", "bypass"}

_axe_source = None


def axe_source() -> str:
    global _axe_source
    if _axe_source is None:
        _axe_source = resources.files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")
    return _axe_source


def axe_violations(page) -> list[dict]:
    """axe-core's violations on the page as it is now (WCAG 2.1 A and AA, and best practices)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    result = page.evaluate("options => axe.run(document, options)", options)
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "targets": [" ".join(map(str, node["target"])) for node in v["nodes"]],
            "summary": v["nodes"][0].get("failureSummary", "") if v["nodes"] else "",
            "summaries": [node.get("failureSummary", "") for node in v["nodes"]],
        }
        for v in result["violations"]
    ]


def blocking(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v["impact"] in BLOCKING_IMPACTS or v["id"] in ALWAYS_BLOCKING]


def describe_violations(violations: list[dict], limit: int = 8) -> str:
    """One paragraph per rule: id, impact, what it asks, the first nodes' CSS selectors, why the first failed."""
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}, {len(v['targets'])} nodes): {v['help']}")
        lines.extend(f"    {target}" for target in v["targets"][:limit])
        if len(v["targets"]) > limit:
            lines.append(f"    … and {len(v['targets']) - limit} more")
        if v["summary"]:
            lines.append("    " + v["summary"].replace("\n", "\n    "))
    return "\n".join(lines)


def horizontal_overflow(page) -> int:
    """How many CSS pixels the page is wider than the window (0: no sideways scrolling)."""
    return page.evaluate("Math.max(0, document.scrollingElement.scrollWidth - window.innerWidth)")


# Every visible control smaller than min_size × min_size CSS pixels, with WCAG 2.5.5's exceptions: a link
# inside a sentence (its parent block has text of its own), a checkbox or radio whose label extends its
# target (the union of both is measured), and the map's pins (each shop is also a card or a link of the page,
# the criterion's "equivalent" exception).
_SMALL_TARGETS_JS = """
(minSize) => {
    const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], '
        + '[tabindex]:not([tabindex="-1"])';
    const visible = (el) => {
        const style = getComputedStyle(el);
        if (style.visibility === 'hidden' || style.display === 'none') return false;
        const r = el.getBoundingClientRect();
        // Off the page until focused (the skip link): measured by its own :focus style, not here.
        if (r.right + window.scrollX <= 0 || r.bottom + window.scrollY <= 0) return false;
        return r.width > 1 && r.height > 1 && !el.closest('[hidden], [aria-hidden=true], .sr-only');
    };
    const inSentence = (el) => {
        if (el.tagName !== 'A' || getComputedStyle(el).display !== 'inline') return false;
        let block = el.parentElement;
        while (block && getComputedStyle(block).display === 'inline') block = block.parentElement;
        if (!block) return false;
        const own = block.textContent.replace(/\\s+/g, ' ').trim();
        const link = el.textContent.replace(/\\s+/g, ' ').trim();
        return own.length > link.length + 1;
    };
    const box = (el) => {
        let r = el.getBoundingClientRect();
        let rect = {left: r.left, top: r.top, right: r.right, bottom: r.bottom};
        if (el.tagName === 'INPUT' && (el.type === 'checkbox' || el.type === 'radio')) {
            for (const label of el.labels || []) {
                const l = label.getBoundingClientRect();
                rect = {left: Math.min(rect.left, l.left), top: Math.min(rect.top, l.top),
                        right: Math.max(rect.right, l.right), bottom: Math.max(rect.bottom, l.bottom)};
            }
        }
        return {width: rect.right - rect.left, height: rect.bottom - rect.top};
    };
    const describe = (el) => {
        let name = el.tagName.toLowerCase();
        if (el.id) name += '#' + el.id;
        else if (el.classList.length) name += '.' + [...el.classList].join('.');
        const label = el.getAttribute('aria-label') || el.textContent || el.value || el.name || '';
        const text = label.replace(/\\s+/g, ' ').trim();
        return name + (text ? ` "${text.slice(0, 40)}"` : '');
    };
    const small = [];
    for (const el of document.querySelectorAll(selector)) {
        if (!visible(el) || inSentence(el)) continue;
        if (el.closest('.leaflet-marker-pane, .leaflet-control-attribution')) continue;
        const {width, height} = box(el);
        if (width + 0.5 < minSize || height + 0.5 < minSize) {
            small.push(`${describe(el)}: ${Math.round(width)}×${Math.round(height)}`);
        }
    }
    return small;
}
"""


def small_targets(page, min_size: int = 44) -> list[str]:
    """The visible controls under min_size px in either direction (links in a sentence excepted)."""
    return page.evaluate(_SMALL_TARGETS_JS, min_size)


# Whether the focused element shows it: an outline, or a box shadow, that it does not have unfocused.
FOCUS_SHOWN_JS = """
() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    const shadow = style.boxShadow && style.boxShadow !== 'none';
    const text = (el.textContent || el.value || el.name || '').trim().slice(0, 40);
    return {shown: outline || shadow, tag: el.tagName.toLowerCase(), text: text};
}
"""
