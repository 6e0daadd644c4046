-- 科目名称前后不一 (subject_name_mismatch): one 功能分类 subject code of a document under two names (the 说明 and a
-- table, or two tables). Names that differ only in whitespace, punctuation, 其它/其他 or a trailing 支出 are one
-- name. One name inside the other (an abbreviation, a name cut by the table's width) is info; two different names
-- are a warning. Every name is measured against the first table's (else the first prose) statement.
{{ config(**per_document_incremental()) }}
with

statements as (
    select
        document_id,
        subject_code,
        value_text,
        origin_rank,
        source_line,
        fact_seq
    from {{ ref('int_facts__statements') }}
    where
        mart = 'fct_final_accounts' and measure_name = 'subject_name' and value_text is not null
        and {{ in_this_build(by_batch=true) }}
),

normalised as (
    select
        *,
        regexp_replace(
            replace(regexp_replace(value_text, '[[:space:][:punct:]　（）【】“”‘’、，。：；·]', '', 'g'), '其它', '其他'),
            '支出$',
            ''
        ) as name_key
    from statements
),

ordered as (
    select
        *,
        first_value(name_key) over subject_order as first_name_key,
        first_value(value_text) over subject_order as first_name,
        first_value(source_line) over subject_order as first_name_line,
        row_number() over (
            partition by document_id, subject_code, name_key order by origin_rank, source_line, fact_seq
        ) as name_order
    from normalised
    window subject_order as (partition by document_id, subject_code order by origin_rank, source_line, fact_seq)
)

select
    document_id,
    'subject_name_mismatch' as check_code,
    case
        when strpos(first_name_key, name_key) > 0 or strpos(name_key, first_name_key) > 0 then 'info'
        else 'warning'
    end as severity,
    '科目' || subject_code || '名称前后不一：第' || first_name_line || '行为“' || first_name || '”，第'
    || source_line || '行为“' || value_text || '”' as message,
    first_name_line as source_line
from ordered
where name_key <> first_name_key and name_order = 1 and name_key <> ''
