"""The spreadsheet layer that every registry import and export uses (SECURITY.md §15-17).

County offices exchange real, messy Excel files. Each job has its module:

* `upload_checks`: check an upload *before* anything parses it (`check_upload`): size,
  content sniffing, zip-bomb limits, macros, external links, safe XML;
* `reading`: read .xlsx/.xls (python-calamine, in a child process: `calamine`) and .csv
  (the csv module) into a `table.Table` of normalised text cells (`read_table`), tolerating
  title rows, merged cells, empty rows, numbers stored as text and text stored as numbers,
  full-width characters;
* `cells`: normalise cell values, compare headers (`header_key`) and parse the date
  spellings that offices type (`parse_date`);
* `writing`: write exports, error reports and templates with XlsxWriter (`write_xlsx`,
  `template_xlsx`) and streamed CSV (`stream_csv`), escaping formula-like text with
  `bangfu.core.io.safe_cell`;
* `base`: the file kinds and `UploadError`, shared by all of them.
"""
