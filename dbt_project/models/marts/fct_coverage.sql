{{ config(**per_document_incremental()) }}
with

figures as (
    select * from {{ ref('int_facts__resolved') }}
    where mart = 'fct_coverage' and {{ in_this_build(by_batch=true) }}
)

select
    document_id,
    scheme,
    population,
    measure,
    {{ measure_num('value', 'bigint') }} as value,
    {{ measure_num('rate_reported', 'double precision') }} as rate_reported,
    {{ provenance_columns() }}
from figures
group by document_id, scheme, population, measure
