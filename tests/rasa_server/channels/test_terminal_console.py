"""The terminal's console on its own (rasa_server/channels/terminal_console.py): what a typed line sends, how a reply is printed."""
from rasa_server.channels import links
from rasa_server.channels.terminal import TerminalInput
from rasa_server.channels.terminal_console import choices_line, chosen, reply_lines

CSQ = [{"title": "Oui", "payload": "/affirm"}, {"title": "Pas encore", "payload": "/deny"}]
HELPFUL = [{"title": "Yes", "payload": '/feedback{"helpful": "yes"}'},
           {"title": "No", "payload": '/feedback{"helpful": "no"}'}]
COUNTS = [{"title": str(n), "payload": f'/inform{{"number": "{n}"}}'} for n in range(1, 5)]


def test_a_number_or_the_words_of_a_choice_pick_it_and_anything_else_is_sent_as_typed():
    assert chosen("2", CSQ) == "/deny"
    assert chosen(" 1. ", CSQ) == "/affirm"
    assert chosen("PAS ENCORE!", CSQ) == "/deny"
    assert chosen("no", HELPFUL) == '/feedback{"helpful": "no"}'
    assert chosen("how much to add my son?", HELPFUL) == "how much to add my son?"
    assert chosen("3", CSQ) == "3"  # not one of the numbers offered: a message
    assert chosen("3", COUNTS) == '/inform{"number": "3"}'
    assert chosen("oui", []) == "oui"  # nothing offered: the words are a message


def test_choices_are_a_short_numbered_list_without_payloads():
    assert choices_line(CSQ) == "1. Oui   2. Pas encore"
    assert choices_line(COUNTS) == "1   2   3   4"  # titles that are their own numbers


def test_each_message_s_choices_come_under_its_text_with_a_hint_in_the_conversation_s_language():
    replies = [{"text": "Review fees:\n- Spouse: $201"}, {"text": "Was this helpful?", "buttons": HELPFUL, "lang": "en"}]
    lines, offered = reply_lines(replies, "en")
    assert lines == ["Assistant: Review fees:", "           - Spouse: $201", "           Was this helpful?",
                     "           1. Yes   2. No",
                     "           (Type a number or the words of a choice, or simply type your question.)"]
    assert offered == HELPFUL
    lines, _ = reply_lines([{"text": "Avez-vous reçu votre CSQ?", "buttons": CSQ}], "fr")
    assert lines[0] == "Assistant : Avez-vous reçu votre CSQ?" and lines[-1].strip().startswith("(Tapez un numéro")


def test_the_terminal_shows_links_as_plain_text():
    render = links.STYLES[TerminalInput.link_style]
    assert render("Source: [Québec.ca, official page](https://www.quebec.ca/en/x).") == \
        "Source: Québec.ca, official page (https://www.quebec.ca/en/x)."


def test_over_the_rate_limit_the_terminal_prints_the_channel_s_notice():
    import json
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from rasa_server.channels.terminal_console import post

    class TooMany(BaseHTTPRequestHandler):
        def do_POST(self):
            body = json.dumps({"error": "Please wait a minute, then write again."}).encode()
            self.send_response(429)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), TooMany)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/webhooks/terminal/webhook"
        assert post(url, "t", "s", "hello", "en", 5) == [{"text": "Please wait a minute, then write again."}]
    finally:
        server.shutdown()
