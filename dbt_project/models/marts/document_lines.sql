{{ config(**per_document_incremental()) }}
select
    document_id,
    line_no,
    line_text,
    location,
    batch_id
from {{ ref('stg_raw__document_lines') }} as lines
{{- only_new_batches('lines') }}
