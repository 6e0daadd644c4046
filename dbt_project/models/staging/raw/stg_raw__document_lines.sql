{{ rows_of_current_batches('document_lines', ['document_id', 'line_no', 'line_text', 'location', 'batch_id']) }}
