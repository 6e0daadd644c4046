-- 汇总与所列项目不符 (summary_mismatch): a stated summary of the projects ("编报绩效目标的项目3个，涉及项目预算资金
-- 250.00万元", fct_evaluation_overview rating 'all') against the projects the same document lists (scope project,
-- line total_funds): their number, and the sum of their 年初预算数 (a 预算) or of their budgets / executed amounts
-- (a self-evaluation: the summary may state either). More projects listed than stated is a warning; fewer is info
-- (a document may list only some of them). The amounts are compared only when as many projects are listed as
-- stated, each with the amount.
{{ config(**per_document_incremental()) }}
with

figures as (
    select * from {{ ref('int_findings__figures') }}
    where {{ in_this_build() }}
),

documents as (
    select
        document_id,
        (
            array_position(forms, 'budget_disclosure') is not null
            or array_position(forms, 'performance_targets') is not null
        ) as is_budget
    from {{ ref('stg_raw__documents') }}
    where is_current and {{ in_this_build() }}
),

stated as (
    select
        document_id,
        max(case when measure_name = 'project_count' then value_num end) as stated_count,
        max(case when measure_name = 'project_count' then source_line end) as count_line,
        max(case when measure_name = 'amount_yuan' then value_num end) as stated_yuan,
        max(case when measure_name = 'amount_yuan' then half_width end) as stated_half_width,
        max(case when measure_name = 'amount_yuan' then written end) as stated_written,
        max(case when measure_name = 'amount_yuan' then source_line end) as amount_line
    from figures
    where mart = 'fct_evaluation_overview' and category = 'all'
    group by document_id
),

listed_lines as (
    select * from figures
    where mart = 'fct_budget_execution' and scope = 'project' and line_item = 'total_funds'
),

listed as (
    select
        document_id,
        count(distinct project_name) as listed_count,
        min(source_line) as first_line,
        {%- for measure in ['budget_initial_yuan', 'budget_full_year_yuan', 'executed_yuan'] %}
            count(distinct case when measure_name = '{{ measure }}' then project_name end) as {{ measure }}_count,
            sum(case when measure_name = '{{ measure }}' then value_num end) as {{ measure }}_sum,
            sum(case when measure_name = '{{ measure }}' then half_width end) as {{ measure }}_half_width,
            max(case when measure_name = '{{ measure }}' then half_width end) as {{ measure }}_part_half_width
            {%- if not loop.last %},{% endif %}
        {%- endfor %}
    from listed_lines
    group by document_id
),

compared as (
    select
        stated.*,
        listed.listed_count,
        listed.first_line,
        documents.is_budget,
        listed.budget_initial_yuan_sum,
        listed.budget_initial_yuan_part_half_width,
        listed.budget_full_year_yuan_sum,
        listed.budget_full_year_yuan_part_half_width,
        listed.executed_yuan_sum,
        listed.executed_yuan_part_half_width,
        {%- for measure in ['budget_initial_yuan', 'budget_full_year_yuan', 'executed_yuan'] %}
            (
                listed.{{ measure }}_count = listed.listed_count
                and {{ agrees_rounded_or_cut(
                'stated.stated_yuan', 'stated.stated_half_width',
                'listed.' ~ measure ~ '_sum', 'listed.' ~ measure ~ '_half_width'
            ) }}
            ) as agrees_with_{{ measure }},
            listed.{{ measure }}_count = listed.listed_count as has_every_{{ measure }}
            {%- if not loop.last %},{% endif %}
        {%- endfor %}
    from stated
    inner join listed on stated.document_id = listed.document_id
    inner join documents on stated.document_id = documents.document_id
),

count_mismatches as (
    select
        document_id,
        'summary_mismatch' as check_code,
        case when listed_count > stated_count then 'warning' else 'info' end as severity,
        '汇总写项目 ' || cast(cast(stated_count as bigint) as varchar) || ' 个（第' || count_line || '行），'
        || '文中所列项目 ' || listed_count || ' 个（第' || first_line || '行起）'
        || case when listed_count < stated_count then '，所列可能不全' else '' end as message,
        count_line as source_line
    from compared
    where stated_count is not null and stated_count <> listed_count
),

amount_mismatches as (
    select
        document_id,
        'summary_mismatch' as check_code,
        'warning' as severity,
        '汇总写 ' || coalesce(cast(cast(stated_count as bigint) as varchar) || ' 个项目、', '') || '金额 '
        || stated_written || '（第' || amount_line || '行），所列 ' || listed_count || ' 个项目的'
        || case
            when has_every_budget_initial_yuan
                then
                    '年初预算数合计 '
                    || {{ written_yuan('budget_initial_yuan_sum', 'budget_initial_yuan_part_half_width') }}
            when has_every_budget_full_year_yuan
                then
                    '全年预算数合计 '
                    || {{ written_yuan('budget_full_year_yuan_sum', 'budget_full_year_yuan_part_half_width') }}
            else '执行数合计 ' || {{ written_yuan('executed_yuan_sum', 'executed_yuan_part_half_width') }}
        end
        || '（第' || first_line || '行起）' as message,
        amount_line as source_line
    from compared
    where
        stated_yuan is not null
        and (stated_count is null or stated_count = listed_count)
        and (
            (is_budget and has_every_budget_initial_yuan and not agrees_with_budget_initial_yuan)
            or (
                not is_budget
                and (has_every_budget_initial_yuan or has_every_budget_full_year_yuan or has_every_executed_yuan)
                and not (
                    agrees_with_budget_initial_yuan or agrees_with_budget_full_year_yuan or agrees_with_executed_yuan
                )
            )
        )
)

select * from count_mismatches
union all
select * from amount_mismatches
