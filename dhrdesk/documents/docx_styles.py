"""The parts of a DOCX package besides the body: styles, list numbering, embedded
(obfuscated) fonts and settings (dhrdesk/documents/docx.py)."""

from __future__ import annotations

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from dhrdesk.documents import fonts
from dhrdesk.documents.docx_xml import (
    ACCENT,
    FONT,
    INK,
    MUTED,
    NUM_APPENDICES,
    NUM_BULLETS,
    NUM_ORDERED_FIRST,
    NUM_SECTIONS,
    NUMBER_INDENT,
    W_NS,
    _num,
)


# ------------------------------------------------------------------------------ styles
def _para_style(style_id: str, name: str, ppr: str = "", rpr: str = "", based: str = "Normal"):
    return (
        f'<w:style xmlns:w="{W_NS}" w:type="paragraph" w:customStyle="1" '
        f'w:styleId="{style_id}"><w:name w:val="{name}"/><w:basedOn w:val="{based}"/>'
        f"<w:qFormat/><w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"
    )


def _fonts(name: str = FONT) -> str:
    return f'<w:rFonts w:ascii="{name}" w:hAnsi="{name}" w:eastAsia="{name}" w:cs="{name}"/>'


def _size(half_points: int) -> str:
    return f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'


_CUSTOM_STYLES = [
    ("DHRBody", "DHR Body", f'<w:spacing w:after="160"/><w:ind w:left="{NUMBER_INDENT}"/>', ""),
    (
        "DHRNumbered",
        "DHR Numbered Paragraph",
        f"{_num(NUM_SECTIONS, 1)}"
        f'<w:tabs><w:tab w:val="left" w:pos="{NUMBER_INDENT}"/></w:tabs>'
        f'<w:spacing w:after="160"/><w:ind w:left="{NUMBER_INDENT}" w:hanging="{NUMBER_INDENT}"/>',
        "",
    ),
    (
        "DHRBullet",
        "DHR Bullet",
        f'<w:tabs><w:tab w:val="left" w:pos="{NUMBER_INDENT + 340}"/></w:tabs>'
        f'<w:spacing w:after="80"/><w:ind w:left="{NUMBER_INDENT + 340}" w:hanging="340"/>',
        "",
    ),
    (
        "DHROrdered",
        "DHR Numbered List",
        f'<w:tabs><w:tab w:val="left" w:pos="{NUMBER_INDENT + 454}"/></w:tabs>'
        f'<w:spacing w:after="80"/><w:ind w:left="{NUMBER_INDENT + 454}" w:hanging="454"/>',
        "",
    ),
    (
        "DHRQuote",
        "DHR Quotation",
        f'<w:spacing w:before="40" w:after="200"/>'
        f'<w:ind w:left="{NUMBER_INDENT + 454}" w:right="454"/>',
        '<w:i/><w:iCs/><w:color w:val="333333"/>',
    ),
    (
        "DHRCell",
        "DHR Table Text",
        '<w:spacing w:after="0" w:line="250" w:lineRule="auto"/>',
        _size(19),
    ),
    ("DHRCellSmall", "DHR Table Text Small", '<w:spacing w:after="0" w:line="220"/>', _size(17)),
    (
        "DHRFrontHeading",
        "DHR Front Heading",
        '<w:keepNext/><w:spacing w:before="280" w:after="200"/>',
        f'<w:b/><w:bCs/><w:color w:val="{ACCENT}"/>{_size(30)}',
    ),
    (
        "DHRCoverKicker",
        "DHR Cover Kicker",
        '<w:spacing w:before="1400" w:after="160"/>',
        f'<w:b/><w:bCs/><w:color w:val="{MUTED}"/>{_size(28)}',
    ),
    (
        "DHRCoverTitle",
        "DHR Cover Title",
        '<w:spacing w:after="120" w:line="290" w:lineRule="auto"/>',
        f'<w:b/><w:bCs/><w:color w:val="{ACCENT}"/>{_size(44)}',
    ),
    (
        "DHRCoverRule",
        "DHR Cover Rule",
        f'<w:pBdr><w:bottom w:val="single" w:sz="12" w:space="1" w:color="{ACCENT}"/></w:pBdr>'
        '<w:spacing w:after="340"/>',
        _size(8),
    ),
    (
        "DHRCoverLabel",
        "DHR Cover Label",
        '<w:spacing w:before="80" w:after="80"/>',
        f'<w:color w:val="{MUTED}"/>{_size(19)}',
    ),
    ("DHRCoverValue", "DHR Cover Value", '<w:spacing w:before="80" w:after="80"/>', _size(22)),
    (
        "DHRCoverNote",
        "DHR Cover Note",
        '<w:pBdr><w:top w:val="single" w:sz="6" w:space="8" w:color="{c}"/>'
        '<w:left w:val="single" w:sz="6" w:space="8" w:color="{c}"/>'
        '<w:bottom w:val="single" w:sz="6" w:space="8" w:color="{c}"/>'
        '<w:right w:val="single" w:sz="6" w:space="8" w:color="{c}"/></w:pBdr>'
        '<w:spacing w:before="1200"/><w:ind w:left="170" w:right="170"/>'.replace("{c}", ACCENT),
        f"<w:i/><w:iCs/>{_size(19)}",
    ),
    ("DHRCondolence", "DHR Condolence", '<w:spacing w:after="160"/>', "<w:i/><w:iCs/>"),
    (
        "DHRNote",
        "DHR Note",
        '<w:spacing w:after="200"/>',
        f'<w:i/><w:iCs/><w:color w:val="{MUTED}"/>{_size(18)}',
    ),
    (
        "DHRMarking",
        "DHR Marking",
        '<w:spacing w:after="0"/><w:jc w:val="center"/>',
        f"<w:b/><w:bCs/>{_size(20)}",
    ),
    (
        "DHRRunning",
        "DHR Running Footer",
        '<w:spacing w:before="60" w:after="0"/>',
        f'<w:color w:val="{MUTED}"/>{_size(16)}',
    ),
    ("DHRLetter", "DHR Letter Text", '<w:spacing w:after="160"/>', ""),
    (
        "DHRLetterSender",
        "DHR Letter Sender",
        '<w:spacing w:after="0"/><w:jc w:val="right"/>',
        "",
    ),
    ("DHRLetterLine", "DHR Letter Line", '<w:spacing w:after="0"/>', ""),
    (
        "DHRLetterSubject",
        "DHR Letter Subject",
        '<w:keepNext/><w:spacing w:before="120" w:after="200"/>',
        "<w:b/><w:bCs/>",
    ),
    (
        "DHRLetterHeading",
        "DHR Letter Heading",
        '<w:keepNext/><w:spacing w:before="80" w:after="60"/>',
        "<w:b/><w:bCs/>",
    ),
    (
        "DHRLetterBullet",
        "DHR Letter Bullet",
        '<w:tabs><w:tab w:val="left" w:pos="397"/></w:tabs>'
        '<w:spacing w:after="80"/><w:ind w:left="397" w:hanging="397"/>',
        "",
    ),
]


