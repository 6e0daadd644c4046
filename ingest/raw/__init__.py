"""The raw layer: one batch's rows as Parquet parts, and the archive of every ingested original."""
