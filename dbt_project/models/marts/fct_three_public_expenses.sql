{{ config(**per_document_incremental()) }}
with

figures as (
    select * from {{ ref('int_facts__resolved') }}
    where mart = 'fct_three_public_expenses' and {{ in_this_build(by_batch=true) }}
)

select
    document_id,
    category,
    {{ measure_num('prior_year_final_yuan') }} as prior_year_final_yuan,
    {{ measure_num('budget_yuan') }} as budget_yuan,
    {{ measure_num('final_yuan') }} as final_yuan,
    {{ measure_num('execution_rate_reported', 'double precision') }} as execution_rate_reported,
    {{ measure_num('reception_batches', 'bigint') }} as reception_batches,
    {{ measure_num('reception_persons', 'bigint') }} as reception_persons,
    {{ provenance_columns() }}
from figures
group by document_id, category
