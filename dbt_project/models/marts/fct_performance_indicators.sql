{{ config(**per_document_incremental()) }}
with

figures as (
    select * from {{ ref('int_facts__resolved') }}
    where mart = 'fct_performance_indicators' and {{ in_this_build(by_batch=true) }}
)

select
    document_id,
    scope,
    project_name,
    level1,
    level2,
    level3,
    {{ measure_text('target_text') }} as target_text,
    {{ measure_text('actual_text') }} as actual_text,
    {{ measure_num('target_value', 'double precision') }} as target_value,
    {{ measure_num('actual_value', 'double precision') }} as actual_value,
    {{ measure_text('value_unit') }} as value_unit,
    {{ measure_num('weight', 'double precision') }} as weight,
    {{ measure_num('score', 'double precision') }} as score,
    {{ measure_text('deviation_note') }} as deviation_note,
    {{ measure_text('target_operator') }} as target_operator,
    {{ provenance_columns() }}
from figures
group by document_id, scope, project_name, level1, level2, level3
