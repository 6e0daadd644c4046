-- 增减说明与数字不符 (stated_change_mismatch): a sentence of the 说明 that compares an item with the year before
-- ("2023年当年预算执行数为12.50万元，2024年预算安排40.00万元，比2023年预算执行数增加250.00%") and says something
-- the two figures do not give. The current figure is the row's own (合计 of a function classification row; the
-- 执行数 of a 决算's or the 年初预算数 of a 预算's budget line), the earlier one as the sentence states it.
--   rate: the computed change, over every value the two figures may hold given their precision, must reach the
--     stated rate rounded or cut to its decimals; a wrong direction (增加 for a fall) never does;
--   amount: a stated amount of change must be current − prior within the figures' precision;
--   without a stated prior figure, an increase larger than the current figure is impossible (prior < 0).
{{ config(**per_document_incremental()) }}
with

figures as (
    select * from {{ ref('int_findings__figures') }}
    where mart in ('fct_final_accounts', 'fct_budget_execution') and {{ in_this_build() }}
),

documents as (
    select
        document_id,
        {{ department_measure('forms') }} as department_measure
    from {{ ref('stg_raw__documents') }}
    where is_current and {{ in_this_build() }}
),

labels as (
    select * from {{ ref('code_labels') }}
),

{%- set current_parts = [('', 'value'), ('_half_width', 'half_width'), ('_written', 'written'), ('_line', 'line')] %}
{%- set measures = [
    'total_yuan', 'budget_initial_yuan', 'executed_yuan', 'prior_year_stated_yuan', 'stated_change_rate',
    'stated_change_yuan'
] %}

items as (
    select
        document_id,
        mart,
        scope,
        project_name,
        line_item,
        statement,
        subject_code,
        max(case when measure_name = 'subject_name' then value_text end) as subject_name,
        {%- for measure in measures %}
            max(case when measure_name = '{{ measure }}' then value_num end) as {{ measure }},
            max(case when measure_name = '{{ measure }}' then half_width end) as {{ measure }}_half_width,
            max(case when measure_name = '{{ measure }}' then written end) as {{ measure }}_written,
            max(case when measure_name = '{{ measure }}' then source_line end) as {{ measure }}_line
            {%- if not loop.last %},{% endif %}
        {%- endfor %}
    from figures
    group by document_id, mart, scope, project_name, line_item, statement, subject_code
),

-- the figure the sentence compares with the earlier year's
with_current as (
    select
        items.*,
        case
            when items.mart = 'fct_final_accounts' then 'total_yuan'
            when documents.department_measure = 'executed_yuan' and items.executed_yuan is not null
                then 'executed_yuan'
            when documents.department_measure = 'budget_initial_yuan' and items.budget_initial_yuan is not null
                then 'budget_initial_yuan'
            when items.executed_yuan is null then 'budget_initial_yuan'
            when items.budget_initial_yuan is null then 'executed_yuan'
        end as current_measure
    from items
    inner join documents on items.document_id = documents.document_id
    where items.stated_change_rate is not null or items.stated_change_yuan is not null
),

stated as (
    select
        with_current.*,
        {%- for part, name in current_parts %}
            case with_current.current_measure
                when 'total_yuan' then with_current.total_yuan{{ part }}
                when 'executed_yuan' then with_current.executed_yuan{{ part }}
                when 'budget_initial_yuan' then with_current.budget_initial_yuan{{ part }}
            end as current_{{ name }},
        {%- endfor %}
        case
            when with_current.mart = 'fct_final_accounts'
                then '科目' || with_current.subject_code || coalesce('（' || with_current.subject_name || '）', '')
            else
                coalesce(line_labels.label_zh, with_current.line_item)
                || coalesce('（' || with_current.project_name || '）', '')
        end as item_label
    from with_current
    left join labels as line_labels
        on line_labels.kind = 'line_item' and with_current.line_item = line_labels.code
),

