{{ config(**per_document_incremental()) }}
select
    lines.document_id,
    lines.line_no,
    lines.line_text,
    lines.location,
    lines.batch_id
from {{ ref('stg_raw__document_lines') }} as lines
where {{ in_this_build('lines', by_batch=true) }}
