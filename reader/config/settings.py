"""The names the UI imports from ``reader.config.settings``; they live in reader.config's modules.

Kept so that ``reader/ui`` keeps working until its imports name ``reader.config`` itself;
new code imports from ``reader.config``.
"""

from reader.config import (
    DEFAULT_HIGHLIGHT,
    SAMPLE_DATE,
    Config,
    default_config_path,
    load_config,
    render_config,
)

__all__ = ["DEFAULT_HIGHLIGHT", "SAMPLE_DATE", "Config", "default_config_path", "load_config", "render_config"]
