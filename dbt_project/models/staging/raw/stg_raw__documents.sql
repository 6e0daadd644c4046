with

ingested as (
    select * from {{ source('raw', 'documents') }}
),

latest_ingest_per_document as (
    select *
    from ingested
    qualify row_number() over (partition by document_id order by ingested_at desc, batch_id desc) = 1
)

select
    document_id,
    batch_id,
    source_file,
    source_path,
    file_sha256,
    file_format,
    unit_id,
    unit_name,
    province,
    city,
    county,
    admin_level,
    supervising_department,
    fiscal_year,
    forms,
    status,
    parser_version,
    ingested_at,
    fact_count
from latest_ingest_per_document
