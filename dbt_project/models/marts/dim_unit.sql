with

documents as (
    select * from {{ ref('stg_raw__documents') }}
    where unit_id is not null
),

statements_newest_first as (
    select
        *,
        row_number() over (
            partition by unit_id order by fiscal_year desc nulls last, ingested_at desc
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
