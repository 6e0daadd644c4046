{{ rows_of_current_batches('document_lines') }}
