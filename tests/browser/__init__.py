"""Real-browser tests of the Lovelace cards."""
