-- Every way a document names its unit, unified (whitespace removed, brackets full-width) and normalised
-- (the region prefix — 省, 市, 县 as the gazetteer read them from the name — removed). Documents whose
-- normalised names agree within the same region are one unit even when the register does not list it.
with

documents as (
    select * from {{ ref('stg_raw__documents') }}
    where unit_name is not null
),

names as (
    select distinct
        unit_name,
        province,
        city,
        county,
        {{ unified_unit_name('unit_name') }} as unified_name
    from documents
),

without_province as (
    select
        *,
        {{ without_region_prefix('unified_name', 'province', short_form=true) }} as after_province
    from names
),

without_city as (
    select
        *,
        {{ without_region_prefix('after_province', 'city') }} as after_city
    from without_province
),

without_county as (
    select
        *,
        {{ without_region_prefix('after_city', 'county') }} as after_county
    from without_city
)

select
    {{ unit_name_key('unit_name', 'province', 'city', 'county') }} as name_key,
    unit_name,
    province,
    city,
    county,
    unified_name,
    -- a name that is only a place ("长沙县") keeps it: nothing would be left to tell units apart
    case when after_county = '' then unified_name else after_county end as normalised_name,
    concat_ws(
        '|', coalesce(province, ''), coalesce(city, ''), coalesce(county, ''),
        case when after_county = '' then unified_name else after_county end
    ) as group_key
from without_county
