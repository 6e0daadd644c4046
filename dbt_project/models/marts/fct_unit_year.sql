-- One row per unit and year: the figures 横向对比 sets side by side (execution rate, 三公 and 机关运行经费 per
-- 在职人员, the 基本支出 structure by 经济分类, the self-evaluation score). When a unit filed several documents
-- for a year, each figure comes from the most recently ingested document that states it, and names it.
with

documents as (
    select
        document_id,
        unit_id,
        fiscal_year,
        ingested_at
    from {{ ref('dim_document') }}
    where unit_id is not null and fiscal_year is not null and is_current
),

execution as (
    select
        documents.unit_id,
        documents.fiscal_year,
        documents.document_id,
        documents.ingested_at,
        coalesce(budget.execution_rate, budget.execution_rate_reported) as execution_rate
    from {{ ref('fct_budget_execution') }} as budget
    inner join documents on budget.document_id = documents.document_id
    where
        budget.scope = 'department' and budget.line_item = 'total_funds'
        and coalesce(budget.execution_rate, budget.execution_rate_reported) is not null
),

agency_operating as (
    select
        documents.unit_id,
        documents.fiscal_year,
        documents.document_id,
        documents.ingested_at,
        budget.executed_yuan as agency_operating_yuan
    from {{ ref('fct_budget_execution') }} as budget
    inner join documents on budget.document_id = documents.document_id
    where
        budget.scope = 'department' and budget.line_item = 'agency_operating_expenses'
        and budget.executed_yuan is not null
),

staffing as (
    select
        documents.unit_id,
        documents.fiscal_year,
        documents.document_id,
        documents.ingested_at,
        staff.actual_headcount
    from {{ ref('fct_staffing') }} as staff
    inner join documents on staff.document_id = documents.document_id
    where staff.actual_headcount > 0
),

three_public as (
    select
        documents.unit_id,
        documents.fiscal_year,
        documents.document_id,
        documents.ingested_at,
        expenses.final_yuan as three_public_yuan
    from {{ ref('fct_three_public_expenses') }} as expenses
    inner join documents on expenses.document_id = documents.document_id
    where expenses.category = 'total' and expenses.final_yuan is not null
),

scores as (
    select
        documents.unit_id,
        documents.fiscal_year,
        documents.document_id,
        documents.ingested_at,
        summary.total_score
    from {{ ref('fct_evaluation_summary') }} as summary
    inner join documents on summary.document_id = documents.document_id
    where summary.scope = 'department' and summary.total_score is not null
),

-- 基本支出 by 经济分类 类 (301 工资福利支出, 302 商品和服务支出, 303 对个人和家庭的补助); the 决算 before the 预算
economic_totals as (
    select
        documents.unit_id,
        documents.fiscal_year,
        documents.document_id,
        documents.ingested_at,
        economic.statement,
        sum(economic.total_yuan) as basic_total_yuan,
        sum(case when economic.econ_code = '301' then economic.total_yuan end) as personnel_yuan,
        sum(case when economic.econ_code = '302' then economic.total_yuan end) as goods_services_yuan,
        sum(case when economic.econ_code = '303' then economic.total_yuan end) as household_yuan
    from {{ ref('fct_economic_classification') }} as economic
    inner join documents on economic.document_id = documents.document_id
    where
        length(economic.econ_code) = 3 and economic.total_yuan is not null
        and economic.statement in ('final_basic', 'budget_basic')
    group by
        documents.unit_id, documents.fiscal_year, documents.document_id, documents.ingested_at, economic.statement
),

latest_execution as (
    {{ latest_per_unit_year('execution', "ingested_at desc, document_id") }}
),

latest_agency_operating as (
    {{ latest_per_unit_year('agency_operating', "ingested_at desc, document_id") }}
),

latest_staffing as (
    {{ latest_per_unit_year('staffing', "ingested_at desc, document_id") }}
),

latest_three_public as (
    {{ latest_per_unit_year('three_public', "ingested_at desc, document_id") }}
),

latest_scores as (
    {{ latest_per_unit_year('scores', "ingested_at desc, document_id") }}
),

-- the 决算's structure before the 预算's
latest_economic_totals as (
    {{ latest_per_unit_year(
        'economic_totals', "case when statement = 'final_basic' then 0 else 1 end, ingested_at desc, document_id"
    ) }}
),

unit_years as (
    select distinct
        unit_id,
        fiscal_year
    from documents
)

select
    unit_years.unit_id,
    unit_years.fiscal_year,
    latest_execution.execution_rate,
    latest_staffing.actual_headcount,
    latest_three_public.three_public_yuan,
    latest_agency_operating.agency_operating_yuan,
    cast(latest_three_public.three_public_yuan as double precision) / latest_staffing.actual_headcount
        as three_public_per_person_yuan,
    cast(latest_agency_operating.agency_operating_yuan as double precision) / latest_staffing.actual_headcount
        as agency_operating_per_person_yuan,
    latest_economic_totals.statement as economic_statement,
    cast(latest_economic_totals.personnel_yuan as double precision)
    / nullif(latest_economic_totals.basic_total_yuan, 0) as personnel_share,
    cast(latest_economic_totals.goods_services_yuan as double precision)
    / nullif(latest_economic_totals.basic_total_yuan, 0) as goods_services_share,
    cast(latest_economic_totals.household_yuan as double precision)
    / nullif(latest_economic_totals.basic_total_yuan, 0) as household_share,
    latest_scores.total_score
from unit_years
left join latest_execution
    on unit_years.unit_id = latest_execution.unit_id and unit_years.fiscal_year = latest_execution.fiscal_year
left join latest_staffing
    on unit_years.unit_id = latest_staffing.unit_id and unit_years.fiscal_year = latest_staffing.fiscal_year
left join latest_three_public
    on unit_years.unit_id = latest_three_public.unit_id and unit_years.fiscal_year = latest_three_public.fiscal_year
left join latest_agency_operating
    on
        unit_years.unit_id = latest_agency_operating.unit_id
        and unit_years.fiscal_year = latest_agency_operating.fiscal_year
left join latest_economic_totals
    on
        unit_years.unit_id = latest_economic_totals.unit_id
        and unit_years.fiscal_year = latest_economic_totals.fiscal_year
left join latest_scores
    on unit_years.unit_id = latest_scores.unit_id and unit_years.fiscal_year = latest_scores.fiscal_year
