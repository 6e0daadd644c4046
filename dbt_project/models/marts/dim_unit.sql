with

documents as (
    select * from {{ ref('stg_raw__documents') }}
    where unit_id is not null
),

latest_statement_per_unit as (
    select *
    from documents
    qualify row_number() over (
        partition by unit_id order by fiscal_year desc nulls last, ingested_at desc
    ) = 1
),

supervising_departments as (
    select
        unit_id,
        mode(supervising_department) as supervising_department
    from documents
    where supervising_department is not null
    group by unit_id
)

select
    latest_statement_per_unit.unit_id,
    latest_statement_per_unit.unit_name,
    latest_statement_per_unit.province,
    latest_statement_per_unit.city,
    latest_statement_per_unit.county,
    latest_statement_per_unit.admin_level,
    supervising_departments.supervising_department
from latest_statement_per_unit
left join supervising_departments
    on latest_statement_per_unit.unit_id = supervising_departments.unit_id
