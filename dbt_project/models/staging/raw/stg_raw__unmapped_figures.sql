with

rows_of_every_batch as (
    select * from {{ source('raw', 'unmapped_figures') }}
),

documents as (
    select document_id, batch_id from {{ ref('stg_raw__documents') }}
)

select rows_of_every_batch.* exclude (batch_id)
from rows_of_every_batch
inner join documents
    on rows_of_every_batch.document_id = documents.document_id
    and rows_of_every_batch.batch_id = documents.batch_id
