"""The store: catalog database, outputs, quarantine, keys and the audit log."""
