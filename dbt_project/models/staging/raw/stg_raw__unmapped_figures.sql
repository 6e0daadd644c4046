{{ rows_of_current_batches('unmapped_figures') }}
