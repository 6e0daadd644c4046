{{ rows_of_current_batches('ingest_findings') }}
