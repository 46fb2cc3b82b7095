"""The service layer: fengcun's use cases, one home each.

    processing  process a dossier (`process_dossier`, `process_registered`) and decide it
                again after a reviewer's answer (`decide_again`)
    unsealing   search a saved dossier for sealed records of its persons; open and settle
                an unsealing case (Measures art. 18)
    inquiries   answer an inquiry into sealed records (Measures arts. 14-17), release a
                copy, issue a certificate of no criminal record
    tracing     trace a leaked released copy back to its inquiry
    opening     open a sealed file for authorised staff, with a reason (`fengcun open`)
    signoffs    redacted copies wait for a reviewer's page-by-page sign-off; only released
                ones are written out (`fengcun copies release`)
    sealing_due when sealing falls due and which sealings are late (status, summary, review app)
    reports     per-court summary, sealing register, CSV/XLSX exports of the decision records
    key_rotation  re-seal a store under a new master key (`fengcun keys rotate`)

The entry points — the `fengcun` command and the Prefect flows (flows/), the review
web app (review/) — call these and nothing below them that decides; the services
use the domain (models/), the readers (extractors/), the writers (redaction/) and
the catalog and file store (archive/). tests/unit/test_layers.py holds the layer rules.
"""
