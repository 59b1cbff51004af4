"""The messaging platforms, one module each on a shared base (``rasa_server/channels/platforms/base.py``):
Telegram, Facebook Messenger, Twilio SMS and WhatsApp, Slack, Microsoft Bot Framework.
Declared in ``credentials.channels.yml`` as ``rasa_server.channels.platforms.<module>.<class>`` (docs/channels.md)."""
