-- What a reviewer should look at, one row per finding. Each CTE is one check.
with

budget as (
    select * from {{ ref('fct_budget_execution') }}
),

three_public as (
    select * from {{ ref('fct_three_public_expenses') }}
),

indicators as (
    select * from {{ ref('fct_performance_indicators') }}
),

summaries as (
    select * from {{ ref('fct_evaluation_summary') }}
),

ingest_findings as (
    select
        document_id,
        check_code,
        severity,
        message,
        source_line
    from {{ ref('stg_raw__ingest_findings') }}
),

figures_stated_twice as (
    select
        document_id,
        'figure_conflict' as check_code,
        'warning' as severity,
        '同一数字前后不一致：' || figure_label || coalesce('（' || project_name || '）', '')
        || ' 第' || reference_line || '行为 ' || coalesce(cast(reference_num as varchar), reference_text)
        || '，第' || source_line || '行为 ' || coalesce(cast(value_num as varchar), value_text)
        || case when origin = 'prose' then '（以表格/首次表述为准）' else '' end as message,
        source_line
    from {{ ref('int_facts__conflicts') }}
),

rate_mismatches as (
    select
        document_id,
        'execution_rate_mismatch' as check_code,
        'warning' as severity,
        '执行率填报为 ' || {{ percent_text('execution_rate_reported') }} || '%，按执行数/全年预算数计算为 '
        || {{ percent_text('execution_rate') }} || '%（' || coalesce(project_name, line_item) || '）' as message,
        source_line
    from budget
    where
        execution_rate_reported is not null
        and execution_rate is not null
        and abs(execution_rate_reported - execution_rate) > 0.006
),

low_execution_full_score as (
    select
        document_id,
        'low_execution_full_score' as check_code,
        'warning' as severity,
        '执行率 ' || {{ percent_text('coalesce(execution_rate, execution_rate_reported)') }}
        || '% 低于 90%，但预算执行得分为满分 ' || {{ number_text('score') }}
        || '（' || coalesce(project_name, '部门整体') || '）' as message,
        source_line
    from budget
    where
        line_item = 'total_funds'
        and coalesce(execution_rate, execution_rate_reported) < 0.9
        and score is not null and weight is not null and score >= weight
),

score_above_weight as (
    select
        document_id,
        'score_above_weight' as check_code,
        'error' as severity,
        '指标得分 ' || {{ number_text('score') }} || ' 高于分值 ' || {{ number_text('weight') }} || '：' || level3 as message,
        source_line
    from indicators
    where score > weight
),

scores_not_adding_up as (
    select
        document_id,
        'scores_not_adding_up' as check_code,
        'warning' as severity,
        '各项得分（含预算执行得分）合计 ' || {{ number_text('scored_score_sum') }}
        || ' 与填报总分 ' || {{ number_text('total_score') }} || ' 不符'
        || coalesce('（' || project_name || '）', '（部门整体）') as message,
        source_line
    from summaries
    where
        total_score is not null
        and scored_score_sum is not null
        and indicator_count > 1
        and abs(total_score - scored_score_sum) > 0.01
        and abs(total_weight - scored_weight_sum) <= 0.01
),

three_public_parts as (
    select
        document_id,
        sum(final_yuan) filter (where category in ('outbound_travel', 'official_vehicles', 'official_reception'))
            as parts_final_yuan,
        max(final_yuan) filter (where category = 'total') as total_final_yuan,
        min(source_line) filter (where category = 'total') as source_line
    from three_public
    group by document_id
),

three_public_parts_above_total as (
    select
        document_id,
        'subitems_above_total' as check_code,
        'error' as severity,
        '三公经费各项决算合计 ' || parts_final_yuan || ' 元高于三公经费合计 ' || total_final_yuan || ' 元' as message,
        source_line
    from three_public_parts
    where parts_final_yuan > total_final_yuan + 1
),

public_expenditure_parts as (
    select
        document_id,
        sum(executed_yuan) filter (
            where line_item in ('office_expenses', 'utilities_travel', 'meetings_training')
        ) as parts_executed_yuan,
        max(executed_yuan) filter (where line_item = 'public_expenditure') as total_executed_yuan,
        min(source_line) filter (where line_item = 'public_expenditure') as source_line
    from budget
    where scope = 'department'
    group by document_id
),

public_expenditure_parts_above_total as (
    select
        document_id,
        'subitems_above_total' as check_code,
        'error' as severity,
        '公用经费明细（办公、水电差旅、会议培训）合计 ' || parts_executed_yuan || ' 元高于公用经费 '
        || total_executed_yuan || ' 元' as message,
        source_line
    from public_expenditure_parts
    where parts_executed_yuan > total_executed_yuan + 1
),

findings as (
    select * from ingest_findings
    union all
    select * from figures_stated_twice
    union all
    select * from rate_mismatches
    union all
    select * from low_execution_full_score
    union all
    select * from score_above_weight
    union all
    select * from scores_not_adding_up
    union all
    select * from three_public_parts_above_total
    union all
    select * from public_expenditure_parts_above_total
    union all
    select * from {{ ref('int_findings__cross_year') }}
    union all
    select * from {{ ref('int_findings__unit_unresolved') }}
)

select distinct
    md5(concat_ws('|', document_id, check_code, message, coalesce(source_line, -1))) as finding_id,
    document_id,
    check_code,
    severity,
    message,
    source_line
from findings
