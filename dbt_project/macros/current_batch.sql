{#- The rows a raw table holds for each current document's latest ingest (earlier batches are superseded). -#}
{% macro rows_of_current_batches(table_name, columns) %}
with

rows_of_every_batch as (
    select * from {{ source('raw', table_name) }}
),

current_batches as (
    select
        document_id,
        batch_id
    from {{ ref('stg_raw__documents') }}
    where is_current
)

select
    {%- for column in columns %}
    rows_of_every_batch.{{ column }}{% if not loop.last %},{% endif %}
    {%- endfor %}
from rows_of_every_batch
where exists (
    select 1
    from current_batches
    where
        current_batches.document_id = rows_of_every_batch.document_id
        and current_batches.batch_id = rows_of_every_batch.batch_id
)
{% endmacro %}
