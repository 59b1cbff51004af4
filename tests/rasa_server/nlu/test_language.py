import pytest

from rasa_server.nlu.input_guard import classify_problem
from rasa_server.nlu.language import guess_language


@pytest.mark.parametrize(
    "text, language",
    [
        ("Combien ça coûte pour ajouter ma femme?", "fr"),
        ("How much does it cost to add my wife?", "en"),
        ("c quoi les fees pour ajouter ma wife", "fr"),
        ("jpeux tu encore appliquer au programme", "fr"),
        ("is the line open right now", "en"),
        ("bonjour", "fr"),
        ("hello", "en"),
        ("merci", "fr"),
        ("ok", None),
        ("2", None),
        # a word or two no hint word decides: the word itself when the model is sure, as a hint only
        ("payment?", "en"),
        ("remboursement?", "fr"),
        # mixed: the language most of it is written in
        ("hey est-ce que je peux encore faire ma demande au programme pilote", "fr"),
        ("can I add my blonde to the application, she is my conjointe", "en"),
    ],
)
def test_language_of_a_message(text, language):
    assert guess_language(text).language == language


def test_a_short_message_s_guess_is_only_a_hint():
    # it starts a conversation in its language, never switches an established one (actions/state.py)
    assert guess_language("payment?").from_hint and guess_language("remboursement?").from_hint


@pytest.mark.parametrize("text", [
    "Hola, quiero saber cómo aplicar al programa piloto",
    "Ciao, vorrei sapere come aggiungere mia moglie",
    "Olá, quero saber como adicionar minha esposa ao pedido",
    "Hallo, wie kann ich meine Frau zum Antrag hinzufügen?",
    "مرحبا، كيف يمكنني إضافة زوجتي إلى طلبي؟",
    "你好，我想知道如何把我的妻子加到申请里",
    "Здравствуйте, как добавить жену в мою заявку?",
    "नमस्ते, मैं अपनी पत्नी को आवेदन में कैसे जोड़ूं?",
])
def test_other_languages_are_recognised(text):
    guess = guess_language(text)
    assert guess.other_language and guess.language is None


@pytest.mark.parametrize(
    "text, problem",
    [("", "empty"), ("   ", "empty"), ("a" * 2001, "too_long"), ("\x00\x01\x02binary", "unreadable"),
     ("<script></script>", "unreadable"), ("!!!", "unreadable"), ("2", None), ("<b>frais?</b>", None)],
)
def test_input_problems(text, problem):
    assert classify_problem(text, 2000) == problem
