{{ rows_of_current_batches('ingest_findings', [
    'document_id', 'check_code', 'severity', 'message', 'source_line', 'source_text'
]) }}
