"""Helpers of the browser tests (test_browser.py): a live `dyad serve` in a subprocess, the
system Chromium, and a watch on the JavaScript errors of a page."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import httpx
from playwright.sync_api import ConsoleMessage, Error, Page

ROOT = Path(__file__).resolve().parents[1]
SCREENSHOTS = ROOT / "tests" / "screenshots"  # git-ignored: for a reviewer to look at
CHROMIUM = Path("/usr/bin/chromium")  # Debian's; `playwright install` needs the internet
# Without the background-networking flags Chromium keeps calling home (updates, sync, …).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TOKEN = "browser-test-token"


def dyad(*args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """`python -m dyad.cli ARGS` from the repository root."""
    return subprocess.run(
        [sys.executable, "-m", "dyad.cli", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=timeout,
    )


def free_port() -> int:
    """A port nobody listens on (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class LiveServer:
    """`dyad serve --db DB` with review enabled (DYAD_TOKEN), on a free local port."""

    db: Path
    log_path: Path
    token: str = TOKEN
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    _log: IO[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> None:
        self._log = self.log_path.open("wb")
        command = ["serve", "--db", str(self.db), "--port", str(self.port)]
        self.process = subprocess.Popen(
            [sys.executable, "-m", "dyad.cli", *command],
            cwd=ROOT,
            env={**os.environ, "DYAD_TOKEN": self.token},
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.stop()
                raise RuntimeError(f"dyad serve exited early:\n{self.log()}")
            try:
                if httpx.get(f"{self.url}/openapi.json", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"dyad serve did not answer within {timeout:.0f} s:\n{self.log()}")

    def stop(self) -> None:
        """Stop the server (it then closes the store, which other processes may open)."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)
        if self._log is not None:
            self._log.close()
            self._log = None

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def log(self) -> str:
        if self._log is not None:
            self._log.flush()
        return self.log_path.read_text(errors="replace")[-4000:]


@dataclass
class ErrorWatch:
    """What went wrong in a page's JavaScript: uncaught exceptions and console errors
    (failed requests and CSP violations are logged as console errors too)."""

    errors: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> None:
        page.on("pageerror", self._page_error)
        page.on("console", self._console)

    def _page_error(self, error: Error) -> None:
        self.errors.append(f"uncaught: {error.message}")

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(f"console: {message.text} ({message.location.get('url', '')})")

    def unexpected(self, *allowed: str) -> list[str]:
        """The errors matching none of the `allowed` patterns (regular expressions)."""
        return [e for e in self.errors if not any(re.search(a, e) for a in allowed)]

    def assert_clean(self, *allowed: str) -> None:
        found = self.unexpected(*allowed)
        assert not found, "JavaScript errors:\n" + "\n".join(found)


def screenshot(page: Page, name: str) -> None:
    """The whole page as tests/screenshots/NAME.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def count_of(text: str) -> int:
    """The number in a pager's total ("54 events" → 54)."""
    found = re.match(r"\s*(\d+)", text)
    assert found, f"no count in {text!r}"
    return int(found.group(1))
