"""A compilation as a Word volume: title, table of contents, then each material on its own pages."""
from __future__ import annotations

import io

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from shared.materials.models import Compilation, Material


def _toc_field(paragraph) -> None:
    """A Word TOC field (updated by Word on F9); the plain list below it is readable without updating."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = 'TOC \\o "1-1" \\h \\z \\u'
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, instruction, separate, end):
        run._r.append(element)


def compilation_docx(compilation: Compilation, materials: list[Material]) -> bytes:
    """The .docx bytes of the volume, materials in the given order."""
    document = Document()
    style = document.styles["Normal"]
    style.font.size = Pt(12)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")

    heading = document.add_heading(compilation.title, level=0)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if compilation.occasion_id:
        line = document.add_paragraph(str(compilation.occasion))
        line.alignment = WD_ALIGN_PARAGRAPH.CENTER

    toc_heading = document.add_paragraph()
    toc_heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    toc_run = toc_heading.add_run(_("目录"))
    toc_run.bold = True
    toc_run.font.size = Pt(16)
    for number, material in enumerate(materials, start=1):
        document.add_paragraph(f"{number}. {material.printed_organisation.name}：{material.title}")
    _toc_field(document.add_paragraph())

    for material in materials:
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        document.add_heading(material.title, level=1)
        byline = document.add_paragraph(material.printed_organisation.name + (f"　{material.author}" if material.author else ""))
        byline.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for paragraph in material.body.splitlines():
            if paragraph.strip():
                document.add_paragraph(paragraph.strip())

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
