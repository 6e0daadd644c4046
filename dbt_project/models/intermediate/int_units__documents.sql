-- The unit of each document, through the unit register or, failing it, the normalised name
-- (int_units__resolved). A document that names no unit has none.
with

documents as (
    select * from {{ ref('stg_raw__documents') }}
),

resolved as (
    select * from {{ ref('int_units__resolved') }}
)

select
    documents.document_id,
    resolved.unit_id,
    resolved.unit_code,
    resolved.resolution as unit_resolution
from documents
left join resolved
    on
        {{ unit_name_key('documents.unit_name', 'documents.province', 'documents.city', 'documents.county') }}
        = resolved.name_key
