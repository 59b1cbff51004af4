"""What the report calls the assistant's intents and channels: the topics' titles (actions/responses/<theme>.yml, the
same as the suggestion buttons) and channels by the name people know, instead of code names."""
from __future__ import annotations

from pilot_program.wording import topic_title

CHANNELS = {
    "socketio": "web widget", "rest": "REST integration", "cmdline": "terminal (make run)", "twilio": "SMS",
    "twilio_whatsapp": "WhatsApp", "telegram": "Telegram", "facebook": "Messenger", "slack": "Slack",
    "botframework": "Microsoft Teams (Bot Framework)", "unknown": "unknown channel",
}
# Intents that are not topics (no suggestion button, so no title in actions/responses/).
CONVERSATION = {
    "ask_capabilities": "What the assistant can answer", "inform": "A detail given (a number, a date, a person...)",
    "greet": "Greeting", "goodbye": "Goodbye", "thanks": "Thanks", "affirm": "Yes (a reply)", "deny": "No (a reply)",
    "bot_challenge": "Am I talking to a bot?", "out_of_scope": "Outside the program",
    "switch_language": "Change of language", "feedback": '"Was this helpful?" answered',
    "nlu_fallback": "Not understood (fallback)",
}


def intent_title(intent: str) -> str:
    return topic_title(intent, "en") or CONVERSATION.get(intent) or intent


def channel_name(channel: str) -> str:
    return CHANNELS.get(channel, channel)
