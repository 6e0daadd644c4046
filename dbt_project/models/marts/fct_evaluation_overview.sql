-- A disclosure's summary of its self-evaluations, one row per rating (all / excellent / good / fair / poor):
-- the rating code travels in the facts' category key.
{{ config(**per_document_incremental()) }}
with

figures as (
    select * from {{ ref('int_facts__resolved') }}
    where mart = 'fct_evaluation_overview' and {{ in_this_build(by_batch=true) }}
)

select
    document_id,
    category as rating,
    {{ measure_num('project_count', 'bigint') }} as project_count,
    {{ measure_num('amount_yuan') }} as amount_yuan,
    {{ measure_num('average_score', 'double precision') }} as average_score,
    {{ measure_num('share_reported', 'double precision') }} as share_reported,
    {{ provenance_columns() }}
from figures
group by document_id, category
