with

documents as (
    select * from {{ ref('stg_raw__documents') }}
),

units as (
    select * from {{ ref('int_units__documents') }}
),

tables_found as (
    select
        document_id,
        count(*) as table_count,
        sum(number_count) filter (where table_code <> 'other') as table_number_count,
        sum(mapped_count) filter (where table_code <> 'other') as mapped_number_count
    from {{ ref('document_tables') }}
    group by document_id
)

select
    documents.document_id,
    documents.source_file,
    documents.file_sha256,
    documents.file_format,
    -- the unit through the register or the normalised name: a unit's 预算, 决算 and 自评 and its years share it
    units.unit_id,
    documents.unit_name,
    documents.fiscal_year,
    documents.forms,
    documents.status,
    documents.is_current,
    documents.parser_version,
    documents.ingested_at,
    documents.fact_count,
    coalesce(tables_found.table_count, 0) as table_count,
    tables_found.table_number_count,
    case
        when tables_found.table_number_count > 0
            then cast(tables_found.mapped_number_count as double precision) / tables_found.table_number_count
    end as coverage,
    documents.source_path,
    units.unit_resolution
from documents
left join units on documents.document_id = units.document_id
left join tables_found on documents.document_id = tables_found.document_id
