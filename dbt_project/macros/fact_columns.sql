{#- The columns of a long fact, in the order every fact model holds them; `overrides` replaces a column's
    expression (portable form of DuckDB's `select * replace (...)`). -#}
{% macro fact_columns(relation, overrides={}) -%}
    {%- set columns = [
        'document_id', 'fiscal_year', 'mart', 'scope', 'project_name', 'line_item', 'category', 'scheme',
        'population', 'flow', 'measure', 'level1', 'level2', 'level3', 'statement', 'subject_code',
        'measure_name', 'value_num', 'value_text', 'precision', 'origin', 'form_code', 'source_line',
        'source_text', 'fact_seq', 'batch_id'
    ] -%}
    {%- for column in columns %}
    {% if column in overrides %}{{ overrides[column] }} as {{ column }}{% else %}{{ relation }}.{{ column }}{% endif %}
    {%- if not loop.last %},{% endif %}
    {%- endfor %}
{%- endmacro %}
