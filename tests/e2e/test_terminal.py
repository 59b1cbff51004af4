"""`make run` in a terminal: a clean prompt (no third-party warnings), then the assistant answers."""
import subprocess

from tests.servers import FIXED_NOW, ROOT, _env as server_env, free_port, write_endpoints


def run_shell(tmp_path, typed: str, verbose: bool = False) -> str:
    actions_port = free_port()
    endpoints = write_endpoints(tmp_path, actions_port, tmp_path / "trackers.db")
    env = dict(server_env(FIXED_NOW), RASA_PORT=str(free_port()))
    env.pop("VERBOSE", None)
    if verbose:
        env["VERBOSE"] = "1"
    result = subprocess.run(["bash", "scripts/run_shell.sh", str(endpoints), str(actions_port)], cwd=ROOT, env=env,
                            input=typed, capture_output=True, text=True, timeout=300)
    return result.stdout + result.stderr


def test_the_prompt_comes_without_warnings_and_the_assistant_answers(tmp_path):
    output = run_shell(tmp_path, "bonjour\n/stop\n")
    assert "Bot loaded" in output
    assert "Bonjour" in output
    noisy = [line for line in output.splitlines()
             if "Warning" in line and "Input is not a terminal" not in line or " INFO " in line]
    assert not noisy, noisy[:10]


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
