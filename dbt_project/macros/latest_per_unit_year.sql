{#- The rows of `relation` that come first for their unit and year in `order` (the latest document first). -#}
{% macro latest_per_unit_year(relation, order) -%}
    select * from (
        select
            *,
            row_number() over (partition by unit_id, fiscal_year order by {{ order }}) as recency
        from {{ relation }}
    ) as ranked
    where recency = 1
{%- endmacro %}
