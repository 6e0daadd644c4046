with

quarantined as (
    select * from {{ source('raw', 'quarantine') }}
),

documents as (
    select
        file_sha256,
        source_path,
        ingested_at
    from {{ ref('stg_raw__documents') }}
),

-- A file quarantined once and loaded later from the same path (for example, after a parser fix) is no
-- longer in quarantine; a duplicate of a loaded document stays there.
still_quarantined as (
    select
        quarantined.source_file,
        quarantined.source_path,
        quarantined.file_sha256,
        quarantined.reason,
        quarantined.quarantined_at,
        row_number() over (
            partition by quarantined.source_path, quarantined.file_sha256
            order by quarantined.quarantined_at desc
        ) as recency
    from quarantined
    where
        not exists (
            select 1 from documents
            where
                documents.file_sha256 = quarantined.file_sha256
                and documents.source_path = quarantined.source_path
                and documents.ingested_at > quarantined.quarantined_at
        )
)

select
    source_file,
    source_path,
    file_sha256,
    reason,
    quarantined_at
from still_quarantined
where recency = 1
