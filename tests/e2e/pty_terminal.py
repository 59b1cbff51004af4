"""`make run`'s script in a pseudo-terminal, as a person has it: what it prints, and lines typed into it."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import threading
import time
from pathlib import Path

from tests.servers import FIXED_NOW, ROOT, free_port, kill_action_server
from tests.servers import _env as server_env

ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\r")


class Terminal:
    """`bash tools/scripts/run_shell.sh ENDPOINTS PORT` on a pty, in its own process group (stopped with
    everything it started). ``screen`` is what it printed so far, without terminal escapes."""

    def __init__(self, endpoints: Path, actions_port: int, verbose: bool = False) -> None:
        self.actions_port = actions_port
        env = dict(server_env(FIXED_NOW), RASA_PORT=str(free_port()), TERM="xterm")
        env.pop("VERBOSE", None)
        if verbose:
            env["VERBOSE"] = "1"
        master, slave = os.openpty()
        self.master = master
        self.process = subprocess.Popen(["bash", "tools/scripts/run_shell.sh", str(endpoints), str(actions_port)],
                                        cwd=ROOT, env=env, stdin=slave, stdout=slave, stderr=slave,
                                        start_new_session=True)
        os.close(slave)
        self._chunks: list[bytes] = []
        self._seen = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        while True:
            try:
                data = os.read(self.master, 4096)
            except OSError:
                return
            if not data:
                return
            self._chunks.append(data)

    @property
    def screen(self) -> str:
        return ESCAPES.sub("", b"".join(self._chunks).decode("utf-8", "replace"))

    def expect(self, pattern: str, timeout: float = 120) -> str:
        """Waits until ``pattern`` (a regular expression) appears after the last match; returns the text
        printed from there to the end of the match."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            match = re.compile(pattern).search(self.screen, self._seen)
            if match:
                seen, self._seen = self._seen, match.end()
                return self.screen[seen:match.end()]
            if self.process.poll() is not None and not re.search(pattern, self.screen[self._seen:]):
                time.sleep(0.5)
                break
            time.sleep(0.1)
        raise AssertionError(f"{pattern!r} not printed in {timeout:.0f} s; the screen ends with:\n{self.screen[-3000:]}")

    def type(self, line: str) -> None:
        os.write(self.master, line.encode("utf-8") + b"\r")

    def answer_to(self, line: str, timeout: float = 120) -> str:
        """Types ``line`` and returns everything printed until the next prompt."""
        self.type(line)
        return self.expect(r"(Vous|You) > ", timeout)

    def stop(self) -> str:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        time.sleep(0.2)
        os.close(self.master)
        return self.screen

    def kill_action_server(self) -> None:
        """The action server this terminal started, killed: "the action server is down"."""
        kill_action_server(self.actions_port, group=self.process.pid)
