{{ rows_of_current_batches('document_tables', [
    'document_id', 'table_seq', 'table_code', 'form_code', 'title', 'marked_empty', 'source_line', 'row_count',
    'fact_count', 'number_count', 'mapped_count'
]) }}
