{{ config(**per_document_incremental()) }}
with

tables_found as (
    select * from {{ ref('stg_raw__document_tables') }}
    where {{ in_this_build() }}
)

select
    document_id,
    table_seq,
    table_code,
    form_code,
    title,
    marked_empty,
    source_line,
    row_count,
    fact_count,
    number_count,
    mapped_count,
    case when number_count > 0 then cast(mapped_count as double precision) / number_count end as coverage
from tables_found
