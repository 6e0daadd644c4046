-- Codes the marts hold that dim_code cannot name: the pages would show the code itself. A warning, so that a
-- new code never blocks a build; add its label to dbt_project/seeds/code_labels.csv.
{{ config(severity='warn') }}
with

codes_in_use as (
    select distinct
        'check_code' as kind,
        check_code as code
    from {{ ref('fct_quality_findings') }}
    union all
    select distinct
        'line_item' as kind,
        line_item as code
    from {{ ref('fct_budget_execution') }}
    union all
    select distinct
        'category' as kind,
        category as code
    from {{ ref('fct_three_public_expenses') }}
    union all
    select distinct
        'scheme' as kind,
        scheme as code
    from {{ ref('fct_fund_flows') }}
    union all
    select distinct
        'flow' as kind,
        flow as code
    from {{ ref('fct_fund_flows') }}
    union all
    select distinct
        'population' as kind,
        population as code
    from {{ ref('fct_fund_flows') }}
    union all
    select distinct
        'measure' as kind,
        measure as code
    from {{ ref('fct_coverage') }}
    union all
    select distinct
        'statement' as kind,
        statement as code
    from {{ ref('fct_final_accounts') }}
    union all
    select distinct
        'status' as kind,
        status as code
    from {{ ref('dim_document') }}
    union all
    select distinct
        'file_format' as kind,
        file_format as code
    from {{ ref('dim_document') }}
)

select codes_in_use.*
from codes_in_use
where
    codes_in_use.code is not null
    and not exists (
        select 1 from {{ ref('dim_code') }} as labels
        where labels.kind = codes_in_use.kind and labels.code = codes_in_use.code
    )
