-- 单位未登记: a document whose unit is not in the unit register, with the closest register name as a
-- suggestion. Info only: its figures are kept, under the unit its normalised name groups it with.
with

documents as (
    select * from {{ ref('stg_raw__documents') }}
    where unit_name is not null and is_current
),

units as (
    select * from {{ ref('int_units__documents') }}
),

resolved as (
    select * from {{ ref('int_units__resolved') }}
),

register as (
    select * from {{ ref('unit_register') }}
)

select
    documents.document_id,
    'unit_unresolved' as check_code,
    'info' as severity,
    '单位“' || documents.unit_name || '”'
    || case
        when resolved.claimed_by is not null
            then '与登记册中多个单位（' || resolved.claimed_by || '）相符，未归入其中任何一个'
        else '不在单位登记册中'
    end
    || case
        when register.official_name is not null
            then '；最相近的登记单位：“' || register.official_name || '”（' || register.unit_code || '）'
        else '；登记册中没有相近的单位'
    end
    || '。如为登记单位的另一写法，请在 dbt_project/seeds/unit_register.csv 的 aliases 中加入该写法'
    || '（新单位则加一行），再运行 jixiao build。' as message,
    cast(null as integer) as source_line
from documents
inner join units on documents.document_id = units.document_id
inner join resolved
    on
        {{ unit_name_key('documents.unit_name', 'documents.province', 'documents.city', 'documents.county') }}
        = resolved.name_key
left join register on resolved.suggested_unit_code = register.unit_code
where units.unit_code is null
