-- Which unit each way of writing a unit's name stands for. In order: the unit register's official name or an
-- alias (as written, whitespace and brackets unified), then a register name that agrees once the document's
-- region prefix is removed from both; a name two register units claim stays unresolved. An unresolved name is
-- grouped with the names that normalise alike in the same region, and carries the closest register name
-- (by the characters the two names share) as a suggestion for the analyst.
with

names as (
    select * from {{ ref('int_units__names') }}
),

register as (
    select * from {{ ref('unit_register') }}
),

alias_lists as (
    select
        unit_code,
        unnest(string_to_array(aliases, '|')) as alias
    from register
    where aliases is not null
),

register_names as (
    select
        unit_code,
        'register_name' as resolution,
        {{ unified_unit_name('official_name') }} as unified_name
    from register
    union all
    select
        unit_code,
        'register_alias' as resolution,
        {{ unified_unit_name('alias') }} as unified_name
    from alias_lists
    where trim(alias) <> ''
),

exact_matches as (
    select
        names.name_key,
        register_names.unit_code,
        register_names.resolution,
        1 as match_rank
    from names
    inner join register_names on names.unified_name = register_names.unified_name
),

-- register names ending in the document's normalised name, stripped of the document's region prefix
normalised_candidates as (
    select
        names.name_key,
        names.normalised_name,
        register_names.unit_code,
        register_names.unified_name as register_name,
        {{ without_region_prefix('register_names.unified_name', 'names.province', short_form=true) }} as after_province,
        names.city,
        names.county,
        coalesce(names.county, names.city, names.province) as own_place
    from names
    inner join register_names
        on right(register_names.unified_name, length(names.normalised_name)) = names.normalised_name
),

normalised_after_city as (
    select
        *,
        {{ without_region_prefix('after_province', 'city') }} as after_city
    from normalised_candidates
),

normalised_matches as (
    select
        name_key,
        unit_code,
        'register_normalised' as resolution,
        2 as match_rank
    from normalised_after_city
    -- the register name must name the region, down to the document's own place: a bare "社会保险服务中心" is
    -- nobody's in particular, and 邵阳市… is not the centre of 新邵县 in 邵阳市
    where
        {{ without_region_prefix('after_city', 'county') }} = normalised_name
        and {{ without_region_prefix('after_city', 'county') }} <> register_name
        and right(left(register_name, length(register_name) - length(normalised_name)), length(own_place))
        = own_place
),

matches as (
    select * from exact_matches
    union all
    select * from normalised_matches
),

best_matches as (
    select
        name_key,
        min(match_rank) as match_rank
    from matches
    group by name_key
),

resolved as (
    select
        matches.name_key,
        min(matches.unit_code) as unit_code,
        min(matches.resolution) as resolution,
        count(distinct matches.unit_code) as unit_codes
    from matches
    inner join best_matches
        on matches.name_key = best_matches.name_key and matches.match_rank = best_matches.match_rank
    group by matches.name_key
),

ambiguous as (
    select
        matches.name_key,
        string_agg(distinct matches.unit_code, '、' order by matches.unit_code) as claimed_by
    from matches
    inner join resolved on matches.name_key = resolved.name_key
    where resolved.unit_codes > 1
    group by matches.name_key
),

unresolved_names as (
    select
        name_key,
        unified_name,
        coalesce(county, city, province) as region
    from names
    where not exists (
        select 1 from resolved
        where resolved.name_key = names.name_key and resolved.unit_codes = 1
    )
),

-- a suggestion names the same place: a county's centre is not another county's
candidate_pairs as (
    select
        unresolved_names.name_key,
        register_names.unit_code,
        register_names.unified_name as register_name
    from unresolved_names
    inner join register_names
        on unresolved_names.region is null or strpos(register_names.unified_name, unresolved_names.region) > 0
),

name_characters as (
    select distinct
        unresolved_names.name_key,
        substr(unresolved_names.unified_name, positions.i, 1) as character_
    from unresolved_names
    cross join lateral generate_series(1, length(unresolved_names.unified_name)) as positions (i)
),

register_characters as (
    select distinct
        register_names.unified_name,
        substr(register_names.unified_name, positions.i, 1) as character_
    from register_names
    cross join lateral generate_series(1, length(register_names.unified_name)) as positions (i)
),

name_character_counts as (
    select
        name_key,
        count(*) as character_count
    from name_characters
    group by name_key
),

register_character_counts as (
    select
        unified_name,
        count(*) as character_count
    from register_characters
    group by unified_name
),

shared_characters as (
    select
        candidate_pairs.name_key,
        candidate_pairs.unit_code,
        candidate_pairs.register_name,
        count(*) as shared
    from candidate_pairs
    inner join name_characters on candidate_pairs.name_key = name_characters.name_key
    inner join register_characters
        on
            candidate_pairs.register_name = register_characters.unified_name
            and name_characters.character_ = register_characters.character_
    group by candidate_pairs.name_key, candidate_pairs.unit_code, candidate_pairs.register_name
),

-- Jaccard similarity of the two names' sets of characters
similarities as (
    select
        shared_characters.name_key,
        shared_characters.unit_code,
        cast(shared_characters.shared as double precision)
        / (
            name_character_counts.character_count + register_character_counts.character_count
            - shared_characters.shared
        ) as similarity
    from shared_characters
    inner join name_character_counts on shared_characters.name_key = name_character_counts.name_key
    inner join register_character_counts
        on shared_characters.register_name = register_character_counts.unified_name
),

suggestions as (
    select
        name_key,
        unit_code,
        similarity
    from (
        select
            *,
            row_number() over (partition by name_key order by similarity desc, unit_code asc) as rank_
        from similarities
    ) as ranked
    where rank_ = 1 and similarity >= 0.5
)

select
    names.name_key,
    names.unit_name,
    names.province,
    names.city,
    names.county,
    names.unified_name,
    names.normalised_name,
    case when resolved.unit_codes = 1 then resolved.unit_code end as unit_code,
    case when resolved.unit_codes = 1 then resolved.resolution else 'normalised_name' end as resolution,
    case
        when resolved.unit_codes = 1 then left(md5('register|' || resolved.unit_code), 16)
        else left(md5('name|' || names.group_key), 16)
    end as unit_id,
    ambiguous.claimed_by,
    suggestions.unit_code as suggested_unit_code,
    suggestions.similarity as suggestion_similarity
from names
left join resolved on names.name_key = resolved.name_key
left join ambiguous on names.name_key = ambiguous.name_key
left join suggestions on names.name_key = suggestions.name_key
