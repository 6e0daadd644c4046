{#- One measure of a mart, pivoted out of the resolved long facts. -#}
{% macro measure_num(name, type='decimal(20, 2)') -%}
    cast(max(case when measure_name = '{{ name }}' then value_num end) as {{ type }})
{%- endmacro %}

{% macro measure_text(name) -%}
    max(case when measure_name = '{{ name }}' then value_text end)
{%- endmacro %}

{#- The provenance of a mart row: its first statement in the document. -#}
{% macro provenance_columns() -%}
    min(source_line) as source_line,
    first(source_text order by source_line, source_text) as source_text,
    list(distinct source_line order by source_line) as source_lines,
    bool_or(origin = 'prose') as has_prose_figure,
    bool_or(origin = 'table') as has_table_figure
{%- endmacro %}
