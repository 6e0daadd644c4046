-- The figures the cross-year check compares (int_findings__cross_year), per document: one value per figure of a
-- 上年决算数 or of what a next year's report states as this year's (执行数 / 决算数), as int_facts__resolved keeps it.
-- Per document, so that an incremental build takes only the figures of its documents and the check across
-- documents joins these few rows.
{{ config(**per_document_incremental()) }}
select
    figure_key,
    document_id,
    fiscal_year,
    mart,
    scope,
    project_name,
    line_item,
    category,
    measure_name,
    value_num,
    precision,
    source_line
from {{ ref('int_facts__resolved') }}
where
    value_num is not null
    and (
        (mart = 'fct_budget_execution' and measure_name in ('prior_year_final_yuan', 'executed_yuan'))
        or (mart = 'fct_three_public_expenses' and measure_name in ('prior_year_final_yuan', 'final_yuan'))
    )
    and {{ in_this_build(by_batch=true) }}
