"""Labeling: export a release to annotation tools and bring their annotations back by paragraph ID."""
