-- The Chinese name of every code the marts hold, for pages, exports and ad hoc SQL
-- (join on kind and code). Maintained in dbt_project/seeds/code_labels.csv.
select
    kind,
    code,
    label_zh
from {{ ref('code_labels') }}
