"""Where the Rasa server keeps state: the redacting tracker store, the Redis lock store (the numbered choices kept in
Redis are the channels' own: rasa_server/channels/shared_choices.py)."""
