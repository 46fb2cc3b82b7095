"""Sealed dossiers, redacted copies, notices: true removal, seal marks, watermarks, encryption, leak check."""
