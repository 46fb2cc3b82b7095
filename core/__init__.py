"""What every layer may use and that depends on no other package of fengcun: the master
key (core.keys: AES-256-GCM sealing of everything at rest) and durable, atomic file writes
(core.atomic). The catalog (archive/) and the writers of sealed outputs (redaction/) both
stand on these, without either importing the other.
"""
