{{ config(**per_document_incremental()) }}
with

figures as (
    select * from {{ ref('int_facts__resolved') }}
    where mart = 'fct_economic_classification' and {{ in_this_build(by_batch=true) }}
)

select
    document_id,
    statement,
    -- the fact key column subject_code holds the economic code for this mart
    subject_code as econ_code,
    {{ measure_text('econ_name') }} as econ_name,
    case length(subject_code) when 3 then '类' when 5 then '款' end as econ_level,
    {{ measure_num('total_yuan') }} as total_yuan,
    {{ measure_num('personnel_yuan') }} as personnel_yuan,
    {{ measure_num('public_yuan') }} as public_yuan,
    {{ provenance_columns() }}
from figures
group by document_id, statement, subject_code
