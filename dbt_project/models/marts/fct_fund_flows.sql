{{ config(**per_document_incremental()) }}
with

figures as (
    select * from {{ ref('int_facts__resolved') }}
    where mart = 'fct_fund_flows' and {{ in_this_build(by_batch=true) }}
)

select
    document_id,
    scheme,
    population,
    flow,
    {{ measure_num('amount_yuan') }} as amount_yuan,
    {{ measure_num('target_yuan') }} as target_yuan,
    {{ measure_num('completion_rate_reported', 'double precision') }} as completion_rate_reported,
    {{ provenance_columns() }}
from figures
group by document_id, scheme, population, flow
