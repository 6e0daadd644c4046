select
    cast('{{ var("build_fingerprint", "unknown") }}' as varchar) as fingerprint,
    current_timestamp as built_at
