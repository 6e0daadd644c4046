select
    document_id,
    line_no,
    line_text
from {{ ref('stg_raw__document_lines') }}
