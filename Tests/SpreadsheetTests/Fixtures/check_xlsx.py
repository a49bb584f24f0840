#!/usr/bin/env python3
"""Structural check of an .xlsx (no spreadsheet program needed): every entry's CRC (zipfile),
every part well-formed XML, every part covered by [Content_Types].xml, every relationship target
present, the workbook's sheets each with a relationship. Prints OK or the first problem."""
import posixpath, sys, zipfile
import xml.etree.ElementTree as ET

PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"

def fail(message):
    print(message)
    sys.exit(1)

z = zipfile.ZipFile(sys.argv[1])
bad = z.testzip()
if bad: fail(f"bad CRC: {bad}")
names = set(z.namelist())
parts = {name: ET.fromstring(z.read(name)) for name in names}
types = parts.get("[Content_Types].xml")
if types is None: fail("no [Content_Types].xml")
defaults = {d.get("Extension") for d in types.iter(CT + "Default")}
overrides = {o.get("PartName") for o in types.iter(CT + "Override")}
for name in names:
    if name != "[Content_Types].xml" and "/" + name not in overrides and name.rsplit(".", 1)[-1] not in defaults:
        fail(f"no content type: {name}")
for name in overrides:
    if name[1:] not in names: fail(f"override for a missing part: {name}")
workbook_rels = {}
for name in names:
    if not name.endswith(".rels"): continue
    base = posixpath.dirname(posixpath.dirname(name))
    for rel in parts[name].iter(PKG + "Relationship"):
        raw = rel.get("Target")
        target = raw[1:] if raw.startswith("/") else posixpath.normpath(posixpath.join(base, raw))
        if target not in names: fail(f"{name}: missing target {target}")
        if name == "xl/_rels/workbook.xml.rels": workbook_rels[rel.get("Id")] = target
sheets = list(parts["xl/workbook.xml"].iter(MAIN + "sheet"))
if not sheets: fail("no sheets")
for sheet in sheets:
    if sheet.get(REL_ID) not in workbook_rels: fail(f"sheet {sheet.get('name')} has no relationship")
print("OK")
