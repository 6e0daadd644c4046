-- Statements of one figure that disagree beyond rounding: the document says two different things.
{{ config(**per_document_incremental()) }}
with

statements as (
    select * from {{ ref('int_facts__statements') }}
    where {{ in_this_build(by_batch=true) }}
)

select
    document_id,
    mart,
    measure_name,
    coalesce(line_item, category, flow, measure, level3, subject_code, '') as figure_label,
    project_name,
    reference_num,
    reference_text,
    reference_line,
    value_num,
    value_text,
    origin,
    source_line,
    source_text
from statements
where
    not agrees_with_reference
    and origin <> 'derived'
