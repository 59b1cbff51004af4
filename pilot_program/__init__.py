"""The program's knowledge (``facts/program.yml``), its rules and their wording: plain typed Python,
no Rasa import, so both processes may import it. The action server answers with it; the Rasa server
reads it only for the apology sent when the action server is down (``rasa_server/channels/reply_guard.py``)."""