_HEADINGS = {
    "Heading1": ('<w:spacing w:before="280" w:after="200"/>', 30, ""),
    "Heading2": (
        f'<w:spacing w:before="160" w:after="120"/><w:ind w:left="{NUMBER_INDENT}"/>',
        23,
        "",
    ),
    "Heading3": (
        f'<w:spacing w:before="120" w:after="80"/><w:ind w:left="{NUMBER_INDENT}"/>',
        21,
        "<w:i/><w:iCs/>",
    ),
}

# Word's own contents style, so an updated TOC looks like the pre-filled one.
_TOC1 = (
    f'<w:style xmlns:w="{W_NS}" w:type="paragraph" w:styleId="TOC1">'
    '<w:name w:val="toc 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>'
    '<w:uiPriority w:val="39"/><w:unhideWhenUsed/><w:pPr>'
    '<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="9060"/></w:tabs>'
    '<w:spacing w:before="60" w:after="60"/><w:ind w:left="907" w:hanging="907"/>'
    "</w:pPr></w:style>"
)


def _set_defaults(styles) -> None:
    """DejaVu Sans, ink colour, 10.5 pt and British English as the document default."""
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for child in list(rpr):
        rpr.remove(child)
    for child in parse_xml(
        f'<w:rPr xmlns:w="{W_NS}">{_fonts()}<w:color w:val="{INK}"/>{_size(21)}'
        '<w:lang w:val="en-GB" w:eastAsia="en-GB" w:bidi="ar-SA"/></w:rPr>'
    ):
        rpr.append(child)
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    for child in list(ppr):
        ppr.remove(child)
    ppr.append(
        parse_xml(f'<w:spacing xmlns:w="{W_NS}" w:after="120" w:line="276" w:lineRule="auto"/>')
    )


