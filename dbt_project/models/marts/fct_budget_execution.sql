{{ config(**per_document_incremental()) }}
with

figures as (
    select * from {{ ref('int_facts__resolved') }}
    where mart = 'fct_budget_execution' and {{ in_this_build(by_batch=true) }}
),

pivoted as (
    select
        document_id,
        scope,
        project_name,
        line_item,
        {{ measure_num('prior_year_final_yuan') }} as prior_year_final_yuan,
        {{ measure_num('budget_initial_yuan') }} as budget_initial_yuan,
        {{ measure_num('budget_full_year_yuan') }} as budget_full_year_yuan,
        {{ measure_num('executed_yuan') }} as executed_yuan,
        {{ measure_num('execution_rate_reported', 'double precision') }} as execution_rate_reported,
        {{ measure_num('weight', 'double precision') }} as weight,
        {{ measure_num('score', 'double precision') }} as score,
        -- a 说明 sentence's comparison with the year before, as stated (checked by int_findings__stated_changes)
        {{ measure_num('prior_year_stated_yuan') }} as prior_year_stated_yuan,
        {{ measure_num('stated_change_yuan') }} as stated_change_yuan,
        {{ measure_num('stated_change_rate', 'double precision') }} as stated_change_rate,
        {{ provenance_columns() }}
    from figures
    group by document_id, scope, project_name, line_item
)

select
    document_id,
    scope,
    project_name,
    line_item,
    prior_year_final_yuan,
    budget_initial_yuan,
    budget_full_year_yuan,
    executed_yuan,
    execution_rate_reported,
    case
        when budget_full_year_yuan > 0 then cast(executed_yuan / budget_full_year_yuan as double precision)
    end as execution_rate,
    weight,
    score,
    prior_year_stated_yuan,
    stated_change_yuan,
    stated_change_rate,
    source_line,
    source_text,
    source_lines,
    has_table_figure,
    has_prose_figure
from pivoted
