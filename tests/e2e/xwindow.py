"""The real program under Xvfb, driven by real key events (xdotool), for the e2e tests.

CI sets ACH_REQUIRE_XVFB=1 so that a machine without Xvfb fails here instead
of skipping.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _tools_or_fail() -> None:
    missing = [t for t in ("Xvfb", "xdotool") if shutil.which(t) is None]
    if missing:
        message = f"needs {' and '.join(missing)} (packaging/system-deps.sh test installs them)"
        if os.environ.get("ACH_REQUIRE_XVFB"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture
def display() -> Iterator[str]:
    _tools_or_fail()
    read_fd, write_fd = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1400x900x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        number = pipe.readline().strip()
    assert number, "Xvfb did not report a display number"
    yield f":{number}"
    server.terminate()
    server.wait(timeout=10)


def xdotool(env: dict[str, str], *args: str, check: bool = True) -> str:
    done = subprocess.run(
        ["xdotool", *args], env=env, capture_output=True, text=True, timeout=30, check=False
    )
    if check and done.returncode != 0:
        raise AssertionError(f"xdotool {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout.strip()


class Program:
    """ACH Workbench started in its own process on the display, as an analyst starts it."""

    def __init__(self, display: str, *args: str):
        self.env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "app", *args],
            cwd=REPO,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.window = ""

    def wait_for_window(self, name: str) -> str:
        """The visible window whose title contains ``name``; it gets the keyboard."""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "the program exited before showing its window"
            found = xdotool(self.env, "search", "--onlyvisible", "--name", name, check=False)
            if found:
                self.window = found.splitlines()[-1]
                xdotool(self.env, "windowactivate", "--sync", self.window, check=False)
                xdotool(self.env, "windowfocus", "--sync", self.window, check=False)
                time.sleep(0.5)  # let the window settle and take focus
                return self.window
            time.sleep(0.25)
        raise AssertionError(f"no window named {name!r} appeared within a minute")

    def wait_until_gone(self, name: str) -> None:
        """No visible window's title contains ``name`` any more (a closed worksheet, a dialog)."""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "the program exited"
            if not xdotool(self.env, "search", "--onlyvisible", "--name", name, check=False):
                return
            time.sleep(0.25)
        raise AssertionError(f"the window named {name!r} was still open after a minute")

    def title(self) -> str:
        return xdotool(self.env, "getwindowname", self.window)

    def keys(self, *keys: str) -> None:
        """Key presses, as on a keyboard (each one goes to the window with the focus)."""
        for key in keys:
            xdotool(self.env, "key", "--clearmodifiers", "--delay", "60", key)

    def type(self, text: str) -> None:
        xdotool(self.env, "type", "--delay", "40", text)

    def quit(self) -> None:
        # The window may be gone before the key is released, so xdotool may complain.
        xdotool(self.env, "key", "--delay", "60", "ctrl+q", check=False)
        self.wait()

    def wait(self, timeout: float = 30) -> str:
        """The program's exit; returns what it wrote to stderr."""
        _out, err = self.process.communicate(timeout=timeout)
        assert self.process.returncode == 0, err
        assert "Traceback" not in err, err
        return err

    def kill(self) -> None:
        """A power cut, as far as the program can tell."""
        self.process.kill()
        self.process.communicate()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.communicate()