def _restyle_heading(style, spacing: str, size: int, extra: str) -> None:
    """New spacing (before the outline level, which stays) and run properties."""
    pstyle_ppr = style.find(qn("w:pPr"))
    for tag in ("w:spacing", "w:ind"):
        old = pstyle_ppr.find(qn(tag))
        if old is not None:
            pstyle_ppr.remove(old)
    for child in parse_xml(f'<w:pPr xmlns:w="{W_NS}">{spacing}</w:pPr>'):
        outline = pstyle_ppr.find(qn("w:outlineLvl"))
        if outline is not None:
            outline.addprevious(child)
        else:
            pstyle_ppr.append(child)
    old = style.find(qn("w:rPr"))
    if old is not None:
        style.remove(old)
    style.append(
        parse_xml(
            f'<w:rPr xmlns:w="{W_NS}">{_fonts()}<w:b/><w:bCs/>{extra}'
            f'<w:color w:val="{ACCENT}"/>{_size(size)}</w:rPr>'
        )
    )


def _setup_styles(document: docx.document.Document) -> None:
    """DejaVu Sans as the document default, Heading 1-3 restyled (keeping their outline
    levels, which the navigation pane and the TOC field read), and the DHR styles."""
    styles = document.styles.element
    _set_defaults(styles)
    for style in styles.findall(qn("w:style")):
        style_id = style.get(qn("w:styleId"))
        if style_id in ("Heading1Char", "Heading2Char", "Heading3Char", "TitleChar"):
            old = style.find(qn("w:rPr"))
            if old is not None:
                style.remove(old)
        if style_id in _HEADINGS:
            _restyle_heading(style, *_HEADINGS[style_id])
    heading1 = next(
        st for st in styles.findall(qn("w:style")) if st.get(qn("w:styleId")) == "Heading1"
    )
    h1_ppr = heading1.find(qn("w:pPr"))
    h1_ppr.find(qn("w:spacing")).addprevious(
        parse_xml(_num(NUM_SECTIONS, 0).replace("<w:numPr>", f'<w:numPr xmlns:w="{W_NS}">'))
    )
    for style_id, name, ppr_xml, rpr_xml in _CUSTOM_STYLES:
        styles.append(parse_xml(_para_style(style_id, name, ppr_xml, rpr_xml)))
    styles.append(parse_xml(_TOC1))


# --------------------------------------------------------------------------- numbering
def _level(
    level: int,
    fmt: str,
    text: str,
    *,
    style: str = "",
    left: int = 0,
    hanging: int = 0,
    suffix: str = "tab",
    bold: bool | None = None,
) -> str:
    pstyle = f'<w:pStyle w:val="{style}"/>' if style else ""
    tabs = (
        f'<w:tabs><w:tab w:val="num" w:pos="{left}"/></w:tabs>' if suffix == "tab" and left else ""
    )
    ind = f'<w:ind w:left="{left}" w:hanging="{hanging}"/>' if left or hanging else ""
    rpr = ""
    if bold is False:
        rpr = '<w:rPr><w:b w:val="0"/><w:bCs w:val="0"/></w:rPr>'
    return (
        f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>{pstyle}'
        f'<w:suff w:val="{suffix}"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f"<w:pPr>{tabs}{ind}</w:pPr>{rpr}</w:lvl>"
    )


def _unused_levels(start: int) -> str:
    return "".join(
        _level(i, "decimal", f"%{i + 1}.", left=NUMBER_INDENT + 454 * i, hanging=454)
        for i in range(start, 9)
    )


def _numbering_xml(ordered_lists: int) -> str:
    """Word lists: 1 sections (Heading 1 = "4", DHR Numbered Paragraph = "4.3"),
    2 appendices ("Appendix A", "A.1"), 3 bullets, 10.. one per ordered list."""
    sections = (
        '<w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="multilevel"/>'
        + _level(0, "decimal", "%1", style="Heading1", left=NUMBER_INDENT, hanging=NUMBER_INDENT)
        + _level(
            1,
            "decimal",
            "%1.%2",
            style="DHRNumbered",
            left=NUMBER_INDENT,
            hanging=NUMBER_INDENT,
            bold=False,
        )
        + _unused_levels(2)
        + "</w:abstractNum>"
    )
    appendices = (
        '<w:abstractNum w:abstractNumId="2"><w:multiLevelType w:val="multilevel"/>'
        + _level(0, "upperLetter", "Appendix %1", suffix="space")
        + _level(1, "decimal", "%1.%2", left=NUMBER_INDENT, hanging=NUMBER_INDENT, bold=False)
        + _unused_levels(2)
        + "</w:abstractNum>"
    )
    bullets = (
        '<w:abstractNum w:abstractNumId="3"><w:multiLevelType w:val="hybridMultilevel"/>'
        + _level(0, "bullet", "\u2022", left=NUMBER_INDENT + 340, hanging=340)
        + _unused_levels(1)
        + "</w:abstractNum>"
    )
    ordered = (
        '<w:abstractNum w:abstractNumId="4"><w:multiLevelType w:val="hybridMultilevel"/>'
        + _level(0, "decimal", "%1.", left=NUMBER_INDENT + 454, hanging=454)
        + _unused_levels(1)
        + "</w:abstractNum>"
    )
    nums = [
        f'<w:num w:numId="{NUM_SECTIONS}"><w:abstractNumId w:val="1"/></w:num>',
        f'<w:num w:numId="{NUM_APPENDICES}"><w:abstractNumId w:val="2"/></w:num>',
        f'<w:num w:numId="{NUM_BULLETS}"><w:abstractNumId w:val="3"/></w:num>',
    ]
    for index in range(ordered_lists):
        nums.append(
            f'<w:num w:numId="{NUM_ORDERED_FIRST + index}"><w:abstractNumId w:val="4"/>'
            '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
        )
    return (
        f'<w:numbering xmlns:w="{W_NS}">{sections}{appendices}{bullets}{ordered}'
        f"{''.join(nums)}</w:numbering>"
    )


