"""The user's configuration file: load it key by key (never raising) and render the defaults."""
