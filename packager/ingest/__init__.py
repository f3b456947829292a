"""Ingest: find input files and turn their bytes into raw articles (or rejections)."""
