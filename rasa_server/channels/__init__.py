"""Channel adapters of the PP IA/TI-EV assistant (guarded replies, socket.io fix)."""
