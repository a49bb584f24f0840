#!/usr/bin/env python3
"""Writes the hostile import files of Tests/FuzzTests/Corpus/import-files (run once at
development time; the small outputs are committed). CSV: stray quotes, mixed encodings, NUL
bytes, a 10,000-column row, UTF-16, lone CRs. xlsx/zip: truncated, not a zip, zip bombs (one
entry of 200 MB of zeros; a zip inside a zip; a central directory lying about sizes), an entry
named ../../etc/passwd, an XML entity bomb in sharedStrings.xml, out-of-range cell references and
shared-string indexes, 1,000 entries. No file is larger than about 300 KB."""
import io
import os
import struct
import zipfile

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "FuzzTests", "Corpus", "import-files")
HEADER = "序号,姓名,性别,身份证号,手机号,学员类型\n"
ROW = "1,张三,男,430102199001011234,13800138000,其他\n"


def write(name, data):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)


def xlsx(sheet_xml, shared=None, extra=None):
    """A minimal xlsx with the given sheet XML (and sharedStrings.xml, extra entries)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>')
        z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                   'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="学员" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        if shared is not None:
            z.writestr("xl/sharedStrings.xml", shared)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return buf.getvalue()


def sheet(rows):
    body = "".join('<row r="%d">%s</row>' % (i + 1, "".join(cells)) for i, cells in enumerate(rows))
    return '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>%s</sheetData></worksheet>' % body


def main():
    os.makedirs(OUT, exist_ok=True)
    # CSV
    write("stray-quotes.csv", (HEADER + '1,张"三,男,430102199001011234,13800138000,其他\n2,"李四"x,女,"4301"02199001011234,138001"38001,其他\n3,a""b,男,,,\n').encode())
    write("unclosed-quote.csv", (HEADER + '1,"张三,男,430102199001011234,13800138000,其他\n').encode())
    write("mixed-encodings.csv", HEADER.encode() + "1,".encode() + "王五".encode("gbk") + ",男,430102199001011234,13800138000,其他\n".encode()
          + "2,赵六,女,430102199001011242,13800138001,其他\n".encode("utf-8"))
    write("gbk.csv", (HEADER + ROW).encode("gb18030"))
    write("utf16.csv", (HEADER + ROW).encode("utf-16"))
    write("nul-bytes.csv", HEADER.encode() + b"1,\x00\x00,\xe7\x94\xb7,4301021990\x0001011234,13800138000,\x00\n" + b"\x00" * 64 + b"\n")
    write("wide-row.csv", (HEADER.strip() + "," + ",".join("列%d" % i for i in range(10_000)) + "\n" + ",".join(["x"] * 10_000) + "\n").encode())
    write("lone-cr.csv", (HEADER + ROW).replace("\n", "\r").encode())
    write("bom-only.csv", b"\xef\xbb\xbf")
    write("header-only.csv", HEADER.encode())
    write("overlong-utf8.csv", HEADER.encode() + b"1,\xc0\xae\xe0\x80\xaf,\xed\xa0\x80,\xf4\x90\x80\x80,13800138000,\xff\xfe\n")
    write("many-empty-rows.csv", (HEADER + ",,,,,\n" * 20_000).encode())
    # xlsx / zip
    valid = xlsx(sheet([['<c r="A1" t="inlineStr"><is><t>姓名</t></is></c>']]))
    write("truncated.xlsx", valid[: len(valid) // 2])
    write("not-a-zip.xlsx", b"PK\x03\x04" + bytes(range(256)) * 8)
    write("empty-zip.xlsx", b"PK\x05\x06" + b"\x00" * 18)
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            chunk = b"0" * (1 << 20)
            for _ in range(200):
                f.write(chunk)
    write("zip-bomb-200mb-sheet.xlsx", bomb.getvalue())
    nested = io.BytesIO()
    with zipfile.ZipFile(nested, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", bomb.getvalue())
    write("zip-in-zip.xlsx", nested.getvalue())
    lying = bytearray(valid)
    # Every central-directory header (PK\x01\x02) claims a 4 GiB - 1 uncompressed size.
    i = lying.find(b"PK\x01\x02")
    while i != -1:
        lying[i + 24:i + 28] = struct.pack("<I", 0xFFFFFFFF)
        i = lying.find(b"PK\x01\x02", i + 4)
    write("lying-sizes.xlsx", bytes(lying))
    write("path-traversal.xlsx", xlsx(sheet([]), extra={"../../etc/passwd": "root:x:0:0", "/abs/path.xml": "<x/>"}))
    laughs = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lolololololololololol">' + "".join(
        '<!ENTITY lol%d "%s">' % (n, ("&lol%d;" % (n - 1) if n > 1 else "&lol;") * 10) for n in range(1, 10)) + \
        ']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>'
    write("entity-bomb.xlsx", xlsx(sheet([['<c r="A1" t="s"><v>0</v></c>']]), shared=laughs))
    write("out-of-range-refs.xlsx", xlsx(sheet([['<c r="XFD1048576" t="s"><v>99999999</v></c>', '<c r="A0" t="s"><v>-1</v></c>',
                                                '<c r="ZZZZZZ1"><v>1e308</v></c>']]),
                                         shared='<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>姓名</t></si></sst>'))
    write("malformed-xml.xlsx", xlsx('<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>姓名</is></c>', shared="<sst><si>"))
    # Well-formed XML, not SpreadsheetML: a row inside a cell (the cell ends without a column).
    header = "".join('<c r="%s1" t="inlineStr"><is><t>%s</t></is></c>' % (c, t) for c, t in zip("ABCDEF", HEADER.strip().split(",")))
    write("row-inside-cell.xlsx", xlsx(sheet([[header], ['<c r="A2"><row r="7"><c r="B7"><v>7</v></c></row><v>2</v></c>']])))
    many = io.BytesIO()
    with zipfile.ZipFile(many, "w", zipfile.ZIP_STORED) as z:
        for n in range(1_000):
            z.writestr("xl/worksheets/sheet%d.xml" % n, "")
    write("thousand-entries.xlsx", many.getvalue())
    write("csv-named-xlsx.xlsx", (HEADER + ROW).encode())


main()
