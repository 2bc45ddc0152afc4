"""Reads an XLSX workbook with openpyxl, a second reader independent of the exceljs that wrote
it, and prints what a spreadsheet user sees as JSON: each sheet's name, frozen pane, column
widths, and every cell's value, type and number format.

Usage: python3 read-workbook.py <file.xlsx>
"""
import json
import sys

import openpyxl


def cell_of(cell):
    value = cell.value
    kind = type(value).__name__
    if hasattr(value, "isoformat"):
        value = value.isoformat()
    return {"value": value, "type": kind, "format": cell.number_format}


def main(path):
    workbook = openpyxl.load_workbook(path)
    sheets = []
    for sheet in workbook.worksheets:
        sheets.append(
            {
                "name": sheet.title,
                "frozen": sheet.freeze_panes,
                "widths": {
                    key: dim.width
                    for key, dim in sheet.column_dimensions.items()
                    if dim.width is not None
                },
                "rows": [[cell_of(cell) for cell in row] for row in sheet.iter_rows()],
            }
        )
    json.dump({"sheets": sheets}, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1])
