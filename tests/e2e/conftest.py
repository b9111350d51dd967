"""Browser journeys: Playwright driving Debian's Chromium against a live server.

The browser is /usr/bin/chromium (installed by .ci/run); no browser is ever downloaded.
In CI a missing browser or axe-core fails the run; on a developer machine without
them the journeys are skipped with the reason.
"""

import json
import os
from pathlib import Path

import pikepdf
import pytest
from django.core.management import call_command
from playwright.sync_api import sync_playwright

from tests.second_factor import code_for, device_of

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
# pytest-playwright empties test-results/ at the start of every session, including
# another developer's run in the same tree: E2E_SCREENSHOTS keeps them elsewhere.
SCREENSHOTS = Path(
    os.environ.get(
        "E2E_SCREENSHOTS",
        Path(__file__).resolve().parents[2] / "test-results" / "screenshots",
    )
)
PHONE = {"width": 390, "height": 844}


# pytest-playwright keeps one Playwright (and its event loop in the main thread) for the
# whole session. Django's ORM refuses to run beside a running loop unless
# DJANGO_ALLOW_ASYNC_UNSAFE is set, and that variable must not leak into the rest of the
# run (a subprocess `manage.py check --deploy` fails on async.E001). So Playwright
# lives for this package only, and the variable with it.


@pytest.fixture(scope="package")
def playwright(_pw_api_request_contexts):
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    pw = sync_playwright().start()
    if _pw_api_request_contexts:
        _pw_api_request_contexts.instrument(pw)
    yield pw
    pw.stop()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture(scope="package")
def browser_type(playwright, browser_name):
    return getattr(playwright, browser_name)


@pytest.fixture(scope="package")
def browser(browser_type, browser_type_launch_args):
    browser = browser_type.launch(**browser_type_launch_args)
    yield browser
    browser.close()


def _missing() -> str | None:
    if not CHROMIUM.exists():
        return "Debian's chromium is not installed (apt-get install chromium)"
    if not AXE.exists():
        return "axe-core is not installed (npm ci --prefix tests/e2e)"
    return None


def pytest_collection_modifyitems(config, items):
    reason = _missing()
    if reason is None:
        return
    for item in items:
        if "e2e" in item.keywords:
            if os.environ.get("CI"):
                item.add_marker(pytest.mark.usefixtures("_browser_missing_in_ci"))
            else:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture
def _browser_missing_in_ci():
    pytest.fail(f"CI must run the browser journeys: {_missing()}")


@pytest.fixture(scope="package")
def browser_context_args(pytestconfig, _pw_artifacts_folder):
    """pytest-playwright's (video only; no --device or --base-url here), in Swedish."""
    args = {"locale": "sv-SE", "timezone_id": "Europe/Stockholm"}
    if pytestconfig.getoption("--video") in {"on", "retain-on-failure"}:
        args["record_video_dir"] = _pw_artifacts_folder.name
    return args


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(autouse=True)
def _fail_fast(request):
    """Ten seconds for any one wait: a journey that hangs fails soon with its step."""
    if "page" in request.fixturenames:
        request.getfixturevalue("page").set_default_timeout(10_000)


@pytest.fixture
def demo_site(live_server, transactional_db):
    """The live server with the demo data loaded."""
    with open(os.devnull, "w") as devnull:
        call_command("load_demo", stdout=devnull)
    return live_server.url


def login(page, base_url: str, username: str, password: str = "demo") -> None:
    page.goto(f"{base_url}/konto/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state()
    if "/konto/tvastegsverifiering/" in page.url:
        # Staff give the code their authenticator app shows (accounts.second_factor).
        page.locator("#id_code").fill(code_for(device_of(username)))
        page.get_by_role("button", name="Verifiera").click()
        page.wait_for_load_state()


class AxeScanner:
    """Runs axe-core on pages and keeps a count of what it scanned."""

    tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

    def __init__(self) -> None:
        self.pages: list[str] = []

    def check(self, page) -> None:
        # Runtime evaluation is not subject to the page's CSP: no inline script needed.
        page.evaluate(AXE.read_text() + "\n;0")
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
            self.tags,
        )
        self.pages.append(page.url)
        violations = [
            {
                "id": v["id"],
                "impact": v["impact"],
                "help": v["help"],
                "targets": [n["target"] for n in v["nodes"]][:5],
            }
            for v in result["violations"]
        ]
        assert violations == [], f"{page.url}:\n{json.dumps(violations, indent=1)}"


@pytest.fixture
def axe():
    return AxeScanner()


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def watch_console(page) -> list[str]:
    """Collect console errors, page errors and CSP violations of every page visited.

    securitypolicyviolation events are reported through a binding that Playwright
    injects itself, so the page's CSP does not stop the reporter.
    """
    problems: list[str] = []
    page.on(
        "console",
        lambda message: (
            problems.append(f"console {message.type}: {message.text}")
            if message.type in {"error", "warning"}
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.expose_binding(
        "reportCspViolation", lambda _source, text: problems.append(f"CSP: {text}")
    )
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e =>"
        " window.reportCspViolation("
        "`${e.violatedDirective} blocked ${e.blockedURI} on ${e.documentURI}`));"
    )
    return problems


def small_pdf(path: Path, pages: int, label: str) -> Path:
    """A PDF of `pages` pages, each saying "<label> sida <n>", made with pikepdf."""

    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.Type1,
            BaseFont=pikepdf.Name.Helvetica,
        )
    )
    for number in range(1, pages + 1):
        page = pdf.add_blank_page(page_size=(595, 842))
        page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
        page.obj.Contents = pdf.make_stream(
            f"BT /F1 20 Tf 72 700 Td ({label} sida {number}) Tj ET".encode()
        )
    pdf.save(path)
    return path
