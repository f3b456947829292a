"""Quality: kinds, flags and duplicates from per-paragraph signals and corpus evidence."""
