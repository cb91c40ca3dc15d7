"""Small valid files for tests: uploads are checked by content (naungan.core.uploads), so a test
file must really be what it claims."""

# A 2×2 PNG made with Pillow.
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x02\x00\x00\x00\x02\x08\x02\x00\x00\x00\xfd\xd4\x9as\x00\x00\x00"
       b"\x16IDATx\x9cc<\xc1\xc5\xc5\xc0\xc0\xc0\xc4\xc0\xc0\xc0\xc0\xc0\x00\x00\x0b8\x00\xe0\x11\xf4\xd5\xd6\x00\x00\x00\x00IEND\xaeB`\x82")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def docx_bytes(text: str = "Isi dokumen") -> bytes:
    """A minimal Word document (the parts Word and the upload check look for)."""
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr("word/document.xml", f'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>')
    return buf.getvalue()
