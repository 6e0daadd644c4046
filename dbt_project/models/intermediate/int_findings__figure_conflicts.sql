-- A figure the document states twice with two values (int_facts__statements: a statement that disagrees with the
-- reference, the first table statement or else the first prose one).
--   说明与表格不符 (prose_table_mismatch, warning): the prose states a table's figure differently. When the item just
--   before it in the prose states the same value, the sentence was copied from it: the message says so, and names
--   the stated change rate too when that was copied as well.
--   同一数字前后不一致 (figure_conflict, warning): two tables, or two prose statements, disagree.
-- Two statements that agree once the finer is cut instead of rounded (543,290元 written 54.32万元) are one figure
-- written carelessly, not two figures: info at most. Names of subjects are int_findings__subject_names' to judge.
{{ config(**per_document_incremental()) }}
with

-- read three times, each for a few of its rows: not materialized whole (at 100,000 documents it did not fit the
-- build's memory)
statements as not materialized (
    select
        *,
        -- the item a statement is about: its figure's keys without the measure
        concat_ws(
            '|', document_id, mart, coalesce(scope, '∅'), coalesce(project_name, '∅'), coalesce(line_item, '∅'),
            coalesce(category, '∅'), coalesce(scheme, '∅'), coalesce(population, '∅'), coalesce(flow, '∅'),
            coalesce(measure, '∅'), coalesce(level1, '∅'), coalesce(level2, '∅'), coalesce(level3, '∅'),
            coalesce(statement, '∅'), coalesce(subject_code, '∅')
        ) as item_key
    from {{ ref('int_facts__statements') }}
    where {{ in_this_build(by_batch=true) }}
),

labels as (
    select * from {{ ref('code_labels') }}
),

subject_names as (
    select
        document_id,
        statement,
        subject_code,
        max(value_text) as subject_name
    from statements
    where mart = 'fct_final_accounts' and measure_name = 'subject_name' and agrees_with_reference
    group by document_id, statement, subject_code
),

conflicts as (
    select
        statements.*,
        {{ written_figure(
            'statements.measure_name', 'statements.value_num', 'statements.precision', 'statements.value_text'
        ) }} as written,
        {{ written_figure(
            'statements.measure_name', 'statements.reference_num', 'statements.reference_precision',
            'statements.reference_text'
        ) }} as reference_written,
        coalesce(
            statements.value_num is not null
            and {{ agrees_rounded_or_cut(
                'statements.value_num', 'statements.precision',
                'statements.reference_num', 'statements.reference_precision'
            ) }},
            false
        ) as agrees_when_cut,
        statements.reference_origin in ('table', 'prose')
        and statements.origin in ('table', 'prose')
        and statements.reference_origin <> statements.origin as is_prose_against_table
    from statements
    where
        not statements.agrees_with_reference
        and statements.origin <> 'derived'
        -- a subject named two ways is int_findings__subject_names' (it knows which spellings are one name)
        and statements.measure_name not in ('subject_name', 'econ_name')
),

-- the nearest earlier prose statement of another item, of the same measure and the same value
copied_from as (
    select
        conflicts.figure_key,
        conflicts.source_line,
        conflicts.fact_seq,
        earlier.item_key as earlier_item_key,
        earlier.source_line as earlier_line,
        row_number() over (
            partition by conflicts.figure_key, conflicts.source_line, conflicts.fact_seq
            order by earlier.source_line desc, earlier.fact_seq desc
        ) as nearness
    from conflicts
    inner join statements as earlier
        on
            conflicts.document_id = earlier.document_id
            and conflicts.mart = earlier.mart
            and conflicts.measure_name = earlier.measure_name
            and conflicts.item_key <> earlier.item_key
            and earlier.origin = 'prose'
            and conflicts.value_num = earlier.value_num
            and earlier.source_line between conflicts.source_line - {{ var('copied_item_max_lines') }}
            and conflicts.source_line
            and (conflicts.source_line > earlier.source_line or conflicts.fact_seq > earlier.fact_seq)
    where conflicts.is_prose_against_table and conflicts.origin = 'prose'
),

stated_rates as (
    select
        item_key,
        source_line,
        value_num,
        precision
    from statements
    where measure_name = 'stated_change_rate' and origin = 'prose' and value_num is not null
),

-- a copied sentence often carries the earlier item's change rate along
copied_rates as (
    select
        copied_from.figure_key,
        copied_from.source_line,
        copied_from.fact_seq,
        min({{ written_percent('this_rate.value_num', 'this_rate.precision') }}) as copied_rate_written
    from copied_from
    inner join conflicts
        on
            copied_from.figure_key = conflicts.figure_key
            and copied_from.source_line = conflicts.source_line
            and copied_from.fact_seq = conflicts.fact_seq
    inner join stated_rates as this_rate
        on conflicts.item_key = this_rate.item_key and conflicts.source_line = this_rate.source_line
    inner join stated_rates as earlier_rate
        on
            copied_from.earlier_item_key = earlier_rate.item_key
            and copied_from.earlier_line = earlier_rate.source_line
            and this_rate.value_num = earlier_rate.value_num
    where copied_from.nearness = 1
    group by copied_from.figure_key, copied_from.source_line, copied_from.fact_seq
),

described as (
    select
        conflicts.*,
        case
            when conflicts.line_item is not null then coalesce(line_labels.label_zh, conflicts.line_item)
            when conflicts.category is not null then coalesce(category_labels.label_zh, conflicts.category)
            when conflicts.flow is not null then coalesce(flow_labels.label_zh, conflicts.flow)
            when conflicts.measure is not null then coalesce(measure_labels.label_zh, conflicts.measure)
            when conflicts.level3 is not null then conflicts.level3
            when conflicts.subject_code is not null
                then '科目' || conflicts.subject_code || coalesce('（' || subject_names.subject_name || '）', '')
            else ''
        end
        || coalesce('（' || conflicts.project_name || '）', '')
        || coalesce('·' || replace(column_labels.label_zh, '（元）', ''), '') as item_label,
        copied_from.earlier_line,
        copied_rates.copied_rate_written
    from conflicts
    left join labels as line_labels
        on line_labels.kind = 'line_item' and conflicts.line_item = line_labels.code
    left join labels as category_labels
        on category_labels.kind = 'category' and conflicts.category = category_labels.code
    left join labels as flow_labels
        on flow_labels.kind = 'flow' and conflicts.flow = flow_labels.code
    left join labels as measure_labels
        on measure_labels.kind = 'measure' and conflicts.measure = measure_labels.code
    left join labels as column_labels
        on column_labels.kind = 'column' and conflicts.measure_name = column_labels.code
    left join subject_names
        on
            conflicts.document_id = subject_names.document_id
            and conflicts.statement = subject_names.statement
            and conflicts.subject_code = subject_names.subject_code
    left join copied_from
        on
            conflicts.figure_key = copied_from.figure_key
            and conflicts.source_line = copied_from.source_line
            and conflicts.fact_seq = copied_from.fact_seq
            and copied_from.nearness = 1
    left join copied_rates
        on
            conflicts.figure_key = copied_rates.figure_key
            and conflicts.source_line = copied_rates.source_line
            and conflicts.fact_seq = copied_rates.fact_seq
)

select
    document_id,
    case when is_prose_against_table then 'prose_table_mismatch' else 'figure_conflict' end as check_code,
    case when agrees_when_cut then 'info' else 'warning' end as severity,
    case
        when is_prose_against_table
            then
                '说明与表格不符：' || item_label
                || '，第' || case when origin = 'prose' then source_line else reference_line end || '行正文写 '
                || case when origin = 'prose' then written else reference_written end
                || '，第' || case when origin = 'prose' then reference_line else source_line end || '行表格为 '
                || case when origin = 'prose' then reference_written else written end
                || coalesce(
                    '；与上一项（第' || earlier_line || '行）所写 ' || written || ' 相同'
                    || coalesce('，增减幅度 ' || copied_rate_written || ' 亦同', '') || '，疑为照抄上一项',
                    ''
                )
        else
            '同一数字前后不一致：' || item_label
            || ' 第' || reference_line || '行为 ' || reference_written
            || '，第' || source_line || '行为 ' || written
            || case when origin = 'prose' then '（以表格/首次表述为准）' else '' end
    end
    || case when agrees_when_cut then '（截尾而非四舍五入后一致）' else '' end as message,
    -- the line the message names first: the prose one, or the reference
    case
        when is_prose_against_table and origin = 'prose' then source_line
        else reference_line
    end as source_line
from described
