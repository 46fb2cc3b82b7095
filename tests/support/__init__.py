"""Builders the tests share (records, judgment PDFs, sealed archives): not tests themselves."""
