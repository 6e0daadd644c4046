{{ rows_of_current_batches('unmapped_figures', [
    'document_id', 'source_line', 'figure_text', 'sentence', 'reason'
]) }}
