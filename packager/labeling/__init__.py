"""Labeling: export a release to annotation tools, bring annotations back by paragraph ID."""
