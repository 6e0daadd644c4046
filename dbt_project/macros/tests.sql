{#- Rows where an identity that must hold does not. -#}
{% test expression_is_true(model, expression) %}
select *
from {{ model }}
where not coalesce(({{ expression }}), true)
{% endtest %}

{#- A model's column checks in one test, each failing row named by its check and column:
    - not_null: columns that must hold a value;
    - unique: columns no two rows share;
    - unique_key: columns that together identify a row (nullable ones count as values);
    - known_codes (column → kind): codes of the one code list, seed code_labels, which the pages label with and the
      lexicon loader validates against;
    - accepted_values (column → values): values of a short fixed list;
    - references (column → model): keys of another model, held there in a column of the same name.
    One test per model instead of one per column and check: dbt spends as much time on each test as on its query,
    and an incremental build runs every test of what it builds (docs/scaling.md). -#}
{% test column_checks(
    model, not_null=[], unique=[], unique_key=[], known_codes={}, accepted_values={}, references={}
) %}
{%- set failing = [] -%}
{%- for column in not_null -%}
    {%- do failing.append(column_check_failures(model, 'not_null', column, column ~ ' is null')) -%}
{%- endfor -%}
{%- for column in unique -%}
    {%- do failing.append(
        column_check_failures(model, 'unique', column, column ~ ' is not null')
        ~ ' group by ' ~ column ~ ' having count(*) > 1'
    ) -%}
{%- endfor -%}
{%- for column, kind in known_codes.items() -%}
    {%- do failing.append(column_check_failures(model, 'known_code', column,
        column ~ " is not null and " ~ column ~ " not in (select code_labels.code from " ~ ref('code_labels')
        ~ " as code_labels where code_labels.kind = '" ~ kind ~ "')")) -%}
{%- endfor -%}
{%- for column, values in accepted_values.items() -%}
    {%- set quoted = [] -%}
    {%- for value in values -%}{%- do quoted.append("'" ~ (value | replace("'", "''")) ~ "'") -%}{%- endfor -%}
    {%- do failing.append(column_check_failures(model, 'accepted_values', column,
        column ~ " is not null and " ~ column ~ " not in (" ~ quoted | join(', ') ~ ")")) -%}
{%- endfor -%}
{%- if unique_key -%}
    {%- set key_values = [] -%}
    {%- for column in unique_key -%}
        {%- do key_values.append("coalesce(cast(" ~ column ~ " as varchar), '∅')") -%}
    {%- endfor -%}
    {%- do failing.append(
        column_check_failures(model, 'unique_key', unique_key | join(', '), 'true',
            "concat_ws(' | ', " ~ key_values | join(', ') ~ ")")
        ~ ' group by ' ~ unique_key | join(', ') ~ ' having count(*) > 1'
    ) -%}
{%- endif -%}
{%- for column, parent in references.items() -%}
    {%- do failing.append(column_check_failures(model, 'references', column,
        column ~ " is not null and " ~ column ~ " not in (select parent." ~ column ~ " from " ~ ref(parent)
        ~ " as parent where parent." ~ column ~ " is not null)")) -%}
{%- endfor %}
{%- if failing %}
{{ failing | join('\nunion all\n') }}
{%- else %}
select null as failed_check, null as column_name, null as failing_value where false
{%- endif %}
{% endtest %}

{#- The rows of `model` where `condition` holds, as failures of `check` on `column`; the failing value is the
    column's, or `failing_value` (an expression) for a check on several columns. -#}
{% macro column_check_failures(model, check, column, condition, failing_value=none) -%}
    {{ return(
        "select '" ~ check ~ "' as failed_check, '" ~ column ~ "' as column_name, "
        ~ (failing_value or "cast(" ~ column ~ " as varchar)") ~ " as failing_value from " ~ model
        ~ " where " ~ condition
    ) }}
{%- endmacro %}
