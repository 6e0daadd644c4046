-- The figures the quality checks compare: one per figure, the value the marts hold (int_facts__resolved), with its
-- half-width and its form as written; subject names ride along (value_text) so that messages can name a row.
{{ config(**per_document_incremental()) }}
with

figures as (
    select * from {{ ref('int_facts__resolved') }}
    where
        {{ in_this_build(by_batch=true) }}
        and (value_num is not null or measure_name in ('subject_name', 'econ_name'))
        and mart in (
            'fct_final_accounts', 'fct_budget_execution', 'fct_economic_classification',
            'fct_three_public_expenses', 'fct_evaluation_overview'
        )
)

select
    figure_key,
    document_id,
    mart,
    scope,
    project_name,
    line_item,
    category,
    statement,
    subject_code,
    measure_name,
    value_num,
    value_text,
    cast(coalesce(precision, 0) as decimal(28, 8)) as half_width,
    {{ written_figure('measure_name', 'value_num', 'precision') }} as written,
    origin,
    stated_in_table,
    source_line,
    source_text
from figures
