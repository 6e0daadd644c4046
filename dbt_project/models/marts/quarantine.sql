select
    source_file,
    source_path,
    file_sha256,
    reason,
    quarantined_at
from {{ ref('stg_raw__quarantine') }}
