"""0006: community types, rules and producers, on a database with a community and a bill."""

from datetime import date

from alembic import command
from sqlalchemy import text

from billdesk.store import db


def test_upgrade_keeps_communities_and_downgrade_drops_the_new_columns(db_url):
    engine = db.make_engine(db_url)
    cfg = db.alembic_config(engine)
    before = db.revision_before("0006")
    command.upgrade(cfg, before)
    with engine.begin() as c:
        c.execute(text("INSERT INTO metering_points (code, kind) VALUES ('PV1', 'production')"))
        pid = c.execute(text("SELECT id FROM metering_points")).scalar()
        c.execute(text("INSERT INTO communities (name, allocation, local_price) VALUES "
                       "('Old', 'dynamic', '0.18')"))
        cid = c.execute(text("SELECT id FROM communities")).scalar()
        c.execute(text("INSERT INTO community_production_points (community_id, "
                       "metering_point_id) VALUES (:c, :p)"), {"c": cid, "p": pid})
    command.upgrade(cfg, "head")
    with engine.begin() as c:
        row = c.execute(text("SELECT name, type, grid_discount, price_cap, local_prices, "
                             "surplus_price FROM communities")).one()
        assert tuple(row) == ("Old", "generic", None, None, None, None)
        assert c.execute(text("SELECT producer_account_id FROM community_production_points"
                              )).scalar() is None
        c.execute(text("INSERT INTO accounts (code, name, street, postcode, city, country, "
                       "language, supply_start, updated_at, vat_registered) VALUES ('P', 'P', "
                       "'', '', '', 'CH', 'de', :d, :d, :f)"),
                  {"d": date(2026, 1, 1), "f": False})
        aid = c.execute(text("SELECT id FROM accounts")).scalar()
        c.execute(text("UPDATE community_production_points SET producer_account_id = :a"),
                  {"a": aid})
        c.execute(text("UPDATE communities SET type = 'leg', grid_discount = '40'"))
    command.downgrade(cfg, before)
    with engine.begin() as c:
        assert c.execute(text("SELECT name, local_price FROM communities")).one()[0] == "Old"
        cols = [r[1] for r in c.execute(text("PRAGMA table_info(communities)"))] \
            if engine.dialect.name == "sqlite" else [r[0] for r in c.execute(text(
                "SELECT column_name FROM information_schema.columns WHERE table_name = "
                "'communities'"))]
        assert "type" not in cols and "grid_discount" not in cols
    command.upgrade(cfg, "head")
    engine.dispose()
