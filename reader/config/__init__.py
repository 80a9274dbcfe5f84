"""The user's settings: `load_config` reads and checks the config file, `render_config` writes it back."""

from reader.config.checks import SAMPLE_DATE, date_format_problem, is_colour, key_list_problem
from reader.config.load import (
    DEFAULT_HIGHLIGHT,
    ENTITY_LABELS,
    Config,
    config_path,
    default_config_path,
    load_config,
    load_config_text,
)
from reader.config.render import print_config, render_config

__all__ = [
    "DEFAULT_HIGHLIGHT",
    "ENTITY_LABELS",
    "SAMPLE_DATE",
    "Config",
    "config_path",
    "date_format_problem",
    "default_config_path",
    "is_colour",
    "key_list_problem",
    "load_config",
    "load_config_text",
    "print_config",
    "render_config",
]
