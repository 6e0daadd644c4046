-- Every statement of a figure, with the statement it is measured against: the first table statement
-- (or the first prose one where no table states it), and whether the two agree once rounded.
{{ config(**per_document_incremental()) }}
with

facts as (
    select {{ fact_columns('stated') }} from {{ ref('stg_raw__facts') }} as stated
    where {{ in_this_build('stated', by_batch=true) }}
    union all
    select {{ fact_columns('derived') }} from {{ ref('int_facts__derived') }} as derived
    where {{ in_this_build('derived', by_batch=true) }}
),

keyed as (
    select
        *,
        {{ figure_key() }} as figure_key,
        case origin when 'table' then 0 when 'prose' then 1 else 2 end as origin_rank
    from facts
),

with_reference as (
    select
        *,
        first_value(value_num) over figure_order as reference_num,
        first_value(precision) over figure_order as reference_precision,
        first_value(value_text) over figure_order as reference_text,
        first_value(source_line) over figure_order as reference_line,
        first_value(origin) over figure_order as reference_origin
    from keyed
    window figure_order as (partition by figure_key order by origin_rank, source_line, fact_seq)
)

select
    *,
    case
        when value_num is not null
            then
                abs(value_num - reference_num)
                <= greatest(coalesce(precision, 0), coalesce(reference_precision, 0)) + 0.000001
        else regexp_replace(value_text, '\s', '', 'g') = regexp_replace(reference_text, '\s', '', 'g')
    end as agrees_with_reference
from with_reference
