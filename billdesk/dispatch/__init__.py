"""Getting issued documents to customers: e-mail over SMTP with a status per document
(``send``), bounce import (``bounces``), and the print batch for accounts without e-mail
(``print_batch``).

Services take a session factory and, where they work long, ``progress(done, total,
message)`` and ``cancelled()`` like billdesk.runs; they return plain dataclasses.
"""
