"""Publish: output written beside its place and renamed into it, never half-way.

``files`` writes one file (never through a link); ``folder`` stages a command's
whole output folder and swaps it in by one rename; ``version`` publishes a
release version, which is never changed once it exists.
"""
