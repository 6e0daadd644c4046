{{ config(**per_document_incremental()) }}
select
    document_id,
    source_line,
    figure_text,
    sentence,
    reason
from {{ ref('stg_raw__unmapped_figures') }}
where {{ in_this_build() }}
