-- 部分大于整体 (part_exceeds_total): a source of a budget's funds larger than the funds themselves (当年财政拨款,
-- 上年结转 or 其他资金 above 年度资金总额 of the same department or project, per measure), or a 三公 item larger
-- than the 三公 total (or a 公务用车 part above 公务用车购置及运行维护费), beyond what rounding allows.
{{ config(**per_document_incremental()) }}
with

figures as (
    select * from {{ ref('int_findings__figures') }}
    where {{ in_this_build() }}
),

labels as (
    select * from {{ ref('code_labels') }}
),

budget_lines as (
    select * from figures
    where mart = 'fct_budget_execution'
),

three_public as (
    select * from figures
    where mart = 'fct_three_public_expenses'
),

-- the wholes and the parts each may not exceed
three_public_wholes as (
    {{ rows_of(['whole_category', 'part_category'], [
        ('total', 'outbound_travel'),
        ('total', 'official_vehicles'),
        ('total', 'official_reception'),
        ('total', 'vehicle_purchase'),
        ('total', 'vehicle_operation'),
        ('official_vehicles', 'vehicle_purchase'),
        ('official_vehicles', 'vehicle_operation')
    ]) }}
),

pairs as (
    select
        part.document_id,
        coalesce('（' || part.project_name || '）', '（部门整体）') as subject,
        part.measure_name,
        'line_item' as label_kind,
        part.line_item as part_code,
        part.written as part_written,
        part.value_num as part_yuan,
        part.half_width as part_half_width,
        part.source_line as part_line,
        whole.line_item as whole_code,
        whole.written as whole_written,
        whole.value_num as whole_yuan,
        whole.half_width as whole_half_width,
        whole.source_line as whole_line
    from budget_lines as part
    inner join budget_lines as whole
        on
            part.document_id = whole.document_id
            and part.scope = whole.scope
            and coalesce(part.project_name, '∅') = coalesce(whole.project_name, '∅')
            and part.measure_name = whole.measure_name
            and whole.line_item = 'total_funds'
    where part.line_item in ('current_appropriation', 'prior_year_carryover', 'other_funds')
    union all
    select
        part.document_id,
        '（“三公”经费）' as subject,
        part.measure_name,
        'category' as label_kind,
        part.category as part_code,
        part.written as part_written,
        part.value_num as part_yuan,
        part.half_width as part_half_width,
        part.source_line as part_line,
        whole.category as whole_code,
        whole.written as whole_written,
        whole.value_num as whole_yuan,
        whole.half_width as whole_half_width,
        whole.source_line as whole_line
    from three_public as part
    inner join three_public_wholes on part.category = three_public_wholes.part_category
    inner join three_public as whole
        on
            part.document_id = whole.document_id
            and part.measure_name = whole.measure_name
            and three_public_wholes.whole_category = whole.category
)

select
    pairs.document_id,
    'part_exceeds_total' as check_code,
    'error' as severity,
    coalesce(part_labels.label_zh, pairs.part_code) || pairs.subject || '的'
    || coalesce(replace(measure_labels.label_zh, '（元）', ''), pairs.measure_name) || ' ' || pairs.part_written
    || '（第' || pairs.part_line || '行）大于' || coalesce(whole_labels.label_zh, pairs.whole_code) || ' '
    || pairs.whole_written || '（第' || pairs.whole_line || '行）' as message,
    pairs.part_line as source_line
from pairs
left join labels as part_labels on pairs.label_kind = part_labels.kind and pairs.part_code = part_labels.code
left join labels as whole_labels on pairs.label_kind = whole_labels.kind and pairs.whole_code = whole_labels.code
left join labels as measure_labels on measure_labels.kind = 'column' and pairs.measure_name = measure_labels.code
where
    pairs.part_yuan - pairs.whole_yuan
    > pairs.part_half_width + pairs.whole_half_width + {{ var('findings_epsilon') }}
