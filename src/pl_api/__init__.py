"""pl-api: the professional-learning API."""

API_VERSION = "1.0"
"""The version of the core API that plugins declare compatibility with."""

__all__ = ["API_VERSION"]
