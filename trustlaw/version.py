"""The version of trustlaw (kept low in the layers, so that decisions can name it)."""

__version__ = "0.2.0"
