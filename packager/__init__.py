"""packager: scraped news articles in, validated paragraph-level dataset releases out."""

__version__ = "0.1.0"
