-- The figures the quality checks compare: one per figure, the value the marts hold (the most precise statement
-- that agrees with the reference, as int_facts__resolved keeps it), with its half-width and its form as written;
-- subject names ride along (value_text) so that messages can name a row.
{{ config(**per_document_incremental()) }}
with

statements as (
    select * from {{ ref('int_facts__statements') }}
    where
        agrees_with_reference
        and {{ in_this_build(by_batch=true) }}
        and (value_num is not null or measure_name in ('subject_name', 'econ_name'))
        and mart in (
            'fct_final_accounts', 'fct_budget_execution', 'fct_economic_classification',
            'fct_three_public_expenses', 'fct_evaluation_overview'
        )
),

ranked as (
    select
        *,
        row_number() over (
            partition by figure_key order by coalesce(precision, 0), origin_rank, source_line, fact_seq
        ) as preference,
        bool_or(origin = 'table') over (partition by figure_key) as stated_in_table
    from statements
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
from ranked
where preference = 1
