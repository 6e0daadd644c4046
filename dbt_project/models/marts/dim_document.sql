with

documents as (
    select * from {{ ref('stg_raw__documents') }}
)

select
    document_id,
    source_file,
    file_sha256,
    file_format,
    unit_id,
    unit_name,
    fiscal_year,
    forms,
    status,
    is_current,
    parser_version,
    ingested_at,
    fact_count,
    source_path
from documents
