{{ config(**per_document_incremental()) }}
with

figures as (
    select * from {{ ref('int_facts__resolved') }}
    where mart = 'fct_final_accounts' and {{ in_this_build(by_batch=true) }}
)

select
    document_id,
    statement,
    subject_code,
    {{ measure_text('subject_name') }} as subject_name,
    case length(subject_code) when 3 then '类' when 5 then '款' when 7 then '项' end as subject_level,
    {{ measure_num('total_yuan') }} as total_yuan,
    {{ measure_num('fiscal_appropriation_yuan') }} as fiscal_appropriation_yuan,
    {{ measure_num('basic_yuan') }} as basic_yuan,
    {{ measure_num('project_yuan') }} as project_yuan,
    -- a 说明 sentence's comparison with the year before, as stated (checked by int_findings__stated_changes)
    {{ measure_num('prior_year_stated_yuan') }} as prior_year_stated_yuan,
    {{ measure_num('stated_change_yuan') }} as stated_change_yuan,
    {{ measure_num('stated_change_rate', 'double precision') }} as stated_change_rate,
    {{ measure_num('budget_initial_yuan') }} as budget_initial_yuan,
    {{ measure_num('budget_full_year_yuan') }} as budget_full_year_yuan,
    {{ provenance_columns() }}
from figures
group by document_id, statement, subject_code
