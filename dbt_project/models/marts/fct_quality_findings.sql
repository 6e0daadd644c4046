-- What a reviewer should look at, one row per finding: the findings of each document on its own
-- (int_findings__per_document, built per document) and those across documents. Every finding is a document's, and
-- an incremental build replaces the findings of the documents whose cross-year pairs it recomputes
-- (int_findings__cross_year, macros/incremental.sql); a unit_unresolved finding depends on its document's name and
-- the unit register only. Each input is filtered before the distinct: DuckDB does not push the filter through it
-- (100 ordinary documents at 10,000: 0.04 s filtered first, 0.2 s after).
{{ config(**per_document_of_touched_units()) }}
with

per_document as (
    select * from {{ ref('int_findings__per_document') }}
    where {{ of_touched_units('document_id') }}
),

across_documents as (
    select * from {{ ref('int_findings__cross_year') }}
    where {{ of_touched_units('document_id') }}
    union all
    select * from {{ ref('int_findings__unit_unresolved') }}
    where {{ of_touched_units('document_id') }}
)

select * from per_document
union all
select distinct {{ finding_columns() }}
from across_documents
