"""A file's bytes → the format-neutral Document → forms, prose figures, normalised facts."""

from __future__ import annotations


def warm_up() -> None:
    """Load what every document needs once (the lexicons, the region gazetteer with its first lookup) in the
    process that forks the ingest workers: each worker then starts with them instead of paying ≈ 0.5 s for its
    first documents. The Chinese numeral parser (cn2an, ≈ 0.14 s to import) is left to the workers that meet a
    count written in Chinese numerals (自评表 only): a batch of 预算 / 决算 disclosures never loads it."""
    from ingest.extraction import lexicon
    from ingest.extraction.identity import region

    for path in lexicon.LEXICON_FILES:
        lexicon.load(path.stem)
    region("北京市")
