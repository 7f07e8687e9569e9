"""Scanned documents made by the tests: text rendered with Pillow at 300 dpi, then a slight rotation,
speckles and blur, as a page out of an office scanner.

Used by the OCR tests (``tests/test_ocr*.py``) and by ``scripts/bench_ocr.py`` (loaded from its path),
so that the character accuracy printed by the benchmark is measured on exactly what the tests read.
Every page is deterministic (a seed per page): the same bytes on every machine with the same fonts.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

DPI = 300
A4_MM = (210, 297)
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
)

#: The scanned page of the mixed PDF: an extract of a register of deliberations (page 2). One item per
#: paragraph, wrapped to the width of the page when drawn.
DELIBERATION = (
    "EXTRAIT DU REGISTRE DES DÉLIBÉRATIONS DU CONSEIL MUNICIPAL",
    "Séance du 14 mars 2019",
    "Objet : convention de coopération décentralisée avec Dogbo (Bénin)",
    "Le conseil municipal, après en avoir délibéré, approuve la convention de coopération avec la commune "
    "de Dogbo pour la période 2019-2022 et autorise le maire à la signer.",
    "La contribution de la Ville au programme d'adduction d'eau potable de Dogbo est fixée à 84 500 euros "
    "sur trois ans, versés en trois tranches annuelles. Le comité de pilotage se réunit chaque année en "
    "novembre, alternativement en France et au Bénin. Il est présidé par l'adjointe chargée des relations "
    "internationales.",
    "Adopté à l'unanimité des membres présents.",
)

#: The PNG: a faxed letter from a partner city.
LETTER = (
    "Mairie de Dogbo, le 3 février 2020",
    "Monsieur le Maire,",
    "Nous vous confirmons la réception de la deuxième tranche de la subvention. Les travaux du château "
    "d'eau de Tota ont commencé le 20 janvier 2020 et seront achevés avant la saison des pluies.",
    "Veuillez agréer nos salutations distinguées.",
)

#: The two pages of the TIFF: an older mission report.
MISSION = (
    (
        "RAPPORT DE MISSION À DOGBO",
        "Du 5 au 12 octobre 2017",
        "La délégation a visité les six forages réalisés en 2016 avec le soutien de l'Agence de l'eau. "
        "Quatre fonctionnent, deux attendent une pompe.",
    ),
    (
        "Recommandations",
        "Former deux agents communaux à l'entretien des pompes avant juin 2018. Associer l'association des "
        "usagers de l'eau au comité de pilotage.",
    ),
)


@dataclass(frozen=True)
class Scan:
    """A rendered page and the text drawn on it (lines joined by ``\\n``)."""

    image: Image.Image
    text: str


def font(size_px: int) -> ImageFont.FreeTypeFont:
    for path in FONT_CANDIDATES:
        if Path(path).exists():
            return ImageFont.truetype(path, size_px)
    raise RuntimeError("aucune police TrueType trouvée (paquet fonts-dejavu-core)")


def render_page(
    lines: tuple[str, ...],
    *,
    dpi: int = DPI,
    angle: float = 0.7,
    speckles: int = 400,
    blur: float = 0.6,
    seed: int = 1,
    points: float = 11.0,
) -> Scan:
    """An A4 page at ``dpi``: the paragraphs ``lines`` wrapped in a serif font of ``points`` pt, then rotated
    by ``angle`` degrees, sprinkled with ``speckles`` dark dots and blurred (Gaussian radius ``blur`` px),
    greyscale."""
    rng = random.Random(seed)
    width, height = (round(mm / 25.4 * dpi) for mm in A4_MM)
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    face = font(round(points * dpi / 72))
    margin = round(20 / 25.4 * dpi)
    y = margin
    step = round(points * dpi / 72 * 1.6)
    for paragraph in lines:
        for line in _wrap(paragraph, draw, face, width - 2 * margin):
            draw.text((margin, y), line, fill=20, font=face)
            y += step
        y += step // 2
    if angle:
        page = page.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
    for _ in range(speckles):
        x, yy, r = rng.randrange(width), rng.randrange(height), rng.choice((1, 1, 2, 3))
        draw = ImageDraw.Draw(page)
        draw.ellipse((x, yy, x + r, yy + r), fill=rng.randrange(0, 120))
    if blur:
        page = page.filter(ImageFilter.GaussianBlur(blur))
    return Scan(page, "\n".join(lines))


def _wrap(paragraph: str, draw: ImageDraw.ImageDraw, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    for word in paragraph.split():
        if lines and draw.textlength(lines[-1] + " " + word, font=face) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def png_bytes(image: Image.Image, dpi: int = DPI) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG", dpi=(dpi, dpi))
    return out.getvalue()


def tiff_bytes(images: list[Image.Image]) -> bytes:
    out = io.BytesIO()
    images[0].save(out, "TIFF", save_all=True, append_images=images[1:], compression="tiff_lzw", dpi=(DPI, DPI))
    return out.getvalue()


def image_pdf_page(image: Image.Image) -> bytes:
    """A one-page PDF holding ``image`` only (no text layer), A4 at 300 dpi, as a scanner writes it."""
    out = io.BytesIO()
    image.convert("L").save(out, "PDF", resolution=float(DPI), quality=85)
    return out.getvalue()


def mixed_pdf(text_page: bytes, scanned: Image.Image) -> bytes:
    """A PDF whose page 1 comes from ``text_page`` (a PDF with a text layer) and page 2 is ``scanned``."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for data in (text_page, image_pdf_page(scanned)):
        for page in PdfReader(io.BytesIO(data)).pages:
            writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def rotated(image: Image.Image, quarter_turns: int) -> Image.Image:
    """The page turned by 90° steps (a sheet fed sideways or upside down)."""
    return image.rotate(90 * quarter_turns, expand=True, fillcolor=255)


