-- 表格缺失或空表有数 (table_completeness): a table the document marks empty (本表为空表) that holds figures
-- (warning); a 预算 / 决算 disclosure that holds most of the nine tables of the national template but lacks some
-- (info, naming them: a unit without such funds may leave a table out rather than publish it empty).
{{ config(**per_document_incremental()) }}
with

tables_found as (
    select * from {{ ref('stg_raw__document_tables') }}
    where {{ in_this_build() }}
),

documents as (
    select * from {{ ref('stg_raw__documents') }}
    where
        is_current
        and {{ in_this_build() }}
        and (
            array_position(forms, 'final_accounts') is not null
            or array_position(forms, 'budget_disclosure') is not null
        )
),

labels as (
    select * from {{ ref('code_labels') }}
    where kind = 'table_code'
),

standard_tables as (
    {%- for table_code in var('standard_disclosure_tables') %}
        select
            '{{ table_code }}' as table_code,
            {{ loop.index }} as template_order
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

empty_tables_with_figures as (
    select
        tables_found.document_id,
        'table_completeness' as check_code,
        'warning' as severity,
        '第' || tables_found.source_line || '行的表“' || coalesce(tables_found.title, tables_found.table_code)
        || '”注明为空表，但表中有 ' || tables_found.number_count || ' 个数字' as message,
        tables_found.source_line
    from tables_found
    where tables_found.marked_empty and tables_found.number_count > 0
),

standard_tables_present as (
    select distinct
        tables_found.document_id,
        tables_found.table_code
    from tables_found
    inner join standard_tables on tables_found.table_code = standard_tables.table_code
),

disclosures as (
    select
        documents.document_id,
        count(standard_tables_present.table_code) as standard_table_count
    from documents
    inner join standard_tables_present on documents.document_id = standard_tables_present.document_id
    group by documents.document_id
    having count(standard_tables_present.table_code) >= {{ var('min_disclosure_tables') }}
),

missing as (
    select
        disclosures.document_id,
        standard_tables.template_order,
        coalesce(labels.label_zh, standard_tables.table_code) as table_label
    from disclosures
    cross join standard_tables
    left join labels on standard_tables.table_code = labels.code
    where not exists (
        select 1 from standard_tables_present
        where
            standard_tables_present.document_id = disclosures.document_id
            and standard_tables_present.table_code = standard_tables.table_code
    )
),

missing_tables as (
    select
        document_id,
        'table_completeness' as check_code,
        'info' as severity,
        '公开表不全：缺少' || string_agg(table_label, '、' order by template_order)
        || '（全国模板共 {{ var('standard_disclosure_tables') | length }} 张表）' as message,
        cast(null as integer) as source_line
    from missing
    group by document_id
)

select * from empty_tables_with_figures
union all
select * from missing_tables
