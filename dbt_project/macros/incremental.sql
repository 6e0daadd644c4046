{#- Per-document models hold one set of rows per current document: every row depends on its own document only.
    A build from scratch computes every document. An incremental build (on a copy of a warehouse built by the same
    models and parser: ingest/warehouse.py) computes only the documents of this build — the current documents whose
    current batch the warehouse does not hold yet (new documents, documents ingested again) — replaces their rows,
    and drops the documents that are no longer current (a file changed in place).

    Which documents those are is decided once, before any model runs (on-run-start: documents_to_build), against
    the ledger of the documents the warehouse holds (int_documents__built, rebuilt after every per-document model),
    so that every model and every test of the build agrees on them. The relations are named, not ref()'d: a ref
    would make every unit test of a per-document model supply them. -#}

{% macro build_relation(schema_name, identifier) -%}
    {{ return(api.Relation.create(
        database=target.database, schema=generate_schema_name(schema_name, none), identifier=identifier
    )) }}
{%- endmacro %}

{#- The relation when the warehouse holds it, else none. -#}
{% macro existing_relation(schema_name, identifier) -%}
    {{ return(adapter.get_relation(
        database=target.database, schema=generate_schema_name(schema_name, none), identifier=identifier
    )) }}
{%- endmacro %}

{% macro documents_to_build_relation() -%}
    {{ return(build_relation('intermediate', 'documents_to_build')) }}
{%- endmacro %}

{#- An incremental build: a build of what new documents change (selectors.yml, ingest/warehouse.py). Any other
    build or run computes every document of the models it builds. -#}
{% macro builds_incrementally() -%}
    {{ return(
        execute and not flags.FULL_REFRESH and flags.WHICH in ('build', 'run')
        and invocation_args_dict.get('selector') == 'new_documents'
    ) }}
{%- endmacro %}

{#- on-run-start, first: the documents this build computes are decided afresh. -#}
{% macro drop_documents_to_build_table() -%}
    {%- if builds_incrementally() -%}
    drop table if exists {{ documents_to_build_relation() }}
    {%- endif -%}
{%- endmacro %}

{#- on-run-start, then: the documents this build computes. Only for an incremental build: a build from scratch
    computes every document and never reads it, and a first build has no warehouse to compare with. -#}
{% macro create_documents_to_build() -%}
    {%- if builds_incrementally() -%}
        {%- set documents = existing_relation('staging', 'stg_raw__documents') -%}
        {%- set built = existing_relation('intermediate', 'int_documents__built') -%}
        {%- if documents is not none %}
create table {{ documents_to_build_relation() }} as
select
    documents.document_id,
    documents.batch_id
from {{ documents }} as documents
where
    documents.is_current
            {%- if built is not none %}
    and not exists (
        select 1 from {{ built }} as built
        where built.document_id = documents.document_id and built.batch_id = documents.batch_id
    )
            {%- endif %}
        {%- endif %}
    {%- endif -%}
{%- endmacro %}

{#- The per-document model adds to the rows it holds (macros/per_document.sql); a unit test runs a model's SQL as
    a build from scratch computes it. -#}
{% macro adds_to_built_rows() -%}
    {%- if not execute or model.resource_type == 'unit_test' or model.config.materialized != 'per_document' -%}
        {{ return(false) }}
    {%- endif -%}
    {{ return(per_document_adds(adapter.get_relation(this.database, this.schema, this.table))) }}
{%- endmacro %}

{#- A condition on the rows of a per-document model's input: they belong to the documents of this build (always
    true in a build from scratch). `by_batch` for an input that has the batch (the raw layer, and the fact models,
    whose rows an incremental build appends batch after batch): the batch too, which lets DuckDB skip the Parquet
    row groups, and the table row groups, of earlier batches by their statistics (at 10,000 documents,
    int_facts__resolved from int_facts__statements: 1.1 s by document, 0.15 s by batch). -#}
{% macro in_this_build(alias=none, by_batch=false) -%}
    {%- if adds_to_built_rows() -%}
        {%- set prefix = alias ~ '.' if alias else '' -%}
        {%- set to_build = documents_to_build_relation() -%}
        {%- if by_batch -%}
    {{ prefix }}batch_id in (select to_build.batch_id from {{ to_build }} as to_build) and {% endif -%}
    {{ prefix }}document_id in (select to_build.document_id from {{ to_build }} as to_build)
    {%- else -%}
    true
    {%- endif -%}
{%- endmacro %}

{#- The documents the warehouse holds (the ledger) that are no longer current (a file changed in place): decided
    once, before any model runs, like documents_to_build. A per-document model holds the documents of the ledger
    only, so these are the documents it holds that are no longer current. -#}
{% macro documents_no_longer_current_relation() -%}
    {{ return(build_relation('intermediate', 'documents_no_longer_current')) }}
{%- endmacro %}

{% macro drop_documents_no_longer_current_table() -%}
    {%- if builds_incrementally() -%}
    drop table if exists {{ documents_no_longer_current_relation() }}
    {%- endif -%}
{%- endmacro %}

{% macro create_documents_no_longer_current() -%}
    {%- if builds_incrementally() -%}
        {%- set documents = existing_relation('staging', 'stg_raw__documents') -%}
        {%- set built = existing_relation('intermediate', 'int_documents__built') -%}
        {%- if documents is not none and built is not none %}
create table {{ documents_no_longer_current_relation() }} as
select built.document_id
from {{ built }} as built
where not exists (
    select 1 from {{ documents }} as documents
    where documents.document_id = built.document_id and documents.is_current
)
        {%- endif %}
    {%- endif -%}
{%- endmacro %}

{#- After an incremental build added its documents, the documents no longer current go: those of the ledger
    (documents_no_longer_current, a few rows, often none) rather than every row checked against every current
    document (a scan of the whole table per model). A build from scratch computes the current documents only.
    Named, not ref()'d (see above). The model already runs after stg_raw__documents. -#}
{% macro drop_documents_no_longer_current() -%}
    {%- if adds_to_built_rows() -%}
        {%- set built = existing_relation('intermediate', 'int_documents__built') -%}
        {%- if built is not none -%}
    delete from {{ this }}
    where document_id in (select gone.document_id from {{ documents_no_longer_current_relation() }} as gone)
        {%- else -%}
            {%- set documents = build_relation('staging', 'stg_raw__documents') -%}
    delete from {{ this }}
    where document_id not in (select documents.document_id from {{ documents }} as documents where documents.is_current)
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}

{#- Before the rows of this build's documents are added, their earlier rows go (a document ingested again). -#}
{% macro drop_documents_to_build() -%}
    {%- if adds_to_built_rows() -%}
    delete from {{ this }}
    where document_id in (select to_build.document_id from {{ documents_to_build_relation() }} as to_build)
    {%- endif -%}
{%- endmacro %}

{% macro per_document_incremental() -%}
    {{ return({
        'materialized': 'per_document',
        'pre_hook': ["{{ drop_documents_to_build() }}"],
        'post_hook': ["{{ drop_documents_no_longer_current() }}"]
    }) }}
{%- endmacro %}

{#- Tests of a per-document model (and of the staging views of the raw layer's documents), in an incremental
    build, look at the documents of this build only: the rows of the other documents are those the published
    warehouse was tested with, unchanged. Every other test (and every test of a build from scratch) reads the whole
    relation, with its `where` config as dbt applies it. -#}
{% macro get_where_subquery(relation) -%}
    {%- set where = config.get('where', '') -%}
    {%- set conditions = [where] if where else [] -%}
    {%- if builds_incrementally() -%}
        {%- set kind = per_document_relations().get(relation.identifier) -%}
        {%- set to_build = documents_to_build_relation() -%}
        {%- if kind == 'raw' -%}
            {%- do conditions.append('batch_id in (select to_build.batch_id from ' ~ to_build ~ ' as to_build)') -%}
        {%- endif -%}
        {%- if kind -%}
            {%- do conditions.append('document_id in (select to_build.document_id from ' ~ to_build ~ ' as to_build)') -%}
        {%- endif -%}
    {%- endif -%}
    {%- if conditions -%}
        {%- do return('(select * from ' ~ relation ~ ' where ' ~ conditions | join(' and ') ~ ') as dbt_subquery') -%}
    {%- endif -%}
    {%- do return(relation) -%}
{%- endmacro %}

{#- name → 'model' for the per-document models, 'raw' for the staging views of the raw layer's documents (the
    models of schema staging with a document_id column). Not the models whose rows are those of touched units (below). -#}
{% macro per_document_relations() -%}
    {%- set relations = {} -%}
    {%- for node in graph.nodes.values() if node.resource_type == 'model' -%}
        {%- if node.config.materialized == 'per_document' and node.config.meta.get('rebuilds') != 'touched_units' -%}
            {%- do relations.update({node.alias: 'model'}) -%}
        {%- elif node.config.schema == 'staging' and 'document_id' in node.columns -%}
            {%- do relations.update({node.alias: 'raw'}) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(relations) }}
{%- endmacro %}

{#- The findings across documents of one unit (int_findings__cross_year, and fct_quality_findings, which holds them)
    are kept per document too, as the findings of the document that states the figure; an incremental build
    recomputes the documents of the units it touches and keeps the others' rows. A unit is touched when one of its
    documents is built or is no longer current, or when a document joined or left it: the units of the documents
    before the build (units_before_build, taken once before any model runs) against those the build resolved
    (int_units__documents; today a unit's id depends on its document's name and the register only, so this is a
    safeguard). The documents of a touched unit, before or after, and the documents built or gone are the documents
    whose rows are replaced: every other document's year pairs are those of the published warehouse. Such a model is materialized per_document with meta `rebuilds: touched_units`
    (per_document_of_touched_units()); its tests read all of it, as its rows change beyond the documents of the
    build. -#}
{% macro units_before_build_relation() -%}
    {{ return(build_relation('intermediate', 'units_before_build')) }}
{%- endmacro %}

{% macro drop_units_before_build_table() -%}
    {%- if builds_incrementally() -%}
    drop table if exists {{ units_before_build_relation() }}
    {%- endif -%}
{%- endmacro %}

{#- on-run-start: each document's unit as the published warehouse resolved it. -#}
{% macro create_units_before_build() -%}
    {%- if builds_incrementally() -%}
        {%- set units = existing_relation('intermediate', 'int_units__documents') -%}
        {%- if units is not none %}
create table {{ units_before_build_relation() }} as
select
    document_id,
    unit_id
from {{ units }}
        {%- endif %}
    {%- endif -%}
{%- endmacro %}

{#- The documents whose rows a model of touched units replaces (above), as a subquery. -#}
{% macro documents_of_touched_units() -%}
    {%- set to_build = documents_to_build_relation() -%}
    {#- created by on-run-start whenever the ledger exists, as it does in every incremental build (dbt's relation
        cache, filled before the hooks ran, would not know it after a build from scratch) -#}
    {%- set ledger = existing_relation('intermediate', 'int_documents__built') -%}
    {%- set gone = documents_no_longer_current_relation() if ledger is not none else none -%}
    {%- set units_now = build_relation('intermediate', 'int_units__documents') -%}
    {%- set units_before = units_before_build_relation() -%}
(
    with

    built_or_gone as (
        select to_build.document_id from {{ to_build }} as to_build
        {%- if gone is not none %}
        union
        select gone.document_id from {{ gone }} as gone
        {%- endif %}
    ),

    -- documents that joined or left a unit (a document built or gone among them)
    reassigned as (
        select
            units_now.unit_id as unit_now,
            units_before.unit_id as unit_before
        from {{ units_now }} as units_now
        full outer join {{ units_before }} as units_before on units_now.document_id = units_before.document_id
        where units_now.unit_id is distinct from units_before.unit_id
    ),

    touched_units as (
        select units_now.unit_id from {{ units_now }} as units_now
        where units_now.document_id in (select built_or_gone.document_id from built_or_gone)
        union
        select units_before.unit_id from {{ units_before }} as units_before
        where units_before.document_id in (select built_or_gone.document_id from built_or_gone)
        union
        select reassigned.unit_now from reassigned
        union
        select reassigned.unit_before from reassigned
    )

    select built_or_gone.document_id from built_or_gone
    union
    select units_now.document_id from {{ units_now }} as units_now
    where units_now.unit_id in (select touched_units.unit_id from touched_units)
    union
    select units_before.document_id from {{ units_before }} as units_before
    where units_before.unit_id in (select touched_units.unit_id from touched_units)
)
{%- endmacro %}

{#- A condition on the rows of a touched-units model's input: they belong to the documents whose rows it
    replaces (always true in a build from scratch and in a unit test). -#}
{% macro of_touched_units(document_id) -%}
    {%- if adds_to_built_rows() -%}
    {{ document_id }} in {{ documents_of_touched_units() }}
    {%- else -%}
    true
    {%- endif -%}
{%- endmacro %}

{% macro drop_documents_of_touched_units() -%}
    {%- if adds_to_built_rows() -%}
    delete from {{ this }} where {{ of_touched_units('document_id') }}
    {%- endif -%}
{%- endmacro %}

{% macro per_document_of_touched_units() -%}
    {{ return({
        'materialized': 'per_document',
        'meta': {'rebuilds': 'touched_units'},
        'pre_hook': ["{{ drop_documents_of_touched_units() }}"]
    }) }}
{%- endmacro %}
