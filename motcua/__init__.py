"""motcua — one-stop platform for administrative procedures (thủ tục hành chính)."""

__version__ = "0.1.0"
