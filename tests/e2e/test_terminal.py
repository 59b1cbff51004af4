"""`make run` in a terminal: a clean prompt (no third-party warnings), then the assistant answers."""
import os
import signal
import subprocess

from tests.servers import FIXED_NOW, ROOT, free_port, write_endpoints
from tests.servers import _env as server_env


def run_shell(tmp_path, typed: str, verbose: bool = False, timeout: float = 300, stop_at_timeout: bool = False) -> str:
    """`make run`'s script with ``typed`` as its input; what it printed. Its own process group, so that a
    shell still running at ``timeout`` is stopped with its action server (then an error, unless
    ``stop_at_timeout``)."""
    actions_port = free_port()
    endpoints = write_endpoints(tmp_path, actions_port, tmp_path / "trackers.db")
    env = dict(server_env(FIXED_NOW), RASA_PORT=str(free_port()))
    env.pop("VERBOSE", None)
    if verbose:
        env["VERBOSE"] = "1"
    shell = subprocess.Popen(["bash", "scripts/run_shell.sh", str(endpoints), str(actions_port)], cwd=ROOT, env=env,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                             start_new_session=True)
    try:
        return shell.communicate(typed, timeout=timeout)[0]
    except subprocess.TimeoutExpired:
        output = _stop(shell)
        if stop_at_timeout:
            return output
        raise AssertionError(f"the shell was still running after {timeout:.0f} s:\n{output[-3000:]}") from None


def _stop(shell: subprocess.Popen) -> str:
    """Stops the shell's whole process group (bash, the Rasa shell, the action server); what it printed."""
    os.killpg(shell.pid, signal.SIGTERM)
    try:
        return shell.communicate(timeout=30)[0]
    except subprocess.TimeoutExpired:
        os.killpg(shell.pid, signal.SIGKILL)
        return shell.communicate()[0]


def test_the_prompt_comes_without_warnings_and_the_assistant_answers(tmp_path):
    output = run_shell(tmp_path, "bonjour\n/stop\n")
    assert "Bot loaded" in output
    assert "Bonjour" in output
    noisy = [line for line in output.splitlines()
             if "Warning" in line and "Input is not a terminal" not in line or " INFO " in line]
    assert not noisy, noisy[:10]


def test_an_answer_with_buttons_logs_no_error(tmp_path):
    """Button payloads such as /inform{"number": "2"} are not taken for placeholders (server_checks/payloads.py).
    Piped input cannot choose a button, so the shell is stopped once it has answered."""
    output = run_shell(tmp_path, "combien pour ajouter mes enfants?\n", timeout=150, stop_at_timeout=True)
    assert "Combien d'enfants?" in output, output[-3000:]
    assert "interpolator" not in output and "KeyError" not in output, output[-3000:]


def test_verbose_shows_the_full_log(tmp_path):
    output = run_shell(tmp_path, "/stop\n", verbose=True)
    assert "Bot loaded" in output
    assert " DEBUG " in output


def test_source_links_are_plain_text_in_the_terminal(capsys, monkeypatch):
    """The hook `make run` installs around Rasa's console printer (scripts/quiet_rasa.py)."""
    import runpy
    import warnings

    from rasa.core.channels import console

    # both restored after the test: the script replaces them when it runs
    monkeypatch.setattr(console, "_print_bot_output", console._print_bot_output)
    monkeypatch.setattr(warnings, "showwarning", warnings.showwarning)
    hooks = runpy.run_path(str(ROOT / "scripts" / "quiet_rasa.py"), run_name="quiet_rasa")
    hooks["_plain_links_in_the_terminal"]()
    console._print_bot_output({"text": "Source: [Québec.ca, official page](https://www.quebec.ca/en/x) (current to 2025)."})
    printed = capsys.readouterr().out
    assert "Québec.ca, official page (https://www.quebec.ca/en/x)" in printed and "](http" not in printed
