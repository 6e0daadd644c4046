"""A file's bytes → the format-neutral Document → forms, prose figures, normalised facts."""

from __future__ import annotations


def warm_up() -> None:
    """Load what every document needs once (the lexicons, the region gazetteer with its first lookup, the
    Chinese numeral parser) in the process that forks the ingest workers: each worker then starts with them
    instead of paying ≈ 0.9 s for its first documents."""
    from ingest.extraction import lexicon
    from ingest.extraction.identity import region
    from ingest.extraction.normalise import parse_chinese_count

    for path in lexicon.LEXICON_FILES:
        lexicon.load(path.stem)
    region("北京市")
    parse_chinese_count("一次")  # imports cn2an (≈ 0.16 s), which compiles its patterns on import
