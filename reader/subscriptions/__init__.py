"""Subscriptions: the feeds a user follows, kept in a TOML file in the config folder (no network here)."""
