-- 合计与分项不符 (row_sum_mismatch): a whole that its parts do not add up to, beyond what rounding allows. The parts
-- are table cells (each off by at most its half-width); the whole may be a figure the prose cut instead of rounded,
-- so it may be off by its full last digit. A blank cell is no figure: it adds nothing.
--   fct_final_accounts: 合计 = 基本支出 + 项目支出 of a row; a 类 = Σ its 款, a 款 = Σ its 项 (per measure, where
--   the statement has such children); Σ 类 rows = the department line of the table's 合计.
--   fct_economic_classification: a 类 = Σ its 款; 人员经费 / 公用经费 department lines = Σ over the 类 rows.
--   fct_three_public_expenses: 合计 = 出国 + 公务用车 + 接待; 公务用车 = 购置 + 运行 (where every part is stated).
{{ config(**per_document_incremental()) }}
with

-- read by five comparisons, each for a few of its rows: not materialized whole (at 100,000 documents it did not
-- fit the build's memory)
figures as not materialized (
    select * from {{ ref('int_findings__figures') }}
    where {{ in_this_build() }}
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

-- a column as a message names it (the column labels of code_labels carry the unit)
measure_labels as (
    {{ rows_of(['measure_name', 'label_zh'], [
        ('total_yuan', '合计'),
        ('fiscal_appropriation_yuan', '财政拨款'),
        ('budget_initial_yuan', '年初预算数'),
        ('budget_full_year_yuan', '全年预算数'),
        ('basic_yuan', '基本支出'),
        ('project_yuan', '项目支出'),
        ('personnel_yuan', '人员经费'),
        ('public_yuan', '公用经费'),
        ('budget_yuan', '预算数'),
        ('final_yuan', '决算数')
    ]) }}
),

-- the rows of the function and economic classification tables, named for messages
subjects as (
    select
        document_id,
        mart,
        statement,
        subject_code,
        max(value_text) as subject_name
    from figures
    where measure_name in ('subject_name', 'econ_name')
    group by document_id, mart, statement, subject_code
),

-- the table columns that add up (a stated change or rate of the 说明 does not); only cells a table states: the
-- 说明 names some subjects only, and the subjects it leaves out do not make a sum wrong
classified as (
    select * from figures
    where
        mart in ('fct_final_accounts', 'fct_economic_classification')
        and stated_in_table
        and measure_name in (
            'total_yuan', 'fiscal_appropriation_yuan', 'basic_yuan', 'project_yuan', 'budget_initial_yuan',
            'budget_full_year_yuan', 'personnel_yuan', 'public_yuan'
        )
        and value_num is not null
        and subject_code is not null
),

-- 合计 = 基本支出 + 项目支出 within one row of a function classification table
row_totals as (
    select
        whole.document_id,
        whole.mart,
        whole.statement,
        whole.subject_code,
        '合计' as whole_label,
        whole.value_num as whole_yuan,
        whole.half_width as whole_half_width,
        whole.written as whole_written,
        whole.source_line as whole_line,
        '基本支出与项目支出' as parts_label,
        basic.value_num + project.value_num as parts_yuan,
        basic.half_width + project.half_width as parts_half_width,
        greatest(basic.half_width, project.half_width) as part_half_width,
        least(basic.source_line, project.source_line) as parts_line
    from classified as whole
    inner join classified as basic
        on
            whole.document_id = basic.document_id
            and whole.statement = basic.statement
            and whole.subject_code = basic.subject_code
            and basic.measure_name = 'basic_yuan'
    inner join classified as project
        on
            whole.document_id = project.document_id
            and whole.statement = project.statement
            and whole.subject_code = project.subject_code
            and project.measure_name = 'project_yuan'
    where whole.mart = 'fct_final_accounts' and whole.measure_name = 'total_yuan'
),

-- a 类 = Σ its 款, a 款 = Σ its 项, per measure
subtotals as (
    select
        parent.document_id,
        parent.mart,
        parent.statement,
        parent.subject_code,
        coalesce(measure_labels.label_zh, parent.measure_name) as whole_label,
        parent.value_num as whole_yuan,
        parent.half_width as whole_half_width,
        parent.written as whole_written,
        parent.source_line as whole_line,
        case length(parent.subject_code) when 3 then '其下各款' else '其下各项' end as parts_label,
        sum(child.value_num) as parts_yuan,
        sum(child.half_width) as parts_half_width,
        max(child.half_width) as part_half_width,
        min(child.source_line) as parts_line
    from classified as parent
    inner join classified as child
        on
            parent.document_id = child.document_id
            and parent.mart = child.mart
            and parent.statement = child.statement
            and parent.measure_name = child.measure_name
            and length(child.subject_code) = length(parent.subject_code) + 2
            and left(child.subject_code, length(parent.subject_code)) = parent.subject_code
    left join measure_labels on parent.measure_name = measure_labels.measure_name
    where length(parent.subject_code) in (3, 5)
    group by
        parent.document_id, parent.mart, parent.statement, parent.subject_code, parent.measure_name,
        measure_labels.label_zh, parent.value_num, parent.half_width, parent.written, parent.source_line
),

-- which department line states the 合计 of which table column (contract: fct_quality_findings v2)
table_total_lines as (
    {{ rows_of(['mart', 'table_statement', 'measure_name', 'line_item'], [
        ('fct_final_accounts', 'expenditure', 'total_yuan', 'expenditure_total'),
        ('fct_final_accounts', 'expenditure', 'basic_yuan', 'basic_expenditure'),
        ('fct_final_accounts', 'expenditure', 'project_yuan', 'project_expenditure'),
        ('fct_final_accounts', 'income', 'total_yuan', 'income_total'),
        ('fct_final_accounts', 'general_budget_expenditure', 'total_yuan', 'general_public_budget'),
        ('fct_economic_classification', 'final_basic', 'personnel_yuan', 'personnel_expenditure'),
        ('fct_economic_classification', 'final_basic', 'public_yuan', 'public_expenditure'),
        ('fct_economic_classification', 'budget_basic', 'personnel_yuan', 'personnel_expenditure'),
        ('fct_economic_classification', 'budget_basic', 'public_yuan', 'public_expenditure')
    ]) }}
),

class_sums as (
    select
        document_id,
        mart,
        statement,
        -- a 预算's table is the 决算's counterpart under the budget_ prefix
        case
            when mart = 'fct_final_accounts' and left(statement, 7) = 'budget_' then substr(statement, 8)
            else statement
        end as table_statement,
        measure_name,
        sum(value_num) as parts_yuan,
        sum(half_width) as parts_half_width,
        max(half_width) as part_half_width,
        min(source_line) as parts_line
    from classified
    where length(subject_code) = 3
    group by document_id, mart, statement, measure_name
),

department_lines as (
    select figures.*
    from figures
    inner join documents
        on
            figures.document_id = documents.document_id
            and figures.measure_name = documents.department_measure
    where figures.mart = 'fct_budget_execution' and figures.scope = 'department'
),

table_totals as (
    select
        class_sums.document_id,
        class_sums.mart,
        class_sums.statement,
        cast(null as varchar) as subject_code,
        coalesce(line_labels.label_zh, department_lines.line_item) as whole_label,
        department_lines.value_num as whole_yuan,
        department_lines.half_width as whole_half_width,
        department_lines.written as whole_written,
        department_lines.source_line as whole_line,
        '表中各类' || coalesce(measure_labels.label_zh, class_sums.measure_name) as parts_label,
        class_sums.parts_yuan,
        class_sums.parts_half_width,
        class_sums.part_half_width,
        class_sums.parts_line
    from class_sums
    inner join table_total_lines
        on
            class_sums.mart = table_total_lines.mart
            and class_sums.table_statement = table_total_lines.table_statement
            and class_sums.measure_name = table_total_lines.measure_name
    inner join department_lines
        on
            class_sums.document_id = department_lines.document_id
            and table_total_lines.line_item = department_lines.line_item
    left join labels as line_labels
        on line_labels.kind = 'line_item' and department_lines.line_item = line_labels.code
    left join measure_labels on class_sums.measure_name = measure_labels.measure_name
),

three_public as (
    select * from figures
    where mart = 'fct_three_public_expenses' and measure_name in ('budget_yuan', 'final_yuan')
),

-- the 三公 identities: each whole and the parts every one of which must be stated
three_public_parts_of as (
    {{ rows_of(['whole_category', 'part_category', 'part_count'], [
        ('total', 'outbound_travel', 3),
        ('total', 'official_vehicles', 3),
        ('total', 'official_reception', 3),
        ('official_vehicles', 'vehicle_purchase', 2),
        ('official_vehicles', 'vehicle_operation', 2)
    ]) }}
),

three_public_sums as (
    select
        whole.document_id,
        whole.mart,
        whole.measure_name as statement,
        cast(null as varchar) as subject_code,
        '“三公”经费' || coalesce(measure_labels.label_zh, whole.measure_name) || '：'
        || coalesce(whole_labels.label_zh, whole.category) as whole_label,
        whole.value_num as whole_yuan,
        whole.half_width as whole_half_width,
        whole.written as whole_written,
        whole.source_line as whole_line,
        case whole.category
            when 'total' then '因公出国(境)费、公务用车购置及运行维护费、公务接待费'
            else '公务用车购置、公务用车运行维护'
        end as parts_label,
        sum(part.value_num) as parts_yuan,
        sum(part.half_width) as parts_half_width,
        max(part.half_width) as part_half_width,
        min(part.source_line) as parts_line,
        count(*) as parts_stated,
        max(identity.part_count) as parts_needed
    from three_public as whole
    inner join three_public_parts_of as identity on whole.category = identity.whole_category
    inner join three_public as part
        on
            whole.document_id = part.document_id
            and whole.measure_name = part.measure_name
            and identity.part_category = part.category
    left join measure_labels on whole.measure_name = measure_labels.measure_name
    left join labels as whole_labels
        on whole_labels.kind = 'category' and whole.category = whole_labels.code
    group by
        whole.document_id, whole.mart, whole.measure_name, whole.category, measure_labels.label_zh,
        whole_labels.label_zh, whole.value_num, whole.half_width, whole.written, whole.source_line
),

comparisons as (
    select * from row_totals
    union all
    select * from subtotals
    union all
    select * from table_totals
    union all
    select
        document_id,
        mart,
        statement,
        subject_code,
        whole_label,
        whole_yuan,
        whole_half_width,
        whole_written,
        whole_line,
        parts_label,
        parts_yuan,
        parts_half_width,
        part_half_width,
        parts_line
    from three_public_sums
    where parts_stated = parts_needed
),

mismatches as (
    select * from comparisons
    where
        abs(whole_yuan - parts_yuan)
        > parts_half_width + 2 * whole_half_width + {{ var('findings_epsilon') }}
)

select
    mismatches.document_id,
    'row_sum_mismatch' as check_code,
    'warning' as severity,
    case
        when mismatches.mart = 'fct_three_public_expenses' then ''
        else coalesce(statement_labels.label_zh, mismatches.statement) || '表'
    end
    || coalesce(
        '科目' || mismatches.subject_code || coalesce('（' || subjects.subject_name || '）', '') || '的', ''
    )
    || mismatches.whole_label || ' ' || mismatches.whole_written || '（第' || mismatches.whole_line || '行）与'
    || mismatches.parts_label || '之和 '
    || {{ written_yuan('mismatches.parts_yuan', 'mismatches.part_half_width') }}
    || '（第' || mismatches.parts_line || '行起）不符，相差 '
    || {{ written_yuan(
        'abs(mismatches.whole_yuan - mismatches.parts_yuan)',
        'least(mismatches.part_half_width, mismatches.whole_half_width)'
    ) }} as message,
    mismatches.whole_line as source_line
from mismatches
left join labels as statement_labels
    on statement_labels.kind = 'statement' and mismatches.statement = statement_labels.code
left join subjects
    on
        mismatches.document_id = subjects.document_id
        and mismatches.mart = subjects.mart
        and mismatches.statement = subjects.statement
        and mismatches.subject_code = subjects.subject_code
