"""reader: an offline terminal news reader."""

__version__ = "0.1.0"
