"""Render generated pages to HTML and draw their Mermaid blocks in headless Chromium (tests, `make preview`)."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from markdown_it import MarkdownIt

ROOT = Path(__file__).resolve().parent.parent
PREVIEW = ROOT / ".preview"
"""Git-ignored: the screenshots of ``make preview``."""
NPM = ROOT / "browser"
"""Mermaid, pinned in ``package.json`` and ``package-lock.json``; ``make browser`` runs ``npm ci`` in it."""
MERMAID = NPM / "node_modules" / "mermaid"
MERMAID_JS = MERMAID / "dist" / "mermaid.min.js"
CHROMIUM_ENV = "JOURNAL_TOOLS_CHROMIUM"
"""Names the Chromium to run instead of ``chromium`` on PATH (a path that is not there: no browser)."""
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
    "--allow-file-access-from-files",
)
_RESULTS = re.compile(r'<pre id="results">(.*?)</pre>', re.DOTALL)
_SCRIPT = """
<script src="{mermaid}"></script>
<script>
(async () => {{
  const results = [];
  try {{
    mermaid.initialize({{startOnLoad: false, securityLevel: "strict"}});
    const blocks = [...document.querySelectorAll("pre.mermaid")];
    for (const [i, block] of blocks.entries()) {{
      const code = block.textContent;
      try {{
        const {{svg}} = await mermaid.render("chart" + i, code);
        const drawn = document.createElement("div");
        drawn.className = "chart";
        drawn.innerHTML = svg;
        block.replaceWith(drawn);
        const error = svg.includes('aria-roledescription="error"') || !drawn.querySelector("svg");
        results.push({{ok: !error, error: error ? "error diagram" : "", text: [...drawn.querySelectorAll("text")].map((t) => t.textContent).join("\\n")}});
      }} catch (e) {{
        results.push({{ok: false, error: String((e && e.message) || e).slice(0, 500), text: ""}});
      }}
    }}
  }} catch (e) {{
    results.push({{ok: false, error: "mermaid did not load: " + e, text: ""}});
  }}
  const out = document.createElement("pre");
  out.id = "results";
  out.textContent = JSON.stringify(results);
  document.body.appendChild(out);
}})();
</script>
"""
_STYLE = (
    "<style>body{font-family:sans-serif;max-width:1100px;margin:1em auto} table{border-collapse:collapse}"
)
_STYLE += (
    " td,th{border:1px solid #ccc;padding:2px 6px} pre{background:#f6f6f6} #results{display:none}</style>"
)


def chromium() -> str | None:
    """Return the Chromium executable ($JOURNAL_TOOLS_CHROMIUM or on PATH), or None when there is none."""
    chosen = os.environ.get(CHROMIUM_ENV)
    if chosen:
        return shutil.which(chosen)
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _version(package: Path) -> str:
    """Return the version a ``package.json`` gives (of the package, or pinned for its ``mermaid``)."""
    data = json.loads(package.read_text(encoding="utf-8"))
    return str(data.get("dependencies", {}).get("mermaid") or data.get("version", ""))


def mermaid_version() -> str:
    """Return the version of the installed Mermaid, or "" when none is installed."""
    installed = MERMAID / "package.json"
    return _version(installed) if installed.is_file() else ""


def missing() -> str:
    """Say what the browser check needs and lacks ("" when it can run)."""
    if chromium() is None:
        if os.environ.get(CHROMIUM_ENV):
            return f"{CHROMIUM_ENV}={os.environ[CHROMIUM_ENV]} is not an executable"
        return "no chromium on PATH (Debian: apt-get install -y chromium)"
    pinned = _version(NPM / "package.json")
    if not MERMAID_JS.is_file() or mermaid_version() != pinned:
        found = f"Mermaid {mermaid_version()}" if mermaid_version() else "no Mermaid"
        return f"{found} in {MERMAID.relative_to(ROOT)}, {pinned} pinned (make browser: npm ci in browser/)"
    return ""


def page_html(markdown: str) -> str:
    """Render a generated page to HTML, each ``mermaid`` fence as a block for Mermaid to draw."""
    body = markdown.split("\n---\n", 1)[1] if markdown.startswith("---\n") else markdown
    md = MarkdownIt("commonmark").enable("table")

    def fence(renderer, tokens, idx, options, env):  # type: ignore[no-untyped-def]
        token = tokens[idx]
        if token.info.strip() == "mermaid":
            return f'<pre class="mermaid">{html.escape(token.content)}</pre>\n'
        return str(renderer.fence(tokens, idx, options, env))

    md.add_render_rule("fence", fence)
    script = _SCRIPT.format(mermaid=MERMAID_JS.as_uri())
    return f"<!doctype html><html><head><meta charset='utf-8'>{_STYLE}</head><body>{md.render(body)}{script}</body></html>"


def _run(args: list[str], timeout: float = 60) -> str:
    """Run Chromium with the flags of this machine and a fresh profile; return what it printed."""
    exe = chromium()
    assert exe is not None
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run(
            [exe, *FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    return done.stdout


def draw(markdown: str, folder: Path, name: str = "page") -> list[dict[str, object]]:
    """Load a page in headless Chromium; return one result per Mermaid block (``ok``, ``error``, ``text``)."""
    path = folder / f"{name}.html"
    path.write_text(page_html(markdown), encoding="utf-8")
    dom = _run(["--virtual-time-budget=20000", "--dump-dom", path.as_uri()])
    found = _RESULTS.search(dom)
    if found is None:
        return [{"ok": False, "error": "no results: the page's script did not finish", "text": ""}]
    return list(json.loads(html.unescape(found.group(1))))


def screenshot(markdown: str, png: Path, height: int = 5000) -> None:
    """Write a PNG of a page with its charts drawn."""
    html_path = png.with_suffix(".html")
    html_path.write_text(page_html(markdown), encoding="utf-8")
    _run(
        [
            "--virtual-time-budget=20000",
            "--hide-scrollbars",
            f"--window-size=1200,{height}",
            f"--screenshot={png}",
            html_path.as_uri(),
        ]
    )


def version() -> str:
    """Return what Chromium says of its version, and Mermaid's."""
    exe = chromium()
    if exe is None:
        return ""
    said = subprocess.run([exe, "--version"], capture_output=True, text=True, check=False).stdout.strip()
    return f"{said}, Mermaid {mermaid_version()}"


def main() -> int:
    """``make preview``: build sample_vault into a scratch copy and screenshot its dashboard and a weekly page."""
    if missing():
        sys.stderr.write(f"preview: {missing()}\n")
        return 1
    from journal_tools.pipeline import build

    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "sample_vault"
        shutil.copytree(
            ROOT / "sample_vault", copy, ignore=shutil.ignore_patterns("Reviews", ".journal-tools")
        )
        build(copy, date(2026, 11, 20))
        PREVIEW.mkdir(exist_ok=True)
        sys.stdout.write(f"{version()}\n")
        for page, png in (("Dashboard.md", "dashboard.png"), ("Weekly/2026-W46.md", "weekly-2026-W46.png")):
            target = PREVIEW / png
            screenshot((copy / "Reviews" / page).read_text(encoding="utf-8"), target)
            sys.stdout.write(f"wrote {target.relative_to(ROOT)}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
