"""Reusable helpers for the browser tests: Debian's chromium through Playwright, axe-core, screenshots.

    from tests.browser.helpers import launch_browser, run_axe, serious_violations, screenshot

    with launch_browser() as browser:
        page = browser.new_page(viewport=PHONE)
        page.goto(live_server.url + "/")
        assert serious_violations(page) == []
"""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = REPO / "test-artifacts"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")


@contextmanager
def launch_browser() -> Iterator[Browser]:
    """Debian's chromium, headless; closed on the way out."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def new_axe_page(browser: Browser, **kwargs) -> Page:
    """A page in a context that lets axe-core be injected despite the site's strict CSP.

    Use it only for the axe run: check the CSP itself in an ordinary context (`csp_errors`).
    """
    return browser.new_context(bypass_csp=True, **kwargs).new_page()


def run_axe(page: Page, tags: tuple[str, ...] = WCAG_TAGS) -> list[dict]:
    """All axe-core violations of the page's WCAG 2.1 A/AA rules (each with id, impact, help, nodes)."""
    assert AXE_JS.is_file(), f"{AXE_JS} missing: run `npm ci` (make test does)"
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        list(tags),
    )
    return result["violations"]


def serious_violations(page: Page) -> list[str]:
    """Serious or critical violations, readable in an assertion message."""
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
        for v in run_axe(page)
        if v["impact"] in {"serious", "critical"}
    ]


def screenshot(page: Page, name: str, full_page: bool = True) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    if full_page:
        # Lazy pictures below the fold load only when scrolled to, as they would for a reader.
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        page.wait_for_load_state("networkidle")
        page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(path), full_page=full_page)
    return path


def collect_csp_errors(page: Page) -> list[str]:
    """Start collecting console errors that report a Content-Security-Policy refusal."""
    errors: list[str] = []
    page.on(
        "console",
        lambda message: errors.append(message.text)
        if message.type == "error" and "Content Security Policy" in message.text
        else None,
    )
    return errors
