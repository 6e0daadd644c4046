{{ config(**per_document_incremental()) }}
with

stated_totals as (
    select
        document_id,
        scope,
        project_name,
        {{ measure_num('total_weight', 'double precision') }} as total_weight,
        {{ measure_num('total_score', 'double precision') }} as total_score,
        {{ measure_text('self_rating') }} as self_rating,
        {{ provenance_columns() }}
    from {{ ref('int_facts__resolved') }}
    where mart = 'fct_evaluation_summary' and {{ in_this_build(by_batch=true) }}
    group by document_id, scope, project_name
),

indicator_totals as (
    select
        document_id,
        scope,
        project_name,
        count(*) as indicator_count,
        sum(weight) as indicator_weight_sum,
        sum(score) as indicator_score_sum,
        min(source_line) as first_indicator_line
    from {{ ref('fct_performance_indicators') }}
    where level3 is not null and {{ in_this_build() }}  -- a section's own points (产出指标(50分)) are no indicator
    group by document_id, scope, project_name
),

-- The 年度资金总额 row carries points of its own (分值 / 得分) that count towards the 总分.
funds_points as (
    select
        document_id,
        scope,
        project_name,
        weight as funds_weight,
        score as funds_score
    from {{ ref('fct_budget_execution') }}
    where line_item = 'total_funds' and weight is not null and {{ in_this_build() }}
),

summaries as (
    select
        coalesce(stated_totals.document_id, indicator_totals.document_id) as document_id,
        coalesce(stated_totals.scope, indicator_totals.scope) as scope,
        coalesce(stated_totals.project_name, indicator_totals.project_name) as project_name,
        stated_totals.total_weight,
        stated_totals.total_score,
        stated_totals.self_rating,
        coalesce(indicator_totals.indicator_count, 0) as indicator_count,
        indicator_totals.indicator_weight_sum,
        indicator_totals.indicator_score_sum,
        coalesce(stated_totals.source_line, indicator_totals.first_indicator_line) as source_line,
        stated_totals.source_text
    from stated_totals
    full outer join indicator_totals
        on
            stated_totals.document_id = indicator_totals.document_id
            and stated_totals.scope = indicator_totals.scope
            and stated_totals.project_name is not distinct from indicator_totals.project_name
)

select
    summaries.document_id,
    summaries.scope,
    summaries.project_name,
    summaries.total_weight,
    summaries.total_score,
    summaries.self_rating,
    summaries.indicator_count,
    summaries.indicator_weight_sum,
    summaries.indicator_score_sum,
    funds_points.funds_weight,
    funds_points.funds_score,
    summaries.indicator_weight_sum + coalesce(funds_points.funds_weight, 0) as scored_weight_sum,
    summaries.indicator_score_sum + coalesce(funds_points.funds_score, 0) as scored_score_sum,
    summaries.source_line,
    summaries.source_text
from summaries
left join funds_points
    on
        summaries.document_id = funds_points.document_id
        and summaries.scope = funds_points.scope
        and summaries.project_name is not distinct from funds_points.project_name
