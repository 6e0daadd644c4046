"""jixiao ingest: report files → raw facts with provenance."""

PARSER_VERSION = "0.2.0"
