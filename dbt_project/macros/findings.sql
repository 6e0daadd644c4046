{#- Helpers of the quality checks (models/intermediate/int_findings__*.sql). A figure carries its half-width: half
    the last written digit (123.45万元 → 50 元, 765432.10元 → 0.005 元, 12.34% → 0.00005). -#}

{#- A money figure in a message as the document wrote it: 万元 with the decimals its precision shows, else 元
    ("123.45万元", "765432.10元", "0万元"). The value was written at that precision, so the cast loses nothing. -#}
{% macro written_yuan(value, half_width) -%}
    case
        when ({{ value }}) is null then null
        when coalesce({{ half_width }}, 0) >= 5000
            then cast(cast(({{ value }}) / 10000 as decimal(20, 0)) as varchar) || '万元'
        when coalesce({{ half_width }}, 0) >= 500
            then cast(cast(({{ value }}) / 10000 as decimal(20, 1)) as varchar) || '万元'
        when coalesce({{ half_width }}, 0) >= 50
            then cast(cast(({{ value }}) / 10000 as decimal(20, 2)) as varchar) || '万元'
        when coalesce({{ half_width }}, 0) >= 0.5
            then cast(cast(({{ value }}) as decimal(20, 0)) as varchar) || '元'
        else cast(cast(({{ value }}) as decimal(20, 2)) as varchar) || '元'
    end
{%- endmacro %}

{#- A rate (a fraction) in a message as a percentage with the decimals it was written with ("12.34%"); a computed
    rate (half-width 0) with two. -#}
{% macro written_percent(fraction, half_width) -%}
    case
        when ({{ fraction }}) is null then null
        when coalesce({{ half_width }}, 0) >= 0.005
            then cast(cast(({{ fraction }}) * 100 as decimal(20, 0)) as varchar) || '%'
        when coalesce({{ half_width }}, 0) >= 0.0005
            then cast(cast(({{ fraction }}) * 100 as decimal(20, 1)) as varchar) || '%'
        else cast(cast(({{ fraction }}) * 100 as decimal(20, 2)) as varchar) || '%'
    end
{%- endmacro %}

{#- Whether two statements of one amount agree (contract, rounding): the finer one, rounded half-up OR cut
    (truncated toward zero) to the coarser one's precision, equals the coarser one. 543,290元 and 54.32万元 agree
    (cut); 543,290元 and 54.31万元 do not. -#}
{% macro agrees_rounded_or_cut(a, a_half_width, b, b_half_width) -%}
    {%- set a_is_finer = 'coalesce(' ~ a_half_width ~ ', 0) <= coalesce(' ~ b_half_width ~ ', 0)' -%}
    {%- set finer = '(case when ' ~ a_is_finer ~ ' then ' ~ a ~ ' else ' ~ b ~ ' end)' -%}
    {%- set coarser = '(case when ' ~ a_is_finer ~ ' then ' ~ b ~ ' else ' ~ a ~ ' end)' -%}
    {%- set half_width = 'greatest(coalesce(' ~ a_half_width ~ ', 0), coalesce(' ~ b_half_width ~ ', 0))' -%}
    (
        abs({{ finer }} - {{ coarser }}) <= {{ half_width }} + {{ var('findings_epsilon') }}
        or (
            {{ finer }} * {{ coarser }} >= 0
            and abs({{ finer }}) >= abs({{ coarser }})
            and abs({{ finer }}) - abs({{ coarser }}) < 2 * {{ half_width }}
        )
    )
{%- endmacro %}

{#- The measure a department line states in a document of this kind: 执行数 in a 决算, 年初预算数 in a 预算. -#}
{% macro department_measure(forms) -%}
    case
        when array_position({{ forms }}, 'final_accounts') is not null then 'executed_yuan'
        when array_position({{ forms }}, 'budget_disclosure') is not null then 'budget_initial_yuan'
    end
{%- endmacro %}

{#- Any figure of the long facts as written: rates as percentages, money as 万元 / 元, counts and scores as numbers;
    a text figure as its text. -#}
{% macro written_figure(measure_name, value, half_width, text=none) -%}
    case
        when ({{ value }}) is null then {{ text if text else "null" }}
        when {{ measure_name }} like '%rate%' or {{ measure_name }} like '%share%'
            then {{ written_percent(value, half_width) }}
        when {{ measure_name }} like '%yuan' then {{ written_yuan(value, half_width) }}
        when coalesce({{ half_width }}, 0) >= 0.5 then cast(cast(({{ value }}) as decimal(20, 0)) as varchar)
        else cast(cast(({{ value }}) as decimal(20, 2)) as varchar)
    end
{%- endmacro %}

{#- A small constant table, as selects joined by union all (portable, and every column named):
    rows_of(['code', 'label'], [('a', '甲'), ('b', '乙')]). Strings are quoted, numbers are not. -#}
{% macro rows_of(columns, rows) -%}
    {%- for row in rows %}
    select
        {%- for value in row %}
        {% if value is string %}'{{ value }}'{% else %}{{ value }}{% endif %} as {{ columns[loop.index0] }}
        {%- if not loop.last %},{% endif %}
        {%- endfor %}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}

{#- A finding as the mart holds it. Its id is a hash of what it says, so that a review keeps to it across refreshes:
    the findings of each document (int_findings__per_document) and those across documents (fct_quality_findings)
    take it from this one definition. -#}
{% macro finding_columns() -%}
    md5(concat_ws('|', document_id, check_code, message, coalesce(source_line, -1))) as finding_id,
    document_id,
    check_code,
    severity,
    message,
    source_line
{%- endmacro %}
