"""The messaging platforms, one module each on a shared base (``channels/platforms/base.py``):
Telegram, Facebook Messenger, Twilio SMS and WhatsApp, Slack, Microsoft Bot Framework.
Declared in ``credentials.channels.yml`` as ``channels.platforms.<module>.<class>`` (docs/channels.md)."""
