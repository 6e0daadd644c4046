with

figures as (
    select * from {{ ref('int_facts__resolved') }}
    where mart = 'fct_final_accounts'
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
    {{ provenance_columns() }}
from figures
group by document_id, statement, subject_code
