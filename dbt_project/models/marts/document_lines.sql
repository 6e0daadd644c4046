select
    document_id,
    line_no,
    line_text,
    location
from {{ ref('stg_raw__document_lines') }}
