"""The import engine: validate every row, report every bad cell, write all or nothing.

Each registry describes its file with an `ImportSpec` (`spec`: columns, how a row becomes a
record, cross-row checks, how records are written). `engine.run_import` is the same for all:

1. the upload is checked before anything opens it (`excel.upload_checks.check_upload`);
2. every row is parsed and validated, and the file as a whole is checked (duplicates within
   the file, conflicts with the database), collecting every problem as (row, column, value,
   reason) in the user's language;
3. nothing is written unless the file is clean, or the user asked for the valid rows only;
4. nothing is written either when the file would clear stored values (an empty cell in a
   present column, on a record that has the value) until the user has seen how many of which
   column and confirmed exactly those numbers (`allow_clear`);
5. writing upserts by natural key in one transaction, so that importing the same file again
   changes nothing and a killed process leaves the database before or after, never between.

Columns: each is recognised by its header or one of its aliases after `excel.cells.header_key`
(spaces, brackets, "(必填)" marks ignored). A column that is absent from the file leaves its
field untouched (new records get the field's default); only an empty cell in a present column
may clear a value. A header that names no column is reported back, never dropped silently.
"""
