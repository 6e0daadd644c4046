-- One row per unit: a unit of the register (dbt_project/seeds/unit_register.csv) under its official name, or
-- the documents whose names agree once normalised (int_units__resolved) under the name written last.
with

documents as (
    select
        stg_documents.document_id,
        stg_documents.unit_name,
        stg_documents.province,
        stg_documents.city,
        stg_documents.county,
        stg_documents.admin_level,
        stg_documents.supervising_department,
        stg_documents.fiscal_year,
        stg_documents.ingested_at,
        units.unit_id,
        units.unit_code
    from {{ ref('stg_raw__documents') }} as stg_documents
    inner join {{ ref('int_units__documents') }} as units on stg_documents.document_id = units.document_id
    where units.unit_id is not null
),

register as (
    select * from {{ ref('unit_register') }}
),

statements_newest_first as (
    select
        *,
        row_number() over (
            partition by unit_id order by fiscal_year desc nulls last, ingested_at desc, document_id asc
        ) as recency
    from documents
),

latest_statement_per_unit as (
    select * from statements_newest_first
    where recency = 1
),

department_mentions as (
    select
        unit_id,
        supervising_department,
        count(*) as mentions
    from documents
    where supervising_department is not null
    group by unit_id, supervising_department
),

-- the department the unit's documents name most often (ties: the first by name)
supervising_departments as (
    select
        unit_id,
        supervising_department
    from (
        select
            *,
            row_number() over (partition by unit_id order by mentions desc, supervising_department asc) as rank_
        from department_mentions
    ) as ranked_mentions
    where rank_ = 1
),

unit_documents as (
    select
        unit_id,
        array_agg(distinct unit_name order by unit_name) as names_written,
        count(*) as document_count,
        min(fiscal_year) as first_year,
        max(fiscal_year) as last_year
    from documents
    group by unit_id
)

select
    latest_statement_per_unit.unit_id,
    coalesce(register.official_name, latest_statement_per_unit.unit_name) as unit_name,
    latest_statement_per_unit.province,
    latest_statement_per_unit.city,
    latest_statement_per_unit.county,
    coalesce(register.admin_level, latest_statement_per_unit.admin_level) as admin_level,
    coalesce(register.supervising_department, supervising_departments.supervising_department)
        as supervising_department,
    latest_statement_per_unit.unit_code,
    register.kind,
    register.division_code,
    latest_statement_per_unit.unit_code is not null as is_registered,
    unit_documents.names_written,
    unit_documents.document_count,
    unit_documents.first_year,
    unit_documents.last_year
from latest_statement_per_unit
inner join unit_documents on latest_statement_per_unit.unit_id = unit_documents.unit_id
left join supervising_departments
    on latest_statement_per_unit.unit_id = supervising_departments.unit_id
left join register
    on latest_statement_per_unit.unit_code = register.unit_code
