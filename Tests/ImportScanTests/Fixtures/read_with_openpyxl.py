#!/usr/bin/env python3
"""Prints, as JSON, what openpyxl (Debian's python3-openpyxl) reads from each .xlsx named on the
command line: the sheets in order, which is active, and for each sheet its visibility, the cell
values of its used range (null when empty), the cells whose value is not text, every cell's number
format, each column's number format, and its data validations. TemplateInOpenpyxlTests
asserts on it. Run with /usr/bin/python3 (a pyenv python3 lacks Debian's packages)."""
import json
import sys

import openpyxl


def sheet(ws):
    rows, formats, non_text = [], {}, []
    for row in ws.iter_rows(min_row=1, max_row=ws.max_row, max_col=ws.max_column):
        values = []
        for cell in row:
            formats[cell.coordinate] = cell.number_format
            if cell.value is not None and not isinstance(cell.value, str):
                non_text.append(cell.coordinate)
            values.append(cell.value if isinstance(cell.value, str) or cell.value is None else str(cell.value))
        rows.append(values)
    return {
        "name": ws.title,
        "state": ws.sheet_state,
        "rows": rows,
        "nonText": non_text,
        "cellFormats": formats,
        "columnFormats": {letter: dim.number_format for letter, dim in ws.column_dimensions.items()},
        "validations": [{
            "type": dv.type,
            "sqref": str(dv.sqref),
            "formula1": dv.formula1,
            "allowBlank": bool(dv.allow_blank),
            "showErrorMessage": bool(dv.showErrorMessage),
            "errorStyle": dv.errorStyle,
        } for dv in ws.data_validations.dataValidation],
    }


def main(paths):
    result = {}
    for path in paths:
        workbook = openpyxl.load_workbook(path)
        result[path] = {"active": workbook.active.title, "sheets": [sheet(ws) for ws in workbook.worksheets]}
    json.dump(result, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1:])
