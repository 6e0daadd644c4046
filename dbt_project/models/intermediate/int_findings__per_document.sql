-- The findings of each document on its own, one row per finding (fct_quality_findings adds those across
-- documents: cross-year, unit not in the register). Each CTE is one check. Per document: an incremental build
-- computes the documents of this build only.
{{ config(**per_document_incremental()) }}
with

budget as (
    select * from {{ ref('fct_budget_execution') }}
    where {{ in_this_build() }}
),

indicators as (
    select * from {{ ref('fct_performance_indicators') }}
    where {{ in_this_build() }}
),

summaries as (
    select * from {{ ref('fct_evaluation_summary') }}
    where {{ in_this_build() }}
),

ingest_findings as (
    select
        document_id,
        check_code,
        severity,
        message,
        source_line
    from {{ ref('stg_raw__ingest_findings') }}
    where {{ in_this_build() }}
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
        and abs(execution_rate_reported - execution_rate) > {{ var('execution_rate_tolerance') }}
),

low_execution_full_score as (
    select
        document_id,
        'low_execution_full_score' as check_code,
        'warning' as severity,
        '执行率 ' || {{ percent_text('coalesce(execution_rate, execution_rate_reported)') }}
        || '% 低于 {{ (var('low_execution_rate') * 100) | round | int }}%，但预算执行得分为满分 ' || {{ number_text('score') }}
        || '（' || coalesce(project_name, '部门整体') || '）' as message,
        source_line
    from budget
    where
        line_item = 'total_funds'
        and coalesce(execution_rate, execution_rate_reported) < {{ var('low_execution_rate') }}
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

-- 分项合计高于总额 where not every part is stated (row_sum_mismatch checks the identities where all are): the
-- parts' sum beyond the whole by more than their rounding (a 万元 part may be off by 50元, a cut whole by 100元)
subitem_figures as (
    select
        *,
        case when mart = 'fct_three_public_expenses' then 'three_public' else 'public_expenditure' end as whole_of,
        coalesce(category, line_item) in ('total', 'public_expenditure') as is_whole
    from {{ ref('int_findings__figures') }}
    where
        {{ in_this_build() }}
        and (
            mart = 'fct_three_public_expenses' and measure_name = 'final_yuan'
            and category in ('total', 'outbound_travel', 'official_vehicles', 'official_reception')
        )
        or (
            mart = 'fct_budget_execution' and scope = 'department' and measure_name = 'executed_yuan'
            and line_item in ('public_expenditure', 'office_expenses', 'utilities_travel', 'meetings_training')
        )
),

subitem_sums as (
    select
        document_id,
        whole_of,
        sum(value_num) filter (where not is_whole) as parts_yuan,
        sum(half_width) filter (where not is_whole) as parts_half_width,
        max(half_width) filter (where not is_whole) as part_half_width,
        min(source_line) filter (where not is_whole) as parts_line,
        max(value_num) filter (where is_whole) as whole_yuan,
        max(half_width) filter (where is_whole) as whole_half_width,
        max(written) filter (where is_whole) as whole_written,
        min(source_line) filter (where is_whole) as whole_line
    from subitem_figures
    group by document_id, whole_of
),

subitems_above_total as (
    select
        document_id,
        'subitems_above_total' as check_code,
        'error' as severity,
        case
            when whole_of = 'three_public' then '三公经费各项决算合计 '
            else '公用经费明细（办公、水电差旅、会议培训）决算合计 '
        end
        || {{ written_yuan('parts_yuan', 'part_half_width') }} || '（第' || parts_line || '行起）高于'
        || case when whole_of = 'three_public' then '三公经费合计 ' else '公用经费 ' end
        || whole_written || '（第' || whole_line || '行）' as message,
        parts_line as source_line
    from subitem_sums
    where parts_yuan - whole_yuan > parts_half_width + 2 * whole_half_width + {{ var('findings_epsilon') }}
),

findings as (
    select * from ingest_findings
    union all
    -- figure_conflict / prose_table_mismatch
    select * from {{ ref('int_findings__figure_conflicts') }}
    where {{ in_this_build() }}
    union all
    select * from rate_mismatches
    union all
    select * from low_execution_full_score
    union all
    select * from score_above_weight
    union all
    select * from scores_not_adding_up
    union all
    select * from subitems_above_total
    union all
    -- the checks a reviewer of a 预算 / 决算 disclosure makes (contract: fct_quality_findings v2)
    select * from {{ ref('int_findings__row_sums') }}
    where {{ in_this_build() }}
    union all
    select * from {{ ref('int_findings__parts') }}
    where {{ in_this_build() }}
    union all
    select * from {{ ref('int_findings__tables') }}
    where {{ in_this_build() }}
    union all
    select * from {{ ref('int_findings__summaries') }}
    where {{ in_this_build() }}
    union all
    select * from {{ ref('int_findings__stated_changes') }}
    where {{ in_this_build() }}
    union all
    select * from {{ ref('int_findings__subject_names') }}
    where {{ in_this_build() }}
)

select distinct {{ finding_columns() }}
from findings
