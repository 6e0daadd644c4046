{{ config(**per_document_incremental()) }}
with

figures as (
    select * from {{ ref('int_facts__resolved') }}
    where mart = 'fct_staffing' and {{ in_this_build(by_batch=true) }}
)

select
    document_id,
    {{ measure_num('authorized_headcount', 'bigint') }} as authorized_headcount,
    {{ measure_num('actual_headcount', 'bigint') }} as actual_headcount,
    {{ measure_num('control_rate_reported', 'double precision') }} as control_rate_reported,
    {{ measure_num('retired_persons', 'bigint') }} as retired_persons,
    {{ measure_num('veteran_retired_persons', 'bigint') }} as veteran_retired_persons,
    {{ measure_num('retired_total_persons', 'bigint') }} as retired_total_persons,
    {{ measure_num('established_persons', 'bigint') }} as established_persons,
    {{ measure_num('contracted_persons', 'bigint') }} as contracted_persons,
    {{ provenance_columns() }}
from figures
group by document_id
