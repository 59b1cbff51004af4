"""Changes to Rasa's own code, each in its own module with an ``install()``: installed only by
``rasa_server.startup.install_patches`` (tests/test_architecture.py checks it), each with a test that fails if a Rasa
upgrade breaks it."""