#: Page 1 of the mixed PDF, with a text layer.
COVER = (
    "Ville de Saint-Lô - Relations internationales",
    "Dossier de la coopération avec Dogbo (Bénin), pièces signées.",
    "La délibération de 2019 figure en page 2 de ce dossier.",
)


def text_pdf(lines: tuple[str, ...]) -> bytes:
    """A one-page PDF whose ``lines`` are in its text layer (Helvetica, WinAnsi)."""
    ops = [b"BT /F1 12 Tf 14 TL 72 720 Td"]
    for line in lines:
        raw = line.encode("cp1252").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
        ops.append(b"(" + raw + b") Tj T*")
    ops.append(b"ET")
    content = b"\n".join(ops)
    objects = [
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 1 0 R >> >> /Contents 3 0 R >>",
        b"<< /Type /Catalog /Pages 2 0 R >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 5 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def write_scans(folder: Path) -> dict[str, str]:
    """The three scanned files of the tests in ``folder``; file name → text drawn (pages joined by a blank line).

    ``deliberation-dogbo-2019.pdf`` (page 1 with a text layer: :data:`COVER`, page 2 scanned),
    ``courrier-dogbo-2020.png`` (one page), ``mission-dogbo-2017.tif`` (two pages).
    """
    folder.mkdir(parents=True, exist_ok=True)
    delib = render_page(DELIBERATION, seed=2, angle=0.8)
    (folder / "deliberation-dogbo-2019.pdf").write_bytes(mixed_pdf(text_pdf(COVER), delib.image))
    letter = render_page(LETTER, seed=3, angle=-0.6)
    (folder / "courrier-dogbo-2020.png").write_bytes(png_bytes(letter.image))
    pages = [render_page(lines, seed=4 + i, angle=0.5 - i) for i, lines in enumerate(MISSION)]
    (folder / "mission-dogbo-2017.tif").write_bytes(tiff_bytes([p.image for p in pages]))
    return {
        "deliberation-dogbo-2019.pdf": delib.text,
        "courrier-dogbo-2020.png": letter.text,
        "mission-dogbo-2017.tif": "\n\n".join(p.text for p in pages),
    }


def char_accuracy(read: str, truth: str) -> float:
    """1 − (edit distance / length of ``truth``), whitespace runs counted as one space on both sides."""
    a, b = " ".join(read.split()), " ".join(truth.split())
    if not b:
        return 1.0 if not a else 0.0
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return max(0.0, 1.0 - previous[-1] / len(b))


def huge_png(width: int, height: int) -> bytes:
    """A PNG header announcing ``width`` × ``height`` pixels and no pixel data: what a decompression
    bomb looks like before it is decoded (a reader must refuse it on its size alone)."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    )


def poor_scan() -> Scan:
    """The letter as a bad fax: 7 pt, brought down to 75 dpi and up again, 8 000 specks: Tesseract reads
    it with a low confidence (under 70 %), which the ingest report must say."""
    s = render_page(LETTER, seed=9, angle=1.5, blur=1.0, speckles=8000, points=7)
    small = s.image.resize((s.image.width // 4, s.image.height // 4), Image.Resampling.BILINEAR)
    return Scan(small.resize((s.image.width * 2 // 3, s.image.height * 2 // 3)), s.text)
