"""iraqrel: Iraq's relationships from source documents, every stance backed by a quote."""

__version__ = "0.1.0"
