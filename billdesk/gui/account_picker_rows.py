"""The account picker's rows, prepared off the GUI thread (no Qt here)."""

from __future__ import annotations


class PickerRows:
    """The picker's texts and their folded search form (built on a worker: for 100,000
    accounts this is ~0.7 s of Python work the GUI thread must not do)."""

    def __init__(self, codes, texts, lower):
        self.codes, self.texts, self.lower = codes, texts, lower

    @classmethod
    def build(cls, rows) -> "PickerRows":
        from billdesk.gui.columns import CHUNK, fold, str_array

        codes = [r[0] for r in rows]
        texts = [f"{c}  {n}, {t}" for c, n, t in rows]
        folded = []
        for i in range(0, len(texts), CHUNK):
            folded.extend(fold(x) for x in texts[i:i + CHUNK])
        return cls(codes, texts, str_array(folded))
