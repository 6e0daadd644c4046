{#- A unit's name as one spelling: whitespace (incl. U+3000) removed, brackets full-width. -#}
{% macro unified_unit_name(name) -%}
    translate(regexp_replace({{ name }}, '[[:space:]　]+', '', 'g'), '()[]［］【】〔〕', '（）（）（）（）（）')
{%- endmacro %}

{#- `name` without the place `region` it starts with; unchanged when it does not start with it. A province may
    also be written without 省 (湖南…), unless what follows is a place of its own (吉林市… is not 吉林省 + 市…). -#}
{% macro without_region_prefix(name, region, short_form=false) -%}
    case
        when {{ region }} is null or {{ region }} = '' then {{ name }}
        when left({{ name }}, length({{ region }})) = {{ region }} then substr({{ name }}, length({{ region }}) + 1)
        {%- if short_form %}
        when
            length({{ region }}) > 2 and right({{ region }}, 1) = '省'
            and left({{ name }}, length({{ region }}) - 1) = left({{ region }}, length({{ region }}) - 1)
            and substr({{ name }}, length({{ region }}), 1) not in ('市', '县', '区', '州', '盟', '旗')
            then substr({{ name }}, length({{ region }}))
        {%- endif %}
        else {{ name }}
    end
{%- endmacro %}

{#- One key per way a document names its unit: the name as written and the places the gazetteer read from it. -#}
{% macro unit_name_key(unit_name, province, city, county) -%}
    concat_ws(
        '|', {{ unit_name }}, coalesce({{ province }}, ''), coalesce({{ city }}, ''), coalesce({{ county }}, '')
    )
{%- endmacro %}
