"""Swiss QR-bill payment part drawn as vectors on a reportlab canvas.

``qrbill.QRBill`` builds and validates the bill (IBAN / QR-IBAN, QR reference or creditor
reference, amount, addresses) and provides the QR payload (``qr_data()``), the labels in
de/fr/it/en, the address paragraphs and the formatting of references and amounts. This module
redraws qrbill's own SVG layout (``QRBill.draw_bill``: positions in mm, dashed separation lines,
scissors symbols, 46 mm QR code with the Swiss cross) with reportlab primitives, so the result is
vector, uses the embedded Liberation Sans (an Arial metric clone, allowed by the style guide) and
costs about a millisecond instead of an SVG round trip. The QR matrix comes from the ``qrcode``
package with the settings qrbill uses (error correction M, no border).

Font sizes follow the SIX style guide (payment part: title 11 pt, headings 8 pt, values 10 pt;
receipt: headings 6 pt, values 8 pt).
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

import qrcode
import qrcode.constants
from qrbill import QRBill
from qrbill.bill import SCISSORS_SVG_PATH, format_amount, format_ref_number
from reportlab.lib.units import mm
from stdnum import iban as iban_mod

BILL_HEIGHT_MM = 105.0
UU = 72.0 / 25.4 / 3.543307   # one qrbill SVG user unit in points


def build_qrbill(*, iban: str, creditor: dict, debtor: dict | None, amount: Decimal | None,
                 currency: str, reference: str | None, language: str,
                 additional_information: str = "") -> QRBill:
    """A validated QRBill (raises ValueError on invalid combinations)."""
    return QRBill(account=iban, creditor=creditor, debtor=debtor,
                  amount=None if amount is None else f"{amount:.2f}", currency=currency,
                  reference_number=reference, additional_information=additional_information,
                  language=language)


# ---------------------------------------------------------------- QR matrix (fast path)
# The matrix is bit-for-bit the one ``qrcode`` makes for qrbill (``qrcode.make(data,
# error_correction=M, border=0)``: same segmentation, version, Reed-Solomon blocks, data placement
# and mask choice, see test_qr_matrix_is_identical_to_qrcode); only the work is organised for
# speed: Reed-Solomon with a byte-parallel shift register on Python ints, the function patterns and
# the module order cached per version, data placement and the 8 mask penalties with numpy.

_EC = qrcode.constants.ERROR_CORRECT_M
_OPTIMIZE = 20                       # qrcode's default ``add_data(optimize=20)``


def _gf_tables():
    exp = [0] * 512
    log = [0] * 256
    x = 1
    for i in range(255):
        exp[i] = x
        log[x] = i
        x <<= 1
        if x & 0x100:
            x ^= 0x11D
    for i in range(255, 512):
        exp[i] = exp[i - 255]
    return exp, log


_GF_EXP, _GF_LOG = _gf_tables()


@lru_cache(maxsize=None)
def _rs_table(ec_count: int) -> tuple[int, ...]:
    """For each feedback byte f: f * generator (without its leading 1) as an ec_count-byte int,
    so one shift-register step is two int operations."""
    from qrcode import LUT, base

    if ec_count in LUT.rsPoly_LUT:
        gen = list(LUT.rsPoly_LUT[ec_count])
    else:  # pragma: no cover - every ec count of versions 1-40 is in the table
        poly = base.Polynomial([1], 0)
        for i in range(ec_count):
            poly = poly * base.Polynomial([1, base.gexp(i)], 0)
        gen = [poly[i] for i in range(len(poly))]
    coeffs = gen[1:]
    table = [0]
    for f in range(1, 256):
        lf = _GF_LOG[f]
        v = 0
        for g in coeffs:
            v = (v << 8) | (_GF_EXP[lf + _GF_LOG[g]] if g else 0)
        table.append(v)
    return tuple(table)


def _rs_remainder(data: bytes, ec_count: int) -> bytes:
    table = _rs_table(ec_count)
    shift = 8 * (ec_count - 1)
    low = (1 << shift) - 1
    reg = 0
    for b in data:
        reg = ((reg & low) << 8) ^ table[b ^ (reg >> shift)]
    return reg.to_bytes(ec_count, "big")


@lru_cache(maxsize=None)
def _blocks(version: int) -> tuple[tuple[int, int], ...]:
    from qrcode import base

    return tuple((b.data_count, b.total_count - b.data_count)
                 for b in base.rs_blocks(version, _EC))


def _segments(data: str):
    from qrcode import util

    return [(seg.mode, seg.data) for seg in util.optimal_data_chunks(data, minimum=_OPTIMIZE)]


def _segment_bits(mode: int, raw: bytes, version: int) -> tuple[int, int]:
    """(value, bit count) of one segment with its mode indicator and length field."""
    from qrcode import util

    n = len(raw)
    value = mode
    bits = 4
    lb = util.length_in_bits(mode, version)
    value = (value << lb) | n
    bits += lb
    if mode == util.MODE_8BIT_BYTE:
        value = (value << (8 * n)) | int.from_bytes(raw, "big") if n else value
        bits += 8 * n
    elif mode == util.MODE_NUMBER:
        for i in range(0, n, 3):
            chunk = raw[i:i + 3]
            w = util.NUMBER_LENGTH[len(chunk)]
            value = (value << w) | int(chunk)
            bits += w
    else:  # alphanumeric
        table = util.ALPHA_NUM
        for i in range(0, n, 2):
            chunk = raw[i:i + 2]
            if len(chunk) > 1:
                value = (value << 11) | (table.find(chunk[:1]) * 45 + table.find(chunk[1:]))
                bits += 11
            else:
                value = (value << 6) | table.find(chunk)
                bits += 6
    return value, bits


def _best_version(segments, start: int = 1) -> int:
    """qrcode's ``best_fit``: the smallest version whose capacity holds the bits."""
    from bisect import bisect_left

    from qrcode import exceptions, util

    sizes = util.mode_sizes_for_version(start)
    needed = sum(_segment_bits(mode, raw, start)[1] for mode, raw in segments)
    version = bisect_left(util.BIT_LIMIT_TABLE[_EC], needed, start)
    if version == 41:
        raise exceptions.DataOverflowError()
    if sizes is not util.mode_sizes_for_version(version):
        return _best_version(segments, version)
    return version


