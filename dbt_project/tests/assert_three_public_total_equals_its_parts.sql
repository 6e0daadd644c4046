-- 三公经费合计 = 因公出国(境)费 + 公务用车购置及运行维护费 + 公务接待费, where all three parts are stated.
{{ config(severity = 'warn') }}

with

three_public as (
    select * from {{ ref('fct_three_public_expenses') }}
),

per_document as (
    select
        document_id,
        max(final_yuan) filter (where category = 'total') as total_final_yuan,
        sum(final_yuan) filter (
            where category in ('outbound_travel', 'official_vehicles', 'official_reception')
        ) as parts_final_yuan,
        count(final_yuan) filter (
            where category in ('outbound_travel', 'official_vehicles', 'official_reception')
        ) as parts_stated
    from three_public
    group by document_id
)

select *
from per_document
where parts_stated = 3 and abs(total_final_yuan - parts_final_yuan) > 1
