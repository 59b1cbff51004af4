"""`make serve` (tools/scripts/serve.sh) as an operator runs it: when one of its servers dies it stops the others
and fails (exit status 1), and it leaves nothing behind in the temp folder."""
from __future__ import annotations

import os
import signal
import subprocess
import time

import pytest

from tests.servers import FIXED_NOW, ROOT, free_port, kill_action_server, server_env, write_endpoints

# real servers, a trained model, a browser or a subprocess: `make test` runs it, `make test-unit` does not
pytestmark = pytest.mark.slow


def test_a_dead_server_stops_make_serve_with_a_failure_and_the_endpoints_copy_is_deleted(tmp_path, web_build):
    temp = tmp_path / "tmp"
    temp.mkdir()
    actions_port = free_port()
    endpoints = write_endpoints(tmp_path, free_port(), tmp_path / "trackers.db")  # names another port
    env = dict(server_env(FIXED_NOW), TMPDIR=str(temp), ENDPOINTS=str(endpoints), ACTIONS_PORT=str(actions_port),
               RASA_PORT=str(free_port()), WEB_PORT=str(free_port()))
    serve = subprocess.Popen(["bash", "tools/scripts/serve.sh"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        lines = []
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            line = serve.stdout.readline()
            lines.append(line)
            if "The assistant is ready" in line or not line:
                break
        assert "The assistant is ready" in "".join(lines), "".join(lines)
        assert not [line for line in lines if "about a minute" in line or "about 10 s" in line], lines
        assert list(temp.iterdir()), "the endpoints copy pointing at ACTIONS_PORT was written"
        kill_action_server(actions_port, group=serve.pid)
        output = serve.communicate(timeout=60)[0]
        assert serve.returncode == 1, output
        assert "a server stopped" in output
        assert list(temp.iterdir()) == []
    finally:
        if serve.poll() is None:
            os.killpg(serve.pid, signal.SIGKILL)
            serve.wait()
