with

ingested as (
    select * from {{ source('raw', 'documents') }}
),

ingests_newest_first as (
    select
        *,
        row_number() over (partition by document_id order by ingested_at desc, batch_id desc) as recency
    from ingested
),

latest_ingest_per_document as (
    select * from ingests_newest_first
    where recency = 1
),

-- A file changed in place is a new document (new content, new id); the version ingested last is the
-- current one, the older versions stay as history and their figures leave the marts.
with_currency as (
    select
        *,
        row_number() over (partition by source_path order by ingested_at desc, batch_id desc) = 1 as is_current
    from latest_ingest_per_document
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
    case when is_current then status else 'superseded' end as status,
    is_current,
    parser_version,
    ingested_at,
    fact_count
from with_currency
