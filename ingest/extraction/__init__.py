"""A file's bytes → the format-neutral Document → forms, prose figures, normalised facts."""