def _setup_numbering(word: docx.document.Document, ordered_lists: int) -> None:
    part = word.part.numbering_part
    fresh = parse_xml(_numbering_xml(ordered_lists))
    element = part.element
    for child in list(element):
        element.remove(child)
    for child in list(fresh):
        element.append(child)


# ------------------------------------------------------------------------ fonts, settings
#: Fixed keys, so the same document gives the same bytes (ECMA-376 font obfuscation).
_FONT_KEYS = {
    fonts.FAMILY: ("embedRegular", "{3C9F1A52-6D1E-4B8A-9E2F-0A1B2C3D4E51}"),
    fonts.BOLD: ("embedBold", "{3C9F1A52-6D1E-4B8A-9E2F-0A1B2C3D4E52}"),
    fonts.ITALIC: ("embedItalic", "{3C9F1A52-6D1E-4B8A-9E2F-0A1B2C3D4E53}"),
    fonts.BOLD_ITALIC: ("embedBoldItalic", "{3C9F1A52-6D1E-4B8A-9E2F-0A1B2C3D4E54}"),
}
_FONT_BYTES: dict[str, bytes] = {}
OBFUSCATED_FONT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"


def obfuscate_font(data: bytes, key: str) -> bytes:
    """XOR the first 32 bytes with the GUID key read backwards (ECMA-376 Part 2, 17.8.1);
    the same operation restores the font."""
    guid = bytes.fromhex(key.strip("{}").replace("-", ""))[::-1]
    head = bytes(data[i] ^ guid[i % 16] for i in range(32))
    return head + data[32:]


def _embed_fonts(word: docx.document.Document) -> None:
    """Embed the face's four styles in the file and name Arial as the substitute."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    package = word.part.package
    table = next(p for p in package.iter_parts() if str(p.partname) == "/word/fontTable.xml")
    embeds = []
    for index, (name, (tag, key)) in enumerate(_FONT_KEYS.items(), start=1):
        if name not in _FONT_BYTES:
            _FONT_BYTES[name] = obfuscate_font(fonts.font_path(name).read_bytes(), key)
        part = Part(
            PackURI(f"/word/fonts/font{index}.odttf"), OBFUSCATED_FONT, _FONT_BYTES[name], package
        )
        rid = table.relate_to(part, RT.FONT)
        embeds.append(f'<w:{tag} r:id="{rid}" w:fontKey="{key}"/>')
    table._blob = (  # a generic part holds its bytes here
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f'<w:fonts xmlns:w="{W_NS}" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<w:font w:name="{fonts.FACE}"><w:altName w:val="{fonts.SUBSTITUTE}"/>'
        '<w:panose1 w:val="020B0604020202020204"/><w:charset w:val="00"/>'
        '<w:family w:val="swiss"/><w:pitch w:val="variable"/>'
        f"{''.join(embeds)}</w:font>"
        f'<w:font w:name="{fonts.SUBSTITUTE}"><w:panose1 w:val="020B0604020202020204"/>'
        '<w:charset w:val="00"/><w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>'
        "</w:fonts>"
    ).encode()


def _settings(word: docx.document.Document) -> None:
    """Current Word mode (not compatibility mode), embedded fonts, fields updated on open."""
    settings = word.settings.element
    compat = settings.find(qn("w:compat"))
    for setting in compat.findall(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")
    for tag in ("w:useFELayout",):
        old = compat.find(qn(tag))
        if old is not None:
            compat.remove(old)
    compat.addprevious(parse_xml(f'<w:updateFields xmlns:w="{W_NS}" w:val="true"/>'))
    zoom = settings.find(qn("w:zoom"))
    zoom.addnext(parse_xml(f'<w:embedTrueTypeFonts xmlns:w="{W_NS}"/>'))
    preview = settings.find(qn("w:savePreviewPicture"))
    if preview is not None:
        settings.remove(preview)
