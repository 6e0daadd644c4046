{#- Incremental models hold one set of rows per document and batch. A refresh adds the batches not yet built
    (new documents, and documents ingested again: delete+insert on document_id replaces their rows) and drops
    the documents that are no longer current (a file changed in place). The refresh builds incrementally only
    on a copy of a warehouse built by the same models and parser; otherwise from scratch. -#}
{% macro only_new_batches(alias) -%}
    {%- if is_incremental() %}
    where not exists (
        select 1 from {{ this }} as built
        where built.document_id = {{ alias }}.document_id and built.batch_id = {{ alias }}.batch_id
    )
    {%- endif %}
{%- endmacro %}

{#- Named, not ref()'d: a ref in a hook would make every unit test of the model supply the documents. The
    model already runs after stg_raw__documents (its facts come through stg_raw__facts, which reads it). -#}
{% macro drop_documents_no_longer_current() -%}
    {%- set documents = api.Relation.create(
        database=this.database, schema=generate_schema_name('staging', none), identifier='stg_raw__documents'
    ) -%}
    delete from {{ this }}
    where document_id not in (select document_id from {{ documents }} where is_current)
{%- endmacro %}

{% macro per_document_incremental() -%}
    {{ return({
        'materialized': 'incremental', 'unique_key': 'document_id', 'incremental_strategy': 'delete+insert',
        'on_schema_change': 'fail', 'post_hook': ["{{ drop_documents_no_longer_current() }}"]
    }) }}
{%- endmacro %}
