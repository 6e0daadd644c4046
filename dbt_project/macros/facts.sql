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
    (array_agg(source_text order by source_line, source_text))[1] as source_text,
    array_agg(distinct source_line order by source_line) as source_lines,
    bool_or(origin = 'prose') as has_prose_figure,
    bool_or(origin = 'table') as has_table_figure
{%- endmacro %}

{#- A fraction as a percentage with two decimals, for messages ("98.33"); decimal so every engine prints it alike. -#}
{% macro percent_text(fraction) -%}
    round(cast({{ fraction }} * 100 as decimal(20, 6)), 2)
{%- endmacro %}

{#- A score or weight (a double) in a message, printed alike by every engine ("9.50"). -#}
{% macro number_text(value) -%}
    cast(cast({{ value }} as decimal(20, 2)) as varchar)
{%- endmacro %}
