with

facts as (
    select * from {{ source('raw', 'facts') }}
),

documents as (
    select
        document_id,
        batch_id
    from {{ ref('stg_raw__documents') }}
    where is_current
)

select
    facts.document_id,
    facts.fiscal_year,
    facts.mart,
    facts.scope,
    facts.project_name,
    facts.line_item,
    facts.category,
    facts.scheme,
    facts.population,
    facts.flow,
    facts.measure,
    facts.level1,
    facts.level2,
    facts.level3,
    facts.statement,
    facts.subject_code,
    facts.measure_name,
    facts.value_num,
    facts.value_text,
    facts.precision,
    facts.origin,
    facts.form_code,
    facts.source_line,
    facts.source_text,
    facts.fact_seq,
    facts.batch_id
from facts
inner join documents
    on facts.document_id = documents.document_id and facts.batch_id = documents.batch_id