def _codewords(segments, version: int) -> bytes:
    """qrcode's ``create_data``: data bits, terminator, padding, interleaved data and EC bytes."""
    from qrcode import exceptions

    value = bits = 0
    for mode, raw in segments:
        v, b = _segment_bits(mode, raw, version)
        value = (value << b) | v
        bits += b
    blocks = _blocks(version)
    limit = 8 * sum(dc for dc, _ in blocks)
    if bits > limit:
        raise exceptions.DataOverflowError(
            f"Code length overflow. Data size ({bits}) > size available ({limit})")
    term = min(limit - bits, 4)
    value <<= term
    bits += term
    if bits % 8:
        value <<= 8 - bits % 8
        bits += 8 - bits % 8
    data = value.to_bytes(bits // 8, "big") if bits else b""
    fill = limit // 8 - len(data)
    data += (b"\xec\x11" * (fill // 2 + 1))[:fill]
    dc_blocks, ec_blocks = [], []
    offset = 0
    for dc, ec in blocks:
        chunk = data[offset:offset + dc]
        offset += dc
        dc_blocks.append(chunk)
        ec_blocks.append(_rs_remainder(chunk, ec))
    out = bytearray()
    for i in range(max(len(b) for b in dc_blocks)):
        out.extend(b[i] for b in dc_blocks if i < len(b))
    for i in range(max(len(b) for b in ec_blocks)):
        out.extend(b[i] for b in ec_blocks if i < len(b))
    return bytes(out)


class _Layout:
    """Per version: function patterns (test and real format bits per mask), data module order,
    mask patterns."""

    def __init__(self, version: int):
        import numpy as np

        q = qrcode.QRCode(version=version, error_correction=_EC, border=0)
        n = q.modules_count = version * 4 + 17
        q.modules = [[None] * n for _ in range(n)]
        q.setup_position_probe_pattern(0, 0)
        q.setup_position_probe_pattern(n - 7, 0)
        q.setup_position_probe_pattern(0, n - 7)
        q.setup_position_adjust_pattern()
        q.setup_timing_pattern()
        q.setup_type_info(True, 0)
        if version >= 7:
            q.setup_type_number(True)
        free = np.array([[v is None for v in row] for row in q.modules])
        self.n = n
        self.free = free
        self.test = np.array([[bool(v) for v in row] for row in q.modules])  # format bits light
        # the real symbols: format (and version) information of each mask
        self.real = []
        base = [row[:] for row in q.modules]
        for k in range(8):
            q.modules = [row[:] for row in base]
            q.setup_type_info(False, k)
            if version >= 7:
                q.setup_type_number(False)
            self.real.append(np.array([[bool(v) for v in row] for row in q.modules]))
        # data module order (qrcode's map_data walk)
        rows, cols = [], []
        inc = -1
        row = n - 1
        for col in range(n - 1, 0, -2):
            if col <= 6:
                col -= 1
            while True:
                for c in (col, col - 1):
                    if free[row, c]:
                        rows.append(row)
                        cols.append(c)
                row += inc
                if row < 0 or n <= row:
                    row -= inc
                    inc = -inc
                    break
        self.rows = np.array(rows, dtype=np.intp)
        self.cols = np.array(cols, dtype=np.intp)
        i, j = np.indices((n, n))
        masks = np.array([
            (i + j) % 2 == 0, i % 2 == 0, j % 3 == 0, (i + j) % 3 == 0,
            (i // 2 + j // 3) % 2 == 0, (i * j) % 2 + (i * j) % 3 == 0,
            ((i * j) % 2 + (i * j) % 3) % 2 == 0, ((i * j) % 3 + (i + j) % 2) % 2 == 0,
        ])
        self.masks = masks & free          # masks only flip data modules


@lru_cache(maxsize=None)
def _layout(version: int) -> _Layout:
    return _Layout(version)


def _penalties(sym) -> list[int]:
    """qrcode's ``util.lost_point`` (ISO/IEC 18004 rules N1-N4) of k symbols at once
    (boolean array k × n × n)."""
    import numpy as np

    k, n, _ = sym.shape
    lines = np.concatenate((sym, sym.transpose(0, 2, 1)), axis=1)     # rows, then columns
    # N1: runs of 5+ same-coloured modules: length - 2 points each
    padded = np.full((k, 2 * n, n + 1), 2, dtype=np.int8)             # sentinel ends each line
    padded[:, :, :n] = lines
    flat = padded.ravel()
    starts = np.flatnonzero(np.concatenate(([True], flat[1:] != flat[:-1])))
    runs = np.diff(np.append(starts, flat.size))
    sel = (runs >= 5) & (flat[starts] != 2)
    n1 = np.bincount(starts[sel] // (2 * n * (n + 1)), weights=runs[sel] - 2, minlength=k)
    # N2: 2x2 blocks of one colour, 3 points each
    a = sym[:, :-1, :-1]
    block = (a == sym[:, 1:, :-1]) & (a == sym[:, :-1, 1:]) & (a == sym[:, 1:, 1:])
    n2 = 3 * block.sum(axis=(1, 2))
    # N3: 1011101 with 4 light modules before or after, 40 points each
    w = n - 10
    light = ~lines
    d = [lines[:, :, i:i + w] for i in range(11)]
    ld = [light[:, :, i:i + w] for i in range(11)]
    core = ld[1] & d[4] & ld[5] & d[6] & ld[9]
    p1 = d[0] & d[2] & d[3] & ld[7] & ld[8] & ld[10]
    p2 = ld[0] & ld[2] & ld[3] & d[7] & d[8] & d[10]
    n3 = 40 * (core & (p1 | p2)).sum(axis=(1, 2))
    # N4: balance of dark modules (qrcode's float formula)
    dark = sym.sum(axis=(1, 2))
    total = n * n
    return [int(n1[i]) + int(n2[i]) + int(n3[i])
            + int(abs(float(dark[i]) / total * 100 - 50) / 5) * 10 for i in range(k)]


def qr_modules(data: str):
    """QR matrix of ``data`` (numpy bool array, error correction M, no quiet zone), identical to
    qrcode's (see module comment)."""
    import numpy as np

    segments = _segments(data)
    version = _best_version(segments)
    lay = _layout(version)
    words = np.frombuffer(_codewords(segments, version), dtype=np.uint8)
    bits = np.unpackbits(words)[:lay.rows.size]
    placed = np.zeros((lay.n, lay.n), dtype=bool)
    placed[lay.rows[:bits.size], lay.cols[:bits.size]] = bits.astype(bool)
    data_layer = placed[None] ^ lay.masks                        # 8 × n × n, data modules only
    scores = _penalties(data_layer | lay.test[None])
    k = scores.index(min(scores))
    return data_layer[k] | lay.real[k]


def qr_matrix(data: str) -> list[list[bool]]:
    """QR matrix of ``data`` as lists (rows of booleans), as ``qrcode``'s ``get_matrix()``."""
    return qr_modules(data).tolist()


_NUM = re.compile(r"[a-zA-Z]|-?(?:\d+\.?\d*|\.\d+)(?:e-?\d+)?")


@lru_cache(maxsize=1)
def _scissors_ops() -> tuple:
    """qrbill's scissors path (relative m/c/z commands) as absolute move/curve/close ops."""
    tokens = _NUM.findall(SCISSORS_SVG_PATH)
    ops = []
    i = 0
    cx = cy = sx = sy = 0.0
    cmd = None
    while i < len(tokens):
        t = tokens[i]
        if t.isalpha():
            cmd = t
            i += 1
            if cmd in "zZ":
                ops.append(("z",))
                cx, cy = sx, sy
            continue
        if cmd == "m":
            cx += float(tokens[i])
            cy += float(tokens[i + 1])
            sx, sy = cx, cy
            ops.append(("m", cx, cy))
            i += 2
            cmd = "l"
        elif cmd == "l":
            cx += float(tokens[i])
            cy += float(tokens[i + 1])
            ops.append(("l", cx, cy))
            i += 2
        elif cmd == "c":
            v = [float(x) for x in tokens[i:i + 6]]
            ops.append(("c", cx + v[0], cy + v[1], cx + v[2], cy + v[3], cx + v[4], cy + v[5]))
            cx += v[4]
            cy += v[5]
            i += 6
        else:  # pragma: no cover - the path only uses m, c, z
            raise ValueError(f"unsupported SVG path command {cmd!r}")
    return tuple(ops)


def _draw_scissors(c, y_top_pt: float, transform: str):
    """Draw the scissors in qrbill's SVG coordinate system (user units, y down)."""
    c.saveState()
    c.transform(UU, 0, 0, -UU, 0, y_top_pt)   # SVG user units -> PDF points, y flipped
    if transform == "h":
        c.scale(1.9, 1.9)
        c.translate(24, 0)
    else:
        c.scale(1.9, 1.9)
        c.translate(118, 40)
        c.rotate(90)
    p = c.beginPath()
    for op in _scissors_ops():
        if op[0] == "m":
            p.moveTo(op[1], op[2])
        elif op[0] == "l":
            p.lineTo(op[1], op[2])
        elif op[0] == "c":
            p.curveTo(*op[1:])
        else:
            p.close()
    c.setFillColorRGB(0, 0, 0)
    c.drawPath(p, stroke=0, fill=1)
    c.restoreState()


def _qr_path_ops(m, overlap: float) -> str:
    """Content-stream path of the dark modules in module units (origin bottom-left, one rect
    per horizontal run, ``overlap`` modules taller at top and bottom so that no anti-aliasing
    seams show between rows)."""
    import numpy as np

    n = m.shape[0]
    padded = np.zeros((n, n + 2), dtype=np.int8)
    padded[:, 1:-1] = m
    step = np.diff(padded, axis=1)
    rows, starts = np.nonzero(step == 1)
    _, ends = np.nonzero(step == -1)
    eps = overlap
    ys = [f"{n - 1 - r - eps:.4f}" for r in range(n)]
    h = f"{1 + 2 * eps:.4f}"
    return "\n".join([f"{s} {ys[r]} {e - s} {h} re"
                      for r, s, e in zip(rows.tolist(), starts.tolist(), ends.tolist())])


def _draw_qr(c, data: str, x: float, y_top: float, size: float):
    m = qr_modules(data)
    n = m.shape[0]
    module = size / n
    c.saveState()
    c.setFillColorRGB(0, 0, 0)
    c.transform(module, 0, 0, module, x, y_top - size)
    c._code.append(_qr_path_ops(m, 0.01 / module) + "\nf")   # 0.01 pt overlap
    c.restoreState()
    # Swiss cross: 7 mm black square with a white margin, white cross (qrbill's geometry)
    cs = 7 * mm
    cx = x + size / 2 - cs / 2
    cy = y_top - size / 2 - cs / 2
    border = 0.5 * mm
    c.setFillColorRGB(1, 1, 1)
    c.rect(cx - border, cy - border, cs + 2 * border, cs + 2 * border, stroke=0, fill=1)
    c.setFillColorRGB(0, 0, 0)
    c.rect(cx, cy, cs, cs, stroke=0, fill=1)
    c.setFillColorRGB(1, 1, 1)
    k = cs / 19.8
    c.rect(cx + 8.3 * k, cy + (19.8 - 4 - 11) * k, 3.3 * k, 11 * k, stroke=0, fill=1)
    c.rect(cx + 4.4 * k, cy + (19.8 - 7.9 - 3.3) * k, 11 * k, 3.3 * k, stroke=0, fill=1)
    c.setFillColorRGB(0, 0, 0)


def draw_payment_part(c, bill: QRBill, font: str, bold: str, bottom: float = 0.0):
    """Draw the 210 × 105 mm receipt + payment part with its top edge at ``bottom + 105 mm``."""
    top = bottom + BILL_HEIGHT_MM * mm
    label = bill.label

    def Y(v_mm: float) -> float:       # qrbill's y (mm from its top, 1 mm padding) -> PDF y
        return top - (v_mm - 1.0) * mm

    def text(x_mm, y_mm, s, f, size):
        c.setFont(f, size)
        c.drawString(x_mm * mm, Y(y_mm), s)

    c.saveState()
    c.setFillColorRGB(1, 1, 1)
    c.rect(0, bottom, 210 * mm, BILL_HEIGHT_MM * mm, stroke=0, fill=1)
    c.setFillColorRGB(0, 0, 0)
    c.setStrokeColorRGB(0, 0, 0)

    # separation lines (dashed) and scissors, as qrbill draws them
    c.setLineWidth(0.75 * UU * 1.0)
    c.setDash(2 * UU, 2 * UU)
    c.line(0, top, 210 * mm, top)
    c.line(62 * mm, top, 62 * mm, bottom)
    c.setDash()
    _draw_scissors(c, top + 1.0 * mm, "h")
    _draw_scissors(c, top + 1.0 * mm, "v")

    # --- receipt (62 mm) ---
    margin = 5.0
    rh, rv = 6, 8        # receipt heading / value sizes (pt)
    ls = 3.5             # line spacing in mm (values) as in qrbill
    text(margin, 11, label("Receipt"), bold, 11)
    y = 16.0
    text(margin, y, label("Account / Payable to"), bold, rh)
    y += 3.0
    text(margin, y, iban_mod.format(bill.account), font, rv)
    y += ls
    for line in bill.creditor.as_paragraph(max_chars=38):
        text(margin, y, line, font, rv)
        y += ls
    if bill.reference_number:
        y += 1.5
        text(margin, y, label("Reference"), bold, rh)
        y += 3.0
        text(margin, y, format_ref_number(bill), font, rv)
        y += ls
    y += 1.5
    if bill.debtor:
        text(margin, y, label("Payable by"), bold, rh)
        y += 3.0
        for line in bill.debtor.as_paragraph(max_chars=38):
            text(margin, y, line, font, rv)
            y += ls
    currency_top = 73.0
    text(margin, currency_top, label("Currency"), bold, rh)
    text(margin + 12, currency_top, label("Amount"), bold, rh)
    text(margin, currency_top + 4, bill.currency, font, rv)
    if bill.amount:
        text(margin + 12, currency_top + 4, format_amount(bill.amount), font, rv)
    c.setFont(bold, rh)
    c.drawRightString((62 - margin) * mm, Y(87), label("Acceptance point"))

    # --- payment part (148 mm) ---
    left = 62 + margin
    detail_left = left + 46 + 5
    text(left, 11, label("Payment part"), bold, 11)
    _draw_qr(c, bill.qr_data(), left * mm, Y(17.0), 46 * mm)
    ph, pv = 8, 10
    text(left, currency_top, label("Currency"), bold, ph)
    text(left + 14, currency_top, label("Amount"), bold, ph)
    text(left, currency_top + 5, bill.currency, font, pv)
    if bill.amount:
        text(left + 14, currency_top + 5, format_amount(bill.amount), font, pv)

    y = 11.0
    lsp = 4.0

    def header(s, first=False):
        nonlocal y
        if not first:
            y += 2.5
        text(detail_left, y, s, bold, ph)
        y += lsp

    header(label("Account / Payable to"), first=True)
    text(detail_left, y, iban_mod.format(bill.account), font, pv)
    y += lsp
    for line in bill.creditor.as_paragraph():
        text(detail_left, y, line, font, pv)
        y += lsp
    if bill.reference_number:
        header(label("Reference"))
        text(detail_left, y, format_ref_number(bill), font, pv)
        y += lsp
    if bill.additional_information:
        header(label("Additional information"))
        info = bill.additional_information
        while info:
            text(detail_left, y, info[:48], font, pv)
            info = info[48:]
            y += lsp
    if bill.debtor:
        header(label("Payable by"))
        for line in bill.debtor.as_paragraph():
            text(detail_left, y, line, font, pv)
            y += lsp
    c.restoreState()
