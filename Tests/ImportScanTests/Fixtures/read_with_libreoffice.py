#!/usr/bin/env python3
"""Opens each .xlsx named on the command line with LibreOffice Calc, headless (Debian's
libreoffice-calc-nogui), and prints, as JSON, what it read: every sheet converted to CSV (what a
clerk sees, as text), and for probe cells (rows 1-7, 10001 and 10002 of columns A-H) whether
their effective cell style has a text number format, their value type, and the values of their
drop-down list (a data validation of type list, inline or a range of another sheet). Two
conversions (`soffice --convert-to csv` for all sheets, and to flat ODF for the styles and
validations) in a private profile, so runs do not share state. TemplateInLibreOfficeTests
asserts on it. Usage: read_with_libreoffice.py WORKDIR FILE.xlsx..."""
import csv
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "number": "urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0",
}
# Comma, double quote, UTF-8, from line 1; ... ; -1: every sheet to its own file (LibreOffice 7.2+).
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
PROBE_ROWS = [1, 2, 3, 4, 5, 6, 7, 10001, 10002]
PROBE_COLUMNS = "ABCDEFGH"


def attr(element, qualified):
    prefix, name = qualified.split(":")
    return element.get("{%s}%s" % (NS[prefix], name))


def convert(workdir, paths, target):
    profile = "file://" + os.path.join(workdir, "profile")
    command = ["soffice", "-env:UserInstallation=" + profile, "--headless", "--norestore",
               "--convert-to", target, "--outdir", workdir] + paths
    subprocess.run(command, check=True, timeout=300, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def column_index(letters):
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number - 1


class Table:
    """One sheet of a flat ODF document, with its repeated columns, rows and cells expanded lazily."""

    def __init__(self, element):
        self.name = attr(element, "table:name")
        self.columns = []  # default cell style of each column, up to the probes
        for column in element.iter("{%s}table-column" % NS["table"]):
            repeat = int(attr(column, "table:number-columns-repeated") or 1)
            self.columns += [attr(column, "table:default-cell-style-name")] * min(repeat, 64)
        self.rows = []  # (first row number, last row number, cells [(style, validation, value type)], row default style)
        number = 1
        for row in element.iter("{%s}table-row" % NS["table"]):
            repeat = int(attr(row, "table:number-rows-repeated") or 1)
            cells = []
            for cell in row:
                if cell.tag not in ("{%s}table-cell" % NS["table"], "{%s}covered-table-cell" % NS["table"]):
                    continue
                span = int(attr(cell, "table:number-columns-repeated") or 1)
                info = (attr(cell, "table:style-name"), attr(cell, "table:content-validation-name"), attr(cell, "office:value-type"))
                cells += [info] * min(span, 64)
            self.rows.append((number, number + repeat - 1, cells, attr(row, "table:default-cell-style-name")))
            number += repeat

    def cell(self, row_number, column):
        for first, last, cells, row_style in self.rows:
            if first <= row_number <= last:
                style, validation, value_type = cells[column] if column < len(cells) else (None, None, None)
                column_style = self.columns[column] if column < len(self.columns) else None
                return style or row_style or column_style or "Default", validation, value_type
        return "Default", None, None


def text_styles(root):
    """Names of the cell styles whose number format is text (@), following parent styles."""
    data_styles = {attr(e, "style:name") for e in root.iter("{%s}text-style" % NS["number"])}
    parents, formats = {}, {}
    for style in root.iter("{%s}style" % NS["style"]):
        name = attr(style, "style:name")
        parents[name] = attr(style, "style:parent-style-name")
        formats[name] = attr(style, "style:data-style-name")

    def is_text(name, depth=0):
        if name is None or depth > 10:
            return False
        if formats.get(name):
            return formats[name] in data_styles
        return is_text(parents.get(name), depth + 1)

    return {name for name in formats if is_text(name)}


def list_values(condition, csv_sheets):
    """The values of a `cell-content-is-in-list(...)` condition: inline, or a range of a sheet."""
    inner = re.fullmatch(r"of:cell-content-is-in-list\((.*)\)", condition or "")
    if not inner:
        return None
    body = inner.group(1)
    if body.startswith('"'):
        return [value.replace('""', '"') for value in re.findall(r'"((?:[^"]|"")*)"', body)]
    found = re.fullmatch(r"\[\$'?(.+?)'?\.\$([A-Z]+)\$(\d+):\.\$([A-Z]+)\$(\d+)\]", body)
    if not found:
        return ["unparsed: " + body]
    sheet, column, first, _, last = found.groups()
    rows = csv_sheets.get(sheet, [])
    index = column_index(column)
    return [rows[r - 1][index] if r - 1 < len(rows) and index < len(rows[r - 1]) else "" for r in range(int(first), int(last) + 1)]


def describe(workdir, path):
    stem = os.path.splitext(os.path.basename(path))[0]
    root = ET.parse(os.path.join(workdir, stem + ".fods")).getroot()
    texts = text_styles(root)
    validations = {attr(v, "table:name"): attr(v, "table:condition")
                   for v in root.iter("{%s}content-validation" % NS["table"])}
    tables = [Table(t) for t in root.iter("{%s}table" % NS["table"])]
    csv_sheets = {}
    for table in tables:
        with open(os.path.join(workdir, "%s-%s.csv" % (stem, table.name)), encoding="utf-8", newline="") as handle:
            csv_sheets[table.name] = list(csv.reader(handle))
    sheets = []
    for table in tables:
        cells = {}
        for row in PROBE_ROWS:
            for index, letter in enumerate(PROBE_COLUMNS):
                style, validation, value_type = table.cell(row, index)
                cells["%s%d" % (letter, row)] = {
                    "text": style in texts,
                    "type": value_type,
                    "list": list_values(validations.get(validation), csv_sheets) if validation else None,
                }
        sheets.append({"name": table.name, "csv": csv_sheets[table.name], "cells": cells})
    return {"sheets": sheets}


def main(workdir, paths):
    paths = [os.path.abspath(p) for p in paths]
    convert(workdir, paths, CSV_FILTER)
    convert(workdir, paths, "fods")
    json.dump({path: describe(workdir, path) for path in paths}, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(os.path.abspath(sys.argv[1]), sys.argv[2:])
