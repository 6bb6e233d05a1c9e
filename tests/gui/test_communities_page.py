"""The Communities page: type, rules and producers; delivered allocation; the statement."""

from __future__ import annotations

from pathlib import Path


def test_communities_page_shows_rules_producers_and_writes_the_statement(qtbot, demo_db,
                                                                          tmp_path,
                                                                          monkeypatch):
    from billdesk.gui.pages import CommunitiesPage

    page = CommunitiesPage(demo_db)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    page.refresh()
    qtbot.waitUntil(lambda: page.list.count() == 3 and page.month_box.count() > 0,
                    timeout=20000)
    names = [page.list.item(i).text() for i in range(page.list.count())]
    assert any(n.startswith("ZEV ") for n in names)
    for i, name in enumerate(names):
        page.list.setCurrentRow(i)
        qtbot.waitUntil(lambda name=name: page.result is not None
                        and page.result.name == name, timeout=20000)
        about = page.about.text()
        assert "Type" in about and "→" in about             # points paid to producers
        assert "Producers" in page.producers.text() and "kWh sold" in page.producers.text()
        assert "Allocation error" not in page.summary.text()
        if page.result.allocation == "delivered":
            assert page.result.local.sum() > 0             # the operator's series, checked
        # one percent format on the page (en_CH: "55%", as the summary's "(26% used locally)")
        if name.startswith("ZEV"):
            assert "price cap 55%" in about
        else:
            assert "grid discount 40%" in about
        assert " %" not in about and " %" not in page.summary.text()
        assert "%" in page.summary.text()
    page.grab().save(str(tmp_path / "communities.png"))
    out = tmp_path / "statement.csv"
    monkeypatch.setattr(page, "ask_statement_path", lambda suggested: str(out))
    with qtbot.waitSignal(page.statement_written, timeout=30000) as sig:
        page.statement_button.click()
    assert Path(sig.args[0]) == out and out.read_text(encoding="utf-8").startswith("section,")
    assert "Statement written" in page.summary.text()


def test_community_rules_follow_the_locale_percent_format(qtbot, demo_db):
    from billdesk.gui import formats
    from billdesk.gui.pages import CommunitiesPage

    page = CommunitiesPage(demo_db)
    qtbot.addWidget(page)
    assert page.rules_text("grid discount 40 %") == "grid discount 40%"
    assert page.rules_text("price cap 12.5 % of the standard product") == \
        "price cap 12.5% of the standard product"
    assert page.rules_text("grid discount many %") == "grid discount many %"   # as written
    before = formats.locale_name()
    try:
        formats.set_language("de", "DE")          # de_DE writes a space before the sign
        assert page.rules_text("grid discount 40 %") == "grid discount 40\u00a0%"
        assert formats.fmt_pct(0.26, 0) == "26\u00a0%"
    finally:
        formats.set_language(*before.split("_"))
