"""insert checks of bills and bill lines once per statement, not once per row (PostgreSQL)

Revision ID: 0009
Revises: 0006
Create Date: 2026-12-02

PostgreSQL only; the rules are unchanged, only when they are checked:

- a line may not be added to an issued bill: checked by ``bill_lines_added``, an AFTER
  INSERT trigger FOR EACH STATEMENT over the inserted rows (a transition table), one query
  per statement instead of a PL/pgSQL call and a query per line (a bill run's COPY adds
  three lines per account). The statement fails as a whole, as before; the update and
  delete checks of lines stay per row (``bill_lines_immutable``);
- a bill inserted with a number must carry its seal: ``bills_insert_sealed``, a BEFORE
  INSERT row trigger with ``WHEN (NEW.number IS NOT NULL)``, so inserting a draft bill (no
  number) calls no function at all; updates and deletes stay with ``bills_immutable``.
"""
from alembic import op


revision = '0009'
down_revision = '0006'
branch_labels = None
depends_on = None
# PostgreSQL only: on SQLite only the version stamp changes (store/revisions.py)
changes_sqlite = False

MESSAGE = "issued bills are immutable (only issued -> cancelled is allowed)"

# one index probe per distinct bill of the statement: the correlated subquery keeps the
# plan a loop over the added lines whatever the statistics (a join could hash every issued
# bill once per statement)
LINES_ADDED = f"""
CREATE OR REPLACE FUNCTION billdesk_bill_lines_added() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM (SELECT DISTINCT bill_id FROM added) AS a
             WHERE (SELECT b.number FROM bills AS b WHERE b.id = a.bill_id) IS NOT NULL) THEN
    RAISE EXCEPTION '{MESSAGE}';
  END IF;
  RETURN NULL;
END $$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(LINES_ADDED)
    op.execute("DROP TRIGGER bill_lines_immutable ON bill_lines")
    op.execute("CREATE TRIGGER bill_lines_immutable BEFORE UPDATE OR DELETE ON bill_lines "
               "FOR EACH ROW EXECUTE FUNCTION billdesk_bill_lines_immutable()")
    op.execute("CREATE TRIGGER bill_lines_added AFTER INSERT ON bill_lines "
               "REFERENCING NEW TABLE AS added FOR EACH STATEMENT "
               "EXECUTE FUNCTION billdesk_bill_lines_added()")
    op.execute("DROP TRIGGER bills_immutable ON bills")
    op.execute("CREATE TRIGGER bills_immutable BEFORE UPDATE OR DELETE ON bills "
               "FOR EACH ROW EXECUTE FUNCTION billdesk_bills_immutable()")
    op.execute("CREATE TRIGGER bills_insert_sealed BEFORE INSERT ON bills FOR EACH ROW "
               "WHEN (NEW.number IS NOT NULL) EXECUTE FUNCTION billdesk_bills_immutable()")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER bills_insert_sealed ON bills")
    op.execute("DROP TRIGGER bills_immutable ON bills")
    op.execute("CREATE TRIGGER bills_immutable BEFORE INSERT OR UPDATE OR DELETE ON bills "
               "FOR EACH ROW EXECUTE FUNCTION billdesk_bills_immutable()")
    op.execute("DROP TRIGGER bill_lines_added ON bill_lines")
    op.execute("DROP FUNCTION billdesk_bill_lines_added()")
    op.execute("DROP TRIGGER bill_lines_immutable ON bill_lines")
    op.execute("CREATE TRIGGER bill_lines_immutable BEFORE INSERT OR UPDATE OR DELETE ON "
               "bill_lines FOR EACH ROW EXECUTE FUNCTION billdesk_bill_lines_immutable()")
