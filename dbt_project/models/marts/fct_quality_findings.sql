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
select distinct
    md5(concat_ws('|', document_id, check_code, message, coalesce(source_line, -1))) as finding_id,
    document_id,
    check_code,
    severity,
    message,
    source_line
from across_documents
