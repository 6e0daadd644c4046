-- What a reviewer should look at, one row per finding: the findings of each document on its own
-- (int_findings__per_document, built per document) and those across documents.
with

across_documents as (
    select * from {{ ref('int_findings__cross_year') }}
    union all
    select * from {{ ref('int_findings__unit_unresolved') }}
)

select * from {{ ref('int_findings__per_document') }}
union all
select distinct {{ finding_columns() }}
from across_documents