-- every change the two figures allow, given that each may be off by its half-width
bounded as (
    select
        *,
        case
            when prior_year_stated_yuan - prior_year_stated_yuan_half_width > 0
                then
                    (current_value - current_half_width) / (prior_year_stated_yuan + prior_year_stated_yuan_half_width)
                    - 1
        end as lowest_rate,
        case
            when prior_year_stated_yuan - prior_year_stated_yuan_half_width > 0
                then
                    (current_value + current_half_width) / (prior_year_stated_yuan - prior_year_stated_yuan_half_width)
                    - 1
        end as highest_rate,
        case
            when prior_year_stated_yuan > 0 then (current_value - prior_year_stated_yuan) / prior_year_stated_yuan
        end as computed_rate,
        -- the values a true rate may have had for the document to write this one: rounded, or cut toward zero
        stated_change_rate - stated_change_rate_half_width
        - case when stated_change_rate < 0 then stated_change_rate_half_width else 0 end as lowest_stated_rate,
        stated_change_rate + stated_change_rate_half_width
        + case when stated_change_rate > 0 then stated_change_rate_half_width else 0 end as highest_stated_rate
    from stated
    where current_value is not null
),

rate_mismatches as (
    select
        document_id,
        'stated_change_mismatch' as check_code,
        'warning' as severity,
        item_label || '：第' || stated_change_rate_line || '行写比上年'
        || case
            when stated_change_rate = 0 then '持平'
            else
                case when stated_change_rate < 0 then '减少 ' else '增加 ' end
                || {{ written_percent('abs(stated_change_rate)', 'stated_change_rate_half_width') }}
        end
        || '，按上年数 ' || prior_year_stated_yuan_written || '（第' || prior_year_stated_yuan_line || '行）与本年数 '
        || current_written || '（第' || current_line || '行）计算为'
        || case when computed_rate < 0 then '减少 ' else '增加 ' end
        || {{ written_percent('abs(computed_rate)', 'stated_change_rate_half_width') }}
        || case
            when
                stated_change_rate <> 0 and sign(computed_rate) <> sign(stated_change_rate)
                and abs(computed_rate) > stated_change_rate_half_width
                then '（增减方向不符）'
            else ''
        end as message,
        stated_change_rate_line as source_line
    from bounded
    where
        stated_change_rate is not null
        and lowest_rate is not null
        and (
            highest_rate < lowest_stated_rate - {{ var('findings_epsilon') }}
            or lowest_rate > highest_stated_rate + {{ var('findings_epsilon') }}
        )
),

amount_mismatches as (
    select
        document_id,
        'stated_change_mismatch' as check_code,
        'warning' as severity,
        item_label || '：第' || stated_change_yuan_line || '行写比上年'
        || case when stated_change_yuan < 0 then '减少 ' else '增加 ' end
        || {{ written_yuan('abs(stated_change_yuan)', 'stated_change_yuan_half_width') }}
        || '，但本年数 ' || current_written || '（第' || current_line || '行）与上年数 '
        || prior_year_stated_yuan_written || '（第' || prior_year_stated_yuan_line || '行）相差 '
        || {{ written_yuan('current_value - prior_year_stated_yuan', 'stated_change_yuan_half_width') }} as message,
        stated_change_yuan_line as source_line
    from bounded
    where
        stated_change_yuan is not null
        and prior_year_stated_yuan is not null
        -- a stated figure may be cut rather than rounded: it may be off by its whole last digit
        and abs(current_value - prior_year_stated_yuan - stated_change_yuan)
        > current_half_width + 2 * prior_year_stated_yuan_half_width + 2 * stated_change_yuan_half_width
        + {{ var('findings_epsilon') }}
),

impossible_increases as (
    select
        document_id,
        'stated_change_mismatch' as check_code,
        'warning' as severity,
        item_label || '：第' || stated_change_yuan_line || '行写比上年增加 '
        || {{ written_yuan('stated_change_yuan', 'stated_change_yuan_half_width') }}
        || '，大于本年数 ' || current_written || '（第' || current_line || '行），上年数不可能为负' as message,
        stated_change_yuan_line as source_line
    from bounded
    where
        stated_change_yuan > 0
        and prior_year_stated_yuan is null
        and stated_change_yuan - current_value
        > current_half_width + 2 * stated_change_yuan_half_width + {{ var('findings_epsilon') }}
)

select * from rate_mismatches
union all
select * from amount_mismatches
union all
select * from impossible_increases
