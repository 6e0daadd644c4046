{#- A mart has at most one row per key: nullable key columns count as values. -#}
{% test unique_key(model, columns) %}
select {{ columns | join(', ') }}, count(*) as n_rows
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1
{% endtest %}

{#- Rows where an identity that must hold does not. -#}
{% test expression_is_true(model, expression) %}
select *
from {{ model }}
where not coalesce(({{ expression }}), true)
{% endtest %}

{#- Values that are not a code of `kind` in the one code list (seed code_labels → marts.dim_code): every code
    column is checked against the same list the pages label with and the lexicon loader validates against. -#}
{% test known_code(model, column_name, kind) %}
select {{ column_name }} as unknown_code
from {{ model }}
where
    {{ column_name }} is not null
    and {{ column_name }} not in (
        select code_labels.code from {{ ref('code_labels') }} as code_labels
        where code_labels.kind = '{{ kind }}'
    )
{% endtest %}
