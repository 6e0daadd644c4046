{#- The key columns of a raw fact: which figure of a document a measure belongs to. The one list of them in
    SQL; ingest/extraction/facts.py KEY_COLUMNS is the Python side (tests/unit/test_fact_key_columns.py holds
    the two equal). -#}
{% macro fact_key_columns() -%}
    {{ return([
        'scope', 'project_name', 'line_item', 'category', 'scheme', 'population', 'flow', 'measure',
        'level1', 'level2', 'level3', 'statement', 'subject_code'
    ]) }}
{%- endmacro %}

{#- The columns of a long fact, in the order every fact model holds them; `overrides` replaces a column's
    expression (portable form of DuckDB's `select * replace (...)`). -#}
{% macro fact_columns(relation, overrides={}) -%}
    {%- set columns = ['document_id', 'fiscal_year', 'mart'] + fact_key_columns() + [
        'measure_name', 'value_num', 'value_text', 'precision', 'origin', 'form_code', 'source_line',
        'source_text', 'fact_seq', 'batch_id'
    ] -%}
    {%- for column in columns %}
    {% if column in overrides %}{{ overrides[column] }} as {{ column }}{% else %}{{ relation }}.{{ column }}{% endif %}
    {%- if not loop.last %},{% endif %}
    {%- endfor %}
{%- endmacro %}

{#- One figure of a document: its document, mart, key columns and measure, hashed (NULL keys written as ∅). -#}
{% macro figure_key() -%}
    md5(concat_ws(
        '|', document_id, mart,
        {%- for column in fact_key_columns() %}
        coalesce({{ column }}, '∅'),
        {%- endfor %}
        measure_name
    ))
{%- endmacro %}
