-- One value per figure: among the statements that agree with the reference, the most precise one
-- (3.15万元 and 31482元 are the same figure: keep 31482); a disagreeing statement never wins. The quality checks
-- read their figures from here (int_findings__figures, int_findings__cross_year_figures), which keep the figures
-- with a number: one ranking of the statements, not one per reader. A statement with a number goes before one
-- without, so that the value the checks compare is the marts' own (a safeguard: ingest writes a numeric measure
-- with its number, and an unreadable cell as a finding, not a statement).
{{ config(**per_document_incremental()) }}
with

statements as (
    select stated.* from {{ ref('int_facts__statements') }} as stated
    where {{ in_this_build('stated', by_batch=true) }}
),

agreeing_statements as (
    select
        *,
        row_number() over (
            partition by figure_key
            order by value_num is null, coalesce(precision, 0), origin_rank, source_line, fact_seq
        ) as preference
    from statements
    where agrees_with_reference
),

ranked as (
    select * from agreeing_statements
    where preference = 1
)

select
    figure_key,
    document_id,
    fiscal_year,
    mart,
    {{ fact_key_columns() | join(',\n    ') }},
    measure_name,
    value_num,
    value_text,
    precision,
    origin,
    -- the reference is the first table statement, and it agrees with itself: a figure a table states
    reference_origin = 'table' as stated_in_table,
    form_code,
    source_line,
    source_text,
    batch_id
from ranked
