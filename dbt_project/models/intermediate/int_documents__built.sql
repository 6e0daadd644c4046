-- The ledger of incremental builds (macros/incremental.sql): each current document with the batch whose rows the
-- per-document models hold. It is built after every one of them, so a build that stops half-way (never published)
-- leaves the ledger of the warehouse it started from.
{%- set per_document_models = [
    'int_facts__derived', 'int_facts__statements', 'int_facts__resolved', 'int_facts__conflicts',
    'int_findings__figures', 'int_findings__figure_conflicts', 'int_findings__row_sums', 'int_findings__parts',
    'int_findings__stated_changes', 'int_findings__summaries', 'int_findings__subject_names',
    'int_findings__tables', 'int_findings__cross_year_figures', 'int_findings__per_document',
    'document_lines', 'document_tables', 'unmapped_figures', 'fct_budget_execution',
    'fct_coverage', 'fct_economic_classification', 'fct_evaluation_overview', 'fct_evaluation_summary',
    'fct_final_accounts', 'fct_fund_flows', 'fct_performance_indicators', 'fct_staffing',
    'fct_three_public_expenses', 'int_findings__cross_year', 'fct_quality_findings'
] %}
{%- for name in per_document_models %}
-- depends_on: {{ ref(name) }}
{%- endfor %}
select
    document_id,
    batch_id
from {{ ref('stg_raw__documents') }}
where is_current
