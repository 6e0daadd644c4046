"""Numeric tables rebuilt from PDF-extracted text (ingest/extraction/readers/pdf_extracted_text.py puts these together):

- header.py: a header's lines → one flat row of column names (lexicon table_headers.yaml);
- rows.py: a line → its segments (code or label, name, values);
- reading.py: the lines around and in a table, and its rows under its header;
- known_totals.py: column totals the document states elsewhere (说明 prose, 收支总表);
- placement.py: where the values of a row that lost its empty cells belong, by the table's arithmetic;
- build.py: the Document table, with findings for what could not be placed."""
