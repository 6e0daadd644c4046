{#- The materialization of the per-document models (macros/incremental.sql). Any build but an incremental one
    creates the table from the model's rows, with the model's descriptions. An incremental build adds to it in
    place: the pre-hook deletes the rows of the documents of this build, the model's rows (those documents only)
    are inserted, the post-hook drops the documents that are no longer current. No temporary table and no
    comparison of columns: a warehouse is built on incrementally only by the same models (ingest/warehouse.py, the
    build's fingerprint), and dbt's incremental materialization spends a dozen statements per model on them. -#}
{% materialization per_document, default %}
    {%- set existing = load_cached_relation(this) -%}
    {%- set target = this.incorporate(type='table') -%}
    {%- set adding = per_document_adds(existing) -%}

    {{ run_hooks(pre_hooks, inside_transaction=False) }}
    {{ run_hooks(pre_hooks, inside_transaction=True) }}

    {%- if not adding and existing is not none -%}
        {% do adapter.drop_relation(existing) %}
    {%- endif %}
    {% call statement('main') -%}
        {%- if adding -%}
            insert into {{ target }}
            {{ compiled_code }}
        {%- else -%}
            {{ create_table_as(False, target, compiled_code) }}
        {%- endif -%}
    {%- endcall %}
    {%- if not adding %}
        {% do persist_docs(target, model) %}
    {%- endif %}

    {{ run_hooks(post_hooks, inside_transaction=True) }}
    {% do adapter.commit() %}
    {{ run_hooks(post_hooks, inside_transaction=False) }}
    {{ return({'relations': [target]}) }}
{% endmaterialization %}

{#- The per-document model adds to its table: the table exists and this is an incremental build. -#}
{% macro per_document_adds(relation) -%}
    {{ return(relation is not none and relation.type == 'table' and builds_incrementally()) }}
{%- endmacro %}
