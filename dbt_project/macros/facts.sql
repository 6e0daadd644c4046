{#- One measure of a mart, pivoted out of the resolved long facts. -#}
{% macro measure_num(name, type='decimal(20, 2)') -%}
    cast(max(case when measure_name = '{{ name }}' then value_num end) as {{ type }})
{%- endmacro %}

{% macro measure_text(name) -%}
    max(case when measure_name = '{{ name }}' then value_text end)
{%- endmacro %}

{#- The provenance of a mart row: its first statement in the document. -#}
{% macro provenance_columns() -%}
    {{ return(adapter.dispatch('provenance_columns', 'jixiao')()) }}
{%- endmacro %}

{% macro default__provenance_columns() -%}
    min(source_line) as source_line,
    (array_agg(source_text order by source_line, source_text))[1] as source_text,
    array_agg(distinct source_line order by source_line) as source_lines,
    bool_or(origin = 'prose') as has_prose_figure,
    bool_or(origin = 'table') as has_table_figure
{%- endmacro %}

{#- The same on DuckDB without an ordered or DISTINCT aggregate: those keep every group's rows in memory and
    cannot spill (a build from scratch at 100,000 documents ran out of its 2 GB in fct_performance_indicators).
    arg_min over a key that orders as the ORDER BY does (NULLs last, no NULL inside the key), and the sorted
    distinct list of the lines (a fact always has its line, ingest/extraction/facts.py: list_distinct would drop
    a NULL that array_agg keeps). -#}
{% macro duckdb__provenance_columns() -%}
    min(source_line) as source_line,
    arg_min_null(
        source_text,
        (source_line is null, coalesce(source_line, 0), source_text is null, coalesce(source_text, ''))
    ) as source_text,
    list_sort(list_distinct(list(source_line))) as source_lines,
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
