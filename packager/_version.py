"""packager's version, in a module of its own so library code can read it without
importing the package's front door (``packager/__init__.py``)."""

__version__ = "0.1.0"
