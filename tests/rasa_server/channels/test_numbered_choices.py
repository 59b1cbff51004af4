"""Numbered options for channels without buttons: the bookkeeping, without a server."""
from rasa_server.channels.numbered_choices import NumberedChoices, numbered

YES_NO = [{"title": "Oui", "payload": "/affirm"}, {"title": "Pas encore", "payload": "/deny"}]


def test_text_with_numbered_options():
    assert numbered("Avez-vous reçu votre CSQ?", YES_NO) == "Avez-vous reçu votre CSQ?\n1. Oui\n2. Pas encore"
    assert numbered("", YES_NO, first=3) == "3. Oui\n4. Pas encore"


async def test_a_number_picks_the_option_once():
    choices = NumberedChoices()
    await choices.offer("+1", YES_NO)
    assert await choices.resolve("+1", " 2 ") == "/deny"
    assert await choices.resolve("+1", "2") == "2"  # consumed: the next "2" is ordinary text


async def test_other_replies_pass_through_and_drop_the_options():
    choices = NumberedChoices()
    await choices.offer("+1", YES_NO)
    assert await choices.resolve("+1", "oui") == "oui"
    await choices.offer("+1", YES_NO)
    assert await choices.resolve("+1", "3") == "3" and await choices.resolve("+1", "1") == "1"
    await choices.offer("+1", YES_NO)
    assert await choices.resolve("+2", "1") == "1"  # another sender's options are not theirs
    assert await choices.resolve("+1", "1.") == "/affirm"


async def test_several_button_messages_in_one_turn_number_on():
    choices = NumberedChoices()
    assert await choices.offer("+1", YES_NO) == 1
    assert await choices.offer("+1", [{"title": "Enfant", "payload": "/inform"}]) == 3
    assert await choices.resolve("+1", "3") == "/inform"


async def test_memory_is_bounded():
    choices = NumberedChoices(max_senders=3)
    for sender in "abcd":
        await choices.offer(sender, YES_NO)
    assert len(choices) == 3
    assert await choices.resolve("a", "1") == "1"  # the oldest sender was forgotten
    assert await choices.resolve("d", "1") == "/affirm"
