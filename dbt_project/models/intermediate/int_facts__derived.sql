-- When a budget's funds come wholly from the current appropriation (carry-over and other funds written
-- as 0 or left empty), the appropriation and the total are one figure: every statement of the total
-- also states the appropriation, so a precise total (31482元) sharpens a rounded appropriation (3.15万元).
{{ config(**per_document_incremental()) }}
with

facts as (
    select * from {{ ref('stg_raw__facts') }}
    where mart = 'fct_budget_execution' and {{ in_this_build(by_batch=true) }}
),

sources_per_measure as (
    select
        document_id,
        scope,
        project_name,
        measure_name,
        count(*) filter (where line_item = 'current_appropriation') as appropriation_statements,
        count(*) filter (
            where line_item in ('prior_year_carryover', 'other_funds') and value_num <> 0
        ) as other_source_statements
    from facts
    group by document_id, scope, project_name, measure_name
),

single_source as (
    select * from sources_per_measure
    where appropriation_statements > 0 and other_source_statements = 0
)

select
    {{- fact_columns('facts', {'line_item': "'current_appropriation'", 'origin': "'derived'"}) }}
from facts
inner join single_source
    on
        facts.document_id = single_source.document_id
        and facts.scope = single_source.scope
        and facts.project_name is not distinct from single_source.project_name
        and facts.measure_name = single_source.measure_name
where
    facts.line_item = 'total_funds'
    and facts.measure_name in ('budget_initial_yuan', 'budget_full_year_yuan', 'executed_yuan')
