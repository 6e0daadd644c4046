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

select {{ fact_columns('facts') }}
from facts
inner join documents
    on facts.document_id = documents.document_id and facts.batch_id = documents.batch_id
