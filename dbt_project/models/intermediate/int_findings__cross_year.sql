-- 跨年核对: a 上年决算数 (prior_year_final_yuan) stated in a unit's report for year N against the figure the same
-- unit reported for year N−1 (its 执行数 / 决算数). They agree when the finer one, rounded half-up or cut to the
-- coarser one's precision, equals it (877,050元 written 87.70万元 in the next year's report is no finding).
-- An incremental build recomputes the documents of the units it touches (macros/incremental.sql): both years of a
-- pair are documents of one unit.
{{ config(**per_document_of_touched_units()) }}
with

-- one value per figure, per document (int_findings__cross_year_figures)
figures as (
    select * from {{ ref('int_findings__cross_year_figures') }}
),

documents as (
    select
        stg_documents.document_id,
        stg_documents.source_file,
        stg_documents.fiscal_year,
        units.unit_id
    from {{ ref('stg_raw__documents') }} as stg_documents
    inner join {{ ref('int_units__documents') }} as units on stg_documents.document_id = units.document_id
    where
        stg_documents.is_current
        and units.unit_id is not null
        and stg_documents.fiscal_year is not null
        and {{ of_touched_units('stg_documents.document_id') }}
),

labels as (
    select * from {{ ref('code_labels') }}
),

-- materialized: joined whole, the two sides meet on unit, year and item (left to itself the planner first pairs
-- every document of a unit with every other one)
stated as materialized (
    select
        figures.*,
        documents.unit_id,
        documents.source_file
    from figures
    inner join documents on figures.document_id = documents.document_id
    where figures.measure_name = 'prior_year_final_yuan'
),

reported as materialized (
    select
        figures.*,
        documents.unit_id,
        documents.source_file
    from figures
    inner join documents on figures.document_id = documents.document_id
    where figures.measure_name <> 'prior_year_final_yuan'
),

pairs as (
    select
        stated.document_id,
        stated.mart,
        stated.scope,
        stated.project_name,
        coalesce(stated.line_item, stated.category) as item,
        stated.fiscal_year,
        stated.value_num as stated_yuan,
        coalesce(stated.precision, 0) as stated_precision,
        stated.source_line,
        reported.source_file as reported_file,
        reported.source_line as reported_line,
        reported.value_num as reported_yuan,
        coalesce(reported.precision, 0) as reported_precision,
        -- the finer figure minus the coarser one
        case
            when coalesce(stated.precision, 0) <= coalesce(reported.precision, 0)
                then stated.value_num - reported.value_num
            else reported.value_num - stated.value_num
        end as finer_minus_coarser,
        greatest(coalesce(stated.precision, 0), coalesce(reported.precision, 0)) as half_width
    from stated
    inner join reported
        on
            stated.unit_id = reported.unit_id
            and stated.fiscal_year - 1 = reported.fiscal_year
            and stated.mart = reported.mart
            and coalesce(stated.scope, '∅') = coalesce(reported.scope, '∅')
            and coalesce(stated.project_name, '∅') = coalesce(reported.project_name, '∅')
            and coalesce(stated.line_item, '∅') = coalesce(reported.line_item, '∅')
            and coalesce(stated.category, '∅') = coalesce(reported.category, '∅')
),

mismatches as (
    select * from pairs
    where
        -- rounded half-up to the coarser precision
        abs(finer_minus_coarser) > half_width + 0.000001
        -- or cut (truncated) to it: the finer figure lies within one unit of the coarser, away from zero
        and not (
            sign(finer_minus_coarser) * sign(stated_yuan) >= 0
            and abs(finer_minus_coarser) < 2 * half_width + 0.000001
        )
)

select
    mismatches.document_id,
    'cross_year_mismatch' as check_code,
    'warning' as severity,
    '上年决算数与上年报告不一致：'
    || case
        when mismatches.mart <> 'fct_three_public_expenses' then coalesce(labels.label_zh, mismatches.item)
        when mismatches.item = 'total' then '“三公”经费合计'
        else '“三公”经费·' || coalesce(labels.label_zh, mismatches.item)
    end
    || coalesce('（' || mismatches.project_name || '）', '')
    || '，本报告第' || mismatches.source_line || '行写 ' || (mismatches.fiscal_year - 1) || ' 年决算数 '
    || {{ number_text('mismatches.stated_yuan') }} || ' 元，' || (mismatches.fiscal_year - 1) || ' 年报告（'
    || mismatches.reported_file || ' 第' || mismatches.reported_line || '行）为 '
    || {{ number_text('mismatches.reported_yuan') }} || ' 元' as message,
    mismatches.source_line
from mismatches
left join labels
    on
        labels.kind = case when mismatches.mart = 'fct_three_public_expenses' then 'category' else 'line_item' end
        and mismatches.item = labels.code
