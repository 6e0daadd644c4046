with

quarantined as (
    select * from {{ source('raw', 'quarantine') }}
),

documents as (
    select file_sha256 from {{ ref('stg_raw__documents') }}
)

-- A file quarantined once and loaded later (for example, after a parser fix) is no longer in quarantine.
select
    quarantined.source_file,
    quarantined.source_path,
    quarantined.file_sha256,
    quarantined.reason,
    quarantined.quarantined_at
from quarantined
where not exists (
    select 1 from documents
    where documents.file_sha256 = quarantined.file_sha256
)
qualify row_number() over (
    partition by quarantined.source_path, quarantined.file_sha256 order by quarantined.quarantined_at desc
) = 1
