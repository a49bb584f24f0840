#!/usr/bin/env python3
"""Writes the xlsx fixtures shaped like Excel's own saves (run from this directory; the
outputs are committed). excel-shared-strings.xlsx: the first sheet is found through the
workbook's relationships (it is not sheet1.xml), shared strings with rich-text runs and a
phonetic run, numbers as Excel stores them (an ID number typed as a number), `r` references
with gaps, a missing row, inline strings, str and b cells, entities. excel-stored.xlsx: the
same parts without compression."""
import zipfile

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'

content_types = DECL + (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    '</Types>')
package_rels = DECL + (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    '</Relationships>')
# The roster is the workbook's first sheet but lives in sheet2.xml (rId3), as after Excel reorders sheets.
workbook = DECL + (
    f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><bookViews><workbookView/></bookViews><sheets>'
    '<sheet name="学员名单" sheetId="2" r:id="rId3"/><sheet name="Sheet1" sheetId="1" r:id="rId1"/>'
    '</sheets></workbook>')
workbook_rels = DECL + (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
    f'<Relationship Id="rId3" Type="{REL}/worksheet" Target="/xl/worksheets/sheet2.xml"/>'
    '</Relationships>')
shared = DECL + (
    f'<sst xmlns="{MAIN}" count="9" uniqueCount="7">'
    '<si><t>姓名</t></si>'                                    # 0
    '<si><t>身份证号</t></si>'                                 # 1
    '<si><t>手机号</t></si>'                                   # 2
    '<si><r><rPr><b/></rPr><t>张</t></r><r><t xml:space="preserve">三 </t></r></si>'  # 3: rich text runs
    '<si><t>李四</t><rPh sb="0" eb="2"><t>リシ</t></rPh></si>'  # 4: phonetic run is not text
    '<si><t>430102199001011234</t></si>'                       # 5
    '<si><t>A&amp;B &lt;班&gt;</t></si>'                      # 6: entities
    '</sst>')
other_sheet = DECL + f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1"><v>99</v></c></row></sheetData></worksheet>'
roster = DECL + (
    f'<worksheet xmlns="{MAIN}" xmlns:r="{REL}"><dimension ref="A1:D5"/><sheetData>'
    '<row r="1" spans="1:3"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>'
    # B2 missing (a gap); the ID typed as a number, as Excel stores it
    '<row r="2" spans="1:3"><c r="A2" t="s"><v>3</v></c><c r="C2"><v>4.30102199001011E+17</v></c></row>'
    # row 3 absent; A4 is styled but empty; D4 beyond the header
    '<row r="4" spans="1:4"><c r="A4" s="1"/><c r="B4" t="s"><v>5</v></c><c r="C4"><v>13800138000</v></c><c r="D4" t="s"><v>6</v></c></row>'
    # inline string with a run, a formula string (str), a boolean
    '<row r="5"><c r="A5" t="inlineStr"><is><r><t>王</t></r><r><t>五</t></r></is></c>'
    '<c r="B5" t="str"><f>A5</f><v>王五</v></c><c r="C5" t="b"><v>1</v></c></row>'
    '<row r="6"><c r="A6" t="s"><v>4</v></c></row>'
    '</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>')

def write(name, method):
    with zipfile.ZipFile(name, "w", method) as z:
        z.writestr("[Content_Types].xml", content_types)
        z.writestr("_rels/.rels", package_rels)
        z.writestr("xl/workbook.xml", workbook)
        z.writestr("xl/_rels/workbook.xml.rels", workbook_rels)
        z.writestr("xl/sharedStrings.xml", shared)
        z.writestr("xl/worksheets/sheet1.xml", other_sheet)
        z.writestr("xl/worksheets/sheet2.xml", roster)

write("excel-shared-strings.xlsx", zipfile.ZIP_DEFLATED)
write("excel-stored.xlsx", zipfile.ZIP_STORED)
